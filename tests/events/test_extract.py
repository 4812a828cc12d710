"""Event extraction: triggers, not-events, incident grouping, typing, counts, claims, evidence.

Every sentence here is one we wrote. Places are left out (an empty place list), so these
tests exercise strife/events/ (the stage end to end) and need no gazetteer.
"""
from __future__ import annotations

import pytest

from strife.events.checks import check_trigger
from strife.events.extract import extract_events
from strife.events.lexicon import EVENT_TYPE_OF
from strife.events.triggers import find_triggers
from strife.models import Article
from strife.settings import DEFAULT_SETTINGS

PUBLISHED = "2020-05-10"


def run(nlp, text: str, published: str | None = PUBLISHED):
    article = Article(id="test", text=text, published=published)
    return extract_events(nlp(text), article, [], DEFAULT_SETTINGS)


def top(events):
    return max(events, key=lambda e: e.confidence) if events else None


# ---------------------------------------------------------------- sub-event types

SUB_EVENT_CASES = [
    ("Government troops clashed with rebels near the town of Kalo on Tuesday.", "Armed clash"),
    ("Army soldiers recaptured the town of Mabri from the rebels on Friday.", "Government regains territory"),
    ("Militants seized the town of Derma on Friday after the army withdrew.", "Non-state actor overtakes territory"),
    ("A drone strike hit a compound in the village of Sarak, killing four militants.", "Air/drone strike"),
    ("Rebels shelled residential areas of the city with mortars on Monday.", "Shelling/artillery/missile attack"),
    ("A suicide bomber blew himself up at a checkpoint, killing six soldiers.", "Suicide bomb"),
    ("A roadside bomb exploded near a police patrol, wounding two officers.", "Remote explosive/landmine/IED"),
    ("Unknown attackers threw a hand grenade at a shop in the market.", "Grenade"),
    ("Rebels blew up a power pylon near the town on Friday.", "Remote explosive/landmine/IED"),
    ("A car bomb was left outside the police headquarters in the town on Friday.",
     "Remote explosive/landmine/IED"),
    ("A dynamite attack damaged the newspaper's office in the town on Friday.",
     "Remote explosive/landmine/IED"),
    ("Gunmen shot dead three villagers in their homes on Sunday night.", "Attack"),
    ("Gunmen abducted a teacher from his home in the town.", "Abduction/forced disappearance"),
    ("A woman was raped by armed men near the camp.", "Sexual violence"),
    ("Hundreds of teachers protested outside the ministry, demanding unpaid salaries.", "Peaceful protest"),
    ("Students protested against fee increases. Police fired tear gas to disperse them.",
     "Protest with intervention"),
    ("Rioters torched cars and threw stones at the police after the match.", "Violent demonstration"),
    ("An angry mob lynched a suspected thief in the market.", "Mob violence"),
    ("Police arrested a local journalist at his home on Saturday.", "Arrests"),
    ("Fighters looted shops in the village on Friday.", "Looting/property destruction"),
    ("An assailant threw an incendiary device at the clinic on Friday.", "Looting/property destruction"),
    ("Five men were bludgeoned to death in the village on Friday.", "Attack"),
    ("The two factions signed a ceasefire agreement in the capital.", "Agreement"),
    ("Soldiers defused a bomb planted under a bridge near the town.", "Disrupted weapons use"),
    ("Three militants were killed when the bomb they were planting detonated accidentally.",
     "Disrupted weapons use"),
    ("Rebels deployed reinforcements to the front line near the river.", "Change to group/activity"),
]


@pytest.mark.parametrize("text,sub", SUB_EVENT_CASES)
def test_events_sub_event_type(nlp, text, sub):
    ev = top(run(nlp, text))
    assert ev is not None, text
    assert ev.sub_event_type == sub
    assert ev.event_type == EVENT_TYPE_OF[sub]


def test_events_remote_violence_is_coded_by_method_even_when_civilians_die(nlp):
    ev = top(run(nlp, "An airstrike hit a wedding party in the village, killing twelve civilians."))
    assert ev.sub_event_type == "Air/drone strike"
    assert ev.fatalities == 12


def test_events_armed_group_against_soldiers_is_a_battle(nlp):
    ev = top(run(nlp, "Militants attacked an army post near the border, killing three soldiers."))
    assert ev.event_type == "Battles"


def test_events_armed_group_against_villagers_is_violence_against_civilians(nlp):
    ev = top(run(nlp, "Militants attacked the village of Tumbi, killing three farmers."))
    assert ev.event_type == "Violence against civilians"
    assert ev.actor2.startswith("Civilians")


# ---------------------------------------------------------------- not events

