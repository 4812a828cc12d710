"""The event's site: the named street, building or venue where the incident happened. Stories
are our own; towns come from the bundled gazetteer."""
from __future__ import annotations

import json

import pytest

import strife
from strife.events.venues import carry_sites
from strife.models import EVENT_FIELDS, Event, Evidence

PUBLISHED = "2021-06-12"   # a Saturday


def _site_evidence(r, ev):
    return [(e.field, r.article.text[e.start:e.end]) for e in ev.evidence if e.field.startswith("site")]


@pytest.mark.parametrize("text, site", [
    ("A bomb exploded at a bakery on Rue Victor Hugo in Lyon on Friday, injuring 13 people.",
     "Rue Victor Hugo"),
    ("Gunmen opened fire at the Shah Cheragh shrine in Shiraz on Friday, killing two worshippers.",
     "Shah Cheragh shrine"),
    ("A car bomb exploded on Haifa Street in Baghdad on Friday, killing four people.", "Haifa Street"),
    ("Militants stormed the Serena hotel in Kabul on Friday, killing six guests.", "Serena hotel"),
    ("The Cafeteria Rolando bombing in Madrid on Friday killed 12 people.", "Cafeteria Rolando"),
])
def test_site_named_where_the_incident_happened(text, site):
    r = strife.extract(text, published=PUBLISHED)
    assert r.events, text
    ev = r.events[0]
    assert ev.site == site
    assert ("site", site) in _site_evidence(r, ev)


def test_site_an_unnamed_spot_is_no_site():
    r = strife.extract("A bomb exploded at a bakery in Lyon on Friday, injuring 13 people.", published=PUBLISHED)
    assert r.events and r.events[0].site is None


def test_site_where_someone_only_spoke_is_not_the_incidents():
    r = strife.extract("Gunmen killed three police officers in Kandahar on Friday, the governor told "
                       "reporters at the Serena Hotel in Kabul.", published=PUBLISHED)
    assert r.events and r.events[0].site is None


def test_site_names_the_town_of_the_incident():
    # the truck was rented in one town; the bombing was of a building named after another
    r = strife.extract("A dealer in Lyon identified the man who rented the van used in the bombing "
                       "of the Marseille city hall on Friday.", published=PUBLISHED)
    ev = next(e for e in r.events if e.event_type == "Explosions/Remote violence")
    assert ev.site == "Marseille city hall"
    assert ev.location == "Marseille"


def test_site_a_later_mention_merged_into_the_incident_keeps_its_site():
    text = ("The Cafeteria Rolando bombing was an attack on 13 September 2021 in Madrid, which killed "
            "12 people.\n\nPolice questioned dozens of witnesses.\n\nTwo men were arrested on Friday "
            "for the Rolando bombing, police said.")
    r = strife.extract(text, published="2021-09-20")
    bombs = [e for e in r.events if e.sub_event_type == "Remote explosive/landmine/IED"]
    assert [e.site for e in bombs] == ["Cafeteria Rolando"]


def _event(sub: str, location: str, trigger: tuple[int, int], site=None) -> Event:
    ev = Event(article_id="a", sub_event_type=sub, location=location, geonameid=1)
    ev.evidence.append(Evidence("event_type", trigger[0], trigger[1], ""))
    if site is not None:
        ev.site = site[2]
        ev.evidence.append(Evidence("site", site[0], site[1], site[2]))
    return ev


def test_site_carried_to_a_separate_event_that_refers_back(nlp):
    doc = nlp("A bomb exploded at the Rolando cafe in Madrid. The bomb had been left at the door. "
              "A bomb also exploded in a market.")
    text = doc.text
    at = text.index
    first = _event("Remote explosive/landmine/IED", "Madrid", (at("bomb"), at("bomb") + 4),
                   (at("Rolando cafe"), at("Rolando cafe") + 12, "Rolando cafe"))
    back = _event("Remote explosive/landmine/IED", "Madrid", (at("The bomb") + 4, at("The bomb") + 8))
    other = _event("Remote explosive/landmine/IED", "Madrid", (at("A bomb also") + 2, at("A bomb also") + 6))
    elsewhere = _event("Remote explosive/landmine/IED", "Toledo", (at("The bomb") + 4, at("The bomb") + 8))
    carry_sites([first, back, other, elsewhere], doc)
    assert back.site == "Rolando cafe"
    assert [(e.field, e.text) for e in back.evidence if e.field.startswith("site")] == \
        [("site:coreferent", "Rolando cafe")]
    assert other.site is None        # "a bomb": a new incident, not the one told before
    assert elsewhere.site is None    # another place


def test_site_is_a_field_of_the_record_and_its_exports():
    assert "site" in EVENT_FIELDS
    r = strife.extract("A car bomb exploded on Haifa Street in Baghdad on Friday, killing four people.",
                       published=PUBLISHED)
    d = r.events[0].to_dict()
    assert d["site"] == "Haifa Street"
    assert json.loads(json.dumps(d))["site"] == "Haifa Street"


def test_site_named_after_another_town_leaves_the_incidents_town():
    r = strife.extract("On Friday night, in Makhachkala, an unidentified man fired a rocket at the Moscow "
                       "Cultural Center, damaging its windows.", published=PUBLISHED)
    ev = r.events[0]
    assert ev.site == "Moscow Cultural Center"
    assert ev.location == "Makhachkala"
