"""Toponyms: detection, resolution in context, relative locations, event locations, offsets.

All sentences are written for these tests.
"""
from __future__ import annotations

import pytest

from strife.geo.distance import haversine_km
from strife.geo.gazetteer import open_gazetteer
from strife.geo.places import (
    find_places,
    locate_event,
    place_records,
    plain_name,
    propose_toponyms,
    relative_offset,
)
from strife.pipeline import parse_articles
from strife.read.clean import article_from_input


@pytest.fixture(scope="module")
def run(nlp, gazetteer_settings):
    """text -> (doc, article, places) through the real cleaner, model and gazetteer."""
    def _run(text: str):
        article = article_from_input(text, article_id="t")
        doc = nlp(article.text)
        return doc, article, find_places(doc, article, gazetteer_settings)
    return _run


def _place(places, text):
    hits = [p for p in places if p.text == text]
    assert hits, f"{text!r} not found among {[p.text for p in places]}"
    return hits[0]


def _event_location(run, settings, text, sentence_with):
    doc, article, places = run(text)
    start = article.text.index(sentence_with)
    sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
    return locate_event(doc, article, places, [(sent.start_char, sent.end_char)], settings)


# ---------------------------------------------------------------- resolution

@pytest.mark.parametrize("text, name, country", [
    ("Gunmen attacked a police post in Ramadi, the capital of Anbar province, on Monday.", "Ramadi", "IQ"),
    ("Security forces said Ar Ramadi had fallen after three days of fighting in Iraq.", "Ar Ramadi", "IQ"),
    ("A car bomb exploded near a market in Falluja, Iraqi police said.", "Falluja", "IQ"),
    ("Troops recaptured the refinery town of Bayji north of Tikrit, officials in Baghdad said.", "Bayji", "IQ"),
    ("Fighters shelled Samarra overnight, according to residents in Iraq.", "Samarra", "IQ"),
    ("Hundreds marched through London, Ontario, to demand action from Ottawa.", "London", "CA"),
    ("A tornado tore through Paris, Texas, late on Tuesday.", "Paris", "US"),
    ("The governor of Georgia said Atlanta police would patrol the stadium.", "Georgia", "US"),
    ("Iraq and Syria share a long desert border.", "Iraq", "IQ"),
])
def test_ambiguous_names_resolve_with_article_context(run, text, name, country):
    _, _, places = run(text)
    assert _place(places, name).country_code == country


@pytest.mark.parametrize("text, name, country, feature", [
    # list members are the same kind of place: the country Niger, not Niger State, Nigeria
    ("Cholera cases rose in Mali, Niger, Nigeria and Chad this month.", "Niger", "NE", "PCLI"),
    # in a list of states Washington is the state; on its own, the capital
    ("Inspectors traced the beef to farms in Oregon, Idaho, Washington and Montana.", "Washington", "US", "ADM1"),
    ("Lawmakers in Washington voted on the aid bill late on Thursday.", "Washington", "US", "PPLC"),
])
def test_lists_and_capitals(run, text, name, country, feature):
    pl = _place(run(text)[2], name)
    assert (pl.country_code, pl.feature_code) == (country, feature)


def test_a_list_member_abroad_among_siblings_at_home_is_left_unplaced(run):
    # the hamlets share names with big towns abroad; nothing else in the story is abroad
    _, _, places = run("SAN MIGUEL, 4 MAY -- Rebels burned ballot boxes in Chalatenango, San Antonio, "
                       "Ciudad Barrios and Carolina, the army said.")
    got = {p.text: p.country_code for p in places}
    assert got["Chalatenango"] == got["Ciudad Barrios"] == "SV" and got["San Antonio"] is None, got


def test_a_list_member_abroad_stays_when_the_story_speaks_of_its_country(run):
    _, _, places = run("The exiles met in Texas on Monday. Rallies followed in Chalatenango, San Antonio "
                       "and Ciudad Barrios.")
    assert _place(places, "San Antonio").country_code == "US"


