"""The parser's decoding loop in Python must give exactly spaCy's own parses."""
from __future__ import annotations

import pickle

import pytest
from spacy.attrs import DEP, HEAD, SENT_START

from strife.nlp.fastparser import FastDependencyParser, can_decode
from strife.nlp.model import load_nlp

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
    "Which village did the militia say it had burned, and why?",
    "A man whom police later identified as the driver was arrested; the others, who fled, were not.",
    "Clashes broke out\n\nbetween herders and farmers -- 4 dead , 9 hurt -- local officials said",
]


def _parse(doc):
    return (doc.to_array([HEAD, DEP, SENT_START]).tolist(),
            [(t.left_edge.i, t.right_edge.i, t.n_lefts, t.n_rights) for t in doc],
            [(s.start, s.end) for s in doc.sents] if len(doc) else [])


def test_the_pipeline_decodes_parses_in_python(nlp, reference):
    assert isinstance(nlp.get_pipe("parser"), FastDependencyParser)
    assert not isinstance(reference.get_pipe("parser"), FastDependencyParser)
    assert can_decode(reference.get_pipe("parser"))
    # the wrapper passes on what it does not change
    assert nlp.get_pipe("parser").labels == reference.get_pipe("parser").labels
    assert nlp.get_pipe("parser").model.ops.use_blis is False


@pytest.mark.parametrize("batch_size", [1, 3, 32])
def test_loop_gives_spacys_parses_in_batches(nlp, reference, batch_size):
    fast = [_parse(d) for d in nlp.pipe(TEXTS, batch_size=batch_size)]
    assert fast == [_parse(d) for d in reference.pipe(TEXTS, batch_size=batch_size)]
    assert sum(len(sents) for _, _, sents in fast) > len(TEXTS)   # sentence breaks found


def test_long_texts_are_decoded_one_sub_batch_at_a_time(nlp, reference, monkeypatch):
    from strife.nlp import fastner

    monkeypatch.setattr(fastner, "JOINT_DECODE_TOKENS", 10)
    texts = ["", "Kabul"] + TEXTS + [""]
    assert [_parse(d) for d in nlp.pipe(texts, batch_size=8)] == \
        [_parse(d) for d in reference.pipe(texts, batch_size=8)]


def test_loop_gives_spacys_parses_one_text_at_a_time(nlp, reference):
    for text in TEXTS:
        assert _parse(nlp(text)) == _parse(reference(text))


def test_preset_sentence_starts_constrain_the_loop_as_spacys(nlp, reference):
    """Sentence starts set before parsing (strife cuts runaway sentences so) bind both loops
    alike: a token marked as a start begins a sentence, one marked as no start never does."""
    text = ("Armed men stormed the checkpoint near the market and the soldiers who guarded it "
            "fired back for an hour before help arrived from the base in the north. Two died.")

    def parse(pipeline, starts, non_starts):
        doc = pipeline.make_doc(text)
        for i in starts:
            doc[i].is_sent_start = True
        for i in non_starts:
            doc[i].is_sent_start = False
        return _parse(pipeline(doc))

    for starts, non_starts in [((8,), ()), ((5, 14), (28,)), ((), (28, 29))]:
        fast = parse(nlp, starts, non_starts)
        assert fast == parse(reference, starts, non_starts)
        assert all(fast[0][i][2] == 1 for i in starts)
        assert all(fast[0][i][2] != 1 for i in non_starts)


def test_docs_parsed_before_go_to_spacys_loop(nlp, reference, monkeypatch):
    """A doc with a parse already (its labels could add moves to the parser) is decoded by
    spaCy itself, with the same result."""
    parser = nlp.get_pipe("parser")

    def refuse(*args):
        raise AssertionError("strife's loop used on a parsed doc")

    docs = [reference("Rebels shelled the town."), reference("The army said ten fighters died.")]
    expected = [_parse(reference.get_pipe("parser")(reference(d.text))) for d in docs]
    monkeypatch.setattr(parser, "_decode", refuse)
    assert [_parse(d) for d in parser.pipe(docs)] == expected
    assert _parse(parser(reference("Rebels shelled the town."))) == expected[0]


def test_fast_parser_pickles(nlp):
    """`nlp.pipe(n_process=2)` sends the components to other processes."""
    parser = pickle.loads(pickle.dumps(nlp.get_pipe("parser")))
    doc = nlp.make_doc("Gunmen killed three people in Maiduguri on Sunday.")
    for name, proc in nlp.pipeline:
        doc = (parser if name == "parser" else proc)(doc)
    assert [t.dep_ for t in doc if t.text == "killed"] == ["ROOT"]


def test_fast_parser_can_be_switched_off(nlp):
    stock = load_nlp("", True, False)
    assert stock is not nlp
    assert not isinstance(stock.get_pipe("parser"), FastDependencyParser)
    assert [_parse(d) for d in stock.pipe(TEXTS)] == [_parse(d) for d in nlp.pipe(TEXTS)]
