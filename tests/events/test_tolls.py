"""Tolls: a story's casualty statements, with who caused them and whether they sum many
incidents. Every sentence here is one we wrote."""
from __future__ import annotations

import pytest

from strife.events import extract_events, find_tolls
from strife.models import Article
from strife.settings import DEFAULT_SETTINGS

PUBLISHED = "2021-06-10"   # a Thursday


def tolls(nlp, text: str, country: str | None = "India"):
    return find_tolls(nlp(text), country)


def events(nlp, text: str):
    return extract_events(nlp(text), Article(id="t", text=text, published=PUBLISHED), [], DEFAULT_SETTINGS)


def test_tolls_running_total_of_police_firing_is_a_total_and_no_event(nlp):
    text = "Officials said that 64 people have been killed in police firing across the state so far."
    [t] = tolls(nlp, text)
    assert (t.role, t.best, t.total) == ("killed", 64, True)
    assert t.by and "Police" in t.by
    assert text[t.by_start:t.by_end] == "police"
    assert text[t.count_start:t.count_end].startswith("64")
    assert events(nlp, text) == []


def test_tolls_incident_then_total_keeps_both_apart(nlp):
    text = ("Gunmen shot dead four farmers near Rampur on Tuesday, bringing the number killed in "
            "the district this year to 212.")
    got = sorted((t.best, t.total) for t in tolls(nlp, text))
    assert got == [(4, False), (212, True)]
    [ev] = events(nlp, text)
    assert ev.fatalities == 4


@pytest.mark.parametrize("text,best,by", [
    ("Two youths were killed in police firing at the market on Sunday.", 2, "Police"),
    ("A shopkeeper was shot dead by the police during the curfew on Monday.", 1, "Police"),
    ("Troops opened fire on the crowd, killing three men.", 3, "Military"),
    ("Eleven villagers died in army shelling overnight.", 11, "Military"),
])
def test_tolls_name_who_caused_the_deaths(nlp, text, best, by):
    [t] = tolls(nlp, text)
    assert (t.role, t.best, t.total) == ("killed", best, False)
    assert t.by and by in t.by


@pytest.mark.parametrize("text", [
    "Two youths were killed when their car hit a tree on the highway.",
    "The minister said the police would be given new vehicles next month.",
    "Five people died of cholera in the camp last week.",
])
def test_tolls_need_a_named_cause_or_a_total(nlp, text):
    assert tolls(nlp, text) == []


def test_tolls_are_on_the_result_and_in_its_dict():
    import strife
    r = strife.extract("Officials said 30 people have been killed in police firing in the district "
                       "since the riots began.", published=PUBLISHED)
    assert [t.best for t in r.tolls] == [30]
    d = r.to_dict()
    assert d["tolls"][0]["total"] is True and d["tolls"][0]["role"] == "killed"
    assert r.events == []


def test_tolls_a_sides_claimed_figure_is_the_high_end_not_the_toll(nlp):
    text = ("Militants attacked an army post near Kismayo on Wednesday, killing at least six soldiers, "
            "an army officer said. The group claimed responsibility for the attack, saying it had "
            "killed 19 soldiers.")
    [ev] = events(nlp, text)
    assert (ev.fatalities, ev.fatalities_low, ev.fatalities_high) == (6, 6, 19)
    # a claim that is the only figure is the toll
    [ev] = events(nlp, "The group claimed an attack on an army post near Kismayo on Wednesday, saying it "
                       "had killed 19 soldiers.")
    assert ev.fatalities == 19
