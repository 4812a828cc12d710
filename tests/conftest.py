"""Shared fixtures. The spaCy model is loaded once per test session (strife.nlp caches it)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def nlp():
    from strife.nlp.model import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def gazetteer_settings(tmp_path_factory):
    """Settings with a gazetteer index built once per session in a temp dir (places helper)."""
    from strife.geo.gazetteer import build
    from strife.settings import Settings

    path = build(tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite")
    return Settings(gazetteer_path=str(path))
