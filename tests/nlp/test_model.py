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
