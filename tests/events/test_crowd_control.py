"""Crowd-control fire (rubber pellets, rubber or plastic bullets) is protest policing, not an
attack (data/events/triggers.json: the attack cue's exclusions). Sentences are ours."""
from __future__ import annotations

import pytest

from strife.events.extract import extract_events
from strife.models import Article
from strife.settings import DEFAULT_SETTINGS

ATTACK_TYPES = {"Violence against civilians", "Battles", "Explosions/Remote violence"}


def events(nlp, text: str):
    return extract_events(nlp(text), Article(id="t", text=text, published="2021-06-02"), [], DEFAULT_SETTINGS)


@pytest.mark.parametrize("text", [
    "A confrontation between students and riot police near the campus left one student injured. "
    "The student appears to have been shot with rubber pellets.",
    "Two demonstrators were shot in the legs with plastic bullets as police cleared the square.",
])
def test_crowd_control_fire_is_not_an_attack(nlp, text):
    assert not [e for e in events(nlp, text) if e.event_type in ATTACK_TYPES]


def test_a_shooting_with_live_fire_is_still_an_attack(nlp):
    found = events(nlp, "Gunmen shot a shopkeeper in the market on Tuesday, police said.")
    assert any(e.event_type in ATTACK_TYPES for e in found)
