"""Article anatomy: datelines of several agencies, bylines, clutter cut before NLP.

All stories are written for these tests.
"""
from __future__ import annotations

import pytest

from strife.read.anatomy import clutter_lines, find_dateline, inline_clutter, read_anatomy
from strife.read.clean import article_from_input


@pytest.mark.parametrize("text, place, date, agency", [
    ("KABUL, Afghanistan (AP) — A roadside bomb struck a police truck.", "KABUL, Afghanistan", None, "AP"),
    ("MOGADISHU, Sept 28 (Reuters) - A car bomb exploded near the port.", "MOGADISHU", "Sept 28", "Reuters"),
    ("SAN SALVADOR, 10 JAN 90 (RADIO VENCEREMOS) -- [TEXT] REBELS ATTACKED A POST.", "SAN SALVADOR", "10 JAN 90", "RADIO VENCEREMOS"),
    ("LIMA, 3 MAR 89 -- [REPORT] A BOMB EXPLODED IN A BANK.", "LIMA", "3 MAR 89", None),
    ("Khulna, Feb 4 (UNB) Two people were hurt in a clash at a bazaar.", "Khulna", "Feb 4", "UNB"),
    ("BEIRUT (AFP) - Shelling hit a village in the south.", "BEIRUT", None, "AFP"),
    ("MOGADISHU, SEPT 28 (REUTERS) - A CAR BOMB EXPLODED NEAR THE PORT.", "MOGADISHU", "SEPT 28", "REUTERS"),
    ("KANDAHAR, Afghanistan, OCT. 3 (XINHUA) -- A MINE HIT A BUS.", "KANDAHAR, Afghanistan", "OCT. 3", "XINHUA"),
    ("Cusco, 7 Nov 89 -- Rebels attacked a police post in the highlands.", "Cusco", "7 Nov 89", None),
    ("CUSCO, 7 NOV (EFE) -- [TEXT] REBELS ATTACKED A POLICE POST.", "CUSCO", "7 NOV", "EFE"),
    ("La Paz, 14 Mar 90 (EFE) -- A bomb damaged a bank branch.", "La Paz", "14 Mar 90", "EFE"),
    ("Quito, March 14, 1990 - A bomb damaged a bank branch.", "Quito", "March 14, 1990", None),
])
def test_dateline_of_each_agency_style(text, place, date, agency):
    d = find_dateline(text)
    assert d is not None
    assert (d.place, d.date, d.agency) == (place, date, agency)
    assert text[d.place_start:d.place_end] == place


@pytest.mark.parametrize("text", [
    "On 9 May 2021, gunmen attacked a bus near the market.",
    "Looting: On 2 June 2021, rioters looted shops.",
    "Police said: the attackers fled on motorbikes.",
    "UPDATE 2-Blast kills five at a checkpoint",
    "Monday, 5 October 1989 - the rebels attacked a post.",
])
def test_no_dateline_in_ordinary_openings(text):
    assert find_dateline(text) is None


SCRAPED = """Home | World | Politics | Business | Sport
Est. May 19, 1883
Bomb kills four at market in northern town
By Daphne Okoro

KADUNA, Nigeria (AP) — A bomb hidden in a cart exploded at a crowded market in the
northern city of Kaduna on Tuesday, killing four people, police said.

"We heard a loud bang and people started running," said a trader.

Share this article

Related stories
Floods displace thousands in Lagos suburbs
Election results delayed in three states

This site uses cookies to improve your experience. Accept cookies
Daphne Okoro is a correspondent for the Daily Clarion covering northern Nigeria.
"""


def test_clutter_is_cut_and_story_kept():
    article = article_from_input(SCRAPED, article_id="t", html=False)
    text = article.text
    assert "A bomb hidden in a cart exploded" in text
    for gone in ("Politics", "Est. May 19, 1883", "Share this article", "Related stories",
                 "Floods displace", "Lagos", "cookies", "correspondent", "Daphne"):
        assert gone not in text, gone
    anatomy = article.anatomy
    assert anatomy.byline == "Daphne Okoro"
    assert anatomy.dateline is not None and anatomy.dateline.agency == "AP"
    kinds = {k for k, _ in anatomy.clutter}
    assert {"line", "related", "byline"} <= kinds
    assert anatomy.quotes and "loud bang" in text[anatomy.quotes[0][0]:anatomy.quotes[0][1]]
    assert anatomy.lead is not None and anatomy.in_lead(anatomy.dateline.end)


