"""The discourse stage: a story's news vs its background, totals, names and asides.

Every story here is one we wrote. Places are left out (an empty place list), so these
tests exercise strife/events/discourse.py through the event extractor and need no gazetteer.
"""
from __future__ import annotations

import pytest

from strife.events import discourse, extract_events
from strife.models import Article, Event
from strife.settings import DEFAULT_SETTINGS

PUBLISHED = "2021-06-10"   # a Thursday


def run(nlp, text: str, published: str | None = PUBLISHED) -> list[Event]:
    article = Article(id="test", text=text, published=published)
    return extract_events(nlp(text), article, [], DEFAULT_SETTINGS)


# ---------------------------------------------------------------- running totals

def test_discourse_war_toll_is_not_the_strikes_toll(nlp):
    evs = run(nlp, "KABUL, June 10 (Reuters) - An air strike killed five civilians in the village of "
                   "Sarban on Wednesday, local officials said. The war has killed more than 10,000 people "
                   "since 2019, according to UN figures.")
    assert [e.sub_event_type for e in evs] == ["Air/drone strike"]
    assert evs[0].fatalities == 5
    assert evs[0].event_date == "2021-06-09"


def test_discourse_year_to_date_toll_is_not_the_ambushs_toll(nlp):
    evs = run(nlp, "Gunmen ambushed a police patrol near the town of Dara on Saturday, killing three "
                   "officers. At least 109 security personnel have been killed in the province since January.")
    assert len(evs) == 1
    assert evs[0].fatalities == 3
    assert evs[0].actor2 and "Police" in evs[0].actor2


@pytest.mark.parametrize("sentence,total", [
    ("At least 109 soldiers have been killed in the province since January.", True),
    ("The conflict has killed more than 10,000 people, according to UN figures.", True),
    ("The death toll in the riots now stands at 486, officials said.", True),
    ("So far this year 40 journalists have been killed.", True),
    ("Their month-long battle has left 3,000 people dead.", True),
    ("The death toll from Monday's bombing rose to 31.", False),
    ("Three soldiers were killed in the ambush on Tuesday.", False),
])
def test_discourse_running_total_sentences(sentence, total):
    assert discourse.running_total_text(sentence.lower()) is total


@pytest.mark.parametrize("sentence,total", [
    ("Since then, 14 other members of the cooperative have been killed.", True),
    ("In this decade, 300 people, including judges, have been killed by the cartels.", True),
    ("At least 12 policemen were killed in attacks by the rebels in six of the country's 18 provinces.", True),
    ("Eleven people were killed in separate attacks in three villages near the border.", True),
    ("Among the rebels there are 540 dead and 300 wounded.", True),
    ("The newspaper published a list of 62 people killed and 40 missing.", True),
    ("That is an average of nine deaths each day.", True),
    ("The army said 60 guerrillas were killed in neighborhoods on the edge of the city.", True),
    ("The rebels killed 200 peasants in Santa Rita, 45 farmers in Los Llanos and a priest.", True),
    ("The offensive launched on 3 March by the rebel front against the government has resulted "
     "in 420 dead.", True),
    ("The bombings and the fighting have left a toll of hundreds of dead.", True),
    ("Nine people were killed in a wave of bombings across the city.", True),
    ("The army has sustained the following: 90 dead and 140 wounded.", True),
    ("Relatives asked for the files on the 31 killings that have taken place in the valley.", True),
    ("The police are investigating 14 political murders which have occurred in the province.", True),
    ("Gunmen killed six people at a bus stop in the town on Monday.", False),
    ("Five soldiers were killed in an ambush near the town of Santa Rita.", False),
])
def test_discourse_more_running_totals(nlp, sentence, total):
    assert discourse.running_total(next(nlp(sentence).sents)) is total


@pytest.mark.parametrize("text", [
    # a total opened by a date: the date's numbers are no count, the total follows the comma
    "Since the rebel offensive began on 11 November, more than 1,500 people have died in the fighting.",
    # a campaign as the subject: "the offensive ... has resulted in"
    "The national offensive launched on 12 November by the rebel front against the government has "
    "resulted in 305 dead and 373 wounded, including rebels, soldiers and civilians.",
    # the rise of a running total: "two more bodies" are what took the toll to eight
    "With the recovery of two more bodies late last night, one of them stabbed, the death toll in the "
    "post-election riots has risen to eight in the city, police said.",
])
def test_discourse_campaign_totals_give_no_incident_toll(nlp, text):
    evs = run(nlp, text, published="1989-11-30")
    assert all(not e.fatalities for e in evs)


