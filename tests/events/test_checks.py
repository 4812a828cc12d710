"""Trigger checks: words of the lexicon that tell no incident in their sentence. Stories are
our own."""
from __future__ import annotations

import pytest

import strife

PUBLISHED = "2021-06-12"   # a Saturday


def _no_incident(text: str) -> None:
    """The story gives no event but strategic developments (arrests, seizures, moves)."""
    r = strife.extract(text, published=PUBLISHED)
    assert [e.sub_event_type for e in r.events if e.event_type != "Strategic developments"] == [], text


@pytest.mark.parametrize("text", [
    # the end of an agreement is not an agreement
    "The talks in Geneva came to nothing and the ceasefire collapsed on Friday.",
    "Rebels broke the truce in Idlib province on Friday, officials said.",
    # leaving a building is not a walkout
    "A camera showed the suspect buy a coffee and later walk out of the restaurant in Wichita on Friday.",
    # taking an order is not taking a town; the place is in a clause about someone else
    "In Topeka, the owner said she took a phone order from a caller who asked for delivery to a room "
    "at the Starlight Motel in Salina.",
    # a weapon someone only tried to use
    "Three militants tried to plant a roadside bomb near a police post in Kandahar on Friday night, "
    "police said.",
    # what is announced about a disease is no incident either
    "A health official in Maracay announced on Friday that eight people died of an unidentified disease.",
    # an air crash
    "A cargo plane crashed in the hills south of Cochabamba on Friday and its four crew members were killed.",
])
def test_checks_no_event_from(text):
    r = strife.extract(text, published=PUBLISHED)
    assert [e.sub_event_type for e in r.events] == [], text


@pytest.mark.parametrize("text, sub", [
    ("The two sides signed a ceasefire in Juba on Friday, officials said.", "Agreement"),
    ("Hundreds of workers walked out of the factory in Lahore on Friday to protest unpaid wages.",
     "Peaceful protest"),
    ("Rebels took the town of Kidal on Friday after heavy fighting, the army said.",
     "Non-state actor overtakes territory"),
    ("Militants planted a roadside bomb near a police post in Kandahar on Friday, killing two officers.",
     "Remote explosive/landmine/IED"),
    ("Police announced on Friday that gunmen killed eight villagers in Zamfara.", "Attack"),
    ("The army launched an offensive against rebel camps near Kidal on Friday, killing 12 fighters.",
     "Armed clash"),
    # a charge of dynamite is an explosive, not a charge brought in court
    ("Militants placed a charge of dynamite under a police truck in Kandahar on Friday, officials said.",
     "Remote explosive/landmine/IED"),
    ("The colonel said on Friday that guerrillas attacked a police post in Chimaltenango.", "Armed clash"),
    ("Gunmen shot down a police helicopter near Cochabamba on Friday and its four crew members were killed.",
     "Armed clash"),
])
def test_checks_the_incident_itself_still_counts(text, sub):
    r = strife.extract(text, published=PUBLISHED)
    assert sub in [e.sub_event_type for e in r.events], [e.sub_event_type for e in r.events]


