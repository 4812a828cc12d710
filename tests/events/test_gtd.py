"""GTD fields: weapon, target type and attack type, and only on events GTD would code.

Every sentence here is one we wrote. Places are left out (an empty place list), so these
tests exercise strife/events/ alone and need no gazetteer.
"""
from __future__ import annotations

import pytest

from strife.events.extract import extract_events
from strife.events.gtd import GTD_FIELDS, gtd_codable
from strife.events.lexicon import VEHICLE_WEAPON
from strife.models import Article
from strife.settings import DEFAULT_SETTINGS


def run(nlp, text: str):
    article = Article(id="test", text=text, published="2021-03-02")
    return extract_events(nlp(text), article, [], DEFAULT_SETTINGS)


def top(events):
    return max(events, key=lambda e: e.confidence) if events else None


def gtd_top(events):
    coded = [e for e in events if e.attack_type is not None]
    return top(coded)


# ---------------------------------------------------------------- target type

TARGET_CASES = [
    # who or what was attacked, not who died nearby
    ("A roadside bomb exploded at a police checkpoint in Kirkuk on Monday, killing three passers-by.", "Police"),
    ("Gunmen ambushed a vehicle carrying customs officials near Jalalabad, killing one official.",
     "Government (General)"),
    ("Militants broke into the house of a female police constable in Hangu and opened fire, killing her.",
     "Police"),
    ("Unknown assailants detonated a bomb placed inside the house of a district mayor in Baquba, wounding him.",
     "Government (General)"),
    ("A suicide bomber drove an explosive-laden car into the gate of an army base in Ramadi, killing five soldiers.",
     "Military"),
    ("Gunmen shot dead two polio workers in the village of Kotla on Tuesday.", "Government (General)"),
    ("A bomb destroyed a telecommunication tower in the district of Gaya on Sunday.", "Telecommunication"),
    ("Militants bombed a gas pipeline near Sui on Thursday night.", "Utilities"),
    ("Militants set fire to six NATO supply trucks parked at a terminal near Peshawar.", "Military"),
    ("Gunmen killed a tribal elder in the village of Darra on Friday.", "Other"),
    ("A bomb went off inside a madrassa in the town of Bannu, killing four students.",
     "Religious Figures/Institutions"),
    ("Rebels attacked a convoy of UN peacekeepers near Kutum, wounding two of them.", "NGO"),
    ("Gunmen shot and killed a journalist outside his home in Mosul.", "Journalists & Media"),
    ("A bomb exploded in a crowded market in the city of Jos, killing eight shoppers.",
     "Private Citizens & Property"),
    ("Gunmen opened fire on a passenger bus near Quetta, killing nine travellers.", "Transportation"),
    # GTD codes pro-government militias (the Sahwa, village defence volunteers) with the police,
    # an armed group that is not the state's with the militants
    ("Attackers killed two members of a pro-government militia in the village of Sabo.", "Police"),
    ("Gunmen ambushed a Shabiha unit near the village of Sabo, killing two of its members.",
     "Terrorists/Non-State Militia"),
]


@pytest.mark.parametrize("text,expected", TARGET_CASES)
def test_gtd_target_type_is_what_was_attacked(nlp, text, expected):
    ev = gtd_top(run(nlp, text))
    assert ev is not None and ev.target_type == expected


def test_gtd_target_reported_by_police_is_not_police(nlp):
    ev = gtd_top(run(nlp, "According to police, gunmen shot dead a shopkeeper in Karachi on Monday."))
    assert ev is not None and ev.target_type == "Business"


# ---------------------------------------------------------------- weapon and attack type

WEAPON_CASES = [
    ("Three suicide bombers drove their explosive-laden cars into the gate of the army headquarters, "
     "killing five soldiers.", "Explosives", "Bombing/Explosion"),
    ("A car bomb exploded outside a police station on Sunday, wounding six officers.", "Explosives",
     "Bombing/Explosion"),
    ("A man drove his truck into a crowd of shoppers at a street market, injuring fourteen people.",
     VEHICLE_WEAPON, "Unarmed Assault"),
    ("Gunmen fired upon a police patrol in Maiduguri, killing two officers.", "Firearms", "Armed Assault"),
    ("Militants opened indiscriminate fire on worshippers leaving a mosque, killing four men.", "Firearms",
     "Armed Assault"),
    ("Assailants torched a school building in the village of Tora overnight; nobody was hurt.", "Incendiary",
     "Facility/Infrastructure Attack"),
    ("Militants hacked a farmer to death with machetes in the village of Bolo.", "Melee", "Armed Assault"),
    ("Gunmen kidnapped two engineers working on a road project near Jowhar.", None, "Hostage Taking (Kidnapping)"),
    ("Armed men took twenty people hostage inside a bank and barricaded themselves in for six hours before "
     "police stormed the building.", None, "Hostage Taking (Barricade Incident)"),
    ("Gunmen assassinated the provincial governor, Ahmed Karimi, outside his office in Kunduz.", "Firearms",
     "Assassination"),
    # held hostage where they were is a barricade; taken away, a kidnapping
    ("A gunman entered a classroom at a college in Ardmore and held nine students hostage for three hours.",
     None, "Hostage Taking (Barricade Incident)"),
    ("Rebels took three traders hostage at a market in Kindu and held them hostage in the forest for a week.",
     None, "Hostage Taking (Kidnapping)"),
]