# ---------------------------------------------------------------- history and background

def test_discourse_trial_of_an_old_bombing_gives_no_event(nlp):
    assert run(nlp, "A court on Thursday sentenced two men to life in prison for the 2014 bombing of a "
                    "bus station that killed 40 people.") == []


def test_discourse_earlier_attack_on_the_same_base_stays_background(nlp):
    evs = run(nlp, "Rebels attacked an army base near the town of Kusa on Tuesday, killing four soldiers. "
                   "The group also attacked the same base on 3 March, when nine soldiers died.")
    assert len(evs) == 1
    assert evs[0].event_date == "2021-06-08"
    assert evs[0].fatalities == 4   # not 9, not 13


@pytest.mark.parametrize("text, kept", [
    # the pluperfect looks back from the story's own news: two weeks back is background
    ("During the second week of May, there had been heavy clashes near the dam, which cost the army 17 dead.", False),
    ("On 24 May, rebels had attacked a police post in the hills, killing three officers.", False),
    # the same told in the simple past, or in the pluperfect a few days back, is news
    ("On 24 May, rebels attacked a police post in the hills, killing three officers.", True),
    ("On 5 June, rebels had attacked a police post in the hills, killing three officers.", True),
])
def test_discourse_a_pluperfect_clause_two_weeks_back_is_background(nlp, text, kept):
    assert bool(run(nlp, text)) is kept


def test_discourse_the_datelines_date_does_not_make_an_old_clause_recent(nlp):
    from strife.read.anatomy import read_anatomy
    text = "GULU, 10 JUN 21 -- ON 20 APRIL, REBELS ATTACKED A POLICE POST IN THE HILLS, KILLING THREE OFFICERS."
    article = Article(id="test", text=text, published=PUBLISHED)
    article.anatomy = read_anatomy(text)
    assert article.anatomy.dateline is not None
    assert extract_events(nlp(text), article, [], DEFAULT_SETTINGS) == []
    fresh = text.replace("ON 20 APRIL", "ON TUESDAY")
    article = Article(id="test", text=fresh, published=PUBLISHED)
    article.anatomy = read_anatomy(fresh)
    assert [e.event_date for e in extract_events(nlp(fresh), article, [], DEFAULT_SETTINGS)] == ["2021-06-08"]


def test_discourse_event_dated_months_back_is_dropped():
    old = Event(article_id="a", event_date="2021-03-03", date_precision="day", sub_event_type="Attack")
    old.evidence = []
    from strife.models import Evidence
    old.evidence.append(Evidence(field="event_date", start=0, end=5, text="3 Mar"))
    fresh = Event(article_id="a", event_date="2021-06-08", date_precision="day", sub_event_type="Attack",
                  evidence=[Evidence(field="event_date", start=0, end=5, text="Tuesday")])
    assert discourse.review_events([old, fresh], PUBLISHED) == [fresh]


def test_discourse_impossible_date_and_toll_are_cleared():
    ev = Event(article_id="a", event_date="1600-12-31", date_precision="year", fatalities=1_000_003)
    (kept,) = discourse.review_events([ev], PUBLISHED)
    assert kept.event_date is None and kept.date_precision is None
    assert kept.fatalities == 0


# ---------------------------------------------------------------- upper-case wire text

def test_discourse_upper_case_group_name_is_not_a_territory_change(nlp):
    evs = run(nlp, "SAN SALVADOR, 12 NOV 89 -- TERRORISTS OF THE FARABUNDO MARTI NATIONAL LIBERATION "
                   "FRONT KILLED TWO PEASANTS IN THE TOWN OF SAN MIGUEL YESTERDAY. THE SITUATION IS CALM "
                   "IN THE CAPITAL, THE ARMY SAID.", published="1989-11-12")
    assert [e.sub_event_type for e in evs] == ["Attack"]
    assert evs[0].fatalities == 2
    assert evs[0].actor1 != "Islamic State"


