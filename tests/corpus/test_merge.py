"""Merging events across articles into incidents, and UCDP-style number reconciliation."""
from __future__ import annotations

import random

import pytest

from strife.corpus.merge import (
    actors_compatible,
    date_interval,
    family,
    haversine_km,
    merge_events,
    reconcile_counts,
)
from strife.settings import Settings

# Two points 3 km apart near Kabul, and one 40 km away.
KABUL = (34.5553, 69.2075)
KABUL_3KM = (34.5823, 69.2075)
FAR = (34.9, 69.2075)


def ev(event_id, article_id, *, date="2024-03-01", sub="Suicide bomb", where=KABUL,
       fatalities=0, low=None, high=None, actor1=None, actor2=None, location=None, **extra):
    base = {
        "event_id": event_id, "article_id": article_id, "event_date": date, "date_precision": "day",
        "event_type": "Explosions/Remote violence", "sub_event_type": sub,
        "actor1": actor1, "actor2": actor2, "latitude": where[0] if where else None,
        "longitude": where[1] if where else None, "geo_precision": 1 if where else None,
        "location": location, "country_code": "AF" if where or location else None,
        "fatalities": fatalities, "fatalities_low": low, "fatalities_high": high,
        "injured": 0, "confidence": 0.6, "notes": f"note {event_id}",
    }
    base.update(extra)
    return base


def groups(incidents):
    return sorted(sorted(e["event_id"] for e in inc.members) for inc in incidents)


@pytest.mark.parametrize("reports, expected", [
    # "at least 10", "12", "15": low = highest at-least, best = median, high = highest figure
    ([("a", 10, 10, None), ("b", 12, None, None), ("c", 15, None, None)], (12, 10, 15)),
    # one source only
    ([("a", 7, None, None)], (7, 7, 7)),
    # "up to 30" raises high; median of 8 and 9 (lower middle) is 8
    ([("a", 8, None, None), ("b", 9, None, 30)], (8, 8, 30)),
    # best never below the highest "at least"
    ([("a", 4, None, None), ("b", 5, None, None), ("c", 20, 20, None)], (20, 20, 20)),
    # two copies of one source count once toward the median (its highest figure)
    ([("a", 3, None, None), ("a", 4, None, None), ("b", 10, None, None), ("c", 11, None, None)], (10, 4, 11)),
    # zero with no bounds means no number was given
    ([("a", 0, None, None), ("b", 0, None, None)], (0, None, None)),
    ([("a", 0, None, None), ("b", 6, None, None)], (6, 6, 6)),
])
def test_reconcile_counts_is_ucdp_style(reports, expected):
    assert reconcile_counts(reports) == expected


@pytest.mark.parametrize("a, b, ok", [
    ({"actor1": "Taliban"}, {"actor1": "Taliban", "actor2": "Civilians (Afghanistan)"}, True),
    ({"actor1": "Taliban"}, {"actor1": "Islamic State"}, False),
    ({"actor1": "Unidentified Armed Group (Afghanistan)"}, {"actor1": "Islamic State"}, True),
    ({"actor1": None}, {"actor1": "Islamic State"}, True),
    ({"actor1": "Islamic State", "actor2": "Military Forces of Iraq"},
     {"actor1": "Military Forces of Iraq"}, True),
])
def test_actors_compatible(a, b, ok):
    assert actors_compatible(a, b) is ok


def test_families_group_remote_violence_sub_types():
    assert family({"sub_event_type": "Air/drone strike"}) == family({"sub_event_type": "Shelling/artillery/missile attack"})
    assert family({"sub_event_type": "Air/drone strike"}) != family({"sub_event_type": "Armed clash"})
    assert family({"sub_event_type": "Arrests"}) == "Arrests"


def test_date_interval_widens_with_precision():
    assert date_interval("2024-03-10", "week") == (date_interval("2024-03-04", "day")[0], date_interval("2024-03-10", "day")[0])
    assert date_interval("2024-03-05", "day")[1] - date_interval("2024-03-05", "day")[0] == 0
    lo, hi = date_interval("2024-02-10", "month")
    assert hi - lo == 28  # February 2024 has 29 days
    assert date_interval(None, "day") is None
    assert date_interval("not a date", "day") is None


def test_haversine_km_of_a_known_distance():
    assert haversine_km(*KABUL, *KABUL_3KM) == pytest.approx(3.0, abs=0.1)


