"""The date of an event: its own date, the story's recent date, or the publication date.

Stories are invented; places are left out (an empty place list), so no gazetteer is needed.
"""
from __future__ import annotations

from strife.events import extract_events
from strife.models import Article, Event
from strife.settings import DEFAULT_SETTINGS

PUBLISHED = "1990-01-21"


def run(nlp, text: str, published: str | None = PUBLISHED) -> list[Event]:
    article = Article(id="test", text=text, published=published)
    return extract_events(nlp(text), article, [], DEFAULT_SETTINGS)


def test_dating_an_old_date_of_the_background_does_not_date_the_news(nlp):
    # the only day the story names is two months old: the undated bombing is this week's news
    evs = run(nlp, "Unidentified men set off a bomb at the electricity company offices in the capital. "
                   "Police said the blast shattered windows along the street. The company has "
                   "suffered power cuts since its director was arrested on 24 November.")
    assert evs, "the bombing is an event"
    assert all(e.event_date is None or e.event_date >= "1989-12-22" for e in evs)


def test_dating_a_street_named_after_a_day_is_no_story_date(nlp):
    evs = run(nlp, "Police dispersed a march by several hundred students along 9 October Avenue, "
                   "injuring two of them, witnesses said.", published="1989-04-11")
    assert evs
    assert all(e.event_date >= "1989-03-12" for e in evs if e.event_date)


def test_dating_the_start_of_a_period_is_not_the_day_of_the_incident(nlp):
    evs = run(nlp, "Since the guerrilla offensive began on 11 November, rebels have attacked the "
                   "barracks in the town and killed four soldiers.", published="1989-11-30")
    assert evs
    assert all(e.event_date != "1989-11-11" for e in evs)


def test_dating_a_from_range_is_the_incidents_own_span(nlp):
    evs = run(nlp, "Around 27 April 1990 (from 27 - 28 April), troops conducted an operation north of "
                   "the town and killed four rebels.", published="1990-05-04")
    assert evs
    assert all(e.event_date and e.event_date.startswith("1990-04-2") for e in evs)


def test_a_date_in_another_deeds_clause_does_not_date_the_incident(nlp):
    # the relative clause's date is when the movement claimed an earlier killing
    evs = run(nlp, "The Popular Liberation Movement, which on 5 January claimed responsibility for the "
                   "killing of a former general, today claimed responsibility for detonating a bomb at "
                   "the telephone company offices in Kalo.")
    assert [e.event_date for e in evs] == ["1990-01-21"]
    # "8 days after taking office on 11 January": the day he took office
    evs = run(nlp, "The minister was shot dead near his home in Kalo, only 8 days after taking office "
                   "on 11 January.")
    assert evs and evs[0].date_precision != "day"   # no day of its own: not "on 11 January"
    # a date in the deed's own relative clause still dates it
    evs = run(nlp, "Police arrested the man who on 17 January shot a judge in Kalo.")
    assert any(e.event_date == "1990-01-17" for e in evs)


def test_dating_a_claims_day_is_not_the_incidents(nlp):
    # published on a Wednesday: the claim came on Tuesday, the bombing was on Sunday
    for text in ("A separatist group claimed on Tuesday the bombing that killed five soldiers "
                 "near the depot on Sunday.",
                 "A separatist group claimed responsibility on Tuesday for Sunday's bombing of "
                 "a market that killed five people."):
        evs = run(nlp, text, published="2021-06-30")
        assert evs
        assert evs[0].event_date == "2021-06-27", text


def test_dating_a_killing_told_in_a_clause_on_the_victim_dates_the_attack(nlp):
    # published on a Wednesday: the claim came today, the judge was shot dead on Saturday
    evs = run(nlp, "The Red Hand Brigade today claimed responsibility for the attack on Judge Carmen "
                   "Ortiz, who was shot dead on Saturday outside her home in Kalo.",
              published="2021-06-09")
    assert [e.event_date for e in evs] == ["2021-06-05"]
    # a clause on someone the attack did not name keeps its own day apart
    evs = run(nlp, "Gunmen today attacked the home of Senator Ruiz, whose brother was killed on 2 May, "
                   "wounding a guard.", published="2021-06-09")
    assert [e.event_date for e in evs] == ["2021-06-09"]


def test_dating_the_datelines_date_is_when_the_story_was_filed_not_the_incidents():
    import strife
    r = strife.extract("KANO, March 14 (Reuters) - Gunmen shot dead a district head in Kura on Friday, "
                       "police said.", published="2021-03-14")
    assert [e.event_date for e in r.events] == ["2021-03-12"]
    # with no date of its own, the lead's incident still takes the filing day
    r = strife.extract("KANO, March 14 (Reuters) - Gunmen shot dead a district head in Kura, police said.",
                       published="2021-03-14")
    assert [e.event_date for e in r.events] == ["2021-03-14"]


def test_a_year_in_a_clause_about_someone_else_does_not_make_the_killing_history(nlp):
    text = ("Police sources said that Ana Ruiz, mayor during the first two years of a government "
            "which took office in 2016, was gunned down by unidentified men as she was returning "
            "to her home in Kalo.")
    assert len(run(nlp, text, published="2021-06-09")) == 1
    # the year of the deed's own clause still makes it history
    assert run(nlp, "Police sources said that Ana Ruiz was gunned down in 2016 in Kalo.",
               published="2021-06-09") == []


def test_dating_a_peaceful_march_is_no_month(nlp):
    # "a peaceful March" (truecased wire copy) is a march: not a date that makes the clash history
    evs = run(nlp, "Police said that two people died and 15 were wounded in the clash in Kalo, which "
                   "took place while a religious group was carrying out a peaceful March.",
              published="2021-11-09")
    assert [e.event_date for e in evs] == ["2021-11-09"]