NOT_EVENT_CASES = [
    "If the rebels reach the capital, there would be a massacre.",
    "Militants could attack the city within the next month, experts warned.",
    "The group threatened to bomb the bridge.",
    "No clashes were reported in the district on Sunday.",
    "American soldiers fought bloody battles in the city in 2004.",
    "The minister said the fight against the militants would be a long one.",
    "The insurgents are very strong in the northern province.",
    "Officials fear the extremists could capture the entire region.",
    "Kidnappings for ransom have become common in the northern states.",
    "The port city has been hit by a series of bombings this year.",
    "The district had been hit by more than 30 air strikes over the past month, monitors said.",
    "Backed by air support, government troops have made gains against the rebels, including capturing the town of Doro.",
    "We are in for a long summer of fighting in the south, the commander said.",
]


@pytest.mark.parametrize("text", NOT_EVENT_CASES)
def test_events_not_an_event(nlp, text):
    assert run(nlp, text) == []


@pytest.mark.parametrize("text,reason", [
    ("If the rebels attack the town, the army will respond.", "conditional"),
    ("Rebels could attack the town.", "modal"),
    ("No clashes were reported.", "negated"),
    ("Soldiers fought a battle there in 1998.", "history"),
])
def test_events_check_trigger_says_why(nlp, text, reason):
    doc = nlp(text)
    trigs = [t for t in find_triggers(doc) if t.strength >= 2]
    assert trigs
    results = [check_trigger(t, doc, PUBLISHED) for t in trigs]
    assert all(not ok for ok, _ in results)
    assert any(why.startswith(reason) for _, why in results)


# ---------------------------------------------------------------- grouping and counts

def test_events_follow_up_sentence_joins_its_incident(nlp):
    text = ("A car bomb exploded near the market in Kalo on Sunday, killing at least 10 people "
            "and wounding 15. Among the dead was a local police chief.")
    events = run(nlp, text)
    assert len(events) == 1
    ev = events[0]
    assert (ev.fatalities, ev.fatalities_low, ev.injured) == (10, 10, 15)


def test_events_two_incidents_stay_apart(nlp):
    text = ("A car bomb exploded in Kalo on Sunday, killing five people. "
            "Later, gunmen attacked a checkpoint in Derma, killing two soldiers.")
    events = sorted(run(nlp, text), key=lambda e: e.evidence[0].start)
    assert len(events) == 2
    assert [e.fatalities for e in events] == [5, 2]
    assert events[0].sub_event_type == "Remote explosive/landmine/IED"


def test_events_repeated_total_is_not_copied_onto_another_event(nlp):
    text = ("Militants stormed the town of Harbi on Friday and killed about 40 people. "
            "Rebels also shelled the nearby village of Sumo. "
            "Officials said 40 people had been killed in the town.")
    events = run(nlp, text)
    assert sum(e.fatalities for e in events) == 40


def test_events_subsets_are_not_added(nlp):
    ev = top(run(nlp, "Gunmen opened fire on a bus, killing seven people, including two children."))
    assert ev.fatalities == 7


def test_events_perpetrators_killed_count_as_fatalities(nlp):
    text = ("A gunman opened fire at a shopping mall, killing three people. "
            "The gunman was killed by police.")
    ev = top(run(nlp, text))
    assert ev.fatalities == 4


# the attackers' own fate, more victims added, a summary that points back: one incident
FOLLOW_UP_CASES = [
    ("An attacker opened fire on worshippers at a temple in Riverton, killing four people. "
     "The attacker then shot and killed himself.", 5, None),
    ("Two gunmen opened fire at a wedding hall in Dunmore, killing six people and wounding nine. "
     "Both gunmen were later killed in a shootout with police.", 8, 9),
    ("A man named Oren Kask opened fire at a bus depot in Millbrook, killing two drivers. "
     "Kask was shot dead by security guards during the attack.", 3, None),
    ("An assailant stabbed and wounded two shoppers at a mall in Eastport. In addition, a cleaner "
     "was stabbed and injured when she tried to intervene.", None, 3),
    ("A bomb exploded outside a bank in Harwick, injuring three customers. "
     "The bomber was also injured in the blast.", None, 4),
    ("A parcel laced with poison was opened by a clerk at a tax office in Selby, who was diagnosed "
     "with poisoning. Two other clerks also suffered injuries.", None, 3),
    ("A gunman opened fire on a crowd at a fair in Linden, killing one woman. "
     "Three people were killed in the shooting spree before the gunman surrendered.", 3, None),
]


@pytest.mark.parametrize("text,killed,injured", FOLLOW_UP_CASES)
def test_events_follow_up_victims_join_the_incident(nlp, text, killed, injured):
    events = run(nlp, text)
    ev = top(events)
    assert len([e for e in events if e.fatalities or e.injured]) == 1, [(e.notes) for e in events]
    if killed is not None:
        assert ev.fatalities == killed
    if injured is not None:
        assert ev.injured == injured


def test_events_a_second_bomb_is_still_another_incident(nlp):
    text = ("A bomb exploded at a bus stop in Kalo on Monday, killing two people. "
            "A second bomb exploded at a market in Derma, killing five.")
    events = run(nlp, text)
    assert sorted(e.fatalities for e in events) == [2, 5]