def test_discourse_organisation_name_words(nlp):
    doc = nlp("Fighters of the Popular Liberation Army seized the town.")
    liberation = [t for t in doc if t.text == "Liberation"][0]
    assert discourse.in_organisation_name(liberation)
    doc = nlp("The liberation of the town was announced by the army.")
    assert not discourse.in_organisation_name(doc[1])


@pytest.mark.parametrize("text,month", [
    ("The United Nations said in March that it would send observers.", True),
    ("Police broke up a march by students on Monday.", False),
    ("The ceasefire was signed on 28 MARCH 1989 in the capital.", True),
])
def test_discourse_month_word_is_not_a_march(nlp, text, month):
    doc = nlp(text)
    tok = [t for t in doc if t.lower_ == "march"][0]
    assert discourse.is_month_word(tok) is month


# ---------------------------------------------------------------- deaths told as a fate

def test_discourse_passive_killing_counts_the_dead(nlp):
    evs = run(nlp, "Five men were bludgeoned to death by a mob in the village of Tarn on Sunday, police said.")
    assert len(evs) == 1
    assert evs[0].fatalities == 5
    assert evs[0].event_type in ("Riots", "Violence against civilians")


def test_discourse_found_dead_after_abduction(nlp):
    evs = run(nlp, "The bodies of four farmers were found near the village of Moro on Wednesday, a day "
                   "after they were abducted by gunmen.")
    assert len(evs) == 1
    assert evs[0].actor1 and "Armed Group" in evs[0].actor1


@pytest.mark.parametrize("text,dead", [
    ("Police opened fire on a mob in the old city on Tuesday, killing three people.", 3),
    ("Two persons were killed in police firing in the town on Monday when a mob indulged in arson.", 2),
])
def test_discourse_police_firing_on_a_crowd_names_the_police(nlp, text, dead):
    evs = run(nlp, text)
    assert len(evs) == 1
    assert evs[0].event_type == "Riots"
    assert evs[0].actor2 and evs[0].actor2.startswith("Police Forces")
    assert evs[0].fatalities == dead


# ---------------------------------------------------------------- stories with no incident

NO_INCIDENT_STORIES = [
    # peace talks, with an earlier attack as background
    "Government and rebel negotiators resumed peace talks in Geneva on Monday, hoping to agree a "
    "ceasefire before the end of the month. The talks collapsed last year after an attack on a convoy.",
    # a trial
    "A military court on Tuesday sentenced a former commander to 20 years in prison for ordering the "
    "2015 massacre of villagers in the north, in which 42 people were killed.",
    # a commemoration
    "Thousands gathered in the capital on Sunday to mark the tenth anniversary of the bombing of the "
    "central station, which killed 191 people in 2011.",
    # a disease outbreak
    "Eight people have died of an unidentified disease in the village of Kora, health officials said "
    "on Wednesday, and samples have been sent to the capital for tests.",
    "A cholera outbreak has killed 23 people in the eastern district since the start of the rainy "
    "season, the health ministry said.",
    "The governor said the patients died of different causes, including an old man dying of "
    "diabetes and a child of leukemia.",
    # an accident
    "Eleven people were killed and 30 injured when a bus collided with a fuel tanker on the main "
    "highway on Saturday night, police said.",
    # a disaster
    "Floods and landslides triggered by heavy rain killed at least 14 people in the hills over the "
    "weekend, officials said.",
    # policy
    "The interior minister said on Thursday that the government would recruit 5,000 more police "
    "officers next year to fight crime in the cities.",
    # a month name
    "The United Nations said in March that it would send more observers to the region if both "
    "sides agreed.",
    # a threat
    "The president warned that the army could launch an offensive against the rebels if they "
    "refused to disarm.",
    # a war's toll alone
    "The conflict has killed more than 10,000 people since 2014 and forced two million from their "
    "homes, according to UN figures.",
    # politics
    "Opposition parties signed a pledge on Friday to respect the results of next month's election.",
    # an industrial fire
    "A fire at a textile factory killed nine workers on Tuesday; officials blamed an electrical fault.",
    # a memorial
    "Relatives of the victims of the 1998 embassy bombings laid wreaths at a memorial in the "
    "capital on Friday.",
    # a speech: commentary on violence, with no date, place or number of its own
    "The rebels' spokesman said their fighters want an end to the bombings and the kidnappings. "
    "\"We are not attacking anyone,\" he said. He denied reports that the movement is shelling towns.",
    # an interview about a regime
    "In an interview the former minister said that a government which murders its critics and "
    "bombs its own people has no right to rule.",
    # a running total in police custody, told as a total
    "Officials said 64 people have been killed in police firing across the state so far.",
    # a war's dead counted in thousands: no single incident's toll
    "Thanks to that aid, the rebel radio said, 40,000 peasants have been killed and a million people have "
    "fled the country.",
    "It was reported recently that 3,000 people have been killed and 1,500 wounded, many of them crippled.",
]


