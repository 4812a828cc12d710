"""The faster attribute ruler and matrix multiplication must give exactly the model's own annotations."""
from __future__ import annotations

from strife.nlp.model import load_nlp, model_name

TEXTS = [
    "On Sunday, gunmen shot dead two police officers at a checkpoint near the town, and I don't know why.",
    "But the soldiers, who had been deployed there since 2019, said they would not withdraw; it's over.",
    "Protesters marched to the governor's office in Kano's old city, chanting 'we want justice!'  \n\n Police fired tear gas.",
    "Nothing was left after the militants had torched everything: anyone who stayed was detained.",
    "He'd said that if the rebels didn't leave, the army would attack them and us.",
]


def _annotations(doc):
    return ([(t.pos_, t.lemma_, str(t.morph), t.tag_, t.dep_, t.head.i) for t in doc],
            [(e.start, e.end, e.label_) for e in doc.ents])


def test_fast_pipeline_matches_the_original(nlp):
    import importlib

    original = importlib.import_module(model_name()).load()  # untouched pipeline, spaCy's own ops
    assert nlp.get_pipe("tok2vec").model.ops.use_blis is False      # numpy's BLAS (fast_matmul)
    assert original.get_pipe("tok2vec").model.ops.use_blis is True  # thinc's bundled BLIS
    for text in TEXTS:
        assert _annotations(nlp(text)) == _annotations(original(text))


def test_batched_pipeline_matches_the_original(nlp):
    """`nlp.pipe` runs the lemmatizer through its array `pipe`, and the attribute ruler tries
    its multi-token patterns ("gon na", "there is") only where one can begin."""
    import importlib

    original = importlib.import_module(model_name()).load()
    texts = TEXTS + ["There is no way they're gon na stop, y'all. Let's see: it ain't over.",
                     "There were 3 attacks; c'm on, we got ta go.", "", "   ", "Kabul"]
    assert [_annotations(d) for d in nlp.pipe(texts, batch_size=3)] == \
        [_annotations(d) for d in original.pipe(texts, batch_size=3)]


def test_fast_matmul_can_be_switched_off():
    stock = load_nlp("", False)
    assert stock is not load_nlp()
    assert stock.get_pipe("ner").model.ops.use_blis is True


def test_model_loads_once_per_process():
    assert load_nlp() is load_nlp()


def test_sped_up_pipeline_still_serialises(nlp):
    import spacy

    lemmatizer = nlp.get_pipe("lemmatizer")
    data = lemmatizer.to_bytes()
    assert data
    # the known-lemma lists come back as the lists spaCy wrote
    fresh = spacy.blank("en").add_pipe("lemmatizer", config={"mode": "rule"})
    fresh.from_bytes(data)
    assert "attack" in fresh.lookups.get_table("lemma_index")["noun"]
