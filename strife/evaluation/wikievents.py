"""Scoring WikiEvents articles: the top event (KAIROS event mentions mapped to ACLED types),
and the whole article story by story.

Story by story: WikiEvents marks event mentions (KAIROS types) with their arguments,
sentence by sentence; it has no incident list, no dates and no countries. strife reads the
article's sentences joined by spaces. Rules (also written in docs/accuracy.md):
- Has attack (per article): the gold has a Conflict.Attack mention vs strife emits an event
  of a type a Conflict.Attack mention allows (Battles, Explosions/Remote violence, Violence
  against civilians); precision, recall, F1 over articles.
- Per event, each event is placed in the sentence that decided its type:
  - supported: that sentence holds a gold mention of an attack, a death, an injury, a
    demonstration, an arrest or damage; the others are events the gold does not back;
  - type family (supported events): the event's ACLED type is one the sentence's mentions
    allow (`kairos_to_acled` in data/evaluation/mappings.json; a death or injury allows the attack
    types);
  - place (events in articles whose attack/death/injury mentions have a named Place
    argument): one of the event's site, location, admin2, admin1 or country is such a Place
    (the site, "Rue Victor Hugo", is the named spot inside the town: KAIROS marks streets,
    cafes and buildings as Place arguments when the text names them);
    "place (backed events)" counts only the supported events (an event the gold does not
    back has no gold place: judging it against another incident's place scores the event
    finder, not the geocoder);
  - deaths (events with a toll, in articles where a death's victim is preceded by a number,
    "14 people"): the event's fatalities are one of those numbers; and the share of those
    gold numbers some event states.
- Counters: articles without an attack mention are the no-incident stories; the gold counts
  for absurd tolls are the death and injury numbers above; duplicates are events beyond the
  first placed in the sentence of one attack mention.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..data import read_json
from ..models import ArticleResult, Event
from .matching import kairos_acled_types, norm_label, top_event
from .news import (
    WORST_STORIES,
    Story,
    StoryCounts,
    _pct,
    count_story,
    counter_problems,
    event_sentence,
    format_prf,
    norm_place,
    prf,
    problem,
    summarise_counts,
    worst_stories,
)
from .tally import Scorecard, _ratio


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


# --- story by story ----------------------------------------------------------------------

SUPPORTING_PREFIXES = ("Conflict.", "Life.Die", "Life.Injure", "Justice.ArrestJailDetain",
                       "ArtifactExistence.DamageDestroy")
CASUALTY_PREFIXES = ("Life.Die", "Life.Injure")
PLACE_ENTITY_TYPES = ("GPE", "LOC", "FAC")
NUMBER_LOOKBACK = 4      # tokens before a victim's head searched for its number


def _kairos(kairos_type: str) -> tuple[str, ...]:
    return kairos_acled_types(kairos_type)


def attack_types() -> set[str]:
    return set(_kairos("Conflict.Attack"))


@lru_cache(maxsize=1)
def _number_words() -> dict[str, int]:
    raw = read_json("numbers/number_words.json")
    words: dict[str, int] = {}
    for table in ("units", "tens", "fixed"):
        words.update({k.lower(): int(v) for k, v in raw[table].items()})
    return words


def parse_count(token: str) -> int | None:
    """A count written as digits ("14", "1,200") or a number word ("three"); years are not
    counts."""
    t = token.lower().replace(",", "")
    if t.isdigit():
        n = int(t)
        return None if len(t) == 4 and 1800 <= n <= 2100 else n   # a year, not a count
    return _number_words().get(t)


def sentence_offsets(record: dict[str, Any]) -> list[tuple[int, int]]:
    """(start, end) of each sentence in the text strife reads (sentences joined by a space)."""
    out, pos = [], 0
    for s in record.get("sentences") or []:
        out.append((pos, pos + len(s[1])))
        pos += len(s[1]) + 1
    return out


def _tokens(record: dict[str, Any]) -> list[str]:
    toks = record.get("tokens")
    if toks:
        return [t if isinstance(t, str) else t[0] for t in toks]
    return [t[0] for s in record.get("sentences") or [] for t in s[0]]


def gold_death_counts(record: dict[str, Any]) -> tuple[list[int], list[int]]:
    """(deaths, injuries): numbers written just before the victims of death / injury mentions."""
    entities = {e["id"]: e for e in record.get("entity_mentions") or []}
    tokens = _tokens(record)
    deaths: list[int] = []
    injuries: list[int] = []
    for m in record.get("event_mentions") or []:
        etype = m.get("event_type", "")
        if not etype.startswith(CASUALTY_PREFIXES):
            continue
        for arg in m.get("arguments") or []:
            if arg.get("role") != "Victim":
                continue
            ent = entities.get(arg.get("entity_id"))
            if ent is None:
                continue
            for k in range(ent["start"] - 1, max(-1, ent["start"] - 1 - NUMBER_LOOKBACK), -1):
                if k >= len(tokens):
                    break
                n = parse_count(tokens[k])
                if n is not None:
                    (deaths if etype.startswith("Life.Die") else injuries).append(n)
                    break
                if tokens[k] in (".", ";", "and", "while"):
                    break
    return deaths, injuries


def gold_places(record: dict[str, Any]) -> set[str]:
    """Named Place arguments (normalised) of the attack, death and injury mentions."""
    entities = {e["id"]: e for e in record.get("entity_mentions") or []}
    out: set[str] = set()
    for m in record.get("event_mentions") or []:
        if not m.get("event_type", "").startswith(("Conflict.Attack",) + CASUALTY_PREFIXES):
            continue
        for arg in m.get("arguments") or []:
            if arg.get("role") != "Place":
                continue
            ent = entities.get(arg.get("entity_id"))
            text = arg.get("text") or ""
            if ent is not None and ent.get("entity_type") not in PLACE_ENTITY_TYPES:
                continue
            if text[:1].isupper():
                out.add(norm_place(text))
    return out


def _event_sentence_index(event: Event, offsets: Sequence[tuple[int, int]],
                          story: Story | None = None) -> int | None:
    """Index of the gold sentence holding the event's type evidence (offsets of the cleaned
    text are mapped back to the text given, which the sentence offsets index)."""
    anchor = next((e for e in event.evidence if e.field == "event_type"), None) \
        or (event.evidence[0] if event.evidence else None)
    if anchor is None:
        return None
    start = story.raw_span(anchor.start, anchor.end)[0] if story is not None else anchor.start
    for i, (s, e) in enumerate(offsets):
        if s <= start < e + 1:
            return i
    return None


def _allowed_in(mentions: Sequence[dict[str, Any]]) -> set[str]:
    allowed: set[str] = set()
    for m in mentions:
        etype = m.get("event_type", "")
        if etype.startswith(CASUALTY_PREFIXES):
            allowed |= attack_types()
        else:
            allowed.update(_kairos(etype))
    return {a.lower() for a in allowed}


def place_right(event: Event, places: set[str]) -> bool:
    return any(norm_place(v) in places
               for v in (event.site, event.location, event.admin2, event.admin1, event.country) if v)


def score_wikievents_stories(records: Sequence[dict[str, Any]], stories: Sequence[Story],
                             worst: int = WORST_STORIES) -> dict[str, Any]:
    attack = [0, 0, 0]
    tallies = {k: [0, 0] for k in ("supported", "type family", "place", "place (backed events)",
                                   "deaths")}   # right, n
    gold_numbers = found_numbers = 0
    counts: list[StoryCounts] = []
    problems: dict[str, list[dict[str, Any]]] = {}
    for rec, story in zip(records, stories):
        mentions = rec.get("event_mentions") or []
        offsets = sentence_offsets(rec)
        by_sent: dict[int, list[dict[str, Any]]] = {}
        for m in mentions:
            if m.get("event_type", "").startswith(SUPPORTING_PREFIXES):
                by_sent.setdefault(m["trigger"]["sent_idx"], []).append(m)
        attack_sents = Counter(m["trigger"]["sent_idx"] for m in mentions
                               if m.get("event_type", "").startswith("Conflict.Attack"))
        has_attack = bool(attack_sents)
        atk = attack_types()
        says_attack = any(e.event_type in atk for e in story.events)
        if has_attack and says_attack:
            attack[0] += 1
        elif says_attack:
            attack[1] += 1
        elif has_attack:
            attack[2] += 1
        places = gold_places(rec)
        deaths, injuries = gold_death_counts(rec)
        probs: list[dict[str, Any]] = []
        placed_in: Counter = Counter()
        for e in story.events:
            si = _event_sentence_index(e, offsets, story)
            sent = event_sentence(e, story.text)
            support = by_sent.get(si, []) if si is not None else []
            tallies["supported"][1] += 1
            tallies["supported"][0] += int(bool(support))
            if si is not None and si in attack_sents:
                placed_in[si] += 1
            if not support:
                probs.append(problem("event the gold does not back",
                                     f"{e.sub_event_type} at {e.location or '?'}", sent))
            else:
                ok = (e.event_type or "").lower() in _allowed_in(support)
                tallies["type family"][1] += 1
                tallies["type family"][0] += int(ok)
                if not ok:
                    probs.append(problem("wrong type family",
                                         f"got {e.event_type!r}, gold "
                                         f"{sorted({m['event_type'] for m in support})}", sent))
            if places:
                ok = place_right(e, places)
                tallies["place"][1] += 1
                tallies["place"][0] += int(ok)
                if support:     # an event the gold backs: its place is the gold incident's
                    tallies["place (backed events)"][1] += 1
                    tallies["place (backed events)"][0] += int(ok)
                if not ok:
                    probs.append(problem("wrong place", f"got {e.location!r}, gold one of "
                                         f"{sorted(places)}", sent))
            if deaths and e.fatalities:
                ok = e.fatalities in deaths
                tallies["deaths"][1] += 1
                tallies["deaths"][0] += int(ok)
                if not ok:
                    probs.append(problem("wrong deaths", f"got {e.fatalities}, gold one of "
                                         f"{sorted(set(deaths))}", sent))
        stated = {e.fatalities for e in story.events if e.fatalities}
        gold_numbers += len(set(deaths))
        found_numbers += len(set(deaths) & stated)
        dups = sum(max(0, n - attack_sents[si]) for si, n in placed_in.items())
        problems[story.id] = probs + counter_problems(
            story, gold_counts=(deaths + injuries) if has_attack and deaths + injuries else None,
            gold_codes=None)
        counts.append(count_story(story, has_incident=has_attack,
                                  gold_counts=(deaths + injuries) or None, gold_codes=None,
                                  duplicates=dups if has_attack else None))
    out: dict[str, Any] = {"stories": len(stories), "has_attack": prf(*attack)}
    out["per_event"] = {k: {"n": n, "correct": r, "accuracy": round(r / n, 4) if n else None}
                        for k, (r, n) in tallies.items()}
    out["gold_death_numbers"] = gold_numbers
    out["gold_death_numbers_found"] = round(found_numbers / gold_numbers, 4) if gold_numbers else None
    out["counters"] = summarise_counts(counts)
    out["worst"] = worst_stories(problems, worst)
    return out


def format_wikievents_stories(news: dict[str, Any]) -> list[str]:
    lines = [format_prf("has attack (articles)", news["has_attack"]), "",
             f"{'per event':<24}{'n':>7}{'right':>8}{'accuracy':>10}"]
    for name, t in news["per_event"].items():
        lines.append(f"{name:<24}{t['n']:>7}{t['correct']:>8}{_pct(t['accuracy']):>10}")
    lines.append(f"gold death numbers stated by some event: "
                 f"{_pct(news['gold_death_numbers_found']).strip()} of {news['gold_death_numbers']}")
    return lines
