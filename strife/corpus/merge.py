"""Merging events from different articles that tell the same incident.

Two events can be the same incident when they share a sub-type family
(`data/corpus/merge_families.json`), happened within `merge_max_days` of each other, within
`merge_max_km` (or at the same named place), and their actors do not contradict. Events
are visited in a fixed order (date, event id) and each joins the closest incident all of
whose members it is compatible with (complete linkage, so chains of "almost the same"
events do not snowball). Numbers are reconciled UCDP style: low = the highest "at least",
best = the median of the independent reports, high = the highest report. Incident ids
come from the founding event, so re-running gives the same ids.
"""
from __future__ import annotations

import hashlib
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from ..data import read_json
from ..geo.distance import EARTH_RADIUS_KM, haversine_km
from ..models import EVENT_FIELDS, LOCATION_FIELDS
from ..settings import DEFAULT_SETTINGS, Settings

COARSE_PRECISIONS = frozenset({"month", "year"})
REGION_PRECISION = 3          # geo_precision 3: only the region is known
NUMBER_FIELDS = ("fatalities", "injured", "displaced")

# Fields of a merged incident, in export order: the event record's own fields (less the
# per-article id and evidence), then how many events, articles and independent sources.
INCIDENT_FIELDS: tuple[str, ...] = (
    ("incident_id",)
    + tuple(f for f in EVENT_FIELDS if f not in ("event_id", "article_id", "evidence"))
    + ("n_events", "n_articles", "n_sources")
)


@lru_cache(maxsize=1)
def _families() -> dict[str, str]:
    table = read_json("corpus/merge_families.json")
    return {sub: family for family, subs in table.items() if not family.startswith("_")
            for sub in subs}


def family(event: Mapping[str, Any]) -> str:
    """The sub-type family used to decide whether two events may be one incident."""
    sub = event.get("sub_event_type") or ""
    return _families().get(sub, sub or (event.get("event_type") or ""))


def date_interval(iso: str | None, precision: str | None) -> tuple[int, int] | None:
    """The days (as ordinals) an event date with its precision may stand for."""
    if not iso:
        return None
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return None
    if precision == "week":
        # strife dates a week-precise event by the last day it may have happened on
        # (often the publication date: "this week", "over the past days").
        return d.toordinal() - 6, d.toordinal()
    if precision == "month":
        nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
        return d.replace(day=1).toordinal(), nxt.toordinal() - 1
    if precision == "year":
        return date(d.year, 1, 1).toordinal(), date(d.year, 12, 31).toordinal()
    return d.toordinal(), d.toordinal()


def _day_gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _norm(name: str | None) -> str:
    return " ".join((name or "").lower().split())


def _is_unidentified(actor: str) -> bool:
    return actor.lower().startswith("unidentified")