def test_headline_ticker_is_cut_but_wrapped_body_lines_are_not():
    lines = ["Ceasefire collapses in the east", "Ministers meet over fuel prices",
             "Storm warning for the coast", None,
             "Gunmen attacked a convoy on the road to the border",
             "town of Ruvu on Friday, killing two drivers and",
             "Wounding three soldiers, the army said."]
    marked = clutter_lines(lines)
    assert [marked.get(i) for i in range(3)] == ["ticker"] * 3
    assert not any(i in marked for i in (4, 5, 6))


def test_credit_line_is_marked_not_cut():
    text = ("Two soldiers were killed in an ambush near the border on Monday, the army said.\n\n"
            "(Reporting by Ana Lima in Bogota; Editing by Tom Reed)")
    anatomy = read_anatomy(text)
    start = text.index("Bogota")
    assert anatomy.marked_kind(start, start + 6) == "credit"


# --- clutter glued inside a paragraph (a flattened page) -----------------------------------

INLINE = ("Police closed the nearby metro stations. Read more: Why rural clinics keep losing their "
          "doctors Soldiers were sent to guard the square Calls for calm A police source said the "
          "parcel, which held nails, was left by the door at around 5.30 p.m. local time. The mayor "
          "said the damage was slight.")


def test_inline_read_more_run_is_cut_up_to_the_next_sentence():
    (start, end, kind), = inline_clutter(INLINE)
    assert kind == "related"
    assert INLINE[start:end].startswith("Read more: Why rural clinics")
    assert INLINE[end:].startswith("A police source said the parcel")


def test_inline_headline_ending_in_a_question_mark_is_cut_through_it():
    line = "He said the road was open. Read more: Is the ceasefire holding? Every evening our editors write."
    (start, end, _), = inline_clutter(line)
    assert line[start:end] == "Read more: Is the ceasefire holding?"


def test_inline_photo_caption_is_cut():
    line = ("Markets reopened on Monday. image copyright Reuters image caption Troops patrolled the old "
            "town in the 1990s When the rebels left, traders came back to the town.")
    (start, end, kind), = inline_clutter(line)
    assert kind == "caption"
    assert line[end:].startswith("When the rebels left")


def test_inline_related_list_with_separators_runs_to_the_line_end():
    line = ("the curfew was relaxed, police added. related stories\u00c2 minister visits riot-hit areas "
            "\u00c2 gunmen kill three in market attack\u00c2 full coverage")
    (start, end, kind), = inline_clutter(line)
    assert kind == "list" and end == len(line)
    assert line[:start].endswith("police added. ")


@pytest.mark.parametrize("line", [
    "He said more attacks could follow. Officials told reporters in Kabul that the road was open.",
    "The related question: who pays for the repairs? Nobody knows.",   # no sentence end before 'related'
    "Related: ",
])
def test_inline_no_cut_in_ordinary_text(line):
    assert inline_clutter(line) == []


def test_inline_clutter_gives_no_event_and_keeps_the_story():
    text = ("Gunmen attacked a police post in Quetta on Friday, killing two officers. Read more: "
            "Army chief visits flood camps Troops were deployed to guard the camps Calls for calm "
            "Officials said the attackers fled on motorbikes.")
    art = article_from_input(text, article_id="t", published="2021-06-12", source="t", html=False)
    assert "Read more" not in art.text and "deployed" not in art.text
    assert "Officials said the attackers fled" in art.text
    assert ("related", "Read more: Army chief visits flood camps Troops were deployed to guard the camps Calls for calm") \
        in art.anatomy.clutter
    # every kept character still maps back to the same character of the input
    i = art.text.index("Officials")
    assert text[art.offsets.to_raw(i):art.offsets.to_raw(i) + 9] == "Officials"