def test_events_count_only_sentence_adds_its_victim(nlp):
    text = ("Two men attacked a shopkeeper with a hammer outside his store in Brackley. "
            "The shopkeeper suffered cuts to his head.")
    ev = top(run(nlp, text))
    assert ev.injured == 1


def test_events_a_report_total_already_counts_the_attacker(nlp):
    text = ("A gunman opened fire in a cafe in Norland and was then shot dead by police. "
            "The attack caused 3 fatalities.")
    ev = top(run(nlp, text))
    assert ev.fatalities == 3


def test_events_a_death_subject_is_not_the_attacker(nlp):
    text = "Three villagers died when gunmen attacked the village of Toma on Sunday."
    ev = top(run(nlp, text))
    assert ev.event_type == "Violence against civilians"
    assert ev.fatalities == 3


def test_events_acled_coded_fatalities_note_wins(nlp):
    text = ("On 2 May 2020, rebels reportedly shelled army positions near Kalo, killing dozens of "
            "soldiers. Unknown number of fatalities coded as 10.")
    ev = top(run(nlp, text, published=None))
    assert ev.fatalities == 10


# ---------------------------------------------------------------- actors, claims, dates, evidence

def test_events_named_group_is_normalised(nlp):
    ev = top(run(nlp, "ISIL militants attacked Iraqi soldiers near Tikrit, killing four soldiers."))
    assert ev.actor1 == "Islamic State"
    assert ev.actor2 == "Military Forces of Iraq"
    assert (ev.inter1, ev.inter2) == (2, 1)


def test_events_protesters_are_actor1_with_country(nlp):
    ev = top(run(nlp, "Hundreds of Kenyan teachers protested in the capital over unpaid salaries."))
    assert ev.actor1 == "Protesters (Kenya)"
    assert ev.inter1 == 6


def test_events_claim_by_the_group_sets_claimed(nlp):
    text = "A message from the group claimed its fighters held the army base near Kalo."
    ev = top(run(nlp, text))
    assert ev is not None and ev.claimed


def test_events_acled_note_date_is_used(nlp):
    ev = top(run(nlp, "On 9 May 2020, gunmen killed two farmers in the village of Sabon.", published=None))
    assert ev.event_date == "2020-05-09"


def test_events_without_a_date_fall_back_to_publication_with_lower_precision(nlp):
    ev = top(run(nlp, "Gunmen killed two farmers in the village of Sabon."))
    assert ev.event_date == PUBLISHED
    assert ev.date_precision != "day"
    assert any(e.field.startswith("event_date:") for e in ev.evidence)


def test_events_evidence_slices_the_article_text(nlp):
    text = ("A roadside bomb killed three soldiers near Kalo on Sunday. "
            "Hundreds of residents later protested in the town against the violence.")
    events = run(nlp, text)
    assert events
    for ev in events:
        fields = {e.field.split(":")[0] for e in ev.evidence}
        assert {"event_type", "sub_event_type", "actor1"} <= fields
        for e in ev.evidence:
            assert text[e.start:e.end] == e.text
        assert ev.notes and ev.notes.endswith(".")
        assert 0 < ev.confidence <= 1


def test_events_ids_are_stable(nlp):
    text = "Gunmen abducted a teacher from his home in the town of Kalo."
    assert [e.event_id for e in run(nlp, text)] == [e.event_id for e in run(nlp, text)]


@pytest.mark.parametrize("text,attack,weapon", [
    ("Assailants set fire to a church in the town. There were no casualties.",
     "Facility/Infrastructure Attack", "Incendiary"),
    ("An assailant opened fire on customers at a restaurant, killing two people.",
     "Armed Assault", "Firearms"),
    ("A pipe bomb exploded outside a clinic. No one was hurt.", "Bombing/Explosion", "Explosives"),
    ("An assailant stabbed two passengers on a train.", "Armed Assault", "Melee"),
    ("Gunmen kidnapped a businessman from his car.", "Hostage Taking (Kidnapping)", "Firearms"),
])
def test_events_gtd_attack_type_and_weapon(nlp, text, attack, weapon):
    ev = top(run(nlp, text))
    assert ev.attack_type == attack
    assert ev.weapon == weapon


@pytest.mark.parametrize("text,target", [
    ("Assailants set fire to a mosque in the town.", "Religious Figures/Institutions"),
    ("An assailant opened fire on police officers outside the station.", "Police"),
    ("A bomb exploded outside an abortion clinic.", "Abortion Related"),
    ("Vandals set fire to a car dealership.", "Business"),
])
def test_events_gtd_target_type(nlp, text, target):
    assert top(run(nlp, text)).target_type == target


# ---------------------------------------------------------------- follow-up rules (written for issue 4)

def test_events_counted_strikes_over_hours_are_still_one_event(nlp):
    ev = top(run(nlp, "Coalition aircraft conducted 12 air strikes near the city over the past 48 hours, "
                      "a spokesman said."))
    assert ev is not None and ev.sub_event_type == "Air/drone strike"


