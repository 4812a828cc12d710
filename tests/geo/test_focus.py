"""Story focus: where a story is, places resolved inside it, a country for every event.

All stories are written for these tests.
"""
from __future__ import annotations

import pytest

import strife
from strife.geo.distance import haversine_km
from strife.geo.focus import (
    Focus,
    UnknownCountryError,
    actor_countries,
    complete_events,
    country_code_of,
    mark_places,
)
from strife.models import Article, Event, Evidence, Place


@pytest.fixture(scope="module")
def run(gazetteer_settings):
    def _run(text: str, hint: str | None = None):
        return strife.extract(text, published="2021-03-02", settings=gazetteer_settings, country_hint=hint)
    return _run


def _countries(result):
    return [e.country_code for e in result.events]


def test_country_hint_parses_codes_and_names():
    assert country_code_of("ye") == "YE"
    assert country_code_of("Lebanon") == "LB"
    assert country_code_of(None) is None
    with pytest.raises(UnknownCountryError):
        country_code_of("Atlantis")


def test_actor_table_ties_groups_to_countries():
    found = {m.text: m.label for m in actor_countries("Houthi fighters and Al Shabaab militants met Boko Haram")}
    assert found == {"Houthi": "focus:actor:YE", "Al Shabaab": "focus:actor:SO", "Boko Haram": "focus:actor:NG"}


def test_agency_dateline_is_not_the_incident_place(run):
    r = run("NAIROBI, Kenya (AP) — A car bomb exploded at a busy checkpoint in Mogadishu on "
            "Saturday, killing at least ten people, Somali police said.")
    assert r.focus.country_code == "SO"
    assert _countries(r) and set(_countries(r)) == {"SO"}
    assert r.events[0].location == "Mogadishu"


def test_event_without_place_gets_its_actors_country(run):
    r = run("Houthi fighters shelled government positions on Tuesday, killing three soldiers, "
            "local officials said.")
    assert r.events and all(e.country == "Yemen" for e in r.events)


def test_country_hint_resolves_an_ambiguous_town(run):
    text = "Protesters gathered outside the court house in Tripoli on Friday and blocked the main road."
    assert _countries(run(text)) == ["LY"]
    hinted = run(text, "Lebanon")
    assert _countries(hinted) == ["LB"]
    assert hinted.focus.source == "hint"


def test_village_the_gazetteer_lacks_goes_to_the_known_town_nearby(run):
    r = run("On 2 March 2021, gunmen attacked the village of Kelwandi (Bankass, Mopti), killing two herders.")
    ev = r.events[0]
    assert ev.country == "Mali"
    assert ev.geo_precision == 2


def test_relative_phrase_places_the_event_at_the_named_town(run):
    r = run("BAGHDAD (Reuters) - A suicide bomber killed 12 people at a checkpoint in the western "
            "town of Haditha, 240 kilometers northwest of Baghdad, police said on Sunday.")
    ev = r.events[0]
    assert haversine_km(ev.latitude, ev.longitude, 34.14, 42.38) < 25
    assert ev.country_code == "IQ"


def test_relative_phrase_with_unknown_town_is_offset_from_the_reference(run):
    r = run("Gunmen attacked an army checkpoint 40 kilometers north of Mosul on Monday, killing four soldiers.")
    ev = r.events[0]
    assert ev.geo_precision == 2
    assert 30 < haversine_km(ev.latitude, ev.longitude, 36.34, 43.13) < 50


def test_country_used_as_modifier_is_not_the_place(run):
    r = run("On 28 April 2021, rioters angry at the high US dollar exchange rate blocked roads in "
            "Sidon and hurled rocks at soldiers, the Lebanese army said.")
    assert _countries(r) and set(_countries(r)) == {"LB"}


MIXED = ("SAN SALVADOR, 12 Feb 90 -- Guerrillas of the Farabundo Marti National Liberation Front "
         "attacked a military post in Usulutan department on Sunday, killing three soldiers, the "
         "armed forces said. Army spokesman Colonel Walker said the rebels fled toward the Lempa river.")


def test_upper_case_story_resolves_like_mixed_case(run):
    mixed, upper = run(MIXED), run(MIXED.upper())
    assert _countries(mixed) and set(_countries(mixed)) == {"SV"}
    assert _countries(upper) and set(_countries(upper)) == {"SV"}
    assert upper.focus.country_code == mixed.focus.country_code == "SV"


def test_short_words_in_upper_case_text_are_not_places(run):
    r = run("SAN SALVADOR, 12 FEB 90 -- THE US EMBASSY SAID LA PAZ AND US OFFICIALS MET IN THE CAPITAL.")
    assert not [p for p in r.places if p.text in ("US", "LA")]


def test_short_capital_words_stay_unplaced_after_truecasing():
    """A wire story sent in capitals is truecased before parsing; "LA PAZ" must not leave a
    bare "La" that resolves to Louisiana."""
    import strife

    text = ("LA PAZ, 20 DEC 89 (EFE) -- [TEXT] A POWERFUL DYNAMITE CHARGE TODAY EXPLODED NEAR THE "
            "AMERICAN EMBASSY IN LA PAZ.  THE POLICE SAID THE BLAST DAMAGED EVERY BUILDING ON THE BLOCK.")
    result = strife.extract(text, published="1989-12-20")
    assert "Louisiana" not in {p.name for p in result.places}
    assert {e.country for e in result.events} <= {"Bolivia"}