@pytest.mark.parametrize("text", [
    # a figure of speech: an explosion that is social or political, a conflict that explodes
    "Radio Havana said it still receives letters from exiles scattered across 30 countries by the fascist explosion.",
    "\"Every effort was made to stop the conflict that has exploded this week,\" the envoy said in Geneva on Friday.",
    # spent ammunition found is no shelling
    "Investigators said on Friday that shell casings found near the residence proved that soldiers were there.",
    # an offensive or a war of words, not of arms
    "The minister said on Friday that the rebels' diplomatic offensive aims to isolate the new government abroad.",
    "Both parties kept up a propaganda war against the electoral tribunal on Friday.",
    # damage done to something abstract
    "The minister said on Friday that the pardon for the generals was damaging the moral health of the nation.",
    # a party's record, told in the present perfect with no date of its own
    "The rebel radio said on Friday that the accords support a government that has murdered priests and "
    "bombed the civilian population.",
    # people named by their deeds, the second deed coordinated with the first
    "The editorial said the coming vote would be a contest between those who murdered the archbishop and "
    "massacred thousands of peasants, and the corrupt elite.",
    # a denial
    "The president again denied on Friday that the air force is bombing the villages around Tenancingo.",
    # people described by what was once done to them
    "The relatives of tortured and captured persons met the human rights commission in San Jose on Friday.",
    "The minister said on Friday that he would visit the tomb of the assassinated senator next week.",
    # snipers are people; the deed would be told by a verb
    "The rebel radio said on Friday that its snipers posted on the tallest buildings are keeping the army "
    "patrols at bay.",
    # references to deeds told elsewhere
    "The police chief said on Friday that these gangs of hired gunmen had participated in most of the "
    "murders of union leaders.",
    "The statement said the remark was a clear allusion to the murder of two policemen whose weapons were taken.",
    # incidents told before, summed up or alluded to
    "He said on Friday that in the face of the recent terrorist attacks, new security measures have been adopted.",
    "In view of the continuing wave of crimes and terrorist attacks, the cabinet declared a curfew in Lima on Friday.",
    "The commander said on Friday that the latest developments, even following the Fenastras attack, show that "
    "the policy of the government has not changed.",
    # no news of an attack
    "The colonel said on Friday that he had no knowledge of a guerrilla attack on the army post in Chimaltenango.",
    # a sound heard
    "He said on Friday that the explosions heard last night near the volcano were flares fired by the army.",
    "The noise from the artillery fire and the helicopter gunships was heard across the capital on Friday.",
    # attacks on ideas and institutions
    "The bishops said on Friday that the invasion is a direct attack on the region's process of democratization.",
])
def test_checks_figures_records_and_denials_are_no_incident(text):
    _no_incident(text)


def test_checks_a_deed_told_in_the_present_perfect_with_its_dates_still_counts():
    r = strife.extract("Rebels who have kidnapped 12 tourists in the mountains since Monday freed two of them "
                       "on Friday.", published=PUBLISHED)
    assert [e.sub_event_type for e in r.events] == ["Abduction/forced disappearance"]


def test_checks_a_described_victim_beside_the_deed_keeps_the_deed():
    r = strife.extract("Gunmen shot dead a union leader outside his home in Soyapango on Friday; the murdered "
                       "man was 54.", published=PUBLISHED)
    assert [e.sub_event_type for e in r.events] == ["Attack"]


def test_checks_taking_part_in_a_protest_is_the_protest():
    r = strife.extract("Hundreds of people participated in a demonstration in Zinjibar on Friday against the "
                       "governor.", published=PUBLISHED)
    assert [e.sub_event_type for e in r.events] == ["Peaceful protest"]


def test_checks_legitimacy_destroyed_is_no_property_destruction():
    r = strife.extract("The colonel said on Friday that the little legitimacy the government once enjoyed in "
                       "Managua was destroyed.", published=PUBLISHED)
    assert r.events == []


@pytest.mark.parametrize("text", [
    # a deed denied of everyone
    "The bishop said on Friday that in Nicaragua no priest has ever been imprisoned or murdered.",
    # a record held against people named by it
    "The announcer said on Friday that they are cowards who have treacherously attacked and bombed the "
    "people of Morazan.",
    # the deaths of a count of incidents, and a count of victims over a period
    "The cocaine lords have set off more than 260 bombs in Colombia, killing at least 190 people, the "
    "minister said on Friday.",
    "The archbishop said on Friday that after the treaty went into effect, hundreds of Colombians were "
    "murdered, including a justice minister.",
])
def test_checks_deeds_denied_held_against_or_counted_are_no_incident(text):
    assert strife.extract(text, published=PUBLISHED).events == [], text


def test_checks_nobody_arrested_is_no_arrest_but_the_killing_stays():
    r = strife.extract("Gunmen shot dead a judge in Medellin on Friday. No one was arrested, police said.",
                       published=PUBLISHED)
    assert [e.sub_event_type for e in r.events] == ["Attack"]


def test_checks_a_blast_with_its_toll_still_counts():
    r = strife.extract("Gunmen set off two bombs in Medellin on Friday, killing five people, police said.",
                       published=PUBLISHED)
    assert [(e.sub_event_type, e.fatalities) for e in r.events] == [("Remote explosive/landmine/IED", 5)]


@pytest.mark.parametrize("text", [
    "Gunmen seized two Canadian citizens at a hotel in Maiduguri on Friday.",
    "Rebels captured three foreign engineers near a dam outside Maiduguri on Friday.",
])
def test_people_seized_are_kidnapped_not_territory_taken(text):
    r = strife.extract(text, published=PUBLISHED)
    assert [e.sub_event_type for e in r.events] == ["Abduction/forced disappearance"]


