"""Incident coreference inside a story (strife/events/extract.py: _merge_same_incident,
_retold): later mentions of one incident are one event; other towns and "another" stay apart.
Stories are our own; places come from the bundled gazetteer, so these run the whole pipeline."""
from __future__ import annotations

import strife

PUBLISHED = "2021-06-12"   # a Saturday


def test_coreference_a_mention_in_an_enclosing_place_retells_the_incident():
    # paragraphs later, "the murdered judge" is placed by "Afghanistan's ... courts": the
    # country that holds Kandahar. The same killing told again, not a second one
    r = strife.extract("Gunmen shot dead a judge in Kandahar on Friday. He was leaving a mosque "
                       "with his two sons. Police sealed off the area and searched nearby houses. "
                       "The governor called an emergency meeting of security chiefs. Schools in "
                       "the city were closed on Saturday. Traders said they feared more violence. "
                       "Several roads were blocked by troops. The murdered judge, Ahmad Karimi, was "
                       "the chief prosecutor of Afghanistan's southern courts.", published=PUBLISHED)
    assert [(e.location, e.fatalities) for e in r.events] == [("Kandahar", 1)]


def test_coreference_a_mention_in_the_country_of_the_blast_is_the_same_bombing():
    r = strife.extract("A bomb exploded outside a bank in Peshawar on Monday, killing three people. "
                       "The attack in Pakistan was claimed by a militant faction.",
                       published=PUBLISHED)
    assert [(e.location, e.fatalities) for e in r.events] == [("Peshawar", 3)]


def test_coreference_another_town_is_another_incident():
    r = strife.extract("A bomb exploded outside a bank in Peshawar on Monday, killing three people. "
                       "A bomb exploded in Lahore, Pakistan, on Monday, wounding two.",
                       published=PUBLISHED)
    assert sorted(e.location for e in r.events) == ["Lahore", "Peshawar"]


def test_coreference_a_mention_in_another_country_is_another_incident():
    r = strife.extract("A bomb exploded outside a bank in Peshawar on Monday, killing three people. "
                       "The attack in Afghanistan on the same day killed two police officers.",
                       published=PUBLISHED)
    assert len(r.events) == 2


def test_coreference_the_attack_named_back_is_the_clash_told_before():
    # the lead tells a clash with the police; "the attack" later adds only where it happened
    r = strife.extract("Gunmen attacked a police patrol in Kandahar on Tuesday, killing one officer. "
                       "The officer had served in the city for ten years. Residents said they heard "
                       "gunfire for twenty minutes. Shops in the area stayed closed all day. The "
                       "attack took place on a main avenue, a few minutes after the patrol left "
                       "its base.", published=PUBLISHED)
    assert len(r.events) == 1 and r.events[0].fatalities == 1


def test_coreference_a_second_secretary_is_no_second_incident():
    r = strife.extract("Gunmen shot dead a diplomat in Kandahar on Friday. Police sealed off the "
                       "area. The governor called a meeting of security chiefs. Schools in the city "
                       "were closed. Traders said they feared more violence. The murdered diplomat "
                       "was the second secretary of the embassy in Afghanistan.", published=PUBLISHED)
    assert len(r.events) == 1


def test_coreference_a_groups_claim_of_the_reported_capture_is_the_same_incident():
    # the claim adds no toll: it corroborates the capture the story reports
    r = strife.extract("Rebels captured the town of Tikrit on Sunday after the army withdrew. "
                       "A statement from the group claimed its fighters held the army base in "
                       "Tikrit as well.", published=PUBLISHED)
    assert [(e.sub_event_type, e.claimed) for e in r.events] == \
        [("Non-state actor overtakes territory", False)]


def test_coreference_a_claim_with_its_own_toll_stays_apart():
    r = strife.extract("Rebels attacked an army base in Tikrit on Sunday, officials said, killing "
                       "two soldiers. A statement from the group claimed its fighters killed 30 "
                       "soldiers in the attack on the base in Tikrit.", published=PUBLISHED)
    assert sorted(e.claimed for e in r.events) == [False, True]