def test_a_street_named_after_a_town_or_region_is_not_where_it_happened(run):
    r = run("SANTIAGO, Chile (AP) - A bomb went off on Monday at the gate of the state university on "
            "Bernardo O'Higgins Avenue, between San Diego and Arturo Prat streets, police said.")
    assert r.events and all(e.country_code == "CL" for e in r.events)
    assert all(e.location not in ("San Diego", "Libertador General Bernardo O'Higgins") for e in r.events)


def test_a_country_naming_someone_of_it_does_not_pull_a_town_there(run):
    # "Bogota" is also a small town in New Jersey: "the US president" says nothing of where
    r = run("Hundreds of students marched in Bogota on Monday to protest the visit of the US president.")
    assert [e.country_code for e in r.events] == ["CO"]


def test_a_town_of_its_own_in_the_same_region_is_another_incident(run):
    # "Qochapampa" is an invented village: unknown to the gazetteer, it still names a site
    # apart from Tingo Maria, though both sentences name the department
    res = run("Gunmen murdered four members of a family in Tingo Maria, Huanuco Department, on Monday. "
              "El Comercio reported that the gunmen also attacked the town hall in Qochapampa, in "
              "Huanuco Department.")
    assert len(res.events) == 2
    assert res.events[0].fatalities == 4 and res.events[1].fatalities == 0
    assert {e.country_code for e in res.events} == {"PE"}


# ---------------------------------------------------------------- foreign bureaus

def test_dateline_naming_its_country_is_a_hint_when_the_body_is_elsewhere(run):
    r = run("MONTEVIDEO (URUGUAY), 22 AUG 89 (EL DIA) -- PRESIDENT SANGUINETTI SENT A TELEGRAM TO "
            "THE COLOMBIAN PRESIDENT OVER THE MURDER OF A COLOMBIAN JUDGE BY DRUG TRAFFICKERS. HE "
            "SAID THE COLOMBIAN PEOPLE WOULD TRIUMPH.")
    assert r.focus.country_code == "CO"


def test_home_dateline_keeps_its_weight(run):
    # a bare home-town dateline: the United States named as a trip's destination does not win
    r = run("SAN SALVADOR, 15 JAN 90 (ACAN-EFE) -- SALVADORAN PRESIDENT CRISTIANI POSTPONED HIS TRIP "
            "TO THE UNITED STATES. GUERRILLAS OF THE FMLN BLEW UP A POWER PYLON IN USULUTAN "
            "DEPARTMENT ON SUNDAY.")
    assert r.focus.country_code == "SV"
    assert _countries(r) == ["SV"]


def test_reaction_in_a_foreign_capital_is_placed_in_the_story_country():
    text = ("Students in Havana repudiated the murder of six priests by Salvadoran soldiers. "
            "The army denied it.")
    start = text.index("murder")
    havana = Place(start=12, end=18, text="Havana", name="Havana", latitude=23.13, longitude=-82.38,
                   geonameid=3553478, country_code="CU", country="Cuba", feature_code="PPLC")
    ev = Event(article_id="a", event_type="Violence against civilians", country="Cuba", country_code="CU",
               location="Havana", latitude=23.13, longitude=-82.38, geonameid=3553478, geo_precision=1,
               evidence=[Evidence("event_type", start, start + 6, "murder")])
    focus = Focus(country_code="SV", country="El Salvador", source="story", countries={"SV": 3.0},
                  named={"SV"})
    complete_events([ev], focus, [havana], Article(id="a", text=text))
    assert ev.country_code == "SV" and ev.latitude is None


def test_a_part_of_a_foreign_country_is_a_place_not_a_reaction_abroad():
    text = ("A Salvadoran politician was found dead on Saturday in a town in southeastern Guatemala "
            "near the border.")
    start = text.index("found dead")
    at = text.index("Guatemala")
    guatemala = Place(start=at, end=at + 9, text="Guatemala", name="Guatemala", latitude=15.5, longitude=-90.25,
                      geonameid=3595528, country_code="GT", country="Guatemala", feature_code="PCLI")
    ev = Event(article_id="a", event_type="Violence against civilians", country="Guatemala", country_code="GT",
               location="Guatemala", latitude=15.5, longitude=-90.25, geonameid=3595528, geo_precision=3,
               evidence=[Evidence("event_type", start, start + 10, "found dead"),
                         Evidence("location", at, at + 9, "Guatemala")])
    focus = Focus(country_code="SV", country="El Salvador", source="story", countries={"SV": 3.0},
                  named={"SV"})
    complete_events([ev], focus, [guatemala], Article(id="a", text=text))
    assert ev.country_code == "GT" and ev.location == "Guatemala"


def test_a_country_inside_a_place_name_does_not_support_the_place():
    # "Chad" in "Lake Chad" does not tie the lake to a Nigerian story
    text = "Nigerian troops shelled militant positions in Borno and at Lake Chad on Monday."
    start = text.index("Lake Chad")
    lake = Place(start=start, end=start + 9, text="Lake Chad", name="Lake Chad", latitude=13.0,
                 longitude=14.0, country_code="TD", country="Chad", feature_code="LK")
    focus = Focus(country_code="NG", country="Nigeria", source="story", countries={"NG": 4.0, "TD": 1.0},
                  named={"NG"})
    mark_places(Article(id="a", text=text), [lake], focus)
    assert lake.in_focus is False
