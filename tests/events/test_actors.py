"""Actor naming in ACLED's style, from our own phrases."""
from __future__ import annotations

import pytest

from strife.events.actors import (
    class_actor,
    country_name,
    find_countries,
    find_named,
    find_social_group,
    normalise_actor,
)


@pytest.mark.parametrize("phrase,country,name,inter", [
    ("ISIS militants", "Iraq", "Islamic State", 2),
    ("ISIL fighters", "Syria", "Islamic State", 2),
    ("Daesh", None, "Islamic State", 2),
    ("IS militants", "Iraq", "Islamic State", 2),
    ("the Taliban", "Afghanistan", "Taliban", 2),
    ("Iraqi soldiers", "Iraq", "Military Forces of Iraq", 1),
    ("security forces", "Iraq", "Military Forces of Iraq", 1),
    ("the army", "Nigeria", "Military Forces of Nigeria", 1),
    ("police officers", "Kenya", "Police Forces of Kenya", 1),
    ("riot police", "Chile", "Police Forces of Chile", 1),
    ("unidentified gunmen", "Nigeria", "Unidentified Armed Group (Nigeria)", 3),
    ("two armed men", "Mexico", "Unidentified Armed Group (Mexico)", 3),
    ("protesters", "Kenya", "Protesters (Kenya)", 6),
    ("rioters", "India", "Rioters (India)", 5),
    ("civilians", "Iraq", "Civilians (Iraq)", 7),
    ("villagers", "Mali", "Civilians (Mali)", 7),
    ("a drug gang", "Brazil", "Unidentified Gang (Brazil)", 3),
    ("tribal fighters", "Iraq", "Tribal Militia (Iraq)", 4),
    # "Maoists" are India's Naxal rebels only in India
    ("Maoist rebels", "India", "Naxal-Maoist Rebels (India)", 2),
    ("Maoist rebels", "Peru", "Unidentified Armed Group (Peru)", 3),
])
def test_actors_normalise(phrase, country, name, inter):
    actor = normalise_actor(phrase, head=phrase.split()[-1], country=country)
    assert actor is not None
    assert (actor.name, actor.inter) == (name, inter)


def test_actors_foreign_state_forces_are_external():
    actor = normalise_actor("Turkish forces", head="forces", country="Syria")
    assert actor.name == "Military Forces of Turkey"
    assert actor.inter == 8


def test_actors_demonym_in_phrase_beats_event_country():
    assert normalise_actor("Afghan soldiers", head="soldiers", country="Pakistan").name == \
        "Military Forces of Afghanistan"


def test_actors_no_country_drops_the_placeholder():
    assert normalise_actor("gunmen", head="gunmen").name == "Unidentified Armed Group"
    assert class_actor("protesters", None).name == "Protesters"


@pytest.mark.parametrize("phrase", ["the weather", "a long summer", "the city"])
def test_actors_non_actors_are_none(phrase):
    assert normalise_actor(phrase, head=phrase.split()[-1]) is None


def test_actors_find_named_prefers_longest_alias():
    found = find_named("Fighters of the Islamic State group attacked the base.")
    assert [n for _, _, n, _ in found] == ["Islamic State"]


@pytest.mark.parametrize("text,expected", [
    ("Iraqi troops and Syrian rebels", ["Iraq", "Syria"]),
    ("talks in South Korea and the United States", ["South Korea", "United States"]),
    ("Saudi-led coalition", ["Saudi Arabia"]),
])
def test_actors_find_countries(text, expected):
    assert [c.name for c in find_countries(text)] == expected


def test_actors_country_name_uses_acled_spelling():
    assert country_name("SY") == "Syria"
    assert country_name("IR") == "Iran"
    assert country_name("CD") == "Democratic Republic of Congo"


@pytest.mark.parametrize("text,expected", [
    ("medical interns protested outside the ministry", "Health Workers (Israel)"),
    ("hundreds of garment workers blocked the highway", "Labour Group (Israel)"),
    ("gunmen shot two farmers", "Farmers (Israel)"),
    ("local journalists marched to the court", "Journalists (Israel)"),
])
def test_actors_social_group_names_the_associated_actor(text, expected):
    grp = find_social_group(text, "Israel")
    assert grp is not None and grp.name == expected
    assert text[grp.start:grp.end].lower() in text.lower()


def test_actors_no_social_group_in_a_plain_sentence():
    assert find_social_group("soldiers clashed with rebels near the town", "Mali") is None


@pytest.mark.parametrize("phrase,head,name", [
    ("two pro-government militia members", "members", "Militia (Pro-Government)"),
    ("one ranger", "ranger", "Military Forces of Thailand"),
    ("Malay Muslim separatists", "separatists", "Malay Muslim Separatists (Thailand)"),
    ("separatists", "separatists", "Unidentified Armed Group (Thailand)"),
    ("anti-government fighters", "fighters", "Unidentified Armed Group (Thailand)"),
])
def test_actors_hyphenated_and_armed_class_words(phrase, head, name):
    from strife.events.actors import normalise_actor
    assert normalise_actor(phrase, head=head, country="Thailand").name == name


def test_actors_a_civilian_employee_of_a_brigade_is_a_civilian():
    actor = normalise_actor("a civilian employee at the 4th Infantry Brigade", head="employee",
                            country="Chad")
    assert (actor.name, actor.inter) == ("Civilians (Chad)", 7)
    soldier = normalise_actor("a soldier of the 4th Infantry Brigade", head="soldier", country="Chad")
    assert soldier.name == "Military Forces of Chad"