@pytest.mark.parametrize("text", NO_INCIDENT_STORIES)
def test_discourse_no_incident_story_gives_no_event(nlp, text):
    assert run(nlp, text) == []


def test_discourse_commentary_rule_keeps_an_anchored_report(nlp):
    # the same first-person voice, but with a day and a number: a report of an incident
    evs = run(nlp, "\"We attacked the army post at dawn on Tuesday and killed four soldiers,\" the "
                   "rebel commander said.")
    assert len(evs) == 1 and evs[0].fatalities == 4


def test_discourse_commentary_rule_keeps_a_plain_past_report(nlp):
    # no date, place or number, but told as a deed in the past: kept
    evs = run(nlp, "Gunmen attacked the mayor's convoy and wounded his driver, the police said.")
    assert len(evs) == 1


def test_discourse_a_leading_so_far_sums_the_count_after_it(nlp):
    evs = run(nlp, "Gunmen shot dead a deputy outside his shop in the capital on Tuesday. So far, two "
                   "deputies have been murdered by the rebels this month.")
    assert len(evs) == 1 and evs[0].fatalities == 1


@pytest.mark.parametrize("text", [
    "That is rocket fuel on the fire, the opposition leader said in the capital on Monday.",
    "The police bomb squad held a training day for new officers in the capital on Monday.",
    "The defence minister said on Monday that the missile project had been frozen.",
])
def test_discourse_weapon_words_naming_other_things_are_no_attack(nlp, text):
    assert run(nlp, text) == []


def test_discourse_an_update_of_the_toll_replaces_the_first_figure(nlp):
    evs = run(nlp, "A car bomb killed 12 people in the market on Monday. The death toll from Monday's "
                   "bombing rose to 31 on Tuesday.")
    assert len(evs) == 1 and evs[0].fatalities == 31


def test_discourse_a_part_named_beside_a_total_is_part_of_it(nlp):
    text = ("The overall toll in the state reached 544 by Wednesday, excluding the 58 people killed "
            "in the train attack last week.")
    assert all(e.fatalities != 58 for e in run(nlp, text))


def test_discourse_reactions_to_a_killing_are_no_incident(nlp):
    assert run(nlp, "Church leaders deplored the murder of the priests and urged the government "
                    "to punish those responsible.") == []


def test_discourse_an_accusation_naming_its_victims_reports_the_act(nlp):
    evs = run(nlp, "The army accused the guerrillas on Wednesday of kidnapping 30 peasants in the "
                   "northern hills.")
    assert [e.sub_event_type for e in evs] == ["Abduction/forced disappearance"]


def test_discourse_an_accusation_of_a_kind_of_act_is_no_incident(nlp):
    assert run(nlp, "The opposition accused the police of killing protesters.") == []


@pytest.mark.parametrize("when", ["in the past few hours", "in the last 24 hours", "in the past week"])
def test_discourse_the_recent_past_is_news_not_history(nlp, when):
    evs = run(nlp, f"Two reporters were shot dead by soldiers {when} in the capital, the army said.")
    assert len(evs) == 1 and evs[0].sub_event_type == "Attack"


def test_discourse_the_past_is_still_history(nlp):
    assert run(nlp, "Two reporters were shot dead by soldiers in the past, the army said.") == []


@pytest.mark.parametrize("text", [
    # a question asks, it does not report
    "Is it because the archbishop was a communist and therefore murdered?",
    # weapons as goods or cargo
    "They were waiting for a shipment of 400 cluster bombs produced by a subsidiary of the army.",
    "A truck loaded with weapons was driven by a foreigner.",
    "Rifles, ammunition and hand grenades were found in the house.",
    # a thing described by a deed done to it some time
    "The men were travelling in a stolen vehicle when a police patrol stopped them.",
    "Copies of the banned newspaper were sold under the counter in the capital on Monday.",
    "Armed policemen carry out body searches on visitors at the court.",
])
def test_discourse_questions_and_weapons_as_goods_are_no_incident(nlp, text):
    assert run(nlp, text) == []