def test_coreference_a_morning_killing_is_not_more_victims_of_the_afternoon_shooting():
    r = strife.extract("A radio station reported that gunmen this afternoon fired at a night watchman "
                       "in a neighbourhood of northern Kandahar.\n\nThis morning, a clerk of the "
                       "provincial court was shot to death in another neighbourhood, also in "
                       "northern Kandahar.", published=PUBLISHED)
    assert sorted(e.fatalities for e in r.events) == [0, 1]


def test_coreference_more_victims_of_the_same_shooting_stay_one_event():
    r = strife.extract("Gunmen fired at a night watchman in northern Kandahar this afternoon. "
                       "A passer-by was also shot and wounded.", published=PUBLISHED)
    assert len(r.events) == 1


def test_coreference_an_attack_days_before_an_undated_lead_is_another_incident():
    r = strife.extract("KANDAHAR, 19 April 2020 - A provincial judge was killed when a bomb placed on his car "
                       "exploded at an intersection in Kandahar. The judge's driver escaped unhurt.\n\n"
                       "Gunmen attacked the home of the deputy governor in Kandahar 5 days ago with "
                       "explosives. A niece of the deputy governor was wounded.", published="2020-04-19")
    dates = sorted(e.event_date for e in r.events)
    assert len(r.events) == 2 and dates[0] == "2020-04-14" and dates[1] >= "2020-04-18"


def test_coreference_the_attack_dated_later_in_the_story_is_the_lead_incident():
    r = strife.extract("A provincial judge was killed when a bomb placed on his car exploded in Kandahar. "
                       "The judge's driver escaped unhurt. The attack took place 5 days ago at a busy "
                       "intersection in Kandahar, police said.", published="2020-04-19")
    assert len(r.events) == 1 and r.events[0].fatalities == 1


def test_coreference_the_datelines_day_does_not_split_the_lead_from_its_own_date():
    r = strife.extract("KANDAHAR, 3 JAN 20 -- The army reported that about 50 villagers have been kidnapped "
                       "by rebels in Kandahar province. According to the garrison, the mass kidnapping "
                       "took place on 30 December in a village near the river.", published="2020-01-03")
    assert [(e.sub_event_type, e.event_date) for e in r.events] == \
        [("Abduction/forced disappearance", "2019-12-30")]


def test_an_injury_told_after_a_quiet_sentence_belongs_to_the_attack_just_told():
    evs = strife.extract("A bomb placed on his car killed the attorney general in Kalo today. "
                   "Guerrillas attacked the mayor's home in Dara 5 days ago with explosives. "
                   "There were seven children in the home at the time. A 15-year-old niece was injured.",
                         published=PUBLISHED).events
    assert len(evs) == 2
    home = next(e for e in evs if e.fatalities == 0)
    assert home.injured == 1
    assert next(e for e in evs if e.fatalities == 1).injured == 0



VIOLENT = ("Battles", "Violence against civilians", "Explosions/Remote violence", "Riots")


def test_coreference_a_killing_told_back_by_its_noun_is_the_same_incident():
    # "the colonel's assassination" names the shooting again: no second attack
    r = strife.extract("Gunmen on a motorcycle shot dead the police commander of the province, "
                       "Colonel Luis Herrera, and two of his bodyguards in Medellin this morning. "
                       "The government reinforced security in the city. The colonel's assassination "
                       "has caused great alarm in Colombian society.", published=PUBLISHED)
    assert [(e.location, e.event_type) for e in r.events if e.event_type in VIOLENT] == \
        [("Medellin", "Battles")]


def test_coreference_a_possessive_day_makes_the_mention_definite():
    # "Friday's attack" is the burning told before, not a new attack on civilians
    r = strife.extract("A guerrilla commando burned a bus in Arauca on Friday morning. Friday's "
                       "attack is the tenth this year, a company spokesman said.", published=PUBLISHED)
    assert len(r.events) == 1 and r.events[0].location == "Arauca"



def test_coreference_a_named_thing_damaged_with_no_doer_is_the_attacks_damage():
    # "the building was destroyed", three sentences on: what the attack did, no second incident
    r = strife.extract("Guerrillas attacked the town hall of San Isidro with rifles and grenades "
                       "on Friday morning, police said. Two policemen were wounded. The mayor said "
                       "the attackers fled toward the hills. It was also reported that the building "
                       "was destroyed.", published=PUBLISHED)
    assert len(r.events) == 1 and r.events[0].injured == 2


