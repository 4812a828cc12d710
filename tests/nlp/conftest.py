"""Fixtures of the model tests."""
from __future__ import annotations

import pytest

from strife.nlp.model import model_name


@pytest.fixture(scope="module")
def reference():
    """The same pipeline (numpy matrix multiplication) with spaCy's own decoders: what the fast
    entity and parse decoders must give exactly."""
    import importlib

    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        return importlib.import_module(model_name()).load()
