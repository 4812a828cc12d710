"""Counts: number words, qualifiers, ranges, and numbers attached to casualty roles."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strife
from strife.events.numbers import Quantity, find_counts, parse_quantity, total

# ----------------------------------------------------------------------------- parse_quantity

@pytest.mark.parametrize("text, expected", [
    ("5", Quantity(5)),
    ("1,200", Quantity(1200)),
    ("five", Quantity(5)),
    ("Twenty-three", Quantity(23)),
    ("twenty three", Quantity(23)),
    ("two hundred and fifty", Quantity(250)),
    ("three thousand", Quantity(3000)),
    ("1.5 million", Quantity(1_500_000)),
    ("a dozen", Quantity(12)),
    ("two dozen", Quantity(24)),
    ("half a dozen", Quantity(6)),
    ("both", Quantity(2)),
    # vague words: ACLED's conservative counts, kept as a lower bound
    ("dozens", Quantity(12, low=12)),
    ("dozens of", Quantity(12, low=12)),
    ("hundreds", Quantity(100, low=100)),
    ("thousands", Quantity(1000, low=1000)),
    ("scores", Quantity(20, low=20)),
    ("several", Quantity(3, low=3)),
    ("a few", Quantity(3, low=3)),
])
def test_numbers_parse_plain_words_and_vague_amounts(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("qualifier", [
    "at least", "more than", "over", "no fewer than", "no less than", "upwards of",
    "in excess of",
])
def test_numbers_lower_bound_qualifiers_set_low(qualifier):
    assert parse_quantity(f"{qualifier} 10") == Quantity(10, low=10)


@pytest.mark.parametrize("qualifier", ["up to", "as many as", "at most", "no more than", "fewer than"])
def test_numbers_upper_bound_qualifiers_set_high(qualifier):
    assert parse_quantity(f"{qualifier} 30") == Quantity(30, high=30)


@pytest.mark.parametrize("qualifier", [
    "around", "about", "some", "nearly", "approximately", "an estimated", "roughly", "almost",
])
def test_numbers_estimate_qualifiers_set_best_only(qualifier):
    assert parse_quantity(f"{qualifier} 500") == Quantity(500)


@pytest.mark.parametrize("text, expected", [
    ("between 10 and 15", Quantity(10, low=10, high=15)),
    ("10 to 15", Quantity(10, low=10, high=15)),
    ("10-15", Quantity(10, low=10, high=15)),
    ("from five to eight", Quantity(5, low=5, high=8)),
    ("between five and 23", Quantity(5, low=5, high=23)),
])
def test_numbers_ranges_keep_both_bounds_and_count_the_low_end(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["", "police", "the", "one two", "ten twenty"])
def test_numbers_non_numbers_parse_to_none(text):
    assert parse_quantity(text) is None


_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> str:
    """Our own spelling of 0..999,999 in English words, for the round trip."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _UNITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return _UNITS[n // 100] + " hundred" + (" and " + _words(rest) if rest else "")
    rest = n % 1000
    return _words(n // 1000) + " thousand" + (" " + _words(rest) if rest else "")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=999_999))
def test_numbers_words_round_trip(n):
    assert parse_quantity(_words(n)) == Quantity(n)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10_000_000))
def test_numbers_digits_with_thousands_separators_round_trip(n):
    assert parse_quantity(f"{n:,}") == Quantity(n)
    assert parse_quantity(f"at least {n:,}") == Quantity(n, low=n)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=5000), st.integers(min_value=1, max_value=5000))
def test_numbers_range_bounds_are_ordered(a, b):
    q = parse_quantity(f"between {a} and {b}")
    if a < b:
        assert q == Quantity(a, low=a, high=b)
    else:
        assert q is None or q.low is None or q.low <= q.high


# ----------------------------------------------------------------------------- find_counts

def _counts(nlp, text):
    return [(c.role, c.quantity.best, c.quantity.low, c.subset, c.perpetrators)
            for c in find_counts(nlp(text)) if c.quantity.best > 0]


