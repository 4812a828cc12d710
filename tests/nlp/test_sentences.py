"""The sentence cap set before parsing, and linear-time extraction on runaway sentences."""
from __future__ import annotations

import time

import strife
from strife import Settings
from strife.nlp.sentences import cap_sentences
from strife.pipeline import make_doc


def test_runaway_sentence_is_cut_into_capped_pieces(nlp):
    doc = nlp(make_doc(nlp, "killed " * 400, Settings(max_sentence_tokens=100)))
    assert max(len(s) for s in doc.sents) <= 100


def test_ordinary_sentences_are_untouched(nlp):
    text = "Gunmen killed three people in Kalo on Monday. Police said the attackers fled."
    doc = nlp.make_doc(text)
    assert cap_sentences(doc, 150) == 0
    assert [s.text for s in nlp(make_doc(nlp, text, Settings())).sents] == [s.text for s in nlp(text).sents]


def test_long_sentence_time_grows_linearly(nlp):
    strife.extract("Gunmen killed three people in Kalo on Monday.")
    times = []
    for n in (250, 1000):
        t0 = time.process_time()
        strife.extract("killed " * n)
        times.append(time.process_time() - t0)
    # quadratic walks made 4x the text cost ~16x; linear work costs ~4x (generous for noise)
    assert times[1] < times[0] * 9 + 0.5, times
