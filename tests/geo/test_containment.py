"""A town and the area written with it must nest: "Hinche, Centre", "Maan town in Hama
countryside", "Kindjandi (Gueskerou, Diffa)". All notes are written for these tests.
"""
from __future__ import annotations

import pytest

import strife
from strife.geo.places import _acronym_of, _containment_pairs, Proposal


@pytest.fixture(scope="module")
def run(gazetteer_settings):
    def _run(text: str):
        return strife.extract(text, published="2021-03-02", settings=gazetteer_settings)
    return _run


def _only(result):
    assert result.events, "expected an event"
    return result.events[0]


def test_town_and_area_pick_each_other(run):
    # "Centre" alone is most likely Burkina Faso's region; Hinche lies in Haiti's Centre
    r = run("On 3 March 2021, in Hinche, Centre, market traders went on strike and blocked "
            "the main road to protest against new fees.")
    ev = _only(r)
    assert ev.country_code == "HT"
    assert ev.location == "Hinche"
    assert any(p.text == "Centre" and p.country_code == "HT" for p in r.places)


def test_small_town_kept_when_its_area_agrees(run):
    # a weak name (no entity label, under 20,000 people) stays because its area confirms it
    r = run("On 4 March 2021, supporters of a party were beaten by unknown men in Mulanje "
            "(Mulanje, Southern).")
    assert _only(r).country_code == "MW"


def test_village_missing_from_gazetteer_goes_to_its_area(run):
    # "Maan" is a town in Jordan; written "in Hama countryside" it is a Syrian village
    r = run("On 5 March 2021, a landmine exploded under a tractor in Maan town in Hama "
            "countryside, killing a farmer.")
    ev = _only(r)
    assert ev.country_code == "SY"
    assert ev.geo_precision == 3            # the enclosing area, not a point in Jordan
    assert not any(p.country_code == "JO" for p in r.places)


def test_area_after_in_with_a_direction(run):
    r = run("On 6 March 2021, coalition air raids were reported on Al Jawf border governorate "
            "in northern Yemen with no report of casualties.")
    ev = _only(r)
    assert ev.country_code == "YE"


def test_nationality_after_a_comma_is_no_area(run):
    r = run("On 7 March 2021, in Poonch district, Pakistan troops opened fire on three Indian "
            "posts along the Line of Control.")
    ev = _only(r)
    assert ev.country_code == "IN"


def test_acronym_in_brackets_is_no_area():
    assert _acronym_of("NC", "cadres of the Nepali Congress")
    assert not _acronym_of("HP", "a protest in Lahaul Spiti")


def test_pairs_from_the_text():
    text = "Bati in Kolo, Doma (Fara, Mele) and Sana's Gira district"
    names = ["Bati", "Kolo", "Doma", "Fara", "Mele", "Sana", "Gira district"]
    props, pos = [], 0
    for n in names:
        start = text.index(n, pos)
        props.append(Proposal(start, start + len(n), n, "spacy:GPE", True))
        pos = start + len(n)
    pairs = set(_containment_pairs(props, text, {}))
    assert (0, 1) in pairs            # "Bati in Kolo"
    assert (1, 2) in pairs            # "Kolo, Doma"
    assert (2, 3) in pairs and (2, 4) in pairs   # "Doma (Fara, Mele)"
    assert (6, 5) in pairs            # "Sana's Gira district"


def test_foreign_forces_do_not_move_the_place(run):
    r = run("On 8 March 2021, Turkish forces shelled several villages in the western countryside "
            "of Tell Abiad in Ar-Raqqa. No casualties were reported.")
    assert _only(r).country_code == "SY"


def test_a_country_after_in_is_no_modifier(run):
    # "Yemen with ..." is followed by a lower-case word but is where it happened
    from strife.geo.focus import is_modifier
    text = "air raids in northern Yemen with no report of casualties"
    start = text.index("Yemen")
    assert not is_modifier(text, start + len("Yemen"), start)
    text = "protesters gathered at the US embassy"
    start = text.index("US")
    assert is_modifier(text, start + 2, start)



def test_chain_of_areas_settles_the_village(run):
    # the village is unknown, its sub-district is a variant name of an Indian town: the
    # outermost area named (Sylhet) decides
    r = run("A farmer was killed in a clash over a pond at Kolapara village in Jagannathpur "
            "upazila of Sylhet district on Wednesday.")
    assert _only(r).country_code == "BD"


def test_entity_widened_to_the_known_name(run):
    r = run("Two policemen were killed when militants fired rockets at a police post in "
            "Dera Ismail Khan on Monday.")
    ev = _only(r)
    assert ev.country_code == "PK" and ev.location == "Dera Ismail Khan"


def test_name_with_inner_capital_is_looked_up(run):
    r = run("On 8 May 2021, police dispersed a protest by traders in the capital NDjamena.")
    assert _only(r).country_code == "TD"


def test_where_sources_spoke_is_not_the_incident_place(run):
    r = run("Gunmen kidnapped the brother-in-law of the president in Colombia on Friday, "
            "according to family sources in Caracas.")
    assert _only(r).country_code == "CO"


def test_country_institutions_do_not_pull_the_focus(run):
    # all-caps wire copy: "U.S. CONGRESS", "U.S. AMBASSADOR" are no sign the story is there
    from strife.geo.focus import is_modifier
    text = "REPORTS FROM THE U.S. CONGRESS SAID THE U.S. AMBASSADOR WAS RECALLED"
    for start in (text.index("U.S."), text.rindex("U.S.")):
        assert is_modifier(text, start + 4, start)
    assert not is_modifier("clashes in Syria and Iraq", len("clashes in Syria"), len("clashes in "))
