"""Sites: one event per place when one sentence tells the same kind of incident at several
places. Stories are our own; the places come from the bundled gazetteer."""
from __future__ import annotations

import strife

PUBLISHED = "2021-06-12"   # a Saturday


def test_sites_a_listed_incident_gives_one_event_per_town():
    r = strife.extract("Guerrillas bombed police stations in Medellin, Cali and Pereira on Friday, "
                       "killing two officers, officials said.", published=PUBLISHED)
    assert sorted(e.location for e in r.events) == ["Cali", "Medellin", "Pereira"]
    assert len({e.event_id for e in r.events}) == 3
    assert {e.sub_event_type for e in r.events} == {"Remote explosive/landmine/IED"}
    # the toll is told once: it stays on the first event and is not multiplied
    assert sum(e.fatalities for e in r.events) == 2
    for e in r.events:
        loc = next(v for v in e.evidence if v.field == "location")
        assert r.article.text[loc.start:loc.end] == e.location


def test_sites_a_town_and_its_region_stay_one_event():
    r = strife.extract("Gunmen attacked a police station in Pereira, Risaralda, on Friday.",
                       published=PUBLISHED)
    assert [e.location for e in r.events] == ["Pereira"]


def test_sites_places_in_another_clause_are_not_sites():
    r = strife.extract("Guerrillas bombed a police station in Cali on Friday, and the mayor of Medellin "
                       "condemned the attack.", published=PUBLISHED)
    assert [e.location for e in r.events] == ["Cali"]


def test_sites_an_address_town_district_province_is_one_place():
    r = strife.extract("On 6 June 2021, residents protested in Pereira, Risaralda, Colombia, demanding water.",
                       published=PUBLISHED)
    assert len(r.events) == 1


def test_sites_between_two_towns_is_one_event():
    r = strife.extract("On 6 June 2021, gunmen exchanged fire with police between the cities of Cali and Pereira.",
                       published=PUBLISHED)
    assert len(r.events) == 1
