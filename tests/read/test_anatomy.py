"""Article anatomy: datelines of several agencies, bylines, clutter cut before NLP.

All stories are written for these tests.
"""
from __future__ import annotations

import pytest

from strife.read.anatomy import clutter_lines, find_dateline, read_anatomy
from strife.read.clean import article_from_input


@pytest.mark.parametrize("text, place, date, agency", [
    ("KABUL, Afghanistan (AP) — A roadside bomb struck a police truck.", "KABUL, Afghanistan", None, "AP"),
    ("MOGADISHU, Sept 28 (Reuters) - A car bomb exploded near the port.", "MOGADISHU", "Sept 28", "Reuters"),
    ("SAN SALVADOR, 10 JAN 90 (RADIO VENCEREMOS) -- [TEXT] REBELS ATTACKED A POST.", "SAN SALVADOR", "10 JAN 90", "RADIO VENCEREMOS"),
    ("LIMA, 3 MAR 89 -- [REPORT] A BOMB EXPLODED IN A BANK.", "LIMA", "3 MAR 89", None),
    ("Khulna, Feb 4 (UNB) Two people were hurt in a clash at a bazaar.", "Khulna", "Feb 4", "UNB"),
    ("BEIRUT (AFP) - Shelling hit a village in the south.", "BEIRUT", None, "AFP"),
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