def test_a_town_seized_is_still_territory_taken():
    r = strife.extract("Rebels seized the town of Damasak on Friday.", published=PUBLISHED)
    assert [e.sub_event_type for e in r.events] == ["Non-state actor overtakes territory"]


@pytest.mark.parametrize("text", [
    # old crimes recalled: "let us not forget", "has he forgotten", "I will remind you that"
    "Let us not forget the governor and the senator who were murdered when the treaty was not in force, "
    "the minister said on Friday.",
    "Has the president forgotten the assassinations perpetrated by the death squads in Santa Ana, the "
    "rebel radio asked on Friday.",
    "I will remind you that the same drug lord organized the assassination of the justice minister, the "
    "senator said on Friday.",
    # a death denied: the man said to be killed is alive
    "The pilot who was reported killed in San Miguel is alive and well, the radio said on Friday.",
    # a reputation, not an incident
    "That government in Managua is known for killing peasants, the bishop said on Friday.",
    # a death in politics
    "The accords signed in Tela on Friday seal the political death of the rebel army.",
    # words called an attack
    "Analysts in Lima said on Friday that this phrase is an attack against the hardline wing of the party.",
    # weapons taken, weighed or described
    "Officials in San Salvador said on Friday that the confiscated Soviet missile was part of a larger lot.",
    "The colonel said on Friday that 25 anti-aircraft missiles have been confiscated in Usulutan.",
    "Each bomb weighed 227 kg and contained 248 packages of ammunition, the engineer said in Santiago on Friday.",
    "The speech in Santiago on Friday awoke concern laced with fear among the ministers.",
    # a demand to free the people taken, not a kidnapping told
    "The commander in Managua demanded on Friday that the rebels release the 1,000 peasants they have "
    "kidnapped.",
    # a deed set aside: "not the bombing"
    "What is needed in San Salvador is a peaceful solution, not the bombing of the cities, the bishop "
    "said on Friday.",
    # a party's casualties named as people
    "The rebel radio said on Friday that the army has trouble evacuating its wounded from the capital.",
    # a past occasion pointed back at
    "On that occasion, when the senator was assassinated in Soacha, the president declared war on the cartels, "
    "the minister said on Friday.",
    # a campaign carried on, with no number or date of its own
    "The minister in Managua said on Friday that these mercenary groups have continued their attacks against "
    "the country.",
    # a picture of acts
    "The film clips show part of the intense protests near the residence of the ambassador in Panama City, "
    "the announcer said on Friday.",
])
def test_checks_recalled_denied_or_figurative_deeds_are_no_incident(text):
    _no_incident(text)


@pytest.mark.parametrize("text, sub", [
    ("Gunmen killed a judge in Medellin on Friday; the man who was wounded with him is alive, police said.",
     "Attack"),
    ("Children in a school in Kandahar were given food laced with cyanide on Friday, police said.", "Attack"),
    ("Guerrillas kidnapped two engineers in Usulutan on Friday and demanded a ransom, police said.",
     "Abduction/forced disappearance"),
])
def test_checks_the_deed_beside_a_survivor_or_a_poison_still_counts(text, sub):
    r = strife.extract(text, published=PUBLISHED)
    assert sub in [e.sub_event_type for e in r.events], [e.sub_event_type for e in r.events]


@pytest.mark.parametrize("text", [
    # a seizure of power, not of arms
    "The colonel said on Friday that the rebels in Morazan are the only ones trying to seize power "
    "with their weapons.",
    # seizures and thefts summed over a period
    "Over the same period, the army seized 900 rifles in Usulutan, the military report said on Friday.",
    "Police in Cordoba said on Friday that rustlers have stolen 1,500 head of cattle from the ranches so far.",
    # an abstract thing looted
    "The president of Honduras said on Friday that the rich countries owe us because of their looting of our "
    "natural resources.",
    # a regime toppled, a feeling laced with fear
    "The troops who toppled the regime of the general in Panama left the country on Friday.",
    # a demand in the subjunctive
    "The first condition is that all property of the drug traffickers in Sonora be confiscated, the governor "
    "said on Friday.",
])
def test_checks_no_seizure_theft_or_destruction_from(text):
    r = strife.extract(text, published=PUBLISHED)
    assert [e.sub_event_type for e in r.events
            if e.sub_event_type in ("Disrupted weapons use", "Looting/property destruction")] == [], text


