"""Trigger checks: words of the lexicon that tell no incident in their sentence. Stories are
our own."""
from __future__ import annotations

import pytest

import strife

PUBLISHED = "2021-06-12"   # a Saturday


@pytest.mark.parametrize("text", [
    # the end of an agreement is not an agreement
    "The talks in Geneva came to nothing and the ceasefire collapsed on Friday.",
    "Rebels broke the truce in Idlib province on Friday, officials said.",
    # leaving a building is not a walkout
    "A camera showed the suspect buy a coffee and later walk out of the restaurant in Wichita on Friday.",
    # taking an order is not taking a town; the place is in a clause about someone else
    "In Topeka, the owner said she took a phone order from a caller who asked for delivery to a room "
    "at the Starlight Motel in Salina.",
    # a weapon someone only tried to use
    "Three militants tried to plant a roadside bomb near a police post in Kandahar on Friday night, "
    "police said.",
    # what is announced about a disease is no incident either
    "A health official in Maracay announced on Friday that eight people died of an unidentified disease.",
])
def test_checks_no_event_from(text):
    r = strife.extract(text, published=PUBLISHED)
    assert [e.sub_event_type for e in r.events] == [], text


@pytest.mark.parametrize("text, sub", [
    ("The two sides signed a ceasefire in Juba on Friday, officials said.", "Agreement"),
    ("Hundreds of workers walked out of the factory in Lahore on Friday to protest unpaid wages.",
     "Peaceful protest"),
    ("Rebels took the town of Kidal on Friday after heavy fighting, the army said.",
     "Non-state actor overtakes territory"),
    ("Militants planted a roadside bomb near a police post in Kandahar on Friday, killing two officers.",
     "Remote explosive/landmine/IED"),
    ("Police announced on Friday that gunmen killed eight villagers in Zamfara.", "Attack"),
])
def test_checks_the_incident_itself_still_counts(text, sub):
    r = strife.extract(text, published=PUBLISHED)
    assert sub in [e.sub_event_type for e in r.events], [e.sub_event_type for e in r.events]
