"""Places in short conflict notes: place phrases ("on the island of X", "the countryside of
X"), areas in brackets and after commas, abbreviations spelled out in brackets, city-district
compounds, Romance names with "do"/"de", and names the tagger took for common nouns.

All notes are written for these tests.
"""
from __future__ import annotations

import pytest

import strife
from strife.geo.gazetteer import open_gazetteer
from strife.geo.places import _main_place, _spelled_out_acronyms, propose_toponyms
from strife.models import Place


@pytest.fixture(scope="module")
def run(gazetteer_settings):
    def _run(text: str):
        return strife.extract(text, published="2021-03-10", settings=gazetteer_settings)
    return _run


def _only(result):
    assert result.events, "expected an event"
    return result.events[0]


@pytest.mark.parametrize("text, name", [
    ("Police on the island of Kalymnos seized a boat loaded with explosives.", "Kalymnos"),
    ("Reinforcements reached a village in the northern countryside of Ar-Raqqa.", "Ar-Raqqa"),
])
def test_head_of_name_is_a_place_phrase(nlp, gazetteer_settings, text, name):
    gaz = open_gazetteer(gazetteer_settings)
    props = [p for p in propose_toponyms(nlp(text), gaz.known) if p.text == name]
    assert props and props[0].after_place_prep


def test_island_named_after_head_word_is_placed(run):
    ev = _only(run("On 7 March 2021, police on the island of Kalymnos seized a boat loaded with explosives."))
    assert ev.country_code == "GR"


def test_capitalised_name_tagged_as_noun_after_in_is_proposed(run):
    ev = _only(run("On 8 March 2021, gunmen abducted two farmers near a checkpoint in Dar'a for "
                   "unknown reasons."))
    assert ev.country_code == "SY"


def test_area_in_brackets_beats_a_bigger_namesake_abroad(run):
    # Villa Nueva is a large city in Guatemala; "(Mendoza)" puts this one in Argentina
    ev = _only(run("On 11 March 2021, around Villa Nueva (Mendoza), neighbours banged pots to "
                   "protest against the release of prisoners."))
    assert ev.country_code == "AR"


def test_ambiguous_area_in_brackets_does_not_move_a_town(run):
    # "Southern" names regions of several countries: it cannot take Balaka out of Malawi
    ev = _only(run("On 12 March 2021, unknown people torched a party vehicle in Balaka "
                   "(Balaka, Southern)."))
    assert ev.country_code == "MW"


def test_first_level_area_after_a_comma_places_a_small_town_abroad_in_it(run):
    ev = _only(run("On 9 March 2021, in El Alto, La Paz, a group of citizens blocked a bridge to "
                   "demand elections and were dispersed by police."))
    assert ev.country_code == "BO"


def test_spelling_variant_town_abroad_without_support_is_not_placed(run):
    r = run("On 9 March 2021, Turkish and Russian forces conducted a joint patrol in the town of "
            "Madhba'a and its countryside in Al-Hasakeh.")
    assert _only(r).country_code == "SY"
    assert not any(p.country_code == "JO" for p in r.places)


def test_hamlet_abroad_sharing_a_districts_name_is_not_placed(run):
    # the gazetteer knows Villa El Salvador only as a small town in Argentina; the story is
    # filed in Lima and names nothing in Argentina
    r = run("LIMA, 9 March 2021 -- A city councillor was shot dead this afternoon by two gunmen "
            "who were waiting for him in front of his shop in the Villa El Salvador district.")
    assert _only(r).country_code == "PE"
    assert not any(p.country_code == "AR" for p in r.places)
    # the same hamlet with its country named stays where the story puts it
    r = run("A city councillor was shot dead on 8 March by two gunmen in Villa El Salvador, "
            "San Juan, Argentina.")
    assert _only(r).country_code == "AR"


def test_abbreviation_spelled_out_in_brackets_is_not_a_place(run):
    r = run("On 6 March 2021, a roadside bomb hit the car of the Hodan District Commissioner (DC) "
            "in Mogadishu-Hodan district (Hodan, Banadir). The DC was unhurt.")
    assert _only(r).country_code == "SO"
    assert not any(p.country_code == "US" for p in r.places)


def test_spelled_out_acronyms_need_the_initials_before_the_bracket():
    from strife.geo.places import Proposal
    text = "the District Commissioner (DC) met the mayor of Washington (DC) later"
    first, second = text.index("DC"), text.rindex("DC")
    props = [Proposal(first, first + 2, "DC", "propn", False),
             Proposal(second, second + 2, "DC", "propn", False)]
    assert _spelled_out_acronyms(props, text) == {"DC"}
    assert _spelled_out_acronyms([props[1]], text) == set()


def test_city_district_compound_is_in_the_city(run):
    ev = _only(run("On 13 March 2021, two groups of soldiers exchanged fire near a checkpoint in "
                   "Mogadishu-Karaan district."))
    assert ev.country_code == "SO"
    assert ev.location == "Mogadishu"


def test_romance_name_with_do_is_one_name(run):
    r = run("On 5 March 2021, farmers held a sit-in in Dourados, Mato Grosso do Sul, demanding land titles.")
    assert any(p.text == "Mato Grosso do Sul" and p.country_code == "BR" for p in r.places)
    assert _only(r).country_code == "BR"


def test_a_demonym_is_not_the_story_main_place():
    saudi = Place(start=0, end=5, text="Saudi", source="demonym", in_focus=True,
                  latitude=24.0, longitude=45.0, country_code="SA", feature_code="PCLI")
    assert _main_place([saudi]) is None


def test_quamishli_spelling_meets_qamishli():
    from strife.geo.gazetteer import loosen, normalize
    assert loosen(normalize("Quamishli")) == loosen(normalize("Qamishli"))


def test_tribal_mobilization_forces_are_iraqi():
    from strife.geo.focus import actor_countries
    assert {m.label for m in actor_countries("Two TMF fighters were killed at a checkpoint.")} == {"focus:actor:IQ"}


def test_a_district_is_not_a_town_that_merely_lists_its_name(run):
    r = run("On 14 March 2021, troops exchanged fire across the line in Haveli district on Sunday.")
    assert not any(p.name == "Haveli Lakha" for p in r.places)