def test_same_incident_from_three_outlets_becomes_one_incident():
    events = [ev("e1", "a1", fatalities=10, low=10), ev("e2", "a2", where=KABUL_3KM, fatalities=12),
              ev("e3", "a3", date="2024-03-02", fatalities=15)]
    (inc,) = merge_events(events)
    rec = inc.record
    assert (rec["fatalities"], rec["fatalities_low"], rec["fatalities_high"]) == (12, 10, 15)
    assert rec["n_sources"] == 3 and rec["n_articles"] == 3 and rec["n_events"] == 3
    assert rec["event_date"] == "2024-03-01"


@pytest.mark.parametrize("second, why", [
    (ev("e2", "a2", where=FAR), "40 km away"),
    (ev("e2", "a2", date="2024-03-04"), "three days later"),
    (ev("e2", "a2", sub="Armed clash"), "another sub-type family"),
    (ev("e2", "a1"), "same article: the extractor already split them"),
    (ev("e2", "a2", where=None), "no place to compare"),
])
def test_events_that_stay_apart(second, why):
    first = ev("e1", "a1", actor1="Taliban")
    assert len(merge_events([first, second])) == 2, why


def test_conflicting_actors_stay_apart():
    assert len(merge_events([ev("e1", "a1", actor1="Taliban"), ev("e2", "a2", actor1="Islamic State")])) == 2


def test_same_named_place_without_coordinates_merges():
    events = [ev("e1", "a1", where=None, location="Jalalabad"), ev("e2", "a2", where=None, location="jalalabad")]
    assert len(merge_events(events)) == 1


def test_copies_merge_without_a_place_but_count_as_one_source():
    events = [ev("e1", "orig", where=None, fatalities=4), ev("e2", "copy", where=None, fatalities=5)]
    (inc,) = merge_events(events, original_of={"copy": "orig"})
    assert inc.record["n_sources"] == 1 and inc.record["n_articles"] == 2
    assert inc.record["fatalities"] == 5  # one source: its highest figure


def test_events_without_dates_use_the_published_date():
    events = [ev("e1", "a1", date=None), ev("e2", "a2", date=None)]
    assert len(merge_events(events, published={"a1": "2024-03-01", "a2": "2024-03-02"})) == 1
    assert len(merge_events(events, published={"a1": "2024-03-01", "a2": "2024-03-09"})) == 2


def test_week_dated_reports_merge_only_when_their_weeks_overlap():
    day = ev("e1", "a1", date="2024-03-06")
    same_week = ev("e2", "a2", date="2024-03-09", date_precision="week")   # 3-9 March
    next_week = ev("e3", "a3", date="2024-03-16", date_precision="week")   # 10-16 March
    assert len(merge_events([day, same_week])) == 1
    assert len(merge_events([same_week, next_week])) == 2
    assert len(merge_events([day, next_week])) == 2


def test_a_year_or_month_date_joins_only_copies_of_its_own_story():
    vague = ev("e1", "a1", date="2024-06-30", date_precision="year")
    precise = ev("e2", "a2", date="2024-03-01")
    assert len(merge_events([vague, precise])) == 2
    assert len(merge_events([vague, precise], original_of={"a2": "a1"})) == 1


def test_no_chaining_across_a_week_of_daily_strikes():
    # Daily strikes on one town: each day is within a day of the next, but not of all.
    events = [ev(f"e{d}", f"a{d}", date=f"2024-03-0{d}") for d in range(1, 8)]
    incidents = merge_events(events)
    assert len(incidents) >= 3
    for inc in incidents:
        days = sorted(int(e["event_date"][-1]) for e in inc.members)
        assert days[-1] - days[0] <= 1


def test_merge_is_deterministic_whatever_the_input_order():
    events = [ev("e1", "a1"), ev("e2", "a2", where=KABUL_3KM), ev("e3", "a3", where=FAR),
              ev("e4", "a4", date="2024-03-02"), ev("e5", "a5", sub="Armed clash")]
    first = merge_events(events)
    for seed in range(5):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        again = merge_events(shuffled)
        assert groups(again) == groups(first)
        assert sorted(i.incident_id for i in again) == sorted(i.incident_id for i in first)


def test_merge_distance_is_a_setting():
    events = [ev("e1", "a1"), ev("e2", "a2", where=FAR)]
    assert len(merge_events(events, settings=Settings(merge_max_km=50.0))) == 1
