"""The faster attribute ruler must give exactly the model's own annotations."""
from __future__ import annotations

import pytest

from strife.nlp import load_nlp, model_name

TEXTS = [
    "On Sunday, gunmen shot dead two police officers at a checkpoint near the town, and I don't know why.",
    "But the soldiers, who had been deployed there since 2019, said they would not withdraw; it's over.",
    "Protesters marched to the governor's office in Kano's old city, chanting 'we want justice!'  \n\n Police fired tear gas.",
    "Nothing was left after the militants had torched everything: anyone who stayed was detained.",
    "He'd said that if the rebels didn't leave, the army would attack them and us.",
]


def test_fast_attribute_ruler_matches_the_original(nlp):
    import importlib

    original = importlib.import_module(model_name()).load()  # untouched pipeline
    for text in TEXTS:
        fast, slow = nlp(text), original(text)
        assert [(t.pos_, t.lemma_, str(t.morph), t.tag_) for t in fast] == \
               [(t.pos_, t.lemma_, str(t.morph), t.tag_) for t in slow]


def test_model_loads_once_per_process():
    assert load_nlp() is load_nlp()
