"""The gold-set gate: strife must keep its accuracy on our own annotated articles.

`tests/gold/gold.jsonl` holds short articles we wrote, with hand-coded expected events.
`tests/gold/floors.json` pins, per field, the accuracy the pipeline reached when it was last
measured; this test fails when a change drops a field more than `slack` below its floor.
Raising a floor is a normal commit; lowering one needs a reason in the commit message.
"""
from __future__ import annotations

import json

import pytest

from strife.evaluation.records import load_gold
from strife.evaluation.report import evaluate
from tests.conftest import ROOT

GOLD_DIR = ROOT / "tests" / "gold"
GOLD_FILE = GOLD_DIR / "gold.jsonl"
FLOORS = json.loads((GOLD_DIR / "floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(gazetteer_settings):
    # The session's own gazetteer index, so the gate never depends on a user cache.
    return evaluate(GOLD_FILE, kind="gold", settings=gazetteer_settings)


def _misses(report, field: str) -> str:
    rows = [m for m in report["events"]["misses"] if m.get("field") == field]
    return "\n".join(f"  {m['id']}: expected {m['expected']!r}, got {m['got']!r}" for m in rows[:15])


def test_gold_set_is_big_enough_and_covers_every_event_type():
    records = load_gold(GOLD_FILE)
    assert len(records) >= 25
    types = {e.get("event_type") for r in records for e in r["expected"]}
    assert {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
            "Riots", "Strategic developments"} <= types
    assert any(not r["expected"] for r in records), "needs non-event articles"
    assert any(len(r["expected"]) > 1 for r in records), "needs an article with two incidents"


def test_gold_set_records_are_well_formed():
    for r in load_gold(GOLD_FILE):
        assert {"id", "text", "published", "expected"} <= set(r), r.get("id")
        for e in r["expected"]:
            if "location" in e:
                assert "latitude" in e and "longitude" in e, r["id"]


@pytest.mark.parametrize("field", sorted(FLOORS["fields"]))
def test_gold_gate_field_accuracy_stays_above_floor(report, field):
    floor = FLOORS["fields"][field]
    got = report["fields"].get(field, {}).get("accuracy") or 0.0
    assert got >= floor - FLOORS["slack"], (
        f"{field}: accuracy {got:.3f} fell below the pinned floor {floor:.3f} "
        f"(slack {FLOORS['slack']}). Misses:\n{_misses(report, field)}")


@pytest.mark.parametrize("measure", sorted(FLOORS["events"]))
def test_gold_gate_event_detection_stays_above_floor(report, measure):
    floor = FLOORS["events"][measure]
    got = report["events"].get(measure) or 0.0
    assert got >= floor - FLOORS["slack"], (
        f"{measure}: {got:.3f} fell below the pinned floor {floor:.3f} (slack {FLOORS['slack']})")


def test_gold_gate_no_article_fails(report):
    assert report["failed"] == 0