@pytest.mark.parametrize("text, expected", [
    ("A suicide bomber struck the checkpoint, killing at least 10 police and wounding 15.",
     [("killed", 10, 10, False, False), ("injured", 15, None, False, False)]),
    ("Three other people were wounded in the blast.", [("injured", 3, None, False, False)]),
    ("The explosion left 50 people injured.", [("injured", 50, None, False, False)]),
    ("Gunmen opened fire on the market, killing two people and injuring five others.",
     [("killed", 2, None, False, False), ("injured", 5, None, False, False)]),
    ("The clashes left 1 fighter dead. 1 fatality.",
     [("killed", 1, None, False, False), ("killed", 1, None, False, False)]),
    ("Police said 2 fatalities were recorded.", [("killed", 2, None, False, False)]),
    ("More than 200 families were displaced by the fighting.",
     [("displaced", 200, 200, False, False)]),
    ("Militants abducted 12 teachers from the school.", [("abducted", 12, None, False, False)]),
    ("Security forces arrested dozens of protesters.", [("arrested", 12, 12, False, False)]),
    ("The death toll rose to 25 on Tuesday.", [("killed", 25, None, False, False)]),
    ("Between 5 and 8 villagers were killed in the raid.", [("killed", 5, 5, False, False)]),
])
def test_numbers_attach_counts_to_roles(nlp, text, expected):
    assert _counts(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Twelve people, including three children, were killed in the shelling.",
     [("killed", 12, None, False, False), ("killed", 3, None, True, False)]),
    ("Seven soldiers were killed in the ambush; among them were two officers.",
     [("killed", 7, None, False, False), ("killed", 2, None, True, False)]),
    ("Among the dead was a senior commander of the brigade.",
     [("killed", 1, None, True, False)]),
])
def test_numbers_subsets_are_marked(nlp, text, expected):
    assert _counts(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The gunman was shot dead by police.", [("killed", 1, None, False, True)]),
    ("The attacker killed four shoppers before killing himself.",
     [("killed", 4, None, False, False), ("killed", 1, None, False, True)]),
    ("The assailant was also killed in the exchange of fire.", [("killed", 1, None, False, True)]),
])
def test_numbers_perpetrators_are_marked(nlp, text, expected):
    assert _counts(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "A column of 3,000 paramilitaries moved towards the city.",
    "Coalition aircraft carried out 19 strikes near the town.",
    "Soldiers of the 8th Brigade took up positions on the ridge.",
    "A 22-year-old student was arrested in 2014.",
    "The bombing happened 40 kilometres from the capital.",
    "The group demanded $5,000 in ransom.",
    "Turnout fell by 15 percent after the attacks.",
    "The shooting began at 10:30 in the morning.",
    "The city has been contested since the 1990s.",
    "The militants vowed to kill 100 soldiers.",
    "Residents protested against the killing of 3 farmers last year.",
])
def test_numbers_ignore_numbers_that_are_not_casualty_counts(nlp, text):
    assert [c for c in find_counts(nlp(text)) if c.quantity.best > 0 and c.role == "killed"
            and not c.implicit] == []


@pytest.mark.parametrize("text, roles", [
    ("There were no casualties in the incident.", {"killed", "injured"}),
    ("No one was hurt in the fire.", {"injured"}),
    ("No fatalities were reported.", {"killed"}),
    ("Neither injuries nor fatalities were reported.", {"killed", "injured"}),
    ("The driver escaped unharmed.", {"injured"}),
])
def test_numbers_no_casualties_give_zero_with_evidence(nlp, text, roles):
    counts = find_counts(nlp(text))
    zeros = {c.role for c in counts if c.quantity.best == 0}
    assert zeros == roles
    assert all(c.quantity.best == 0 for c in counts)
    assert all(text[c.start - 0:c.end] == c.text for c in counts)


@pytest.mark.parametrize("text, expected", [
    ("A man was shot dead outside his home.", ("killed", 1)),
    ("A police officer was injured when the grenade exploded.", ("injured", 1)),
    ("The protesters stabbed a journalist to death.", ("killed", 1)),
    # the victim between the verb and "dead"
    ("Two gunmen on a motorcycle shot a city councillor dead outside the town hall.", ("killed", 1)),
    ("Villagers beat a suspected thief to death on Sunday.", ("killed", 1)),
])
def test_numbers_single_victims_without_numbers_count_one(nlp, text, expected):
    counts = find_counts(nlp(text))
    assert [(c.role, c.quantity.best) for c in counts] == [expected]
    assert counts[0].implicit