def test_events_definite_subject_continues_the_incident(nlp):
    text = ("Hundreds of rioters torched cars in the capital on Monday. "
            "The rioters then blocked the main road in the Kawe area and threw stones at police.")
    events = run(nlp, text)
    assert len(events) == 1
    assert events[0].event_type == "Riots"


def test_events_later_incident_takes_the_day_of_the_one_before(nlp):
    text = ("Early Sunday, a roadside bomb killed three police officers in the town of Meru. "
            "Later, two suicide bombers drove their cars into the gate of the army base, killing four soldiers.")
    events = sorted(run(nlp, text, published="2021-03-01"), key=lambda e: e.evidence[0].start)
    assert [e.sub_event_type for e in events] == ["Remote explosive/landmine/IED", "Suicide bomb"]
    assert [(e.event_date, e.date_precision) for e in events] == [("2021-02-28", "day")] * 2
    assert any(e.field == "event_date:previous_incident" for e in events[1].evidence)


def test_events_a_crowd_leaving_is_no_intervention(nlp):
    ev = top(run(nlp, "Thousands of protesters rallied peacefully in the capital on Thursday. "
                      "The march passed without incident and the crowd dispersed in the evening."))
    assert ev.sub_event_type == "Peaceful protest"


def test_events_group_that_says_it_planted_the_bomb_is_actor1(nlp):
    text = ("A roadside bomb struck an army patrol on Sunday, killing four soldiers. "
            "The Taliban said their fighters had planted the device.")
    ev = top(run(nlp, text))
    assert ev.actor1 == "Taliban"
    assert ev.actor2 is not None and ev.actor2.startswith("Military Forces")


@pytest.mark.parametrize("text,unwanted", [
    ("Artillery shells hit the village overnight, killing one civilian.", "Military Forces"),
])
def test_events_a_weapon_is_not_an_actor(nlp, text, unwanted):
    ev = top(run(nlp, text))
    assert ev is not None and not (ev.actor1 or "").startswith(unwanted)


def test_events_a_weapon_with_a_nationality_names_its_forces(nlp):
    ev = top(run(nlp, "Russian artillery shelled the village overnight, killing one civilian."))
    assert ev.actor1 == "Military Forces of Russia"


def test_events_headline_toll_is_not_added_to_the_body(nlp):
    text = ("Bomber kills nine at market A suicide bomber blew himself up at a market on Friday, "
            "killing eight people and wounding 20, police said.")
    article = Article(id="t", text=text, published=PUBLISHED, title="Bomber kills nine at market")
    ev = top(extract_events(nlp(text), article, [], DEFAULT_SETTINGS))
    assert (ev.fatalities, ev.injured) == (8, 20)


def test_events_date_of_the_deed_beats_the_date_of_the_statement(nlp):
    ev = top(run(nlp, "Police said on Monday that gunmen who ambushed a bus last week had fled.",
                 published="2024-04-08"))
    assert ev.date_precision == "week"


def test_events_protesters_social_group_is_assoc_actor_1(nlp):
    ev = top(run(nlp, "On 3 May 2020, medical interns protested outside the health ministry over unpaid overtime.",
                 published=None))
    assert ev.event_type == "Protests"
    assert ev.assoc_actor_1 is not None and ev.assoc_actor_1.startswith("Health Workers")


def test_events_calibrated_confidence_keeps_order_and_range():
    from strife.events.record import calibrated_confidence
    raws = [0.05, 0.3, 0.55, 0.6, 0.7, 0.8, 0.9, 0.95]
    cal = [calibrated_confidence(r) for r in raws]
    assert all(0.0 <= c <= 1.0 for c in cal)
    assert cal == sorted(cal)


def test_events_people_forced_to_flee_are_counted_as_displaced(nlp):
    text = ("Rebels attacked the town of Kalo on Monday, killing four soldiers. "
            "The fighting forced over 8,000 residents to flee their homes.")
    ev = top(run(nlp, text))
    assert (ev.fatalities, ev.displaced) == (4, 8000)


@pytest.mark.parametrize("text,actor2", [
    # the side that lost a town to a non-state group, told beside the capture
    ("Islamic State fighters seized the town of Kalo on Sunday after army troops abandoned their positions.",
     "Military Forces"),
    ("Islamic State militants seized the town of Kalo on Sunday. The bodies of dozens of soldiers "
     "lay in the streets.", "Military Forces"),
    # a speaker is a source, not a side
    ("Islamic State militants seized the town of Kalo on Sunday, a military spokesman said.", None),
])
def test_events_a_battle_names_its_other_side(nlp, text, actor2):
    ev = top(run(nlp, text))
    assert ev.event_type == "Battles"
    assert ev.actor2 == actor2


def test_events_the_first_of_two_coordinated_actors_is_named(nlp):
    text = "Islamic State fighters attacked the army and tribal militias near the town of Kalo on Monday."
    ev = top(run(nlp, text))
    assert ev.actor2 == "Military Forces"