@pytest.mark.parametrize("text,weapon,attack", WEAPON_CASES)
def test_gtd_weapon_and_attack_type(nlp, text, weapon, attack):
    ev = gtd_top(run(nlp, text))
    assert ev is not None
    if weapon is not None:
        assert ev.weapon == weapon
    assert ev.attack_type == attack


def test_gtd_weapon_unknown_when_none_is_named(nlp):
    ev = gtd_top(run(nlp, "Militants raided a village in Borno on Friday, killing seven residents."))
    assert ev is not None and ev.weapon == "Unknown"


# ---------------------------------------------------------------- only where GTD would code

NOT_CODED = [
    ("Thousands of people protested in the capital on Friday, demanding the release of detainees.",
     "Protests"),
    ("Rebels seized the town of Derma on Friday after government forces withdrew.",
     "Non-state actor overtakes territory"),
    ("Army soldiers recaptured the town of Mabri from the rebels on Friday.", "Government regains territory"),
    ("Government warplanes struck rebel positions near the town of Idlib on Monday, killing twelve fighters.",
     "Air/drone strike"),
    ("Police arrested four suspected members of the group in Kano on Tuesday.", "Arrests"),
    ("The government and the rebels signed a ceasefire agreement in the capital on Sunday.", "Agreement"),
]


@pytest.mark.parametrize("text,kind", NOT_CODED)
def test_gtd_fields_null_on_events_gtd_would_not_code(nlp, text, kind):
    events = run(nlp, text)
    assert events, "the event itself is still extracted"
    ev = top(events)
    assert kind in (ev.event_type, ev.sub_event_type)
    assert all(getattr(ev, f) is None for f in GTD_FIELDS)


def test_gtd_capture_of_a_town_after_car_bombs(nlp):
    text = ("Three suicide bombers drove their explosive-laden cars into the gate of the army headquarters "
            "in Ramadi on Sunday, killing five soldiers.\n\n"
            "The militants later seized the town of Malaab after government forces withdrew.")
    events = run(nlp, text)
    bomb = next(e for e in events if e.sub_event_type == "Suicide bomb")
    assert (bomb.weapon, bomb.target_type) == ("Explosives", "Military")
    capture = [e for e in events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert capture and all(getattr(e, f) is None for e in capture for f in GTD_FIELDS)


@pytest.mark.parametrize("event_type,sub,inter1,inter2,coded", [
    ("Explosions/Remote violence", "Suicide bomb", 2, 1, True),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 1, None, True),   # police found it
    ("Explosions/Remote violence", "Air/drone strike", 1, 2, False),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 1, 2, False),
    ("Battles", "Armed clash", 1, 2, False),        # an army operation
    ("Battles", "Armed clash", 3, 1, True),         # militants attack a checkpoint
    ("Violence against civilians", "Attack", 3, 7, True),
    ("Protests", "Peaceful protest", 6, None, False),
    ("Strategic developments", "Looting/property destruction", 3, None, True),
    ("Strategic developments", "Disrupted weapons use", 1, None, True),    # a defused bomb: an attempt
    ("Strategic developments", "Non-violent transfer of territory", 2, None, False),
])
def test_gtd_codable(event_type, sub, inter1, inter2, coded):
    assert gtd_codable(event_type, sub, inter1, inter2) is coded


# ---------------------------------------------------------------- killed: attackers included

def test_gtd_fatalities_include_attackers_killed(nlp):
    """GTD's nkill and ACLED's fatalities both count the attackers who died."""
    ev = gtd_top(run(nlp, "Gunmen stormed a police post in Kano on Monday, killing three officers; "
                          "two of the attackers were killed in the exchange of fire."))
    assert ev is not None and ev.fatalities == 5


# ---------------------------------------------------------------- target type: owners, places, defaults