def test_discourse_a_drive_by_shooting_is_an_attack(nlp):
    evs = run(nlp, "A drive-by shooting killed two men outside a bar in the town on Friday.")
    assert [e.sub_event_type for e in evs] == ["Attack"] and evs[0].fatalities == 2


@pytest.mark.parametrize("text", [
    # figures of speech and words
    "The president violently attacked the programmes in several public speeches.",
    "Sharp exchanges between the finance minister and two deputies took place in parliament.",
    "Multi-party talks on the rebels' return to civilian life wound up on Tuesday in the capital.",
    # a death with no sign of violence
    "In the interview the bishop was told that the former president had died.",
    "The administration targeted 13 more officials with sanctions on Wednesday.",
    "She has paid for it with harassment, including a recent hack in which photos of her "
    "were leaked on social media.",
    # what happens, not what happened (past the lead, where headlines speak in the present)
    "The report was written over many months by a group of lawyers, priests and teachers who "
    "had visited the villages of the region. Civilians suspected of links with the guerrillas "
    "are immediately executed, the report says.",
    # running totals told with a passive act
    "Since the party was founded, nearly 1,000 of its members and leaders have been murdered.",
    "Countless journalists have been assassinated by the cartels.",
    "It has left at least 1,000 people dead and tens of thousands displaced, who have had to flee "
    "the crossfire of the fighters and the bombing of the air force.",
])
def test_discourse_figures_of_speech_habits_and_totals_are_no_incident(nlp, text):
    assert run(nlp, text) == []


def test_discourse_exchanging_artillery_is_a_battle(nlp):
    evs = run(nlp, "Rebel forces exchanged artillery with the army near the town on Tuesday.")
    assert [e.event_type for e in evs] == ["Battles"]


def test_discourse_deaths_from_disease_are_no_toll_of_another_trigger(nlp):
    evs = run(nlp, "The head of the medical school announced on Monday that eight people died of "
                   "the unidentified disease.")
    assert all(e.fatalities == 0 for e in evs)


def test_discourse_a_pandemic_named_beside_a_violent_protest_keeps_its_toll(nlp):
    evs = run(nlp, "At least four people were killed on Saturday when a demonstration over food "
                   "aid during the coronavirus pandemic turned violent outside the governor's office.")
    assert [(e.event_type, e.fatalities) for e in evs] == [("Riots", 4)]


def test_discourse_a_revised_city_toll_given_on_monday_is_still_a_total(nlp):
    evs = run(nlp, "The police control room, which had given a death toll of 514 on Monday evening, "
                   "revised it to 512 on Tuesday morning, citing a calculation error.")
    assert all(e.fatalities not in (512, 514) for e in evs)


def test_discourse_tear_gas_shells_are_no_shelling(nlp):
    evs = run(nlp, "Earlier, 322 tear-gas shells were lobbed by police to disperse the mob on Tuesday.")
    assert all(e.sub_event_type != "Shelling/artillery/missile attack" for e in evs)


def test_discourse_bodies_with_gunshot_wounds_are_still_an_attack(nlp):
    evs = run(nlp, "The bodies of three men with gunshot wounds were found near the town on Friday.")
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Attack", 3)]


def test_discourse_a_body_found_is_still_a_report(nlp):
    # ACLED codes bodies found with signs of violence; "was found dead" is not a natural death
    evs = run(nlp, "On 9 May 2020, a man was found dead on a road near the town. The body had the "
                   "hands and legs tied. 1 fatality.", published="2020-05-10")
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Attack", 1)]


def test_discourse_one_person_arrested_beside_protests_in_several_cities_is_news(nlp):
    evs = run(nlp, "On 6 June 2021, a popular blogger was arrested in the capital, causing several "
                   "protests in several cities.")
    assert any(e.event_type == "Strategic developments" or e.sub_event_type == "Arrests" for e in evs)