@pytest.mark.parametrize("text,sub", [
    # armed people hit make it a battle, even when only the casualty names them
    ("Unknown gunmen attacked the house of a district governor on Monday, and one guard was wounded.",
     "Armed clash"),
    ("A municipal police officer was shot dead by an armed man in the town of Kalo on Tuesday.", "Armed clash"),
    ("Separatists shot and killed one ranger on a road near the village of Tako on Sunday.", "Armed clash"),
    ("Two pro-government militia members were killed in an attack by militants in Kalo on Friday.",
     "Armed clash"),
    # a farmer is no armed actor
    ("Unknown gunmen shot dead a farmer near the village of Tako on Sunday.", "Attack"),
])
def test_events_armed_victims_make_a_battle(nlp, text, sub):
    assert top(run(nlp, text)).sub_event_type == sub


@pytest.mark.parametrize("text,sub", [
    # violence inside what the protest is about is no rioting
    ("Residents held a protest in the town of Kalo on Monday for the replacement of a burnt transformer.",
     "Peaceful protest"),
    ("Relatives of a guard who was shot dead last month held a protest outside the hospital in Kalo on Monday.",
     "Peaceful protest"),
    # blocking a road with burning tyres is
    ("Residents blocked a road with burning tyres in Kalo on Monday to protest against power cuts.",
     "Violent demonstration"),
])
def test_events_protest_grievance_is_not_rioting(nlp, text, sub):
    assert top(run(nlp, text)).sub_event_type == sub


def test_events_history_words_in_a_reason_clause_do_not_make_it_history(nlp):
    text = ("On 6 May 2020, about 300 parents held a sit-in outside a school in Kalo, denouncing the "
            "suspension of classes since the start of the outbreak.")
    ev = top(run(nlp, text, published=None))
    assert ev is not None and ev.event_type == "Protests"


def test_events_coordinated_modifiers_name_the_first_actor(nlp):
    text = "Islamic State fighters are taking on Iraq's military and tribal groups near Samarra."
    ev = top(run(nlp, text))
    assert ev.actor2 == "Military Forces of Iraq"


def test_events_a_perfect_infinitive_reports_a_deed(nlp):
    text = "On 3 May 2020, rebel forces claimed to have shelled army positions outside the town of Kalo."
    ev = top(run(nlp, text, published=None))
    assert ev.sub_event_type == "Shelling/artillery/missile attack"


def test_events_plural_suspects_shot_in_a_shootout_are_armed(nlp):
    text = ("On 2 May 2020, police officers raided a house in the town of Kalo. A shoot-out broke out "
            "and two suspects were shot and injured.")
    ev = top(run(nlp, text, published=None))
    assert ev.sub_event_type == "Armed clash"


@pytest.mark.parametrize("text,sub", [
    ("On 9 May 2020, an unidentified group attacked a church in Kalo town and tried to set its gate "
     "on fire. [size=no report]", "Mob violence"),
    ("On 9 May 2020, an unidentified group attacked a church in Kalo town and tried to set its gate "
     "on fire.", "Attack"),
])
def test_events_acled_crowd_size_tag_tells_a_demonstration(nlp, text, sub):
    ev = top(run(nlp, text, published=None))
    assert ev.sub_event_type == sub


def test_events_people_gathering_to_demand_hold_a_protest(nlp):
    text = ("On 1 May 2020, members of a farmers' union gathered at the district government centre in "
            "the town of Kalo, Tarin province, to demand compensation for the drought.")
    ev = top(run(nlp, text, published=None))
    assert ev is not None and ev.sub_event_type == "Peaceful protest"


@pytest.mark.parametrize("text,published,expected", [
    ("KANO, Nigeria (March 9) - Soldiers clashed with bandits on Tuesday near the town of "
     "Bichi, the army said.", "2022-03-09", "2022-03-08"),
    ("An airstrike hit a militant camp near the border early on Sunday, the army said in a "
     "statement on Monday.", "2022-03-15", "2022-03-13"),
])
def test_events_date_of_the_deed_beats_dateline_and_statement_date(text, published, expected):
    import strife

    [ev] = strife.extract(text, published=published).events
    assert ev.event_date == expected


def test_actor_country_tie_is_the_first_named_whatever_the_hash_seed():
    """Two countries named once each, none in the incident's sentence: the actors' country is
    the first one named, the same in every process (it once followed set order, which
    PYTHONHASHSEED changes)."""
    import os
    import subprocess
    import sys

    code = ("import strife\n"
            "text = ('gunmen shot dead two shopkeepers in a market on monday, police said. '\n"
            "        'the market sells cloth from nepal and spices from pakistan.')\n"
            "r = strife.extract(text, published='2021-03-02')\n"
            "print(sorted({e.actor1 for e in r.events}))\n")
    outs = set()
    for seed in ("1", "2"):   # seeds 1 and 2 gave different countries before the fix
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=300, check=True)
        outs.add(out.stdout.strip().splitlines()[-1])
    assert outs == {"['Unidentified Armed Group (Nepal)']"}