OWNER_CASES = [
    # a generic noun (a car, an employee, a house) takes the class of whoever it belongs to
    ("A sticky bomb attached to the car of a police officer exploded in Kirkuk on Monday, wounding him.",
     "Police"),
    ("Gunmen shot and wounded an Education Ministry employee outside his home in Mosul on Sunday.",
     "Government (General)"),
    ("A grenade was thrown at the house of a district councillor in Bannu on Friday night.",
     "Government (General)"),
    # a word in a place's name is no target ("Khyber Agency")
    ("A child was kidnapped by unknown gunmen near Landi Kotal, Khyber Agency, on Tuesday.",
     "Private Citizens & Property"),
    # why the victims were chosen is not what was attacked
    ("Militants kidnapped three teenagers accused of spying for the government in Barawe on Monday.",
     "Private Citizens & Property"),
]


@pytest.mark.parametrize("text,expected", OWNER_CASES)
def test_gtd_target_type_from_owner_place_and_motive(nlp, text, expected):
    ev = gtd_top(run(nlp, text))
    assert ev is not None and ev.target_type == expected


def test_gtd_target_defaults_to_private_citizens_when_none_is_named(nlp):
    ev = gtd_top(run(nlp, "An explosive device went off in the town of Kelemi on Saturday night."))
    assert ev is not None and ev.attack_type is not None
    assert ev.target_type == "Private Citizens & Property"


# ---------------------------------------------------------------- attacks mistaken for other events

ATTACK_NOT_OTHER = [
    # a building entered is the scene of an attack, not territory taken
    ("Masked gunmen entered a home in the Ardoyne area of Belfast and shot a teenager in the leg.",
     "Armed Assault"),
    ("Two armed men entered a restaurant in Niamey on Friday night and kidnapped two aid workers.",
     "Hostage Taking (Kidnapping)"),
    # a motorcade, a rally or a picket that is bombed is the target, not a protest
    ("A roadside bomb detonated near the motorcade of the provincial police chief in Kirkuk on Sunday.",
     "Bombing/Explosion"),
    ("A man threw an explosive device at a campaign rally in Suleja on Wednesday, killing ten people.",
     "Bombing/Explosion"),
    ("Militants threw a grenade at a picket of the army in Kupwara on Tuesday, injuring five bystanders.",
     "Bombing/Explosion"),
    # sitting in front of a house is no sit-in
    ("Two gunmen shot and killed a cleric as he was sitting in front of his home in Ngala on Friday.",
     "Armed Assault"),
]


@pytest.mark.parametrize("text,attack", ATTACK_NOT_OTHER)
def test_gtd_attacks_not_mistaken_for_territory_or_protest(nlp, text, attack):
    events = run(nlp, text)
    assert not any(e.event_type == "Protests" or e.sub_event_type == "Non-state actor overtakes territory"
                   for e in events)
    ev = gtd_top(events)
    assert ev is not None and ev.attack_type == attack


def test_gtd_a_protest_attacked_by_police_stays_a_protest(nlp):
    events = run(nlp, "Thousands of protesters held a rally in the capital against fuel prices on Friday.")
    assert top(events).event_type == "Protests"


def test_gtd_a_car_driven_into_a_crowd_of_protesters_is_an_attack(nlp):
    events = run(nlp, "A man drove his car into a crowd of counter-protesters at a crossing in Lynchburg on "
                      "Saturday, killing one person and injuring nineteen.")
    ev = gtd_top(events)
    assert ev is not None and ev.attack_type == "Unarmed Assault" and ev.weapon == VEHICLE_WEAPON


def test_gtd_police_firing_into_a_crowd_of_protesters_stays_a_protest(nlp):
    events = run(nlp, "Police fired tear gas into a crowd of protesters in the capital on Friday.")
    assert top(events).event_type == "Protests"
    assert all(getattr(top(events), f) is None for f in GTD_FIELDS)


def test_gtd_a_clash_with_unidentified_gunmen_is_coded_a_named_group_is_not():
    assert gtd_codable("Battles", "Armed clash", 1, 3, "Unidentified Armed Group (Iraq)")
    assert not gtd_codable("Battles", "Armed clash", 1, 2, "Taliban")
    assert not gtd_codable("Battles", "Armed clash", 1, 3, "Al Shabaab")


def test_gtd_a_protest_that_is_the_motive_of_an_arson_is_no_protest(nlp):
    events = run(nlp, "An eco group set fire to a logging company office in Bayfield on Sunday. The group said "
                      "the motive for the arson was to protest logging in the national forest.")
    assert not any(e.event_type == "Protests" for e in events)
    ev = gtd_top(events)
    assert ev is not None and ev.weapon == "Incendiary"


