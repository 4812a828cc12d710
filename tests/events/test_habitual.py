"""Habits told in the present are not incidents, also when the act is a participle hanging on
the present-tense verb (strife/events/discourse.py, generic_mention). Stories are ours."""
from __future__ import annotations

from strife.events import extract_events
from strife.models import Article
from strife.settings import DEFAULT_SETTINGS

LEAD = ("Opposition leaders met in the capital on Sunday to plan a week of marches against the new "
        "assembly, which holds its first session on Friday. ")
ATTACK_TYPES = {"Violence against civilians", "Battles", "Explosions/Remote violence"}


def attacks(nlp, text: str):
    article = Article(id="t", text=text, published="2021-08-02")
    return [e for e in extract_events(nlp(text), article, [], DEFAULT_SETTINGS) if e.event_type in ATTACK_TYPES]


def test_a_participle_on_a_habitual_present_is_no_incident(nlp):
    text = LEAD + ("Bands of pro-government toughs roam poor neighborhoods, waving guns, intimidating "
                   "reporters, beating opposition politicians and warning residents to stay home.")
    assert attacks(nlp, text) == []


def test_a_participle_on_a_past_verb_is_an_incident(nlp):
    text = LEAD + ("On Saturday night a band of pro-government toughs stormed a poor neighborhood, "
                   "beating two opposition politicians, witnesses said.")
    assert attacks(nlp, text)


def test_an_aside_in_the_imperative_is_no_incident(nlp):
    text = LEAD + ("Many residents fear worse to come. Take, for instance, the town of Maracay, where "
                   "the market stands empty and the shops close at noon.")
    article = Article(id="t", text=text, published="2021-08-02")
    assert extract_events(nlp(text), article, [], DEFAULT_SETTINGS) == []


def test_a_habit_told_in_capitals_is_no_incident():
    from strife import extract

    text = ("CARACAS, AUG 2 -- OPPOSITION LEADERS MET IN THE CAPITAL ON SUNDAY TO PLAN A WEEK OF MARCHES "
            "AGAINST THE NEW ASSEMBLY. BANDS OF PRO-GOVERNMENT TOUGHS — KNOWN AS MOTORIZADOS — ROAM POOR "
            "NEIGHBORHOODS, WAVING GUNS, THREATENING REPORTERS, BEATING OPPOSITION POLITICIANS AND "
            "WARNING RESIDENTS TO STAY HOME.")
    result = extract(text, published="2021-08-02")
    assert [e for e in result.events if e.event_type in ATTACK_TYPES] == []


def test_a_plural_after_in_on_a_past_verb_is_the_incident_itself():
    from strife import extract

    # "killed in clashes with soldiers": the clashes of that day, a battle with its toll; the
    # officials who said so did not fight
    text = ("SAN SALVADOR, 14 MAR 90 (RADIO LUNA) -- [TEXT] PRESIDENT CRISTIANI MET WITH THE BISHOPS "
            "IN THE CAPITAL TODAY TO DISCUSS THE ECONOMY. OFFICIALS SAID THAT 6 REBELS WERE KILLED IN "
            "CLASHES WITH SOLDIERS NEAR SENSUNTEPEQUE.")
    got = [(e.sub_event_type, e.location, e.fatalities) for e in extract(text, published="1990-03-14").events]
    assert got == [("Armed clash", "Sensuntepeque", 6)]
    ev = extract(text, published="1990-03-14").events[0]
    assert not (ev.actor1 or "").startswith(("Civilians", "Rioters"))


def test_a_plural_after_in_on_a_present_perfect_is_still_a_kind_of_act(nlp):
    text = LEAD + ("Hundreds of people have been killed in clashes between gangs and the police over "
                   "the past decade, the report says.")
    assert attacks(nlp, text) == []


def test_people_seized_as_hostages_in_the_pluperfect_is_an_incident(nlp):
    text = LEAD + ("The rebels had entrenched themselves in the old quarter of the city and had seized "
                   "the residents as hostages, the army said on Sunday.")
    assert [e.sub_event_type for e in attacks(nlp, text)] == ["Abduction/forced disappearance"]


def test_a_base_form_joined_to_a_habitual_present_is_no_incident(nlp):
    text = LEAD + ("The valley has long been plagued by armed gangs, who raid farms, steal cattle and "
                   "kidnap travellers for ransom.")
    assert attacks(nlp, text) == []
