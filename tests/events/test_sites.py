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


# --- lists read from the sentence's surface -------------------------------------------------

MUC_DAY = "1990-03-10"


def _places(r) -> list[tuple[str, str | None, int | None]]:
    return [(e.location, e.country_code, e.geo_precision) for e in r.events]


def test_sites_villages_the_gazetteer_lacks_get_events_in_the_named_department():
    r = strife.extract("Guerrillas attacked police posts in the villages of Chacrapampa, Huaylluni and "
                       "Quenuaya, in Junin department, on Friday, killing three officers.", published=PUBLISHED)
    assert [e.location for e in r.events] == ["Chacrapampa", "Huaylluni", "Quenuaya"]
    assert {e.country_code for e in r.events} == {"PE"}
    assert {e.admin1 for e in r.events} == {"Junin"}
    assert {e.geo_precision for e in r.events} == {3}   # placed at the department
    assert [e.fatalities for e in r.events] == [3, 0, 0]
    for e in r.events:   # each event's place is its own name in the text
        loc = next(v for v in e.evidence if v.field == "location")
        assert r.article.text[loc.start:loc.end] == e.location


def test_sites_a_list_in_capitals_is_read_after_truecasing():
    r = strife.extract("LIMA, 10 MAR 90 -- [TEXT] SHINING PATH GUERRILLAS YESTERDAY ATTACKED POLICE POSTS IN THE "
                       "TOWNS OF CHACRAPAMPA, HUAYLLUNI AND QUENUAYA, IN JUNIN DEPARTMENT, THE POLICE REPORTED.",
                       published=MUC_DAY)
    assert sorted(e.location for e in r.events) == ["Chacrapampa", "Huaylluni", "Quenuaya"]
    assert {e.country_code for e in r.events} == {"PE"}


def test_sites_a_place_borrowed_from_the_dateline_gives_way_to_the_list():
    r = strife.extract("LIMA, 10 MAR 90 -- [TEXT] TERRORISTS YESTERDAY BURNED THE TOWN HALLS IN THE VILLAGES OF "
                       "CHACRAPAMPA AND QUENUAYA, THE POLICE REPORTED.", published=MUC_DAY)
    assert sorted(e.location for e in r.events) == ["Chacrapampa", "Quenuaya"]
    assert {e.country_code for e in r.events} == {"PE"}


def test_sites_in_one_town_and_in_another():
    r = strife.extract("Rebels bombed banks in Huancayo and in Jauja on Friday, police said.", published=PUBLISHED)
    assert [e.location for e in r.events] == ["Huancayo", "Jauja"]
    assert [e.geo_precision for e in r.events] == [1, 1]


def test_sites_an_open_list_gives_an_event_per_named_town():
    r = strife.extract("Rebels burned buses in Huancayo, Jauja and other towns on Friday, police said.",
                       published=PUBLISHED)
    assert sorted(e.location for e in r.events) == ["Huancayo", "Jauja"]


def test_sites_between_two_villages_is_one_place():
    r = strife.extract("Gunmen ambushed a police patrol on the road between the villages of Chacrapampa and "
                       "Quenuaya, in Junin department, on Friday.", published=PUBLISHED)
    assert len(r.events) == 1
    assert r.events[0].location not in ("Chacrapampa", "Quenuaya")


def test_sites_two_lists_in_one_sentence_are_not_split():
    r = strife.extract("Rebels bombed banks in Huancayo and Jauja and burned buses in Chacrapampa and Quenuaya "
                       "on Friday, police said.", published=PUBLISHED)
    assert not {"Chacrapampa", "Quenuaya"} & {e.location for e in r.events}


def test_sites_people_after_a_locative_word_are_no_sites():
    r = strife.extract("Gunmen fired at Pedro Gomez and Luis Vargas in Huancayo on Friday, police said.",
                       published=PUBLISHED)
    assert [e.location for e in r.events] == ["Huancayo"]


def test_sites_names_qualifying_a_noun_are_no_list():
    r = strife.extract("Bombs exploded at the Soviet and Chinese embassies in Lima on Friday, police said.",
                       published=PUBLISHED)
    assert [e.location for e in r.events] == ["Lima"]


def test_an_incident_with_no_place_of_its_own_is_in_the_town_its_paragraph_opens_with():
    text = ("ABUJA, June 12 (Reuters) - Militants enforced a strike in Kaduna and two other northern cities "
            "on Saturday. The governor of Kaduna called the strike illegal. Kaduna's markets were empty.\n\n"
            "Maiduguri, 870 km northeast of Abuja, was quiet on Saturday morning. Shops and banks stayed shut. "
            "A car was destroyed by a bomb.")
    r = strife.extract(text, published=PUBLISHED)
    bombs = [e for e in r.events if e.sub_event_type == "Remote explosive/landmine/IED"]
    assert [e.location for e in bombs] == ["Maiduguri"]
    # an incident with a town of its own keeps it
    r = strife.extract(text.replace("A car was destroyed by a bomb.", "A car was destroyed by a bomb in Damaturu."),
                       published=PUBLISHED)
    assert [e.location for e in r.events if e.sub_event_type == "Remote explosive/landmine/IED"] == ["Damaturu"]


def test_sites_a_toll_shared_out_over_towns_is_one_incident_per_town_with_its_share():
    r = strife.extract("MAIDUGURI, June 12 (Reuters) - Insurgents killed three villagers in Damasak, two in "
                       "Mubi and four in Gwoza on Friday, police said.", published=PUBLISHED)
    assert sorted((e.location, e.fatalities) for e in r.events) == [("Damasak", 3), ("Gwoza", 4), ("Mubi", 2)]
    assert len({e.event_id for e in r.events}) == 3
    # a share in a village the gazetteer lacks is placed at the area its address names
    r = strife.extract("MAIDUGURI, June 12 (Reuters) - Insurgents killed three villagers in Zangebe Kura, "
                       "northern Borno state, and two in Mubi on Friday.", published=PUBLISHED)
    got = sorted((e.location, e.admin1, e.fatalities) for e in r.events)
    assert got == [("Mubi", "Adamawa", 2), ("Zangebe Kura", "Borno", 3)]
    # one town, one toll: nothing to share out
    r = strife.extract("MAIDUGURI, June 12 (Reuters) - Insurgents killed five villagers in Damasak on Friday.",
                       published=PUBLISHED)
    assert [(e.location, e.fatalities) for e in r.events] == [("Damasak", 5)]


def test_sites_a_toll_shared_out_in_a_later_sentence_of_the_incident():
    r = strife.extract("MAIDUGURI, June 12 (Reuters) - In the past few hours insurgents murdered a police "
                       "inspector and two of his brothers, who were farmers. The three were accused of being "
                       "army informers. The group has started a new wave of violence. It has murdered three "
                       "farmers in Damasak, two in Mubi and four in Gwoza.", published=PUBLISHED)
    assert sorted((e.location, e.fatalities) for e in r.events) == [("Damasak", 3), ("Gwoza", 4), ("Mubi", 2)]
