"""Where the story is when it says little: names inside other names, possessive and
bracketed areas, short notes, stories filed abroad, lower-case copies.

All stories are written for these tests.
"""
from __future__ import annotations

import pytest

import strife
from strife.geo.focus import Focus, actor_countries, complete_events
from strife.models import Article, Event, Evidence


@pytest.fixture(scope="module")
def run(gazetteer_settings):
    def _run(text: str, hint: str | None = None):
        return strife.extract(text, published="2021-03-02", settings=gazetteer_settings, country_hint=hint)
    return _run


def _only(result):
    assert result.events, "expected an event"
    return result.events[0]


def test_town_inside_an_organisation_name_gives_the_country(run):
    r = run("Teachers of Rajshahi University staged a protest on the campus on Sunday "
            "demanding higher pay.")
    ev = _only(r)
    assert ev.country_code == "BD"
    assert ev.location == "Rajshahi" and ev.geo_precision == 2
    assert not any(p.text == "Rajshahi" for p in r.places)   # a clue, not a place of the story


def test_area_inside_an_organisation_name_gives_the_country(run):
    r = run("The Kerala Transport Workers Federation staged a protest against the fare rise.")
    assert _only(r).country_code == "IN"


def test_possessive_area_qualifies_the_district(run):
    r = run("Two rangers were wounded when a bomb exploded in Pattani's Nong Chik district on Friday.")
    ev = _only(r)
    assert ev.country_code == "TH"
    assert any(p.text == "Pattani" and p.feature_code == "ADM1" for p in r.places)


def test_bracketed_area_places_the_event(run):
    r = run("On 3 June 2021, gunmen abducted five traders in the village of Garin Kaka (Bosso, Diffa). "
            "Boko Haram militants are suspected.")
    ev = _only(r)
    assert ev.country_code == "NE"          # the place named, not the group's home country
    assert ev.admin1 and "Diffa" in ev.admin1


def test_led_demonym_is_not_the_story_country(run):
    r = run("On 2 June 2021, Saudi-led coalition air raids were reported on a district in "
            "northern Yemen (Al Jawf), with no report of casualties.")
    ev = _only(r)
    assert ev.country_code == "YE"
    assert ev.admin1 and "Jawf" in ev.admin1


def test_currency_modifier_does_not_pull_the_town_abroad(run):
    r = run("Rioters protesting the soaring US dollar exchange rate blocked roads in Sidon and "
            "clashed with soldiers on Tuesday.")
    assert _only(r).country_code == "LB"


def test_lone_town_after_in_is_placed_in_a_short_note(run):
    r = run("In Amethi, armed men shot and wounded a local councillor on Monday.")
    ev = _only(r)
    assert ev.country_code == "IN" and ev.location == "Amethi"


def test_district_town_dateline_gives_the_country(run):
    r = run("Noakhali, Mar 4 (UNB) - Unidentified assailants hurled a petrol bomb at a bus on the "
            "highway early Sunday, injuring three passengers.")
    assert _only(r).country_code == "BD"


def test_alternate_name_of_a_foreign_capital_needs_support(run):
    r = run("Eight militants were killed when jets pounded their hideouts in Tirah, Khyber Agency, "
            "on Thursday.")
    assert _only(r).country_code == "PK"


def test_parties_unions_and_local_words_name_their_country():
    found = {m.text: m.label[-2:] for m in actor_countries(
        "KRRS activists, Dalit groups, a BNP hartal, Tharuhat protesters and defence volunteers in a tambon")}
    assert found["KRRS"] == "IN" and found["Dalit"] == "IN" and found["BNP"] == "BD"
    assert found["Tharuhat"] == "NP" and found["tambon"] == "TH"


def _event_at(text: str, trigger: str, place: str, cc: str) -> Event:
    t, p = text.index(trigger), text.index(place)
    return Event(article_id="a", country=cc, country_code=cc, location=place, latitude=1.0,
                 longitude=1.0, geo_precision=3,
                 evidence=[Evidence("event_type", t, t + len(trigger), trigger),
                           Evidence("location", p, p + len(place), place)])


def test_event_at_the_main_place_abroad_moves_to_the_story_country():
    text = ("Negotiators will meet again in San Jose next week. Rebels blew up two pylons on "
            "Monday, the army said.")
    ev = _event_at(text, "blew up", "San Jose", "CR")
    focus = Focus(country_code="SV", country="El Salvador", source="story", countries={"SV": 5.0, "CR": 3.0},
                  named={"SV", "CR"})
    focus._items["CR"] = 2
    complete_events([ev], focus, [], Article(id="a", text=text))
    assert ev.country_code == "SV" and ev.latitude is None