def test_numbers_spans_point_into_the_text(nlp):
    text = "Officials said that at least 14 civilians were killed and 30 wounded."
    counts = find_counts(nlp(text))
    assert [(c.role, text[c.start:c.end]) for c in counts] == [
        ("killed", "at least 14"), ("injured", "30")]
    assert counts[0].who == "civilians"


# ----------------------------------------------------------------------------- total

@pytest.mark.parametrize("text, killed, injured", [
    ("Gunmen killed two people and injured five others. The assailant was also killed.", 3, 5),
    ("Ten people, including four children, were killed and 20 injured.", 10, 20),
    ("A man was found dead on the road. The body had bullet wounds. 1 fatality.", 1, None),
    ("Unknown fatalities were reported. Fatalities coded as 10.", 10, None),
    ("There were no casualties in the attack.", 0, 0),
    ("Two soldiers were killed. The two victims were buried on Friday.", 2, None),
    # the number counts the doers of an active verb, or those named by "by": not victims
    ("Two gunmen killed a policeman outside the station.", 1, None),
    ("Three men stabbed and wounded a shopkeeper.", None, 1),
    ("A farmer was wounded by two gunmen on Monday.", None, 1),
    ("Two people lost their lives in the fire.", 2, None),
])
def test_numbers_total_adds_without_double_counting(nlp, text, killed, injured):
    counts = find_counts(nlp(text))
    k, i = total(counts, "killed"), total(counts, "injured")
    assert (k.best if k else None) == killed
    assert (i.best if i else None) == injured


def test_numbers_total_keeps_bounds(nlp):
    counts = find_counts(nlp("At least 10 police were killed and up to 30 people were hurt."))
    assert total(counts, "killed") == Quantity(10, low=10)
    assert total(counts, "injured") == Quantity(30, high=30)


# ----------------------------------------------------------------------------- words that look like counts

@pytest.mark.parametrize("text, killed, injured", [
    # "both" before a coordination is not a count of two
    ("Officials estimate that 300 people have been killed, both fighters and civilians.", 300, None),
    ("The shelling killed both a farmer and his son.", 2, None),
    ("The gunmen killed both guards at the gate.", 2, None),
    # an ordinal is not a number: "a second officer" is one more victim
    ("One officer was killed and a second officer, named as Tom Reyes, was wounded.", 1, 1),
    # a list opened by "including" stays a subset to its end
    ("Nine people, including four pilgrims, two drivers, and one cook, were killed.", 9, None),
    # "an unknown number" counts nobody
    ("The gunman killed a teacher and wounded an unknown number of pupils.", 1, None),
    # a number in a name is a label
    ("Gunmen attacked the Station 9 depot in the town, killing a guard.", 1, None),
    # a name right after a counted noun names it; it is not one more victim
    ("The gunman opened fire, killing one guard, Peter Mallory, and wounding two others.", 1, 2),
    # two names the tagger may read as places are still the people killed
    ("Mbeki and Tshabalala were killed in the raid.", 2, None),
    # a surname that is also a unit word is still a person
    ("Officer Daniel Page was wounded in the exchange of fire.", None, 1),
])
def test_numbers_words_that_only_look_like_counts(nlp, text, killed, injured):
    counts = find_counts(nlp(text))
    k, i = total(counts, "killed"), total(counts, "injured")
    assert (k.best if k else None) == killed
    assert (i.best if i else None) == injured


# ----------------------------------------------------------------------------- injuries and who suffered them

