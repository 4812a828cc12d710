"""Upper-case wire text read in ordinary case (strife/nlp/truecase.py). Stories are ours."""
from __future__ import annotations

from strife.nlp.truecase import is_upper_case, read_in_ordinary_case, truecase
from strife.models import Article

WIRE = ("SAN SALVADOR, 12 NOV 89 -- [TEXT] GUERRILLAS OF THE FARABUNDO MARTI NATIONAL LIBERATION "
        "FRONT [FMLN] ATTACKED A POLICE POST IN SAN MIGUEL ON 10 NOVEMBER. THE ARMY SAID TWO "
        "POLICEMEN WERE KILLED.")


def test_truecase_detects_capitals_only_text():
    assert is_upper_case(WIRE)
    assert not is_upper_case("Guerrillas attacked a police post in San Miguel on Friday, the army said.")
    assert not is_upper_case("BREAKING: BLAST")   # too short to judge


def test_truecase_keeps_length_names_and_acronyms(nlp):
    cased = truecase(WIRE, nlp(WIRE))
    assert len(cased) == len(WIRE)
    assert cased.lower() == WIRE.lower()
    assert "[FMLN]" in cased                      # a bracketed acronym stays
    assert "attacked a police post" in cased      # ordinary words go lower case
    assert "[TEXT] Guerrillas" in cased           # a sentence opening keeps its capital
    assert ". The " in cased
    assert "November" in cased                    # months keep theirs


def test_truecase_reparses_only_upper_case_articles(nlp):
    mixed = Article(id="a", text="Rebels attacked a police post in the town on Friday.")
    doc = nlp(mixed.text)
    assert read_in_ordinary_case(nlp, doc, mixed, 10_000) == (doc, mixed)
    upper = Article(id="b", text=WIRE)
    doc2, art2 = read_in_ordinary_case(nlp, nlp(WIRE), upper, 10_000)
    assert art2.text != WIRE and art2.text.lower() == WIRE.lower()
    assert doc2.text == art2.text
    assert upper.text == WIRE                     # the caller's article is not changed
