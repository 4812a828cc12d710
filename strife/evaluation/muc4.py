"""Scoring strife on MUC-4 news stories (1989-90 Latin American newswire, upper case).

Rules (also written in docs/accuracy.md):
- Relevance: a story is relevant when its key has at least one incident template; strife
  calls it relevant when it emits at least one event in MUC's scope (an attack, bombing,
  kidnapping, arson or robbery under `strife/data/evaluation/muc4_types.json`; battles,
  protests and other strategic developments are not). Precision, recall, F1 over stories.
- Incidents: within a story, gold templates and strife's events are paired one-to-one,
  taking the most pairs, then the pairs agreeing on the most fields. A pair is allowed when
  (1) one of the event's MUC types is the template's type or one of its alternatives,
  (2) the event is placed in the template's country (an unplaced event does not pair),
  (3) when the template gives a date or a date range, the event's date lies within 3 days of
  it (an undated event may pair). Incident recall = paired templates / templates (an
  optional template, `?` in the key, counts only when paired); event precision = paired
  events / events in MUC's scope; unpaired battles and out-of-scope events are counted apart.
  The same pairing without condition (2) gives recall and precision "ignoring country": what
  strife finds, wherever it puts it.
- On paired incidents: type (the event's primary MUC type is the template's type or an
  alternative), country (same ISO code, over the pairs made ignoring country), place (the
  event's location, admin2 or admin1 is one of the template's place names below the
  country), place (most specific) (the event's location is the template's most specific
  place), date (same day, where the template gives an exact date), deaths and injuries
  (same number, where the key gives a number).
- No-incident stories: the attack/bombing/kidnapping/arson events per story the key calls
  irrelevant; reported again counting only events placed in the nine countries MUC-4's key
  covers (or unplaced), since an attack strife finds in Nicaragua is outside the key, not a
  false report (`key_countries` in the type mapping).
- Counters: see `strife.evaluation.news`; the gold counts for absurd tolls are the templates'
  deaths, injuries and target numbers (an unpaired battle's toll is counted apart: the key
  has no battles, so its counts belong to other incidents) (a target number the key gives only in its own
  notation, "350 / 350-", "34-", "~60 / ~100", is read from that notation); duplicates are
  unpaired events that could have paired with an incident another event took.
- Publication date: the record's `published` (the dateline's date, null for 85 stories).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..data import read_json
from ..models import Event
from .matching import country_code_for
from .news import (
    WORST_STORIES,
    Story,
    StoryCounts,
    assign,
    count_story,
    event_sentence,
    evidence_sentence,
    norm_place,
    parse_iso,
    prf,
    problem,
    sentence_around,
    summarise_counts,
    worst_stories,
)

DATE_SLACK_DAYS = 3
SCOPES = ("incident", "battle", "outside")
MATCHED_FIELDS = ("type", "country", "place", "place (most specific)", "date", "deaths", "injuries")


# --- the type mapping ---------------------------------------------------------------------

@lru_cache(maxsize=1)
def _types() -> dict[str, Any]:
    raw = read_json("evaluation/muc4_types.json")

    def table(name: str) -> dict[str, Any]:
        return {k.lower(): v for k, v in raw[name].items() if not k.startswith("_")}

    return {name: table(name) for name in ("attack_type", "sub_event_type", "event_type",
                                           "country_aliases")}


@lru_cache(maxsize=1)
def _key_countries() -> frozenset[str]:
    return frozenset(read_json("evaluation/muc4_types.json")["key_countries"])


def muc_types(event: Event) -> tuple[str, ...]:
    """The event's MUC types, primary first (empty for protests, arrests and the like).

    The primary type is the GTD attack type's first type that the ACLED sub-event type also
    allows (a facility attack coded as an ACLED "Attack" is an ATTACK, not an ARSON), else
    the attack type's first, else the sub-event type's first."""
    t = _types()
    by_attack = list(t["attack_type"].get(event.attack_type.lower(), [])) if event.attack_type else []
    entry = None
    if event.sub_event_type:
        entry = t["sub_event_type"].get(event.sub_event_type.lower())
    if entry is None and event.event_type:
        entry = t["event_type"].get(event.event_type.lower())
    by_acled = list(entry["muc"]) if entry is not None else []
    both = [m for m in by_attack if m in by_acled]
    out = both[:1] + [m for m in by_attack + by_acled if m not in both[:1]]
    return tuple(dict.fromkeys(out))


def muc_scope(event: Event) -> str:
    """"incident" (in MUC's scope), "battle" (army-guerrilla combat) or "outside"."""
    t = _types()
    entry = None
    if event.sub_event_type:
        entry = t["sub_event_type"].get(event.sub_event_type.lower())
    if entry is None and event.event_type:
        entry = t["event_type"].get(event.event_type.lower())
    if entry is None:
        return "incident" if event.attack_type and muc_types(event) else "outside"
    return entry["scope"]


def gold_country_code(name: str | None) -> str | None:
    if not name:
        return None
    alias = _types()["country_aliases"].get(name.lower())
    if alias:
        return alias
    return country_code_for(name)


# --- gold incidents -----------------------------------------------------------------------

@dataclass
class Incident:
    """One MUC-4 key template, reduced to what is scored."""

    types: tuple[str, ...]
    country: str | None = None          # ISO alpha-2
    country_name: str | None = None
    places: tuple[str, ...] = ()        # normalised place names below the country
    place: str = ""                     # the most specific one
    earliest: dt.date | None = None
    latest: dt.date | None = None
    exact_date: dt.date | None = None
    deaths: int | None = None
    injuries: int | None = None
    counts: tuple[float, ...] = ()
    optional: bool = False
    stage: str | None = None
    label: str = ""

    @classmethod
    def from_gold(cls, g: dict[str, Any]) -> Incident:
        types = tuple(dict.fromkeys([t for t in [g.get("event_type")] + list(
            g.get("event_type_alternatives") or []) if t]))
        path = [p.get("name") for p in g.get("location_path") or [] if p.get("name")]
        country = norm_place(g.get("country"))
        places = tuple(dict.fromkeys(norm_place(p) for p in path + [g.get("location_name")]
                                     if p and norm_place(p) != country))
        counts = [g.get(k) for k in ("fatalities", "fatalities_min", "injured", "injured_min")]
        for target in g.get("human_targets") or []:
            counts += [target.get("number"), target.get("number_min"), target.get("number_max")]
            if target.get("number") is None:   # "350 / 350-", "34-", "~60 / ~100": read the key's own notation
                counts += [int(n) for n in re.findall(r"\d+", target.get("number_raw") or "")]
        label = f"{g.get('event_type')} {g.get('location_name') or g.get('country') or '?'}" \
                f" {g.get('event_date_raw') or ''}".strip()
        return cls(types=types, country=gold_country_code(g.get("country")),
                   country_name=g.get("country"), places=places,
                   place=places[-1] if places else "",
                   earliest=parse_iso(g.get("event_date_earliest")),
                   latest=parse_iso(g.get("event_date_latest")),
                   exact_date=parse_iso(g.get("event_date")),
                   deaths=g.get("fatalities"), injuries=g.get("injured"),
                   counts=tuple(float(c) for c in counts if isinstance(c, (int, float))),
                   optional=bool(g.get("template_optional")), stage=g.get("stage_of_execution"),
                   label=label)


def gold_incidents(record: dict[str, Any]) -> list[Incident]:
    gold = record.get("gold") or {}
    return [Incident.from_gold(g) for g in gold.get("events") or []]


# --- pairing ------------------------------------------------------------------------------

def date_ok(event: Event, inc: Incident, slack: int = DATE_SLACK_DAYS) -> bool:
    """The event's date lies within `slack` days of the template's date or range."""
    if inc.earliest is None and inc.latest is None:
        return True
    when = parse_iso(event.event_date)
    if when is None:
        return True
    lo = inc.earliest - dt.timedelta(days=slack) if inc.earliest else None
    hi = inc.latest + dt.timedelta(days=slack) if inc.latest else None
    return (lo is None or when >= lo) and (hi is None or when <= hi)


def country_ok(event: Event, inc: Incident) -> bool:
    """Placed in the template's country (any event passes when the key names none)."""
    if not inc.country:
        return True
    return bool(event.country_code) and event.country_code.upper() == inc.country


def can_pair(event: Event, inc: Incident, need_country: bool = True) -> bool:
    """Same incident family, date within the window and (with `need_country`) same country."""
    return (bool(set(muc_types(event)) & set(inc.types))
            and (not need_country or country_ok(event, inc)) and date_ok(event, inc))


def field_right(name: str, event: Event, inc: Incident) -> bool | None:
    """Is field `name` of a paired event right? None when the template does not say."""
    if name == "type":
        kinds = muc_types(event)
        return bool(kinds) and kinds[0] in inc.types
    if name == "country":
        if not inc.country:
            return None
        return bool(event.country_code) and event.country_code.upper() == inc.country
    if name == "place":
        if not inc.places:
            return None
        return any(norm_place(v) in inc.places for v in (event.location, event.admin2, event.admin1) if v)
    if name == "place (most specific)":
        if not inc.place:
            return None
        return norm_place(event.location) == inc.place
    if name == "date":
        if inc.exact_date is None:
            return None
        return parse_iso(event.event_date) == inc.exact_date
    if name == "deaths":
        return None if inc.deaths is None else (event.fatalities or 0) == inc.deaths
    if name == "injuries":
        return None if inc.injuries is None else (event.injured or 0) == inc.injuries
    raise KeyError(name)


def _weight(event: Event, inc: Incident, need_country: bool) -> float:
    if not can_pair(event, inc, need_country):
        return 0.0
    bonus = sum(1 for f in MATCHED_FIELDS if field_right(f, event, inc))
    return 1000.0 + bonus


def pair(events: Sequence[Event], incidents: Sequence[Incident], need_country: bool = True
         ) -> list[tuple[int, int]]:
    """(incident index, event index) pairs: most pairs, then most fields agreeing."""
    if not events or not incidents:
        return []
    return assign([[_weight(e, inc, need_country) for e in events] for inc in incidents])


# --- scoring ------------------------------------------------------------------------------

@dataclass
class _Tally:
    relevance: list[int] = field(default_factory=lambda: [0, 0, 0])   # tp, fp, fn
    gold: int = 0            # templates counted in recall
    paired_gold: int = 0
    events_in_scope: int = 0
    paired_events: int = 0
    battles_apart: int = 0
    outside_apart: int = 0
    stories: int = 0
    blind_gold: int = 0      # paired templates when the country is not required
    blind_total: int = 0     # templates counted then (optional ones when paired)
    blind_events: int = 0
    blind_in_scope: int = 0
    quiet_stories: int = 0   # stories the gold says have no relevant incident
    quiet_in_scope: int = 0  # attack/bombing/kidnapping/arson events on them
    quiet_in_key: int = 0    # ... of those, placed in the key's countries (or unplaced)

    def report(self) -> dict[str, Any]:
        tp, fp, fn = self.paired_events, self.events_in_scope - self.paired_events, \
            self.gold - self.paired_gold
        inc = prf(tp, fp, fn)
        # recall counts templates, precision counts events: with optional templates they differ
        inc["recall"] = round(self.paired_gold / self.gold, 4) if self.gold else None
        p, r = inc["precision"], inc["recall"]
        inc["f1"] = round(2 * p * r / (p + r), 4) if p and r else (0.0 if p is not None and r is not None else None)
        every = self.events_in_scope + self.battles_apart + self.outside_apart
        inc["precision_all_events"] = round(self.paired_events / every, 4) if every else None
        inc["ignoring_country"] = {
            "recall": round(self.blind_gold / self.blind_total, 4) if self.blind_total else None,
            "precision": round(self.blind_events / self.blind_in_scope, 4) if self.blind_in_scope else None}
        inc.update({"gold_incidents": self.gold, "paired_incidents": self.paired_gold,
                    "events_in_scope": self.events_in_scope,
                    "battles_apart": self.battles_apart, "outside_apart": self.outside_apart})
        inc["in_scope_per_no_incident_story"] = (round(self.quiet_in_scope / self.quiet_stories, 4)
                                                 if self.quiet_stories else None)
        inc["in_key_countries_per_no_incident_story"] = (round(self.quiet_in_key / self.quiet_stories, 4)
                                                         if self.quiet_stories else None)
        return {"stories": self.stories, "relevance": prf(*self.relevance), "incidents": inc}


def place_sentence(text: str, inc: Incident) -> str | None:
    """The first sentence naming the template's most specific place (where a reader would look
    for the incident strife missed); None when the text does not name it."""
    if not inc.place:
        return None
    m = re.search(r"\b" + re.escape(inc.place) + r"\b", norm_text(text))
    return sentence_around(text, m.start(), m.end()) if m else None


def norm_text(text: str) -> str:
    """Upper case with accents dropped, same length as `text` (offsets stay valid)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in base if not unicodedata.combining(c)) or ch
        out.append(base[0].upper() if len(base[0].upper()) == 1 else ch)
    return "".join(out)


def _fmt_event(e: Event) -> str:
    where = e.location or e.country or "?"
    return f"{e.sub_event_type or e.event_type} at {where} on {e.event_date or '?'}" \
           f" ({e.fatalities or 0} killed)"


_FIELD_EVIDENCE = {"type": "event_type", "country": "location", "place": "location",
                   "place (most specific)": "location", "date": "event_date",
                   "deaths": "fatalities", "injuries": "injured"}


def _got(name: str, e: Event) -> Any:
    return {"type": "/".join(muc_types(e)) or e.sub_event_type, "country": e.country,
            "place": e.location, "place (most specific)": e.location, "date": e.event_date,
            "deaths": e.fatalities, "injuries": e.injured}[name]


def _want(name: str, inc: Incident) -> Any:
    return {"type": "/".join(inc.types), "country": inc.country_name, "place": " > ".join(inc.places),
            "place (most specific)": inc.place,
            "date": inc.exact_date.isoformat() if inc.exact_date else None,
            "deaths": inc.deaths, "injuries": inc.injuries}[name]


def score_muc4(records: Sequence[dict[str, Any]], stories: Sequence[Story],
               worst: int = WORST_STORIES) -> dict[str, Any]:
    """Relevance, incident pairing, fields on pairs, story counters and the worst stories."""
    total = _Tally()
    by_case: dict[str, _Tally] = {}
    fields = {name: [0, 0] for name in MATCHED_FIELDS}           # right, n
    counts: list[StoryCounts] = []
    problems: dict[str, list[dict[str, Any]]] = {}
    for rec, story in zip(records, stories):
        incidents = gold_incidents(rec)
        relevant = bool((rec.get("gold") or {}).get("relevant", bool(incidents)))
        events = story.events
        scopes = [muc_scope(e) for e in events]
        # battles may pair with an ATTACK template; out-of-scope events never pair
        candidates = [i for i, s in enumerate(scopes) if s != "outside"]
        pairs = [(gi, candidates[k]) for gi, k in pair([events[i] for i in candidates], incidents)]
        paired_events = {ei for _gi, ei in pairs}
        paired_gold = {gi for gi, _ei in pairs}
        # the same without the country: what strife finds, wherever it puts it
        blind = [(gi, candidates[k]) for gi, k in
                 pair([events[i] for i in candidates], incidents, need_country=False)]
        blind_events = {ei for _gi, ei in blind}
        says_relevant = any(s == "incident" for s in scopes)
        tallies = [total, by_case.setdefault(story.case, _Tally())]
        for t in tallies:
            t.stories += 1
            if relevant and says_relevant:
                t.relevance[0] += 1
            elif says_relevant:
                t.relevance[1] += 1
            elif relevant:
                t.relevance[2] += 1
            t.gold += sum(1 for i, inc in enumerate(incidents) if not inc.optional or i in paired_gold)
            t.paired_gold += len(paired_gold)
            t.events_in_scope += sum(1 for i, s in enumerate(scopes)
                                     if s == "incident" or (s == "battle" and i in paired_events))
            t.paired_events += len(paired_events)
            t.battles_apart += sum(1 for i, s in enumerate(scopes) if s == "battle" and i not in paired_events)
            t.outside_apart += scopes.count("outside")
            if not relevant:
                t.quiet_stories += 1
                t.quiet_in_scope += scopes.count("incident")
                t.quiet_in_key += sum(1 for e, s in zip(events, scopes) if s == "incident" and
                                      (not e.country_code or e.country_code in _key_countries()))
            t.blind_gold += len(blind)
            blind_gold = {gi for gi, _ei in blind}
            t.blind_total += sum(1 for i, inc in enumerate(incidents)
                                 if not inc.optional or i in blind_gold)
            t.blind_events += len(blind)
            t.blind_in_scope += sum(1 for i, s in enumerate(scopes)
                                    if s == "incident" or (s == "battle" and i in blind_events))
        probs: list[dict[str, Any]] = []
        for gi, ei in blind:      # the country of what strife found
            ok = field_right("country", events[ei], incidents[gi])
            if ok is not None:
                fields["country"][0] += int(ok)
                fields["country"][1] += 1
                if not ok:
                    e = events[ei]
                    probs.append(problem("wrong country", f"{_fmt_event(e)}: got {e.country!r}, "
                                         f"gold {incidents[gi].country_name!r}",
                                         evidence_sentence(e, story.text, "location")
                                         or event_sentence(e, story.text)))
        for gi, ei in pairs:
            e, inc = events[ei], incidents[gi]
            for name in MATCHED_FIELDS:
                if name == "country":
                    continue
                ok = field_right(name, e, inc)
                if ok is None:
                    continue
                fields[name][0] += int(ok)
                fields[name][1] += 1
                if not ok and name != "place (most specific)":
                    probs.append(problem(f"wrong {name}",
                                         f"got {_got(name, e)!r}, gold {_want(name, inc)!r}",
                                         evidence_sentence(e, story.text, _FIELD_EVIDENCE[name])
                                         or event_sentence(e, story.text)))
        unpaired = [i for i, s in enumerate(scopes) if s == "incident" and i not in paired_events]
        dups = 0
        for ei in unpaired:
            e = events[ei]
            dup = any(can_pair(e, incidents[gi]) for gi in paired_gold)
            dups += int(dup)
            if ei in blind_events and not dup:
                continue          # listed above as a wrong country
            probs.append(problem("duplicate event" if dup else "false event", _fmt_event(e),
                                 event_sentence(e, story.text)))
        for gi, inc in enumerate(incidents):
            if gi not in paired_gold and not inc.optional:
                probs.append(problem("missed incident", inc.label, place_sentence(story.text, inc)))
        problems[story.id] = probs
        codes = sorted({inc.country for inc in incidents if inc.country})
        counts.append(count_story(story, has_incident=relevant,
                                  gold_counts=[c for inc in incidents for c in inc.counts],
                                  gold_codes=codes or None,
                                  duplicates=dups if incidents else None,
                                  uncovered=[i for i, s in enumerate(scopes)
                                             if s == "battle" and i not in paired_events]))
    out = total.report()
    out["matched_fields"] = {name: {"n": n, "correct": r, "accuracy": round(r / n, 4) if n else None}
                             for name, (r, n) in fields.items()}
    out["by_case"] = {case: t.report() for case, t in sorted(by_case.items())}
    out["counters"] = summarise_counts(counts)
    out["worst"] = worst_stories(problems, worst)
    return out
