"""Dates: phrases resolved against the publication date, with precision and history flags."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strife.events.dates import find_dates, resolve_phrase

MONDAY = "2015-05-18"          # a Monday


@pytest.mark.parametrize("phrase, expected", [
    # explicit dates need no publication date
    ("9 May 2020", ("2020-05-09", "day")),
    ("May 9, 2020", ("2020-05-09", "day")),
    ("1st May 2020", ("2020-05-01", "day")),
    ("2015-05-17", ("2015-05-17", "day")),
    ("01/15/2000:", ("2000-01-15", "day")),
    ("01/1/2000:", ("2000-01-01", "day")),
    ("09/00/2005:", ("2005-09-30", "month")),
    ("On 9 May 2020,", ("2020-05-09", "day")),
    ("Around 9 May 2020 (as reported)", ("2020-05-09", "week")),
    ("As reported on 2 May 2020,", ("2020-05-02", "week")),
    ("April 2015", ("2015-04-30", "month")),
    ("May 3-7, 2002", ("2002-05-07", "week")),
])
def test_dates_explicit_dates(phrase, expected):
    assert resolve_phrase(phrase, None) == expected
    assert resolve_phrase(phrase, "2021-01-01") == expected


@pytest.mark.parametrize("phrase, expected", [
    ("early Sunday", ("2015-05-17", "day")),
    ("late Sunday night", ("2015-05-17", "day")),
    ("on Friday", ("2015-05-15", "day")),
    ("on Monday", ("2015-05-18", "day")),        # the publication day itself
    ("last Monday", ("2015-05-11", "day")),
    ("Tuesday", ("2015-05-12", "day")),
    ("yesterday", ("2015-05-17", "day")),
    ("yesterday morning", ("2015-05-17", "day")),
    ("last night", ("2015-05-17", "day")),
    ("today", ("2015-05-18", "day")),
    ("three days ago", ("2015-05-15", "day")),
    ("last week", ("2015-05-17", "week")),
    ("earlier this week", ("2015-05-18", "week")),
    ("over the weekend", ("2015-05-17", "week")),
    ("over the past three days", ("2015-05-18", "week")),
    # a span of a few days is dated to its end, with week precision
    ("over the last few days", ("2015-05-18", "week")),
    ("over the last couple of days", ("2015-05-18", "week")),
    ("during the past several days", ("2015-05-18", "week")),
    ("in the past couple of weeks", ("2015-05-18", "week")),
    ("in the past 24 hours", ("2015-05-18", "day")),
    ("earlier this month", ("2015-05-18", "month")),
    ("last month", ("2015-04-30", "month")),
    ("in April", ("2015-04-30", "month")),
    ("in June", ("2014-06-30", "month")),        # after the publication month: last year
    ("in May", ("2015-05-18", "month")),
    ("March 16", ("2015-03-16", "day")),
    ("December 24", ("2014-12-24", "day")),
    ("last year", ("2014-12-31", "year")),
    ("in 2014", ("2014-12-31", "year")),
    ("this year", ("2015-05-18", "year")),
    # a week of a month: its last day
    ("during the 2d week of April", ("2015-04-14", "week")),
    ("in the last week of April", ("2015-04-30", "week")),
    ("the first week of December", ("2014-12-07", "week")),
])
def test_dates_relative_phrases_resolve_against_publication(phrase, expected):
    assert resolve_phrase(phrase, MONDAY) == expected


@pytest.mark.parametrize("phrase", [
    "early Sunday", "yesterday", "last week", "in April", "over the past three days",
    "three days ago", "March 16",
])
def test_dates_relative_phrases_need_a_publication_date(phrase):
    assert resolve_phrase(phrase, None) is None


@pytest.mark.parametrize("phrase", ["", "the police", "may", "they march on Sunday"[:9]])
def test_dates_non_dates_resolve_to_none(phrase):
    assert resolve_phrase(phrase, MONDAY) is None


@pytest.mark.parametrize("text, historical", [
    ("Fighters seized the city early Sunday.", [False]),
    ("The city fell after the 2003 invasion.", [True]),
    ("The militia has been active since the 1990s.", [True]),
    ("The citadel dates from the 13th century.", [True]),
    ("The group lost the town in 2014 and retook it last week.", [False, False]),
    ("The group has controlled the area since 2011.", [True]),
])
def test_dates_history_is_flagged(nlp, text, historical):
    found = find_dates(nlp(text), MONDAY)
    assert [f.historical for f in found] == historical


def test_dates_findings_carry_offsets_and_source(nlp):
    text = "Islamic State fighters seized Ramadi early Sunday, officials said on Monday."
    found = find_dates(nlp(text), MONDAY)
    assert [(f.text, f.date, f.precision, f.source) for f in found] == [
        ("early Sunday", "2015-05-17", "day", "rule:weekday"),
        ("on Monday", "2015-05-18", "day", "rule:weekday"),
    ]
    for f in found:
        assert text[f.start:f.end] == f.text


def test_dates_span_reports_its_first_day(nlp):
    found = find_dates(nlp("More than 500 people were killed over the past three days."), MONDAY)
    assert [(f.date, f.precision, f.range_start) for f in found] == [
        ("2015-05-18", "week", "2015-05-15")]


def test_dates_future_dates_are_not_event_dates(nlp):
    assert find_dates(nlp("Talks are planned for 3 June."), "2015-05-18") == [
        f for f in find_dates(nlp("Talks are planned for 3 June."), "2015-05-18")
        if f.date <= "2015-05-18"]


def test_dates_gtd_prefix_and_later_dates(nlp):
    text = "01/03/2000: Unknown suspects set fires at a farm. On March 16, 2000, a group claimed it."
    found = find_dates(nlp(text), None)
    assert [(f.date, f.source) for f in found] == [
        ("2000-01-03", "rule:gtd_prefix"), ("2000-03-16", "rule:month_day_year")]


_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=200, deadline=None)
@given(_dates, st.integers(min_value=0, max_value=6))
def test_dates_weekday_is_latest_on_or_before_publication(pub, wd):
    iso, precision = resolve_phrase(f"on {_WEEKDAYS[wd]}", pub.isoformat())
    d = date.fromisoformat(iso)
    assert precision == "day"
    assert d.weekday() == wd
    assert pub - timedelta(days=6) <= d <= pub


@settings(max_examples=200, deadline=None)
@given(_dates)
def test_dates_explicit_formats_round_trip(d):
    expected = (d.isoformat(), "day")
    month = _MONTHS[d.month - 1]
    assert resolve_phrase(f"{d.day} {month} {d.year}", None) == expected
    assert resolve_phrase(f"{month} {d.day}, {d.year}", None) == expected
    assert resolve_phrase(d.isoformat(), None) == expected
    assert resolve_phrase(f"{d.month:02d}/{d.day}/{d.year}:", None) == expected


@settings(max_examples=200, deadline=None)
@given(_dates, st.integers(min_value=1, max_value=12))
def test_dates_month_names_never_resolve_after_publication(pub, month):
    iso, precision = resolve_phrase(f"in {_MONTHS[month - 1]}", pub.isoformat())
    d = date.fromisoformat(iso)
    assert precision == "month"
    assert d <= pub and d.month == month and (pub - d).days < 366


@settings(max_examples=100, deadline=None)
@given(_dates, st.integers(min_value=2, max_value=9))
def test_dates_days_ago(pub, n):
    assert resolve_phrase(f"{n} days ago", pub.isoformat()) == (
        (pub - timedelta(days=n)).isoformat(), "day")


@pytest.mark.parametrize("text", [
    "Gunmen struck the shop at around 0300, witnesses said.",
    "Firebombs were thrown at the office at 1312 Harbor Road.",
    "The car, a dark green 1998 Toyota Corolla, exploded outside the clinic.",
])
def test_dates_times_addresses_and_model_years_are_not_dates(nlp, text):
    assert find_dates(nlp(text), None) == []


def test_rule_prefilters_skip_only_texts_a_rule_cannot_match():
    """`_scan` skips a rule when the text lacks the words (or four digits) every match of it
    holds; the findings are those of scanning with every rule."""
    import dataclasses
    from datetime import date

    from strife.events import dates

    texts = ["Gunmen attacked the village on Sunday night, two weeks ago.",
             "ON 9 MAY 2020 PROTESTERS GATHERED", "The 1990s war; in 2004 and the 19th century.",
             "over the past three days", "Troops raided the camp in mid-March, police said.",
             "Nothing dated here at all.", "Fighting resumed on Tuesday (Sept. 3).",
             "Attack on Moſul on ſunday", "KELVIN \u212aEEK: the week before"]
    rules = dates._rules()
    plain = tuple(dataclasses.replace(r, needs_word=(), needs_year=False) for r in rules)
    for text in texts:
        for pub in (date(2020, 5, 20), None):
            fast = dates._scan(text, pub)
            dates._rules.cache_clear()
            try:
                original = dates._rules
                dates._rules = lambda: plain
                slow = dates._scan(text, pub)
            finally:
                dates._rules = original
            assert fast == slow


def test_dates_a_day_just_after_publication_is_ahead_not_last_year(nlp):
    # published Wednesday 2002-03-13: 'March 15' is two days ahead (a forecast), never 2001
    doc = nlp("The two sides will meet again on March 15 in the capital. Rebels raided the post on March 9.")
    found = {f.text: f.date for f in find_dates(doc[:], "2002-03-13")}
    assert "March 15" not in found
    assert found["March 9"] == "2002-03-09"
    # weeks ahead is still a date of the year before ('December 28' in a January story)
    assert resolve_phrase("December 28", "2002-01-05") == ("2001-12-28", "day")


def test_dates_lower_case_weekday_with_its_preposition(nlp):
    doc = nlp("police opened fire on the mob on friday and again late on sunday night.")
    got = [(f.text, f.date, f.precision) for f in find_dates(doc[:], "2002-03-15")]   # a Friday
    assert ("on friday", "2002-03-15", "day") in got
    assert any(d == "2002-03-10" and p == "day" for _, d, p in got)


@pytest.mark.parametrize("text", [
    "the vhp will hold its prayer meeting on march 15 in the town.",   # two days ahead, lower case
    "the rally on the 10th was peaceful.",                             # no month written
    "a 10-year sentence was handed down.",
])
def test_dates_lower_case_phrases_dateparser_would_misread(nlp, text):
    assert find_dates(nlp(text)[:], "2002-03-13") == []


def test_dates_lower_case_month_day_in_the_past(nlp):
    got = [(f.date, f.precision) for f in find_dates(nlp("the mob attacked the shops on march 2.")[:], "2002-03-13")]
    assert got == [("2002-03-02", "day")]


@pytest.mark.parametrize("text", [
    "At approximately 1915 [2115 GMT] today, a bomb went off at the gate of the university.",
    "The blast happened at 1930 local time near the market.",
    "Rebels attacked the post at about 1845 hours.",
])
def test_dates_a_clock_time_is_not_a_year(nlp, text):
    assert all(f.precision != "year" for f in find_dates(nlp(text), MONDAY))
    assert find_dates(nlp("The massacre happened in 1915 in the town."), MONDAY)[0].precision == "year"


def test_loading_the_model_warms_up_dateparser_once():
    import sys

    from strife.events import dates
    from strife.pipeline import load_model
    from strife.settings import DEFAULT_SETTINGS

    load_model(DEFAULT_SETTINGS)
    assert "dateparser" in sys.modules and dates.warm_up.cache_info().currsize == 1
    load_model(DEFAULT_SETTINGS)
    assert dates.warm_up.cache_info().misses == 1
    # the warm-up leaves the answers as they were
    assert dates._dateparser("12 May 2020", None) == ("2020-05-12", "day")


@pytest.mark.parametrize("text", [
    "Gunmen killed four villagers on Friday, 23 June, police said.",
    "ON FRIDAY, 23 JUNE, GUNMEN KILLED FOUR VILLAGERS.",
])
def test_dates_a_weekday_before_its_day_and_month_gives_only_that_day(nlp, text):
    found = find_dates(nlp(text), "2021-06-30")
    assert [(f.date, f.precision) for f in found] == [("2021-06-23", "day")]