def test_country_names_split_by_the_model_are_joined(run):
    _, _, places = run("Polio cases rose in Angola, Chad and the Democratic Republic of the Congo.")
    pl = next(p for p in places if p.text.endswith("Congo"))
    assert pl.text.startswith("Democratic Republic") and pl.country_code == "CD"


@pytest.mark.parametrize("text, name, lat, lon", [
    ("The tsunami struck the Indonesian island of Java on Monday.", "Java", -7.5, 110.0),
    ("Cases were reported in Nyanza Province, health officials in Kenya said.", "Nyanza Province", -0.5, 34.6),
])
def test_islands_and_former_provinces(run, text, name, lat, lon):
    pl = next(p for p in run(text)[2] if p.text.startswith(name))
    assert haversine_km(pl.latitude, pl.longitude, lat, lon) < 161


def test_a_name_starting_with_a_demonym_is_that_name(run):
    _, _, places = run("Dengue cases doubled in French Guiana this year.")
    pl = next(p for p in places if "Guiana" in p.text)
    assert pl.text == "French Guiana" and pl.country_code == "GF"


def test_iraq_is_never_arak(run):
    _, _, places = run("Iraq said its forces had killed dozens of militants.")
    iraq = _place(places, "Iraq")
    assert iraq.feature_code == "PCLI" and iraq.country_code == "IQ"


@pytest.mark.parametrize("text, name, lat, lon", [
    ("Officials in Syria reported new shelling.", "Syria", 35.0, 38.0),
    ("Flooding closed roads across Louisiana on Sunday.", "Louisiana", 31.0, -92.0),
    ("Tribal fighters in Anbar province asked for weapons.", "Anbar province", 33.0, 42.0),
])
def test_countries_and_provinces_get_points(run, text, name, lat, lon):
    _, _, places = run(text)
    pl = _place(places, name)
    assert haversine_km(pl.latitude, pl.longitude, lat, lon) < 161


def test_one_name_means_one_place_in_an_article(run):
    text = ("Residents of Santa Ana, California, met the mayor on Tuesday. "
            "Santa Ana has three schools near the plant. Parents in Santa Ana want answers.")
    _, _, places = run(text)
    assert {p.country_code for p in places if p.text == "Santa Ana"} == {"US"}


def test_admin_phrases_prefer_areas(run):
    _, _, places = run("Militants moved into Salah al-Din governorate after the fall of the town.")
    pl = next(p for p in places if p.text.startswith("Salah al-Din"))
    assert pl.feature_code == "ADM1" and pl.country_code == "IQ"


def test_demonyms_give_country_places(run):
    _, _, places = run("Iraqi forces retook the village after a week of fighting.")
    pl = _place(places, "Iraqi")
    assert pl.country_code == "IQ" and pl.source == "demonym"


def test_place_names_inside_organisation_names_are_found(run):
    _, _, places = run("The Edmonton Police Service said two officers were hurt in Alberta.")
    assert _place(places, "Edmonton").country_code == "CA"


@pytest.mark.parametrize("text, not_a_place", [
    ("John Kerry met the foreign minister. Kerry said the talks were useful.", "Kerry"),
    ("Police said the suspect fled on foot.", "Police"),
    ("The 13th Century castle was damaged.", "Century"),
    # diseases named after places are not places
    ("Doctors confirmed two more cases of Marburg virus on Friday.", "Marburg"),
    ("A vaccine against Lassa fever is still years away.", "Lassa"),
    # organisations that look like admin phrases
    ("The Agriculture Department said the herd had been destroyed.", "Agriculture"),
    ("The state said the herd had been destroyed.", "The state"),
    # a church title before a name, though two small American towns bear it
    ("Gunmen in Texas ambushed a convoy led by Bishop Tomas Ruiz of the northern diocese. "
     "Bishop Tomas Ruiz was unhurt.", "Bishop"),
])
def test_common_words_and_people_are_not_places(run, text, not_a_place):
    _, _, places = run(text)
    assert not_a_place not in {p.text for p in places}


def test_proposals_do_not_overlap(nlp):
    doc = nlp("Clashes erupted in Anbar province and in the city of Mosul in northern Iraq.")
    props = propose_toponyms(doc)
    spans = sorted((p.start, p.end) for p in props)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