def test_events_damage_done_by_the_blast_is_part_of_the_bombing(nlp):
    text = ("A bomb exploded in a shopping street in Osorno on Monday, shattering windows. No one "
            "was hurt. Police said the device was left by unknown men. It also destroyed a "
            "telephone booth and water pipes.")
    events = run(nlp, text)
    assert [e.sub_event_type for e in events] == ["Remote explosive/landmine/IED"]


def test_events_damage_done_by_people_elsewhere_is_its_own_event(nlp):
    text = ("A bomb exploded in a shopping street in Osorno on Monday, shattering windows. "
            "Guerrillas also burned a bus near Temuco.")
    assert len(run(nlp, text)) == 2


@pytest.mark.parametrize("text,disrupted", [
    ("Gunmen shot dead a judge in the city on Friday. He was driving home when he was "
     "intercepted by four men on two motorcycles.", False),
    ("Air defences intercepted two rockets fired at the city on Saturday.", True),
])
def test_events_only_intercepted_weapons_are_disrupted_weapons_use(nlp, text, disrupted):
    subs = [e.sub_event_type for e in run(nlp, text)]
    assert ("Disrupted weapons use" in subs) == disrupted and subs


def test_events_police_in_the_next_sentence_are_not_the_victims(nlp):
    # "Police sealed off the area" follows the killing: the judge is the victim, not the police
    events = run(nlp, "Gunmen shot dead a judge outside the court on Friday. Police sealed off the area.")
    assert [(e.sub_event_type, e.actor2) for e in events] == [("Attack", "Civilians")]


@pytest.mark.parametrize("text,sub", [
    # army equipment destroyed by an armed group is fighting, not looting
    ("Guerrillas destroyed two army tanks near the town on Friday.", "Armed clash"),
    ("Guerrillas burned three buses near the town on Friday.", "Looting/property destruction"),
    # the target sits under "from ... on", and "on Friday" is a time, not a target
    ("The offensive began with an attack from 50 directions on the enemy positions in the "
     "city on Friday.", "Armed clash"),
    ("An attack on Friday on a bus killed two passengers.", "Attack"),
    ("An army helicopter was damaged near the town on Friday.", "Armed clash"),
    # unidentified people who murder are an armed group, not a mob
    ("He was murdered by four unidentified people on a football field on Friday.", "Attack"),
    ("The lawyer was getting into his car when he was shot by two men on a motorcycle.", "Attack"),
    ("Villagers attacked a man accused of witchcraft on Friday.", "Mob violence"),
])
def test_events_military_targets_make_battles(nlp, text, sub):
    assert [e.sub_event_type for e in run(nlp, text)] == [sub]


def test_events_moreover_and_also_today_open_other_incidents(nlp):
    text = ("Gunmen shot dead a bank official at his farm outside the city on Tuesday. "
            "Moreover, a prosecutor was attacked by a man who fired 13 shots, killing him. "
            "Also today, a judge was shot to death by hired assassins in the port.")
    assert len(run(nlp, text)) == 3


def test_events_a_distance_reference_point_is_not_where_it_happened(nlp):
    from strife.events.incidents import _find_sentence_places

    text = "A prosecutor was attacked in Envigado, 10 km from Medellin, on Tuesday."
    doc = nlp(text)
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Envigado", "Medellin")]
    assert _find_sentence_places(list(doc.sents)[0], spans) == {"envigado"}


def test_events_who_found_the_bodies_did_not_kill_them(nlp):
    events = run(nlp, "Police pulled out eight more bodies, including three children, on Tuesday.")
    assert [(e.actor1, e.fatalities) for e in events] == [("Unidentified Armed Group", 8)]


def test_events_police_who_pull_out_bodies_are_not_the_killers(nlp):
    text = ("Tension gripped the town after news of the cook's murder spread. Police pulled out "
            "eight more bodies, including three children, on Tuesday.")
    events = run(nlp, text)
    assert events and all(not (e.actor1 or "").startswith("Police") for e in events)


def test_a_kidnapping_told_with_the_release_of_its_victim_is_news(nlp):
    events = run(nlp, "A French engineer who was kidnapped in Agadez today by gunmen was released a few "
                      "hours after being taken hostage, police said.")
    assert [e.sub_event_type for e in events] == ["Abduction/forced disappearance"]
    # a demand for a release tells no kidnapping of its own
    assert not run(nlp, "Relatives demanded the release of the two engineers held in Agadez.")


def test_a_protest_that_is_the_way_captors_explain_a_kidnapping_is_no_protest(nlp):
    events = run(nlp, "Gunmen kidnapped a French engineer in Agadez today. The captors told him that the "
                      "kidnapping was a way for them to protest the visit of a foreign minister.")
    assert [e.event_type for e in events] == ["Violence against civilians"]