@pytest.mark.parametrize("text, killed, injured", [
    # suffering, sustaining or contracting an injury or illness
    ("At least two people suffered minor injuries in the attack.", None, 2),
    ("The guard suffered burns to his hands.", None, 1),
    ("A postal clerk contracted anthrax after opening the letter.", None, 1),
    ("Three employees tested positive for ricin.", None, 3),
    ("Six employees tested negative for ricin.", None, None),
    ("The roof of the clinic sustained minor damage.", None, None),
    ("The explosion caused the clerk to suffer burns and a broken arm.", None, 1),
    # a count of wounds is not a count of people
    ("The courier suffered two gunshot wounds.", None, 1),
    ("The woman suffered numerous cuts to her face.", None, 1),
    ("A bystander was treated at the hospital for shock.", None, 1),
    # a gapped passive: the verb of the first conjunct governs the second
    ("The two gunmen were killed and a guard wounded in the exchange.", 2, 1),
    ("In addition to the bomber, four passers-by were injured.", None, 5),
    ("The injured officer was flown to the capital.", None, 1),
    # hurt, then said to die: counted once, as killed
    ("A guard was wounded in the blast. He died in hospital on Friday.", 1, None),
    # "both" inside a parenthesis restates the two already named
    ("Two clerks, Ana Ruiz and Li Wei (both night-shift workers), were injured.", None, 2),
    # a definite victim coordinated with another is a second victim; after one, the same one
    ("The soldier opened fire, killing the father and a son.", 2, None),
    ("A man was killed and the mutilated body was dumped by the road.", 1, None),
    # found dead: the number is the dead; a place a clause hangs off is not a victim
    ("On Friday, 3 herders were found dead on the Kadu - Mirsa road, killed by gunmen.", 3, None),
    ("The bodies of about twenty fighters were found in the area of Wadi Sirr, apparently killed in a raid.",
     20, None),
    # one of several incidents is not a person
    ("In one of several related incidents, a courier was injured.", None, 1),
    # a body part harmed hurts its owner; a thing burned hurts no one
    ("The letter caught fire and burned the secretary's fingers.", None, 1),
    ("Looters burned the secretary's office.", None, None),
    # beaten nearly to death: hurt, not killed
    ("A street vendor was beaten to near death by a gang.", None, 1),
    ("A street vendor was beaten to death by a gang.", 1, None),
    # "a boy and son of a trader" is one person; "a boy and his father" two
    ("A toddler and son of a local baker tested positive for ricin.", None, 1),
    ("A toddler and his father tested positive for ricin.", None, 2),
])
def test_numbers_injuries_and_their_victims(nlp, text, killed, injured):
    counts = find_counts(nlp(text))
    k, i = total(counts, "killed"), total(counts, "injured")
    assert (k.best if k else None) == killed
    assert (i.best if i else None) == injured


def test_numbers_definite_plural_takes_the_number_given_before(nlp):
    counts = find_counts(nlp("Three gunmen stormed the bank. The gunmen were later killed by police."))
    killed = [c for c in counts if c.role == "killed"]
    assert [(c.quantity.best, c.perpetrators, c.text) for c in killed] == [(3, True, "The gunmen")]


@pytest.mark.parametrize("text", [
    "Another officer was wounded.",
    "A second officer was wounded.",
    "In addition, a passer-by was wounded.",
    "A passer-by was also wounded.",
])
def test_numbers_victims_added_to_an_earlier_count_are_marked_additional(nlp, text):
    counts = [c for c in find_counts(nlp(text)) if c.role == "injured"]
    assert [(c.quantity.best, c.additional) for c in counts] == [(1, True)]


@pytest.mark.parametrize("text, displaced", [
    ("The shelling forced over 3,000 residents to flee their homes.", 3000),
    ("The offensive has forced more than 900 to flee their villages.", 900),
    ("About 400 families are fleeing the fighting.", 400),
    ("The gunmen fled the scene before police arrived.", None),
])
def test_numbers_people_forced_to_flee_are_displaced(nlp, text, displaced):
    q = total(find_counts(nlp(text)), "displaced")
    assert (q.best if q else None) == displaced


def test_a_clock_time_is_no_count(nlp):
    got = _counts(nlp, "The car bomb exploded at approximately 1100, killing a shopkeeper and two porters.")
    assert all(best < 100 for _, best, *_ in got)
    assert ("killed", 2) in [(role, best) for role, best, *_ in got]


# ----------------------------------------------------------------------------- deaths told in the passive or as a fate