def test_event_at_the_main_place_follows_the_country_its_sentence_names():
    text = ("Ministers met in Paris on Wednesday. They condemned the bombing of a bus in Colombia "
            "on Tuesday.")
    ev = _event_at(text, "bombing", "Paris", "FR")
    focus = Focus(country_code="FR", country="France", source="story", countries={"FR": 4.0, "CO": 1.0})
    complete_events([ev], focus, [], Article(id="a", text=text))
    assert ev.country_code == "CO"


def test_event_placed_in_its_own_sentence_keeps_its_place():
    text = "Ministers met in Paris on Wednesday. A bomb exploded in Paris on Tuesday."
    t = text.index("exploded")
    p = text.rindex("Paris")
    ev = Event(article_id="a", country="France", country_code="FR", location="Paris", latitude=1.0,
               longitude=1.0, geo_precision=3,
               evidence=[Evidence("event_type", t, t + 8, "exploded"), Evidence("location", p, p + 5, "Paris")])
    focus = Focus(country_code="CO", country="Colombia", source="story", countries={"CO": 4.0, "FR": 1.0})
    complete_events([ev], focus, [], Article(id="a", text=text))
    assert ev.country_code == "FR"


def test_common_words_in_capitals_are_not_places(run):
    r = run("SAN SALVADOR, 12 MAR 90 -- [TEXT] A BOMB EXPLODED TODAY AT THE AIRPORT, AND THE "
            "SUPREME COURT CONDEMNED THE ATTACK.")
    assert not any(p.text.lower() in ("airport", "supreme") for p in r.places)
    assert all(e.country_code == "SV" for e in r.events)


def test_lower_case_story_gets_places_and_countries(run):
    text = ("ahmedabad: police opened fire on a mob in vadodara on sunday, killing two people, "
            "officials in gujarat said. the men were held in custody in protest.")
    r = run(text)
    names = {p.text for p in r.places}
    assert {"ahmedabad", "vadodara", "gujarat"} <= names
    assert "custody" not in names and "protest" not in names
    assert _only(r).country_code == "IN"


def test_lower_case_copy_of_a_mixed_case_story_keeps_its_country(run):
    text = ("Police fired tear gas at protesters in Lucknow on Friday after a march turned violent, "
            "officials said.")
    mixed, lower = run(text), run(text.lower())
    assert _only(mixed).country_code == _only(lower).country_code == "IN"


def test_a_popes_name_in_a_boulevard_is_no_town():
    from strife.geo.places import names_a_street
    text = "Gunmen fired on a bus near Juan Pablo II Boulevard on Monday."
    assert names_a_street(text, text.index("Pablo") + len("Pablo"))
    assert not names_a_street(text, text.index("bus") + len("bus"))


def test_a_capital_inside_a_local_name_is_not_that_capital():
    from strife.geo.focus import mark_places
    from strife.models import Place
    text = "The troops staged a clash at Horcones de Berlin canton to hide the murders."
    at = text.index("Berlin")
    berlin = Place(start=at, end=at + 6, text="Berlin", name="Berlin", latitude=52.5, longitude=13.4,
                   country_code="DE", country="Germany", feature_code="PPLC", population=3_400_000,
                   source="spacy:FAC:part")
    focus = Focus(country_code="SV", country="El Salvador", source="story", countries={"SV": 3.0},
                  named={"SV"})
    mark_places(Article(id="a", text=text), [berlin], focus)
    assert not berlin.in_focus


def test_a_foreign_capital_where_the_deed_happened_is_its_place(gazetteer_settings):
    r = strife.extract("TEGUCIGALPA, 29 APR 88 (VOZ DE HONDURAS NETWORK) -- [TEXT] THE PRESIDENT SPOKE ABOUT THE "
                       "ECONOMY. ACTS OF VIOLENCE ARE REGRETTABLE, BUT WE IN HONDURAS ARE NOT IMMUNE TO VIOLENCE. "
                       "THE SAME DAY INCIDENTS WERE TAKING PLACE HERE, 13 PERSONS DIED IN SAN SALVADOR AS A RESULT "
                       "OF A BOMB EXPLOSION.", published="1988-04-29", settings=gazetteer_settings)
    assert [(e.location, e.country_code) for e in r.events] == [("San Salvador", "SV")]