def test_gtd_a_lead_claiming_an_arson_tells_the_arson(nlp):
    events = run(nlp, "The Forest Front claimed responsibility for setting fire to a logging company office in "
                      "Bayfield on Sunday. The fire caused heavy damage.")
    ev = gtd_top(events)
    assert ev is not None and ev.weapon == "Incendiary" and ev.attack_type == "Facility/Infrastructure Attack"


# ---------------------------------------------------------------- target type: worldwide codebook rules

WORLD_TARGET_CASES = [
    # the head noun decides over a modifier; a generic head (officer, facility) takes its nearest modifier
    ("Militants set fire to a government primary school in Swat on Monday night.", "Educational Institution"),
    ("Gunmen shot dead a police colonel outside his home in Mosul on Tuesday.", "Police"),
    ("An envelope ignited at a postal sorting facility in Denver on Friday.", "Government (General)"),
    # a word of an administrative place's name is no target
    ("Gunmen shot and killed a shepherd near Sadda, Kurram agency, on Friday.", "Private Citizens & Property"),
    # the mine stepped on is the weapon; a home under construction is a home
    ("Two farmers were wounded when they stepped on a land mine near Tumaco on Sunday.",
     "Private Citizens & Property"),
    ("Arsonists set fire to a luxury home under construction in Phoenix on Saturday.",
     "Private Citizens & Property"),
    # the place attacked, not the people who happened to die there
    ("A car bomb exploded outside a hotel in Baghdad on Sunday, killing three civilians.", "Business"),
    ("A bomb exploded in a crowded market in Kirkuk, killing six people, including a policeman.",
     "Private Citizens & Property"),
    # who the victims were, said in a relative clause
    ("Gunmen opened fire on two brothers, who were members of the Awami National Party, in Karachi.",
     "Government (General)"),
    # hospitals are businesses to GTD; abortion is coded by motive
    ("Militants attacked a hospital in Abyan on Thursday and kidnapped a nurse.", "Business"),
    ("A bomb damaged a medical clinic where abortions are performed in Tacoma on Friday night.",
     "Abortion Related"),
    # businessmen are private citizens
    ("Gunmen kidnapped a businessman from a bus heading into Mogadishu on Tuesday.",
     "Private Citizens & Property"),
    # the owner through a titled person; the convoy passing when the bomb went off
    ("A sticky bomb was attached to the car of the head of the city council in Baquba on Monday.",
     "Government (General)"),
    ("A roadside bomb exploded as the convoy of the provincial police chief passed by in Kirkuk.", "Police"),
    # the attackers' motorcycle and the bicycle that carried the bomb are no targets
    ("Two gunmen on a motorcycle shot dead a village headman in Pattani on Saturday.", "Other"),
    ("A bomb planted on a bicycle exploded outside the district governor's office in Ghazni on Sunday.",
     "Government (General)"),
    # a subject the parser hangs on the place before it
    ("On Wednesday, in Saiburi, Pattani, Thailand, a local village chief was shot and killed by militants.",
     "Other"),
    # militants who died are the attackers, not the target
    ("Militants attacked a gas pipeline near Sui on Monday; two militants were killed by the guards.",
     "Utilities"),
    # why the victim was chosen is no target
    ("Militants shot and killed a man accused of spying for the government near Kismayo.",
     "Private Citizens & Property"),
    # a former soldier is a private citizen; a village chairman is coded with village heads
    ("Gunmen shot and wounded a former soldier outside his home in Maiduguri on Saturday.",
     "Private Citizens & Property"),
    ("Two gunmen shot and killed a village chairman in Cotabato on Monday night.", "Other"),
    # an employee who works at a ministry belongs to it; an armed group's name is no army
    ("Gunmen killed an employee who works at the Health Ministry in Baghdad on Thursday.",
     "Government (General)"),
    ("Suspected Garo National Liberation Army militants hurled a grenade at a market in Tura.",
     "Private Citizens & Property"),
]


@pytest.mark.parametrize("text,expected", WORLD_TARGET_CASES)
def test_gtd_target_type_worldwide_rules(nlp, text, expected):
    ev = gtd_top(run(nlp, text))
    assert ev is not None and ev.target_type == expected


def test_gtd_target_unknown_when_the_summary_says_so(nlp):
    ev = gtd_top(run(nlp, "A bomb planted by militants was defused by police near Belfast on Monday. "
                          "The specific target of the attack is unknown."))
    assert ev is not None and ev.target_type == "Unknown"