@pytest.mark.parametrize("text, killed, injured", [
    # a passive subject shared by "shot and killed"
    ("Two farmers were shot and killed by gunmen near the river.", 2, None),
    ("One village guard was shot and killed while walking home.", 1, None),
    ("Three traders were fired on and killed at the crossing.", 3, None),
    # a fate told in the passive
    ("Five men were bludgeoned to death in the square.", 5, None),
    ("Four shepherds were hacked to death by the raiders.", 4, None),
    ("Three villagers were found dead on Monday morning.", 3, None),
    ("The bodies of two herders were found dead near the well.", 2, None),
    # a fate told later: who died of their wounds is one of the dead
    ("The guard later succumbed to his wounds.", 1, None),
    ("A driver who was hurt in the blast died of his injuries on Tuesday.", 1, None),
    ("Two of the wounded later died of their injuries in hospital.", 2, None),
    ("Rebels seized ten workers. Later, four of the 10 hostages were shot and killed.", 4, None),
    # but a part of the dead is still a subset of them
    ("Nine people were killed; two of the victims were children.", 9, None),
    # a subject the parser left out: the noun before the auxiliary
    ("On Friday, in Kelemi, Northland, a local imam, Yusuf Adamu, was shot and killed by gunmen.", 1, None),
    ("In the town of Varna, a district judge, identified as Petra Ilieva, was shot and killed.", 1, None),
    ("In the port area, the head of the customs office, Omar Said, was fired on and killed.", 1, None),
    # a place the parser took for the subject: the person named before the auxiliary
    ("On Sunday evening, in Dalwangan, Bukidnon, Philippines, a Dutch missionary was shot and killed by "
     "unknown gunmen.", 1, None),
])
def test_numbers_deaths_told_in_the_passive_or_as_a_fate(nlp, text, killed, injured):
    counts = find_counts(nlp(text))
    k, i = total(counts, "killed"), total(counts, "injured")
    assert (k.best if k else None) == killed
    assert (i.best if i else None) == injured


@pytest.mark.parametrize("text, killed, injured", [
    # a 24-hour clock time is no count
    ("On Tuesday night around 2300, in Kamba, one guard was killed and one was injured.", 1, 1),
    ("At 0930 hours a bomb went off, killing two soldiers.", 2, None),
    ("On Sunday at 1415, militants fired on a bus, wounding four passengers.", None, 4),
    # a count of people told like a time still counts
    ("Around 1500 people fled; at least 1200 villagers were killed over the year.", 1200, None),
    # "members of" and "one man" are counts; "a 30-member team", "a five-man cell" labels
    ("Five members of a family were killed when gunmen stormed their home.", 5, None),
    ("Militants threw a grenade into a market, killing one man and wounding 15 others.", 1, 15),
    ("A five-man cell attacked the post, killing two soldiers.", 2, None),
])
def test_numbers_clock_times_and_labels_are_no_counts(nlp, text, killed, injured):
    counts = find_counts(nlp(text))
    k, i = total(counts, "killed"), total(counts, "injured")
    assert (k.best if k else None) == killed
    assert (i.best if i else None) == injured


@pytest.mark.parametrize("text, killed, perpetrators", [
    # a suicide bomber who set off his charge died with his victims (GTD's nkill counts him)
    ("A suicide bomber detonated his explosive vest at the gate of the base, killing 12 soldiers.", 13, 1),
    ("Two suicide bombers blew themselves up outside the shrine, killing nine pilgrims.", 11, 2),
    # ... unless the story already counts him, or he failed or was caught
    ("A suicide bomber detonated his vest in the hall, killing 12 people including the bomber.", 12, 0),
    ("A suicide bomber failed to detonate his vest at the checkpoint and was arrested.", None, 0),
    # a couple is two people
    ("Gunmen shot and killed a married couple outside their shop.", 2, 0),
])
def test_numbers_suicide_bombers_and_couples(nlp, text, killed, perpetrators):
    counts = find_counts(nlp(text))
    k = total(counts, "killed")
    assert (k.best if k else None) == killed
    assert sum(c.quantity.best for c in counts if c.role == "killed" and c.perpetrators) == perpetrators