def test_declaring_a_statement_is_no_change_declaring_a_curfew_is(nlp):
    assert not run(nlp, "The speaker of parliament declared that the death of the judge was caused by "
                        "the rebels' senseless violence.")
    events = run(nlp, "The army declared a curfew in Kalo on Monday.")
    assert [e.sub_event_type for e in events] == ["Change to group/activity"]


@pytest.mark.parametrize("text", [
    "There are reports that the men have been engaged in illegal activities in Kalo.",
    "The price of fuel has become a burning issue in Kalo this week.",
    "The selfish attitude that has hurt the homeland deeply must be set aside, the bishop said.",
    "The bishop visited the districts of Kalo where the rebel attacks have been stronger.",
    "The new commander replaces a colonel, one of the officers involved in the assassination of the priests.",
])
def test_figures_of_speech_comparisons_and_references_are_no_incident(nlp, text):
    assert not run(nlp, text)


def test_engaged_in_fighting_is_a_clash(nlp):
    events = run(nlp, "Troops engaged in heavy fighting with rebels near Kalo on Monday.")
    assert [e.sub_event_type for e in events] == ["Armed clash"]


@pytest.mark.parametrize("text", [
    "During ten years of civil war more than 70,000 people have been killed in the country, the bishop said.",
    "Police said the car had a slow-burning fuse and a mechanism to set it off.",
    "The ambassador, speaking for an hour at a news conference in the capital, repeated his criticism "
    "of the invasion and asked the United Nations to act. He said the troops must leave. They have "
    "killed many people and they want to impose a new government.",
])
def test_war_totals_descriptions_and_records_held_against_someone_are_no_incident(nlp, text):
    assert not run(nlp, text)


def test_a_war_total_beside_a_real_incident_leaves_the_incident(nlp):
    events = run(nlp, "Government troops killed five rebels in Kalo on Monday. During ten years of war "
                      "more than 70,000 people have been killed in the country.")
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Armed clash", 5)]


@pytest.mark.parametrize("text", [
    "The transport workers' union began an indefinite strike at midnight in Kalo, defying a government order.",
    "The judge overturned the ruling that freed three members of the kidnapping ring in Kalo.",
    "The UN special rapporteur on torture cases met rights groups in Kalo today.",
    "The attorney general said the army chief will testify in Kalo in the case of the murdered priests.",
    "He then touched on the controversy regarding the kidnapping of the minister's son.",
    # a victim named by the deed done to him: the kidnapping is told elsewhere, or not at all
    "The kidnapping victim, a teacher from Kalo, was released on Saturday.",
    "The minister spoke for an hour about the talks in Kalo. He said many things about the economy and "
    "the budget. After the attack, instead of seeking calm, the army continued its provocations.",
])
def test_strikes_rings_cases_controversies_and_allusions_are_no_incident(nlp, text):
    assert not [e for e in run(nlp, text) if e.event_type != "Protests"]


def test_a_military_strike_at_dawn_is_still_an_incident(nlp):
    events = run(nlp, "Jets carried out a strike at dawn on Monday on rebel positions near Kalo, killing 4 fighters.")
    assert [e.fatalities for e in events] == [4]
    # "carried out" conducts an air strike; it does not carry a weapon
    events = run(nlp, "Jets carried out an air strike on rebel positions near Kalo on Monday, killing 4 fighters.")
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]


@pytest.mark.parametrize("text", [
    "The minister said in Kalo today the government is drafting a document on the cease-fire.",
    "The bishop said in Kalo today that poverty is more dangerous than the atomic bomb.",
    "A lawsuit filed in Kalo claims that the bombs were built with plans stolen from the company.",
    "The union urged the government in Kalo today to cease the attacks on the freedom of expression.",
])
def test_cease_fires_comparisons_weapons_made_and_attacks_on_freedoms_are_no_incident(nlp, text):
    assert not [e for e in run(nlp, text) if e.event_type in ("Battles", "Violence against civilians",
                                                               "Explosions/Remote violence")]


def test_burning_flags_at_a_protest_is_no_property_destruction(nlp):
    events = run(nlp, "Hundreds of workers marched in Kalo on Monday. The demonstrators also burned a coffin "
                      "and eight flags outside the embassy.")
    assert [e.sub_event_type for e in events] == ["Peaceful protest"]
    events = run(nlp, "Rioters burned two cars and a police station in Kalo on Monday.")
    assert events and events[0].event_type == "Riots"


def test_aircraft_that_bombed_villages_make_an_air_strike(nlp):
    events = run(nlp, "Military planes and helicopter gunships bombed villages near Kalo on Monday.")
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]
    events = run(nlp, "Militants bombed a market in Kalo on Monday.")
    assert [e.sub_event_type for e in events] == ["Remote explosive/landmine/IED"]