def test_coreference_a_killing_told_hours_earlier_is_another_incident():
    # no strong word in either sentence; "hours earlier" and a doer of its own tell another deed
    r = strife.extract("Gunmen killed a provincial governor at a campaign rally in Ghazni on Thursday. "
                       "Hours earlier, gunmen had killed a district judge as he left his home in Kunar.",
                       published=PUBLISHED)
    assert sorted(e.location for e in r.events) == ["Ghazni", "Kunar"], [(e.location, e.fatalities) for e in r.events]
    assert all(e.fatalities == 1 for e in r.events)


def test_coreference_a_lead_killing_stays_apart_from_a_clash_told_meanwhile():
    r = strife.extract("Gunmen killed a provincial governor at a campaign rally in Ghazni on Thursday. "
                       "Meanwhile, soldiers killed two militants in a clash near Kandahar.",
                       published=PUBLISHED)
    got = sorted((e.location, e.fatalities) for e in r.events)
    assert got == [("Ghazni", 1), ("Kandahar", 2)], got


def test_coreference_the_killing_named_back_stays_one_event():
    r = strife.extract("Gunmen killed a provincial governor at a campaign rally in Ghazni on Thursday. "
                       "The attack was the third on officials this month.", published=PUBLISHED)
    assert [(e.location, e.fatalities) for e in r.events] == [("Ghazni", 1)]


def test_coreference_a_bombing_told_meanwhile_at_the_same_place_stays_apart():
    r = strife.extract("A car bomb exploded outside the Chinese embassy in Miraflores on Tuesday night, "
                       "police said. Meanwhile, two bombs were thrown at a Russian embassy car parked in "
                       "Miraflores.", published=PUBLISHED)
    assert len([e for e in r.events if e.event_type == "Explosions/Remote violence"]) == 2, \
        [(e.sub_event_type, e.location) for e in r.events]


def test_coreference_the_deed_a_strike_protests_is_its_own_incident():
    # the kidnapping is what the clerks strike against: told two sentences on, it is the
    # kidnapping itself, not more of the strike
    r = strife.extract("Court clerks in Mombasa have been on strike since yesterday to protest the "
                       "kidnapping of Peter Otieno, a court messenger. The strike has closed every court "
                       "in the district. Four heavily armed men, who posed as police officers, kidnapped "
                       "Mr Otieno from his home in the Nyali neighborhood of Mombasa.", published=PUBLISHED)
    kinds = sorted(e.sub_event_type for e in r.events)
    assert kinds == ["Abduction/forced disappearance", "Peaceful protest"]


def test_coreference_police_firing_on_the_protest_is_still_the_protest():
    r = strife.extract("Students marched through Mombasa on Tuesday to protest the killing of a "
                       "teacher. Police fired tear gas at the marchers and two students were injured.",
                       published=PUBLISHED)
    assert [(e.sub_event_type, e.injured) for e in r.events] == [("Protest with intervention", 2)]


def test_coreference_another_person_killed_days_before_is_another_incident():
    r = strife.extract("Police said today that Peter Otieno, a party official, was shot dead in Mombasa. "
                       "James Mwangi, another party official, was killed on 7 June.", published=PUBLISHED)
    assert sorted((e.event_date, e.fatalities) for e in r.events) == [("2021-06-07", 1), ("2021-06-12", 1)]
    r = strife.extract("MOMBASA, June 12 - Peter Otieno, a radio presenter, was killed by unidentified men "
                       "last night. He is the second journalist to die this week. On Tuesday, gunmen killed "
                       "James Mwangi, who worked for a newspaper in Mombasa.", published=PUBLISHED)
    assert sorted(e.event_date for e in r.events) == ["2021-06-08", "2021-06-11"]
    # a victim of the incident told, named after it, is the same incident
    r = strife.extract("Police said today that two soldiers were shot dead in an ambush near Mombasa on "
                       "10 June. Juan Otieno, one of the soldiers, was killed instantly.", published=PUBLISHED)
    assert [(e.event_date, e.fatalities) for e in r.events] == [("2021-06-10", 2)]
