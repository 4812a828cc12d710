"""Scoring strife's own gold set: several expected events per article, or none."""
from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

from ..models import ArticleResult, Event
from .matching import (
    LABEL_FIELDS,
    LOCATION_KM,
    actor_match,
    count_value,
    location_error_km,
    normalise_date,
    same_country,
    same_label,
)
from .tally import Scorecard, _ratio

GOLD_SET_FIELDS = ("event_type", "sub_event_type", "event_date", "date_precision", "country",
                   "location", "actor1", "fatalities", "fatalities_low", "fatalities_high",
                   "injured", "injured_low", "injured_high", "attack_type", "weapon", "target_type")
_BOUND_FIELDS = ("fatalities_low", "fatalities_high", "injured_low", "injured_high")


def gold_field_ok(name: str, event: Event, expected: dict[str, Any]) -> bool:
    """Does `event` get field `name` of an expected event right?"""
    want = expected[name]
    if name in ("fatalities", "injured"):
        return count_value(getattr(event, name)) == count_value(want)
    if name in _BOUND_FIELDS:  # a bound the text states; null when it states none
        got = getattr(event, name)
        return (got is None and want is None) or (got is not None and want is not None
                                                   and count_value(got) == count_value(want))
    if name == "event_date":
        return event.event_date is not None and event.event_date[:10] == normalise_date(want)
    if name == "country":
        return same_country(event, want)
    if name == "actor1":
        return actor_match(event.actor1, want)
    if name == "location":
        if expected.get("latitude") is not None and expected.get("longitude") is not None:
            err = location_error_km(event, expected["latitude"], expected["longitude"])
            return err is not None and err <= LOCATION_KM
        return same_label(event.location, want)
    return same_label(getattr(event, name), want)


def _pair_score(event: Event, expected: dict[str, Any]) -> int:
    fields = [f for f in GOLD_SET_FIELDS if f in expected]
    score = sum(gold_field_ok(f, event, expected) for f in fields)
    # The event type decides identity first: a pair agreeing on type beats any other pair.
    return score + (len(GOLD_SET_FIELDS) * int(gold_field_ok("event_type", event, expected))
                    if "event_type" in expected else 0)


def align_events(predicted: Sequence[Event], expected: Sequence[dict[str, Any]]
                 ) -> list[tuple[int, int]]:
    """(expected index, predicted index) pairs maximising field agreement (as MUC scoring does)."""
    if not predicted or not expected:
        return []
    scores = [[_pair_score(p, e) for p in predicted] for e in expected]
    m, n = len(expected), len(predicted)
    if math.perm(max(m, n), min(m, n)) > 50_000:  # too many to try: greedy
        pairs, used_e, used_p = [], set(), set()
        cells = sorted(((scores[i][j], i, j) for i in range(m) for j in range(n)), reverse=True)
        for _s, i, j in cells:
            if i not in used_e and j not in used_p:
                pairs.append((i, j))
                used_e.add(i)
                used_p.add(j)
        return sorted(pairs)
    best: tuple[int, list[tuple[int, int]]] = (-1, [])
    if m <= n:
        for perm in itertools.permutations(range(n), m):
            total = sum(scores[i][perm[i]] for i in range(m))
            if total > best[0]:
                best = (total, [(i, perm[i]) for i in range(m)])
    else:
        for perm in itertools.permutations(range(m), n):
            total = sum(scores[perm[j]][j] for j in range(n))
            if total > best[0]:
                best = (total, sorted((perm[j], j) for j in range(n)))
    return best[1]


def score_gold_set(records: Sequence[dict[str, Any]], results: Sequence[ArticleResult | None],
                   card: Scorecard) -> dict[str, Any]:
    """Per-field accuracy over expected events (a missed event is wrong on every field),
    event precision/recall (a pair counts when the event types agree, or when the expected
    event gives no type), and the share of non-event articles left without events."""
    n_expected = n_predicted = true_pos = 0
    quiet_total = quiet_ok = 0
    misses: list[dict[str, Any]] = []
    for rec, res in zip(records, results):
        expected = rec.get("expected") or []
        predicted = res.events if res else []
        n_expected += len(expected)
        n_predicted += len(predicted)
        if not expected:
            quiet_total += 1
            quiet_ok += int(not predicted)
            if predicted:
                misses.append({"id": rec.get("id"), "problem": "event in a non-event article",
                               "predicted": [e.sub_event_type for e in predicted]})
            continue
        pairs = dict(align_events(predicted, expected))
        for i, exp in enumerate(expected):
            ev = predicted[pairs[i]] if i in pairs else None
            if ev is not None and ("event_type" not in exp or gold_field_ok("event_type", ev, exp)):
                true_pos += 1
            for name in GOLD_SET_FIELDS:
                if name not in exp:
                    continue
                ok = ev is not None and gold_field_ok(name, ev, exp)
                got = getattr(ev, name, None) if ev is not None else None
                card[name].add(ok, exp[name], got, track=name in LABEL_FIELDS or name == "country")
                if name in ("fatalities", "injured") and count_value(exp[name]) > 0:
                    card[f"{name} (gold>0)"].add(ok)
                if not ok:
                    misses.append({"id": rec.get("id"), "field": name, "expected": exp[name],
                                   "got": got})
    return {
        "expected_events": n_expected,
        "predicted_events": n_predicted,
        "event_precision": _ratio(true_pos, n_predicted),
        "event_recall": _ratio(true_pos, n_expected),
        "non_event_articles": quiet_total,
        "non_event_quiet": _ratio(quiet_ok, quiet_total),
        "misses": misses,
    }