def actors_compatible(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """False only when both name their actors and no named actor is shared.

    An "Unidentified ..." actor is compatible with anyone (a later claim names it).
    """
    named_a = {_norm(x) for x in (a.get("actor1"), a.get("actor2")) if x and not _is_unidentified(x)}
    named_b = {_norm(x) for x in (b.get("actor1"), b.get("actor2")) if x and not _is_unidentified(x)}
    if not named_a or not named_b:
        return True
    return bool(named_a & named_b)


@dataclass
class _Item:
    """An event prepared for merging."""

    event: dict[str, Any]
    source: str                       # independent source: the original of a copy group
    family: str
    days: tuple[int, int] | None
    precision: str                    # day | week | month | year

    @property
    def event_id(self) -> str:
        return self.event["event_id"]

    @property
    def article_id(self) -> str:
        return self.event["article_id"]


def _date_gap(a: _Item, b: _Item, same_story: bool) -> int | None:
    """Days between two events' dates, or None when their dates cannot tell.

    Two days: their distance. A day and a week: 0 if the day lies in the week, else
    None. Two weeks: the distance of their last days (reports published a day apart).
    A month or a year says too little to join independent reports.
    """
    assert a.days is not None and b.days is not None
    kinds = {a.precision, b.precision}
    if kinds & COARSE_PRECISIONS:
        return _day_gap(a.days, b.days) if same_story else None
    if kinds == {"day"} or kinds == {"week"}:
        return abs(a.days[1] - b.days[1])
    return 0 if _day_gap(a.days, b.days) == 0 else None


def _distance(a: _Item, b: _Item, settings: Settings) -> tuple[int, float] | None:
    """(day gap, km) if the two events may be one incident, else None."""
    if a.article_id == b.article_id or a.family != b.family:
        return None
    same_story = a.source == b.source   # copies of one original
    if a.days is None or b.days is None:
        if not same_story:
            return None
        gap = 0
    else:
        gap = _date_gap(a, b, same_story)
        if gap is None or gap > settings.merge_max_days:
            return None
    ea, eb = a.event, b.event
    if not actors_compatible(ea, eb):
        return None
    km = 0.0
    has_a = ea.get("latitude") is not None and ea.get("longitude") is not None
    has_b = eb.get("latitude") is not None and eb.get("longitude") is not None
    if has_a and has_b:
        km = haversine_km(ea["latitude"], ea["longitude"], eb["latitude"], eb["longitude"])
        if km > settings.merge_max_km:
            region_only = REGION_PRECISION in (ea.get("geo_precision"), eb.get("geo_precision"))
            same_region = (ea.get("admin1") and ea.get("admin1") == eb.get("admin1")
                           and ea.get("country_code") == eb.get("country_code"))
            if not (region_only and same_region):
                return None
    elif _norm(ea.get("location")) and _norm(ea.get("location")) == _norm(eb.get("location")):
        if (ea.get("country_code") or "") != (eb.get("country_code") or ""):
            return None
    elif not same_story:
        return None
    return gap, km


@dataclass
class MergedIncident:
    """One incident told by one or more articles."""

    incident_id: str
    members: list[dict[str, Any]] = field(default_factory=list)   # the events
    sources: dict[str, str] = field(default_factory=dict)         # article id -> its original
    record: dict[str, Any] = field(default_factory=dict)          # INCIDENT_FIELDS values


def reconcile_counts(reports: Iterable[tuple[str, int | None, int | None, int | None]]
                     ) -> tuple[int, int | None, int | None]:
    """UCDP-style (best, low, high) from (source, best, low, high) reports.

    One report per independent source (its highest figure) counts toward the median.
    low = the highest "at least" seen (else the lowest report); best = the median report,
    never below low; high = the highest figure anyone gave. A report of 0 with no
    bounds means "no number given" and is ignored.
    """
    best_by_source: dict[str, int] = {}
    lows: list[int] = []
    highs: list[int] = []
    for source, best, low, high in reports:
        figures = [x for x in (best, low, high) if x]
        if not figures:
            continue
        value = best or low or high or 0
        best_by_source[source] = max(best_by_source.get(source, 0), value)
        if low is not None:
            lows.append(low)
        if high is not None:
            highs.append(high)
    if not best_by_source:
        return 0, None, None
    bests = sorted(best_by_source.values())
    low_value = max(lows) if lows else bests[0]
    best_value = max(int(statistics.median_low(bests)), low_value)
    high_value = max(highs + bests + [best_value])
    return best_value, low_value, high_value


def _mode(values: Iterable[Any]) -> Any:
    """Most common non-empty value; ties go to the smallest (deterministic)."""
    counts = Counter(v for v in values if v not in (None, ""))
    if not counts:
        return None
    top = max(counts.values())
    return min((v for v, c in counts.items() if c == top), key=lambda v: str(v))


def _record(incident: MergedIncident) -> dict[str, Any]:
    members = incident.members
    by_conf = sorted(members, key=lambda e: (-(e.get("confidence") or 0.0), e["event_id"]))
    sub = _mode(e.get("sub_event_type") for e in members)
    typed = next((e for e in by_conf if e.get("sub_event_type") == sub), by_conf[0])
    dates = [e.get("event_date") for e in members if e.get("event_date")]
    event_date = _mode(dates)
    dated = [e for e in by_conf if e.get("event_date") == event_date]
    located = sorted((e for e in members if e.get("latitude") is not None),
                     key=lambda e: (e.get("geo_precision") or 9, -(e.get("confidence") or 0.0),
                                    e["event_id"]))
    where = located[0] if located else next((e for e in by_conf if e.get("location")), None)
    named = [e for e in members if e.get("actor1") and not _is_unidentified(e["actor1"])]
    actor_src = min(named or [e for e in members if e.get("actor1")] or by_conf,
                    key=lambda e: (-(e.get("confidence") or 0.0), e["event_id"]))
    rec: dict[str, Any] = {name: None for name in INCIDENT_FIELDS}
    rec["incident_id"] = incident.incident_id
    rec["event_date"] = event_date
    rec["date_precision"] = dated[0].get("date_precision") if dated else None
    rec["event_type"] = typed.get("event_type")
    rec["sub_event_type"] = sub
    for name in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "inter1", "inter2"):
        rec[name] = actor_src.get(name)
    if where is not None:
        for name in LOCATION_FIELDS:
            rec[name] = where.get(name)
    # the named spot: the placed source's, else the one most sources name
    rec["site"] = (where or {}).get("site") or _mode(e.get("site") for e in members if e.get("site"))
    for number in NUMBER_FIELDS:
        best, low, high = reconcile_counts(
            (incident.sources[e["article_id"]], e.get(number), e.get(f"{number}_low"),
             e.get(f"{number}_high")) for e in members)
        rec[number] = best if (best or number != "displaced") else None
        rec[f"{number}_low"], rec[f"{number}_high"] = low, high
    for name in ("attack_type", "weapon", "target_type"):
        rec[name] = _mode(e.get(name) for e in members)
    rec["claimed"] = all(bool(e.get("claimed")) for e in members)
    rec["notes"] = by_conf[0].get("notes") or ""
    best_conf: dict[str, float] = {}
    for e in members:
        src = incident.sources[e["article_id"]]
        best_conf[src] = max(best_conf.get(src, 0.0), float(e.get("confidence") or 0.0))
    doubt = 1.0
    for c in best_conf.values():
        doubt *= 1.0 - c
    rec["confidence"] = round(1.0 - doubt, 3)
    rec["n_events"] = len(members)
    rec["n_articles"] = len({e["article_id"] for e in members})
    rec["n_sources"] = len(set(incident.sources.values()))
    return rec