# ---------------------------------------------------------------- relative locations

@pytest.mark.parametrize("before, km, bearing", [
    ("troops massed at a base around 20 miles east of ", 32.19, 90),
    ("a village 50km north-west of ", 50.0, 315),
    ("some fifteen kilometres to the south of the city of ", 15.0, 180),
])
def test_relative_offsets_are_parsed(before, km, bearing):
    got = relative_offset(before)
    assert got is not None
    assert abs(got[0] - km) < 0.1 and got[1] == bearing


def test_no_relative_offset_without_distance():
    assert relative_offset("fighters moved towards ") is None


# ---------------------------------------------------------------- event locations

@pytest.mark.parametrize("text, sentence_with, location, precision", [
    ("Gunmen stormed a checkpoint in Samarra on Friday, killing four soldiers.",
     "Gunmen", "Samarra", 1),
    ("A roadside bomb exploded near Samarra, wounding two policemen.",
     "A roadside", "Samarra", 2),
    ("Militants attacked an army base outside Mosul late on Sunday.",
     "Militants", "Mosul", 2),
])
def test_events_land_in_the_place_of_their_clause(run, gazetteer_settings, text, sentence_with,
                                                  location, precision):
    loc = _event_location(run, gazetteer_settings, text, sentence_with)
    assert loc is not None
    assert loc.location == location and loc.geo_precision == precision and loc.country_code == "IQ"
    assert loc.evidence and loc.evidence[0].field == "location"


def test_relative_location_offsets_the_anchor(run, gazetteer_settings):
    text = ("Fighters overran a camp at Kharma, about 20 miles east of Ramadi, on Saturday. "
            "Ramadi itself was quiet.")
    loc = _event_location(run, gazetteer_settings, text, "Fighters")
    ramadi = next(e for e in open_gazetteer(gazetteer_settings).lookup("Ramadi") if e.country_code == "IQ")
    assert loc.geo_precision == 2
    assert 25 < haversine_km(loc.latitude, loc.longitude, ramadi.latitude, ramadi.longitude) < 40
    assert loc.longitude > ramadi.longitude


def test_speaker_travelling_abroad_is_not_the_event_place(run, gazetteer_settings):
    text = ("Kerry, travelling through South Korea, said the fighting in Anbar province "
            "of western Iraq would be long.")
    loc = _event_location(run, gazetteer_settings, text, "Kerry")
    assert loc is not None and loc.country_code == "IQ"


def test_without_a_place_in_the_clause_the_main_place_is_used(run, gazetteer_settings):
    text = ("Militants seized Ramadi on Sunday. Ramadi is the capital of Anbar province. "
            "Many families fled overnight.")
    loc = _event_location(run, gazetteer_settings, text, "Many families")
    assert loc.location == "Ramadi" and loc.geo_precision == 3


def test_no_places_no_location(run, gazetteer_settings):
    loc = _event_location(run, gazetteer_settings, "Many families fled overnight after the attack.",
                          "Many families")
    assert loc is None


def test_plain_names_drop_diacritics():
    assert plain_name("Sāmarrā’") == "Samarra"
    assert plain_name(None) is None


# ---------------------------------------------------------------- offsets contract

def test_place_records_point_into_the_raw_text(gazetteer_settings):
    raw = ("Islamic\nState fighters attacked\nRamadi and Falluja on Sunday, police in\n"
           "Baghdad said.\n\nResidents of Samarra\nfled north.\n")
    article = article_from_input(raw, article_id="wrapped")
    [rec] = list(place_records(parse_articles([article], gazetteer_settings), gazetteer_settings))
    assert rec["article_id"] == "wrapped"
    assert {"Ramadi", "Falluja", "Baghdad", "Samarra"} <= {p["text"] for p in rec["places"]}
    for p in rec["places"]:
        assert raw[p["start"]:p["end"]] == p["text"]
        assert set(p) >= {"name", "latitude", "longitude", "geonameid", "country_code",
                          "admin1", "feature_code", "score"}