@pytest.mark.parametrize("text, killed, injured", [
    ("Two guards were wounded, and the third was killed instantly.", 1, 2),
    ("Rebels ambushed two traders on the road, killing them.", 2, None),
    ("Gunmen opened fire on two cousins, who were members of a village council, killing them.", 2, None),
    ("Five people were hurt in the blast; two of the victims later died of their injuries.", 2, 5),
    # the doers are no victims: "them" stands for nobody counted here
    ("Police caught three men and released them.", None, None),
])
def test_numbers_ordinals_pronouns_and_later_deaths(nlp, text, killed, injured):
    counts = find_counts(nlp(text))
    k, i = total(counts, "killed"), total(counts, "injured")
    assert (k.best if k else None) == killed
    assert (i.best if i else None) == injured


@pytest.mark.parametrize("text", [
    "The attack left 12 people dead or wounded.",
    "More than 100 were killed or injured in the fighting.",
    "Fifteen soldiers are dead or missing after the ambush.",
])
def test_numbers_dead_or_wounded_together_is_no_death_toll(nlp, text):
    # one number for the dead and the wounded together says how many died in neither role
    assert [c for c in _counts(nlp, text) if c[0] in ("killed", "injured")] == []


@pytest.mark.parametrize("text, expected", [
    ("Seven militants were killed in two accidental explosions in the province.",
     [("killed", 7, None, False, False)]),
    ("Two people were killed in three separate attacks on the town.",
     [("killed", 2, None, False, False)]),
])
def test_numbers_a_count_of_blasts_or_attacks_is_no_count_of_people(nlp, text, expected):
    assert _counts(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    # an age set off by commas after a name the tagger reads as a noun
    ("Saturnino palomino tunqui, 25, was injured while he stood in line.", []),
    # a part told between commas is inside the count before it
    ("Six priests, five of them Spaniards, were killed on Thursday.",
     [("killed", 6, None, False, False), ("killed", 5, None, True, False)]),
    # told after "and", the part is a count of its own (killed out of those abducted)
    ("Gunmen abducted 12 people and five of them were later killed.",
     [("abducted", 12, None, False, False), ("killed", 5, None, False, False)]),
])
def test_numbers_ages_and_parts_set_off_by_commas(nlp, text, expected):
    assert _counts(nlp, text) == expected


def test_numbers_a_heavy_toll_of_lives_and_credibility_counts_no_one(nlp):
    text = ("The city saw a total collapse of order for a second day, taking a heavy toll of human "
            "lives and the government's own credibility.")
    assert _counts(nlp, text) == []


@pytest.mark.parametrize("text, killed, injured", [
    # every number of an age list is an age, not only the first
    ("Two aid workers -- aged 24 and 31 -- were shot dead outside the clinic.", 2, None),
    ("Three brothers, ages 14, 16 and 19, were wounded by shrapnel.", None, 3),
    # a house number is part of the address
    ("The judge was killed outside his home at 14 North Alameda Street on Friday.", 1, None),
    ("A guard was wounded at 220 Avenida Bolivar when the device went off.", None, 1),
    # ... also when the street word is in lower case (wire copy in capitals, truecased)
    ("The judge was killed some 40 meters from the plaza, at 14 North Alameda street.", 1, None),
    # the attackers named after "by" are not among the dead
    ("Officials said 12 villagers died in raids by about 200 rebel fighters on three hamlets.", 12, None),
    # "a toll of one person wounded" is an injury, not a death
    ("The grenade attack left a toll of 1 person wounded and damage to a dozen shops.", None, 1),
])
def test_numbers_ages_addresses_doers_and_tolls_of_wounded(nlp, text, killed, injured):
    counts = find_counts(nlp(text))
    k, i = total(counts, "killed"), total(counts, "injured")
    assert (k.best if k else None, i.best if i else None) == (killed, injured)


def test_a_toll_broken_down_in_bare_numbers_is_not_added_twice():
    r = strife.extract("Insurgents killed nine villagers in Damasak on Friday, two in their homes and seven "
                       "in the market.", published="2021-06-12")
    assert [e.fatalities for e in r.events] == [9]
    # named groups are not a breakdown, even when two of them add up to the first
    r = strife.extract("Insurgents killed 5 soldiers, 2 policemen and 3 civilians in Damasak on Friday.",
                       published="2021-06-12")
    assert [e.fatalities for e in r.events] == [10]
