"""The numpy decoder of the entity recognizer must give exactly spaCy's own entities."""
from __future__ import annotations

import pickle

import pytest
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE

from strife.nlp.fastner import FastEntityRecognizer, can_decode

TEXTS = [
    "On 9 March 2021, gunmen from the Islamic State West Africa Province killed 12 soldiers of the "
    "Nigerian Army near Gajiram, Borno State. The attack lasted two hours, residents told Reuters.",
    "BAGHDAD, June 3 (AP) -- A car bomb exploded outside the Al-Rasheed Hotel on Saturday, killing "
    "seven people and wounding 24, the Interior Ministry said. No group claimed responsibility.",
    "Protesters marched to the governor's office in Kano's old city, chanting 'we want justice!'  \n\n "
    "Police fired tear gas.\n\nDr. Amina Yusuf of the Red Cross said $3 million had been pledged.",
    "SAN SALVADOR, 3 JAN 90 -- [REPORT] [ARMED FORCES PRESS COMMITTEE, COPREFA] [TEXT] ABOUT 50 "
    "PEASANTS WERE KIDNAPPED BY THE FMLN IN SAN MIGUEL DEPARTMENT.",
    "Kabul",
    "",
    "   ",
    "He said the Taliban",   # an entity that runs to the last token
    "Mr. Smith met Ms. Jones in New York City on Monday; then they flew to Paris, France, at 9 a.m.",
]


def _entities(doc):
    return doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID]).tolist(), [(e.start, e.end, e.label_) for e in doc.ents]


def test_the_pipeline_decodes_entities_with_numpy(nlp, reference):
    assert isinstance(nlp.get_pipe("ner"), FastEntityRecognizer)
    assert not isinstance(reference.get_pipe("ner"), FastEntityRecognizer)
    assert can_decode(reference.get_pipe("ner"))
    # the wrapper passes on what it does not change
    assert nlp.get_pipe("ner").labels == reference.get_pipe("ner").labels
    assert nlp.get_pipe("ner").model.ops.use_blis is False


@pytest.mark.parametrize("batch_size", [1, 3, 32])
def test_fast_decoder_gives_spacys_entities_in_batches(nlp, reference, batch_size):
    fast = [_entities(d) for d in nlp.pipe(TEXTS, batch_size=batch_size)]
    assert fast == [_entities(d) for d in reference.pipe(TEXTS, batch_size=batch_size)]
    assert any(ents for _, ents in fast)


def test_long_texts_are_decoded_one_sub_batch_at_a_time(nlp, reference, monkeypatch):
    from strife.nlp import fastner

    monkeypatch.setattr(fastner, "JOINT_DECODE_TOKENS", 10)
    texts = ["", "Kabul"] + TEXTS + [""]
    assert [_entities(d) for d in nlp.pipe(texts, batch_size=8)] == \
        [_entities(d) for d in reference.pipe(texts, batch_size=8)]


def test_fast_decoder_gives_spacys_entities_one_text_at_a_time(nlp, reference):
    for text in TEXTS:
        assert _entities(nlp(text)) == _entities(reference(text))


def test_preset_entities_go_to_spacys_decoder(nlp, reference):
    """Entities set before the recognizer runs (e.g. by a rule) constrain spaCy's moves; such
    texts are decoded by spaCy itself, with the same result."""
    from spacy.tokens import Span

    def parse(pipeline):
        doc = pipeline.make_doc("Fighters of Al-Shabaab attacked Kismayo on Tuesday.")
        doc.set_ents([Span(doc, 2, 5, label="ORG")], default="unmodified")
        for name, proc in pipeline.pipeline:
            doc = proc(doc)
        return doc

    fast, ref = parse(nlp), parse(reference)
    assert _entities(fast) == _entities(ref)
    assert (2, 5, "ORG") in _entities(fast)[1]


def test_fast_recognizer_pickles(nlp):
    """`nlp.pipe(n_process=2)` sends the components to other processes."""
    ner = pickle.loads(pickle.dumps(nlp.get_pipe("ner")))
    doc = nlp.make_doc("Gunmen killed three people in Maiduguri on Sunday.")
    for name, proc in nlp.pipeline:
        doc = (ner if name == "ner" else proc)(doc)
    assert ("Maiduguri", "GPE") in [(e.text, e.label_) for e in doc.ents]
