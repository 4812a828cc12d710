"""Counts: exact integers (no floats), and a cap (`max_count`) above which a count is
implausible: left empty, noted, confidence lowered; nothing overflows SQLite or Parquet."""
from __future__ import annotations

import pytest

import strife
from strife.events.limits import cap_counts
from strife.events.numbers import parse_quantity
from strife.models import Event


@pytest.mark.parametrize("text, best", [
    ("999999999999999999999", 999999999999999999999),   # a float would give 1e21
    ("1.5 million", 1_500_000),
    ("12,345", 12345),
    ("2.5", None),
    ("9" * 5000, None),                                   # not a count; int() would refuse it
])
def test_numbers_are_parsed_exactly_without_floats(text, best):
    q = parse_quantity(text)
    assert (q.best if q else None) == best


def test_counts_over_max_count_are_left_empty_and_noted():
    ev = Event(article_id="a", fatalities=10**21, fatalities_low=10**21, injured=4, confidence=0.8)
    cap_counts([ev], max_count=10_000_000)
    assert ev.fatalities is None and ev.fatalities_low is None and ev.injured == 4
    assert "implausible" in ev.notes and "max_count" in ev.notes and ev.confidence == 0.4


def test_implausible_toll_does_not_overflow_the_store(tmp_path, nlp):
    from strife.corpus.store import Store

    result = strife.extract("999999999999999999999 people were killed in Mosul on Monday, police said.",
                            published="2015-05-18")
    assert result.events and all(e.fatalities is None or e.fatalities <= 10_000_000 for e in result.events)
    with Store(str(tmp_path / "s.db")) as store, store.transaction():
        store.add_events(e.to_dict() for e in result.events)