def incident_id_for(founding_event_id: str) -> str:
    return "in_" + hashlib.sha1(founding_event_id.encode("utf-8")).hexdigest()[:16]


def prepare_items(
    events: Iterable[Mapping[str, Any]],
    original_of: Mapping[str, str] | None = None,
    published: Mapping[str, str | None] | None = None,
) -> list[_Item]:
    """Events made ready for merging, in the order merging visits them (date, event id)."""
    original_of = original_of or {}
    published = published or {}
    items: list[_Item] = []
    for raw in events:
        ev = dict(raw)
        aid = ev["article_id"]
        precision = ev.get("date_precision") or "day"
        days = date_interval(ev.get("event_date"), precision)
        if days is None:   # no date of its own: some day in the week up to publication
            precision = "week"
            days = date_interval(published.get(aid), precision)
        items.append(_Item(ev, original_of.get(aid, aid), family(ev), days, precision))
    items.sort(key=lambda it: (it.days[0] if it.days else 10**9, it.event_id))
    return items


def compatible(a: _Item, b: _Item, settings: Settings) -> bool:
    """Whether two events may be one incident (the pairwise rule merging applies)."""
    return _distance(a, b, settings) is not None


def merge_events(
    events: Iterable[Mapping[str, Any]],
    original_of: Mapping[str, str] | None = None,
    published: Mapping[str, str | None] | None = None,
    settings: Settings | None = None,
) -> list[MergedIncident]:
    """Group events into incidents.

    `original_of` maps a copied article to its original (near/exact duplicates), so
    copies are not independent sources; `published` gives each article's date, used when
    an event has no date of its own.
    """
    return merge_items(prepare_items(events, original_of, published), settings)


def merge_items(items: list[_Item], settings: Settings | None = None) -> list[MergedIncident]:
    """Group prepared items (from `prepare_items`, in its order) into incidents.

    An event joins an incident only if it is `compatible` with every member, so only
    its compatible events (and theirs) decide where it goes: merging each connected
    component of the `compatible` pairs alone gives the same incidents as the whole set.
    """
    settings = settings or DEFAULT_SETTINGS
    incidents: list[tuple[MergedIncident, list[_Item]]] = []
    by_family_day: dict[tuple[str, int | None], list[int]] = {}
    window = settings.merge_max_days
    by_source: dict[str, list[int]] = {}
    for item in items:
        candidates: set[int] = set(by_source.get(item.source, ()))
        for key in _candidate_keys(item, window):
            candidates.update(by_family_day.get(key, ()))
        best: tuple[tuple[int, float, int], int] | None = None
        for idx in sorted(candidates):
            _, members = incidents[idx]
            if any(m.article_id == item.article_id for m in members):
                continue
            dists = [_distance(item, m, settings) for m in members]
            if any(d is None for d in dists):
                continue
            score = (max(d[0] for d in dists), max(d[1] for d in dists), idx)  # type: ignore[index]
            if best is None or score < best[0]:
                best = (score, idx)
        if best is None:
            incidents.append((MergedIncident(incident_id_for(item.event_id)), []))
            idx = len(incidents) - 1
        else:
            idx = best[1]
        for key in _index_keys(item):
            bucket = by_family_day.setdefault(key, [])
            if not bucket or bucket[-1] != idx:
                bucket.append(idx)
        src_bucket = by_source.setdefault(item.source, [])
        if not src_bucket or src_bucket[-1] != idx:
            src_bucket.append(idx)
        incident, members = incidents[idx]
        members.append(item)
        incident.members.append(item.event)
        incident.sources[item.article_id] = item.source
    out = []
    for incident, _ in incidents:
        incident.record = _record(incident)
        out.append(incident)
    return out