def test_discourse_acts_of_a_kind_are_no_incident(nlp):
    lead = ("KALO, June 10 - The rebel command issued a long communique on Thursday about the talks "
            "with the government, which resumed in the capital this week after a pause of two months. ")
    evs = run(nlp, lead + "It said the government has intensified bombings and artillery attacks, and "
                          "that such bombings have destroyed thousands of homes of humble families.")
    assert evs == []
    evs = run(nlp, lead + "Villagers complained to reporters of the air force's indiscriminate bombings "
                          "of their fields.")
    assert evs == []


def test_discourse_bombs_thrown_in_the_past_tense_are_a_deed_not_a_kind_of_act(nlp):
    lead = ("KALO, June 10 - The rebel command issued a long communique on Thursday about the talks "
            "with the government, which resumed in the capital this week after a pause of two months. ")
    evs = run(nlp, lead + "In the town of Mubi militants threw grenades at the homes of two candidates.")
    assert [e.event_type for e in evs] == ["Explosions/Remote violence"]
    # the same in the present tense is a habit, not one incident
    evs = run(nlp, lead + "In the town of Mubi militants throw grenades at the homes of candidates.")
    assert evs == []


def test_discourse_hundreds_of_attacks_are_a_count_not_an_incident(nlp):
    evs = run(nlp, "BOGOTA, June 10 - The minister spoke to reporters on Thursday. Since the extradition "
                   "treaty was signed there have been hundreds of dynamite attacks in different cities.")
    assert evs == []


def test_discourse_violence_that_has_killed_thousands_is_a_total(nlp):
    evs = run(nlp, "Gunmen killed two farmers in the village of Dara on Wednesday. The president spoke of "
                   "a problem of violence that has lasted ten years and killed more than 70,000 people.")
    assert len(evs) == 1
    assert evs[0].fatalities == 2


def test_discourse_casualties_up_until_this_morning_are_a_total(nlp):
    evs = run(nlp, "Rebels burned a steel factory in Kalo early this morning. Rebel casualties up until "
                   "this morning: the army confirms that 784 rebels have been killed and 1,000 wounded.")
    assert evs and all(e.fatalities < 784 for e in evs)


# ---------------------------------------------------------------- casualty tallies and bulletins

TALLY = ("SAN MIGUEL, 20 Nov 89 -- Rebels attacked an army post in the town of Jocoro on Sunday, killing "
         "two soldiers, the army said. On the national level, I would like to announce some partial "
         "results. The armed forces have sustained 60 dead and 90 wounded. Among the rebels there are "
         "300 dead and 210 wounded. We have captured 40 rebels. As for the civilians, we regret that 25 "
         "persons have died and 80 have been wounded.")


def test_discourse_lines_of_a_casualty_tally_are_totals(nlp):
    evs = run(nlp, TALLY, published="1989-11-20")
    assert [e.fatalities for e in evs if e.fatalities] == [2]
    assert all(not e.injured for e in evs)       # "80 have been wounded" is a line of the tally too


def test_discourse_a_tally_heading_reaches_only_counting_sentences(nlp):
    text = TALLY + (" Then the colonel thanked the people for their support. Guerrillas shot dead three "
                    "policemen at a checkpoint in Usulutan on Sunday night.")
    evs = run(nlp, text, published="1989-11-20")
    assert sorted(e.fatalities for e in evs if e.fatalities) == [2, 3]


@pytest.mark.parametrize("sentence,total", [
    ("The police casualties include 40 officers killed and 95 wounded.", True),
    ("Army losses stand at 120 dead, the ministry said.", True),
    ("About 80 people have died in four months of street protests.", True),
    ("Nine demonstrators were killed over two weeks of anti-government protests.", True),
    ("This excludes the 40 people burnt alive in the bus attack last week.", True),
    ("He said there were over 500 deaths due to the violence in the state.", True),
    ("Five protesters were killed in the first days of the protests.", False),
    ("The casualties were taken to the hospital in the town.", False),
])
def test_discourse_bulletin_totals(sentence, total):
    assert bool(discourse.running_total_text(sentence.lower())) is total


def test_discourse_a_total_cut_by_a_bracketed_gloss_is_still_a_total(nlp):
    text = ("SAN SALVADOR, 2 May 90 -- Intense clashes have been reported in the capital within the last "
            "few hours.\n\nAt least 12 soldiers were killed in attacks by the FMLN [Farabundo Marti "
            "National Liberation Front] in six of the country's 14 departments.")
    evs = run(nlp, text, published="1990-05-02")
    assert evs and all(not e.fatalities for e in evs)