def test_an_offensive_announced_is_no_battle(nlp):
    for text in ("The government announced a total offensive in Kalo today to capture the cartel boss.",
                 "The rebels threatened attacks on the capital, Kalo, today."):
        assert not [e for e in run(nlp, text) if e.event_type in ("Battles", "Violence against civilians")]
    events = run(nlp, "The army launched an offensive against the rebels in Kalo on Monday.")
    assert [e.sub_event_type for e in events] == ["Armed clash"]


def test_an_incident_told_before_the_years_total_keeps_its_toll(nlp):
    events = run(nlp, "Gunmen killed five villagers in Kalo on Monday, bringing the number killed this year to 300.")
    assert [e.fatalities for e in events] == [5]


def test_an_administration_targeting_officials_is_policy(nlp):
    assert not run(nlp, "The administration targeted 13 more officials of Kalo's government on Friday, "
                        "alleging violations of human rights.")
    assert run(nlp, "Gunmen targeted a police post in Kalo on Friday.")


def test_fire_involving_machineguns_is_the_deed_not_a_reference(nlp):
    events = run(nlp, "On 7 May 2020, monitors observed 15 bursts of fire involving heavy machineguns near Kalo.")
    assert len(events) == 1


def test_a_participle_after_a_hyphen_describes_a_place(nlp):
    assert not run(nlp, "The minister visits riot-hit areas of Kalo today.")
    assert run(nlp, "A car-bomb attack killed five people in Kalo on Monday.")


def test_attacks_carried_out_to_protest_a_murder_are_attacks_not_a_protest(nlp):
    events = run(nlp, "Rebels of the 9th Front have carried out attacks in the south of the province to "
                      "protest the murder of a union leader. The rebels blew up a power pylon near Tolima.")
    assert [e.event_type for e in events] in (["Violence against civilians"], ["Explosions/Remote violence"])


def test_explosions_only_heard_are_no_incident(nlp):
    assert not run(nlp, "Residents said strong explosions were heard last night in the hills north of "
                        "the capital, and bursts of gunfire and shootouts are heard in the suburbs.")
    events = run(nlp, "Residents heard a loud explosion at the police station in Kalo on Monday, and "
                      "two officers were wounded.")
    assert [e.event_type for e in events] == ["Explosions/Remote violence"]


def test_an_inventory_of_seized_arms_names_no_attack(nlp):
    assert not run(nlp, "Troops searching the farmhouse found 40 rifles, 12 grenade launchers, 300 sticks "
                        "of dynamite, 9 pistols and 2,000 cartridges buried in the yard.")
    assert not run(nlp, "Also confiscated were six knapsacks, five blocks of TNT, 20 detonating caps and "
                        "two radios.")
    events = run(nlp, "Gunmen fired two rockets and three mortar shells at the army base in Kalo on "
                      "Sunday, killing four soldiers.")
    assert events and events[0].fatalities == 4


def test_references_aims_and_denials_tell_no_incident(nlp):
    for text in ("The report of an alleged bombardment of the village is also false.",
                 "The president has stepped up his attacks on the opposition.",
                 "The minister said drug traffickers and landowners are behind all these attacks.",
                 "The rebels propose that all officers implicated in the murder of the bishop be put on trial.",
                 "He angered the government by publicly calling for the assassination of the general.",
                 "He said the country was invaded without a shot being fired.",
                 "The assault troops were trained by foreign instructors.",
                 "There will be disputes between those who murdered the bishop and the corrupt elite.",
                 "They also burned a scale model of the embassy.",
                 "The prisoner said he had the mission of assassinating the president."):
        assert not run(nlp, text), text
    events = run(nlp, "Gunmen killed five villagers without warning in Kalo on Monday.")
    assert [e.fatalities for e in events] == [5]


def test_an_attack_named_by_its_victim_in_an_arrest_story_is_that_attack(nlp):
    events = run(nlp, "Three members of the gang called the Hawks were arrested in Kalo on Monday in "
                      "connection with the attack on Senator Ruben Ortega.")
    assert "Violence against civilians" in [e.event_type for e in events]
    # a kind of attack, named by no victim, stays a reference
    events = run(nlp, "Three men were arrested in Kalo on Monday in connection with the attacks.")
    assert [e.event_type for e in events] == ["Strategic developments"]


def test_figures_of_speech_words_and_references_tell_no_incident(nlp):
    for text in ("Another scandal hit the ministry this week.",
                 "An acute political confrontation exploded in the capital when Congress voted.",
                 "The admiral today harshly attacked the president of the neighbouring country.",
                 "The economy needs a shot in the arm, the minister said.",
                 "He was referring to the massacre of six priests by soldiers.",
                 "The bishop said the armed forces were guilty of the murders.",
                 "Drug lords have set off more than 260 bombs in the country."):
        assert not run(nlp, text), text
    # a reference that tells the deed's own time reports it
    events = run(nlp, "The president referred to an attack last night on a power substation in Kalo.")
    assert [e.event_type for e in events] == ["Violence against civilians"]
    events = run(nlp, "Gunmen fired 40 rockets at the army base in Kalo on Monday.")
    assert events