def _index_keys(item: _Item) -> list[tuple[str, int | None]]:
    if item.days is None:
        return [(item.family, None)]
    lo, hi = item.days
    return [(item.family, d) for d in range(lo, hi + 1)]


def _candidate_keys(item: _Item, window: int) -> list[tuple[str, int | None]]:
    # (a superset: _distance applies the exact rule)
    if item.days is None:
        return [(item.family, None)]
    lo, hi = item.days
    return [(item.family, d) for d in range(lo - window, hi + window + 1)]


DATE_BUCKET_DAYS = 7    # blocking: days per date bucket (any width is exact; wider = fewer keys, bigger blocks)
# The event fields `compatible` (and `prepare_items`) read: enough to find candidate pairs
# without carrying whole records through a shuffle.
PAIR_FIELDS = ("event_id", "article_id", "event_type", "sub_event_type", "event_date", "date_precision",
               "actor1", "actor2", "latitude", "longitude", "geo_precision", "admin1", "country_code",
               "location")


def blocking_keys(item: _Item, settings: Settings) -> list[tuple]:
    """Keys such that any two `compatible` events share at least one (a superset).

    For finding candidate pairs without comparing every event with every other: same
    independent source; or same family, a date bucket and one of: a 3-D grid cell of
    side 2 x merge_max_km around the place (8 cells: each axis, the own cell and the
    nearer neighbour), the region (admin1, country), the place name.
    """
    keys: list[tuple] = [("source", item.source)]
    if item.days is None or item.precision in COARSE_PRECISIONS:
        return keys        # only copies of one story may merge such events
    window = max(0, settings.merge_max_days)
    width = max(DATE_BUCKET_DAYS, window)
    lo, hi = item.days
    ev = item.event
    # Two compatible dated events have days d_a, d_b with |d_a - d_b| <= merge_max_days;
    # the later one's day lies in both [lo, hi + window] ranges, so a bucket is shared.
    buckets = range(lo // width, (hi + window) // width + 1)
    lat, lon = ev.get("latitude"), ev.get("longitude")
    places: list[tuple] = []
    if lat is not None and lon is not None:
        places.extend(("cell",) + cell for cell in _near_cells(lat, lon, settings.merge_max_km))
        if ev.get("admin1"):
            places.append(("region", ev.get("country_code") or "", ev["admin1"]))
    if _norm(ev.get("location")):
        places.append(("name", _norm(ev.get("location"))))
    keys.extend((item.family, b) + p for b in buckets for p in places)
    return keys


def _near_cells(lat: float, lon: float, max_km: float) -> list[tuple[int, int, int]]:
    """Grid cells (side 2 x max_km) of the point on the sphere and of its nearer neighbours.

    Points within max_km along the surface are within max_km in straight line, hence
    within max_km on every axis: with cells twice that wide, both lie in the upper half of
    the lower cell / lower half of the upper one, so their cell sets share one cell.
    """
    side = 2.0 * max(max_km, 1e-6) * (1 + 1e-6)   # a hair wider: float error never splits a pair
    p, q = math.radians(lat), math.radians(lon)
    xyz = (EARTH_RADIUS_KM * math.cos(p) * math.cos(q), EARTH_RADIUS_KM * math.cos(p) * math.sin(q),
           EARTH_RADIUS_KM * math.sin(p))
    axes = []
    for v in xyz:
        c = math.floor(v / side)
        axes.append((c, c + 1 if v - c * side >= side / 2 else c - 1))
    return [(x, y, z) for x in axes[0] for y in axes[1] for z in axes[2]]