def test_discourse_a_headline_run_into_a_wire_dateline_restates_the_toll(nlp):
    evs = run(nlp, "5 soldiers killed in ambush in north KADUNA, June 9 (Reuters) -- Five soldiers were "
                   "killed when gunmen ambushed their convoy near the village of Kauru on Wednesday, the "
                   "army said.")
    assert [e.fatalities for e in evs] == [5]


# ---------------------------------------------------------------- deeds going on, questions

LEAD = ("SAN MIGUEL, June 10 -- The rebel radio spoke for an hour on Thursday about the talks, the "
        "elections and the prices of fuel and bread in the markets of the east. ")


@pytest.mark.parametrize("text", [
    # a deed told as going on, with no time of its own: a charge, not a report
    LEAD + "The announcer said that the air force is bombing the poor neighbourhoods of the city.",
    LEAD + "He said that the army keeps bombing the villages along the river.",
    LEAD + "They continue to machinegun and bomb the civilian population, the announcer added.",
    LEAD + "The mayor said he was worried that party members are being murdered by the death squads.",
    # an incident named in a question is asked about, not reported
    LEAD + "Do you think that this attack was committed by those who escaped from the prison in Santiago?",
    # what an act is or means, said of acts told elsewhere or of none
    LEAD + "The kidnappings of engineers in Usulutan are an attempt by some to justify a strong hand, "
           "the president said.",
    LEAD + "The missiles sent by the neighbouring government to the rebels are aggressions against the "
           "Salvadoran people, the colonel said.",
    LEAD + "The bombs falling on the villages of Morazan are bombs supplied by a foreign government to "
           "the army, he said.",
    # deeds of days long gone
    LEAD + "Many people were killed in those days, the old man said.",
    # kinds of acts named as methods, in the past tense
    LEAD + "A report said that torture, murder and disappearances were methods adopted by the army in Peru.",
    # deeds going on: "there are officers being killed", "the army keeps bombing" read as an object
    LEAD + "There are officers being killed on the battlefields of Morazan, the minister said.",
    LEAD + "The truth is that the army in Morazan keeps bombing and that genocide will always be condemned.",
    # habitual acts suffered, and weapons named as a kind in the present passive
    LEAD + "The people of Santiago are especially sensitive to terrorism because they continuously "
           "suffer their cowardly attacks.",
    LEAD + "According to the fuel they use, missiles are classified as solid or liquid, the engineer said in Cordoba.",
    LEAD + "The people of the capital, who have suffered for many years from the bloodthirsty rebel "
           "attacks, know the truth, the minister said.",
])
def test_discourse_deeds_going_on_and_questions_are_no_incident(nlp, text):
    assert run(nlp, text) == []


@pytest.mark.parametrize("text", [
    LEAD + "The announcer said that the air force bombed the poor neighbourhoods of the city on Wednesday.",
    # a deed going on at a time of its own is reported live
    LEAD + "Witnesses said soldiers are firing on the crowd in the main square this morning.",
    # a campaign's progress is news of its own
    LEAD + "The army said the government is retaking territory from the rebels in the north.",
])
def test_discourse_deeds_done_or_reported_live_are_incidents(nlp, text):
    assert len(run(nlp, text)) == 1


def test_discourse_a_sentence_pointing_back_at_history_is_history(nlp):
    # a trial story: the bomber's death belongs to the old bombing, not to this week
    text = ("A court in Leeds on Tuesday jailed a man for life for helping to plan the 2016 bombing "
            "of a concert hall, which killed 19 people. The bomber, who blew himself up in the "
            "lobby of the hall, also died.")
    assert run(nlp, text, published="2021-06-09") == []
    # the same words after news of this week are that news
    text = ("A suicide bomber attacked a concert hall in Leeds on Tuesday, killing 19 people. The "
            "bomber, who blew himself up in the lobby of the hall, also died.")
    assert len(run(nlp, text, published="2021-06-09")) == 1


def test_discourse_attacks_inside_a_weekly_tally_are_no_incident(nlp):
    text = ("A bomb exploded at a mosque in Kalo during prayers on Tuesday, killing four people. "
            "At least 31 civilians were killed in attacks across the country last week, according to "
            "a tally by the news agency.")
    evs = run(nlp, text)
    assert [e.fatalities for e in evs] == [4]