OPENING = ("The rebel radio spoke for an hour on Thursday about the talks, the elections and the prices of "
           "fuel and bread in the markets of the east. ")


@pytest.mark.parametrize("text", [
    # a trigger phrase holding a verb in the simple present: what is done, not a deed
    OPENING + "He added that the Navy and the air force currently carry out a support mission against drug "
              "trafficking in Beni.",
    # a crime told before, judged
    OPENING + "The priests' murder in San Salvador was described as irrational and senseless by the bishop.",
    # a count promised
    OPENING + "In due time, the armed forces in San Salvador will announce the number of terrorists killed, "
              "the colonel said on Friday.",
    # a captivity that lasted months began long before the story
    OPENING + "The engineer, who was taken hostage in Santiago for 18 months, spoke to reporters on Friday.",
])
def test_checks_habits_judgements_promises_and_old_captivities_are_no_incident(text):
    _no_incident(text)


def test_checks_a_demand_to_free_the_arrested_still_tells_the_arrests():
    r = strife.extract("Party leaders in Lucknow demanded on Friday that the government release the 40 activists "
                       "arrested by the police on Thursday.", published=PUBLISHED)
    assert "Arrests" in [e.sub_event_type for e in r.events], [e.sub_event_type for e in r.events]


@pytest.mark.parametrize("text", [
    # deeds listed with conditions: a charge, not an incident
    OPENING + "The bishop said the germ of a new social explosion has been created by the government itself in "
              "Morazan, with its indiscriminate bombings and repression.",
    OPENING + "The war in Morazan was imposed by the injustices, the slaughters and the dictatorships, the "
              "commander said.",
])
def test_checks_deeds_listed_with_conditions_are_no_incident(text):
    _no_incident(text)


@pytest.mark.parametrize("text", [
    # a part of a weapon, not its use
    OPENING + "At the air base in La Rioja, a stage of the Condor missile travelled more than 160 km, the "
              "engineer said.",
    # a second name for an attack on something abstract
    OPENING + "This new attack against the Chilean nation, an attack that destiny has placed in the path of the "
              "nation, compels us to close ranks, the minister said in Santiago.",
    # a fight announced, its noun quoted (read as an adjective)
    OPENING + "In a declaration issued on Friday, the \"extraditables\" announced a \"counteroffensive\" against "
              "the government, the judges and the press in Medellin.",
])
def test_checks_weapon_parts_and_renamed_figures_are_no_incident(text):
    _no_incident(text)


@pytest.mark.parametrize("text", [
    # deeds reported again and again, or told as a habit: a pattern, not one incident
    OPENING + "Our activists in Quiche have reported several times to our office that the civil patrol guards "
              "have kidnapped their relatives, she said.",
    OPENING + "It was also reported that barricades are constantly being built in the neighbourhoods of San "
              "Salvador.",
])
def test_checks_deeds_reported_again_and_again_are_no_incident(text):
    _no_incident(text)


def test_checks_a_deed_done_repeatedly_in_one_attack_still_counts():
    r = strife.extract("Gunmen repeatedly stabbed a shopkeeper in Medellin on Friday, police said.",
                       published=PUBLISHED)
    assert [e.sub_event_type for e in r.events] == ["Attack"]


def test_a_claim_that_first_tells_the_attack_is_the_incident():
    # "claimed responsibility for a suicide attack that killed 12 soldiers": the only telling
    r = strife.extract("KABUL, June 9 - The Taliban on Tuesday claimed responsibility for a suicide "
                       "attack that killed 12 soldiers at an army base in Ghazni province on Monday. The "
                       "group said in a statement that more attacks would follow.", published="2021-06-09")
    assert [(e.sub_event_type, e.location, e.event_date, e.fatalities) for e in r.events] == \
        [("Suicide bomb", "Ghazni", "2021-06-07", 12)]
    # a claim of acts named only by kind and number points at incidents told elsewhere
    _no_incident("KABUL, June 9 - The Taliban on Tuesday claimed responsibility for three bombings in "
                 "the capital last month.")
