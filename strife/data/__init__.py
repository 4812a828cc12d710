"""Data files shipped with strife (lexicons, patterns, alias tables) and their loaders."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


def data_path(name: str):
    return resources.files(__name__).joinpath(name)


def read_text(name: str) -> str:
    return data_path(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def read_lines(name: str) -> tuple[str, ...]:
    """Non-blank, non-comment lines of a data file, stripped."""
    out = []
    for line in read_text(name).splitlines():
        s = line.strip()
        if s and not s.startswith("#"):
            out.append(s)
    return tuple(out)


@lru_cache(maxsize=None)
def read_json(name: str) -> Any:
    return json.loads(read_text(name))
