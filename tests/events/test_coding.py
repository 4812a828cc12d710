"""The ACLED sub-type of an incident (strife/events/coding.py) where the weapons named could
mislead: infantry launchers fired with small arms, aircraft shot down, weapons seized in a
fight. Stories are our own."""
from __future__ import annotations

import pytest

import strife

PUBLISHED = "2021-06-12"   # a Saturday


@pytest.mark.parametrize("text, sub", [
    # shoulder-fired launchers beside small arms: infantry fighting, not shelling
    ("Rebel units armed with rifles and RPG-7 rocket launchers attacked an army post outside Tenancingo "
     "on Friday, the military said.", "Armed clash"),
    ("Guerrillas using grenade launchers and rifle fire attacked a paratrooper battalion near the airport "
     "in Comalapa on Friday.", "Armed clash"),
    # mortars, or rockets alone, are shelling still
    ("Rebels fired mortars and grenade launchers at an army post outside Tenancingo on Friday.",
     "Shelling/artillery/missile attack"),
    ("Rebels fired rockets at the town of Tenancingo on Friday, killing two women.",
     "Shelling/artillery/missile attack"),
    # a manned aircraft shot down is fighting; a drone shot down is disrupted weapons use
    ("Rebels shot down an army helicopter near Chalatenango on Friday, the military said.", "Armed clash"),
    ("On Friday, army troops shot down a drone over the border town of Tenancingo.", "Disrupted weapons use"),
    # weapons seized in the fight the sentence tells are the battle's spoils; a seizure alone is not
    ("Two rebels were killed in a clash with troops who seized their rifles near Salgar on Friday, "
     "the army said.", "Armed clash"),
    ("Police seized 40 rifles and 3,000 rounds of ammunition at a farm near Salgar on Friday.",
     "Disrupted weapons use"),
])
def test_coding_fights_are_told_by_their_weapons(text, sub):
    r = strife.extract(text, published=PUBLISHED)
    assert [e.sub_event_type for e in r.events] == [sub], text


@pytest.mark.parametrize("text, sub, killed", [
    # a kidnapping whose victim is killed or shot in the same sentence: ACLED codes the attack
    ("Gunmen kidnapped a village chief in Maiduguri on Friday and killed him hours later.", "Attack", 1),
    ("Rebels seized the local mayor of Juliaca and shot him in the central square on Friday.", "Attack", 0),
    # a raid that takes hostages, or a kidnapping alone, stays an abduction
    ("Gunmen raided a village near Maiduguri on Friday and kidnapped 20 people.",
     "Abduction/forced disappearance", 0),
    ("Gunmen kidnapped two engineers in Maiduguri on Friday.", "Abduction/forced disappearance", 0),
    # someone else killed in the raid: the kidnapping is still what happened to the victims
    ("Gunmen abducted 80 students from a boarding school in Maiduguri on Friday, killing a "
     "police officer.", "Abduction/forced disappearance", 1),
])
def test_coding_a_kidnapping_ended_by_a_killing_is_an_attack(text, sub, killed):
    r = strife.extract(text, published=PUBLISHED)
    assert [(e.sub_event_type, e.fatalities) for e in r.events] == [(sub, killed)]
    assert r.events[0].attack_type == "Hostage Taking (Kidnapping)"   # GTD keeps the hostage taking


def test_coding_fire_on_protesters_is_excessive_force_by_the_state():
    # the dateline is no subject of "opened fire"; the crowd the cue names makes it a protest
    r = strife.extract("YANGON, June 11 (Reuters) - Security forces opened fire on protesters in "
                       "Mandalay on Friday, killing three people, witnesses said.", published=PUBLISHED)
    assert [(e.sub_event_type, e.fatalities) for e in r.events] == [("Excessive force against protesters", 3)]
    assert r.events[0].actor1.startswith("Protesters")
    assert r.events[0].actor2.startswith(("Military Forces", "Police Forces"))
    # live rounds fired at militants are no protest
    r = strife.extract("Soldiers fired live rounds at militants near Mandalay on Friday.", published=PUBLISHED)
    assert all(e.event_type != "Protests" for e in r.events)
