from __future__ import annotations

import pytest

from strife.errors import InputError
from strife.read.clean import article_from_input, clean_text, is_boilerplate, is_caption_head, looks_like_html

WRAPPED = """Government
forces shelled the outskirts of the town overnight and
residents said at least four houses were destroyed.
Local
officials said the bombardment continued until dawn,
when a convoy of trucks left the area.
"""


def test_clean_rejoins_hard_wrapped_lines_and_keeps_paragraphs():
    c = clean_text(WRAPPED)
    paras = c.text.split("\n\n")
    assert paras == [
        "Government forces shelled the outskirts of the town overnight and residents said at least four houses were destroyed.",
        "Local officials said the bombardment continued until dawn, when a convoy of trucks left the area.",
    ]


def test_clean_keeps_blank_line_paragraph_breaks_in_unwrapped_text():
    raw = "First paragraph is one line.\n\nSecond paragraph is another line.\n"
    assert clean_text(raw).text == "First paragraph is one line.\n\nSecond paragraph is another line."


def test_clean_offsets_map_back_to_raw_characters():
    c = clean_text(WRAPPED)
    for i, ch in enumerate(c.text):
        if not ch.isspace():
            assert WRAPPED[c.offsets.to_raw(i)] == ch


@pytest.mark.parametrize("line", [
    "Scroll down for videos", "No comments:", "Post a Comment", "Share this article",
    "Subscribe to our newsletter", "Follow us on Twitter", "Advertisement", "Share | Tweet | Email",
])
def test_boilerplate_lines_are_recognised(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "Police said the attack began at dawn.", "No casualties were reported.", "Comments from the governor were not available.",
])
def test_ordinary_sentences_are_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_clean_drops_boilerplate_and_records_it():
    raw = "Gunmen attacked a checkpoint on Monday, police said.\nScroll down for videos\nTwo officers were wounded.\nNo comments:\nPost a Comment\n"
    c = clean_text(raw)
    assert "Scroll down" not in c.text and "Post a Comment" not in c.text
    assert c.dropped == ["Scroll down for videos", "No comments:", "Post a Comment"]


@pytest.mark.parametrize("line,expected", [
    ("Show of strength: Militia flags line the", True),
    ("Aftermath: A burned-out car sits outside the", True),
    ("Cut down in cold blood: Pictures posted online show", True),
    ("He said: 'The town will fall within days.", False),
    ("The governor added: 'We need more troops.'", False),
    ("10:30 - the first explosion was heard", False),
])
def test_caption_heads(line, expected):
    assert is_caption_head(line) is expected


def test_clean_detaches_captions_glued_into_body():
    raw = (
        "Rebel\nfighters entered the town on Friday after a week of heavy\nfighting, residents said.\n"
        "Show of strength: Rebel flags line the\nstreets of the town as fighters parade\n"
        "Officials\nsaid the army had withdrawn to a base outside the town.\n"
    )
    c = clean_text(raw)
    assert "Show of strength" not in c.text
    assert [cap.text for cap in c.captions] == [
        "Show of strength: Rebel flags line the streets of the town as fighters parade"]
    assert raw[c.captions[0].raw_start:c.captions[0].raw_start + 16] == "Show of strength"
    assert c.text.split("\n\n")[1] == "Officials said the army had withdrawn to a base outside the town."


def test_clean_keeps_long_unwrapped_line_as_own_paragraph():
    wrapped = "\n".join([
        "Militants", "attacked a police post on the edge of the city late on", "Saturday night, officials said.",
        "Innocence lost: Children watch as fighters", "drive through the town",
        "He said: 'We have lost control of the northern districts and we need reinforcements from the capital now.'",
        "Officials", "said the post was recaptured on Sunday morning by", "special forces units.",
    ])
    c = clean_text(wrapped)
    assert any(p.startswith("He said: 'We have lost control") for p in c.text.split("\n\n"))
    assert "He said" not in c.captions[0].text


def test_headline_becomes_title_not_body():
    a = article_from_input("Bomb kills five in market\n\nA bomb exploded in a busy market on Monday, killing five people.",
                           article_id="x")
    assert a.title == "Bomb kills five in market"
    assert a.text.startswith("A bomb exploded")


def test_published_header_line_sets_date_and_is_removed():
    a = article_from_input("Published: 2021-04-02\n\nTroops clashed with rebels near the border on Thursday, officials said.",
                           article_id="x")
    assert a.published == "2021-04-02"
    assert "Published" not in a.text


def test_html_goes_through_trafilatura_without_navigation_or_comments():
    html = """<html><head><title>Clashes in the north</title></head><body>
    <nav><a href='/'>Home</a> | <a href='/world'>World news section</a></nav>
    <article><h1>Clashes in the north</h1>
    <p>Soldiers and insurgents clashed for several hours near the northern border town on Tuesday, leaving six fighters dead, a military spokesman said.</p>
    <p>The army said it had pushed the insurgents back across the river and secured the main road into the town by evening.</p>
    </article><div class='comments'><p>Comment: this is a disgrace, write to your MP today</p></div></body></html>"""
    assert looks_like_html(html)
    a = article_from_input(html, article_id="h")
    assert a.title == "Clashes in the north"
    assert "Soldiers and insurgents clashed" in a.text
    assert "World news section" not in a.text and "disgrace" not in a.text


def test_empty_text_is_an_input_error():
    with pytest.raises(InputError, match="empty or too short"):
        article_from_input("   \n\n  ", article_id="e")


def test_html_headline_is_not_glued_to_the_first_paragraph():
    html = """<html><head><title>Bomb kills six at bus station</title></head><body><article>
    <h1>Bomb kills six at bus station</h1>
    <p>A bomb exploded at the central bus station on Friday morning, killing six passengers and wounding 20, police said.</p>
    <p>No group said it had planted the device, which was hidden in a parked minibus near the ticket office.</p>
    </article></body></html>"""
    a = article_from_input(html, article_id="b")
    assert a.text.startswith("A bomb exploded at the central bus station")
    assert a.text.split("\n\n")[1].startswith("No group said")
