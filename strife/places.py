"""Toponyms: find place names in a Doc, resolve them, and locate events.

(Placeholder until the "Places" issue lands: finds nothing, locates nothing.)
"""
from __future__ import annotations

from .models import Article, Location, Place
from .settings import Settings


def find_places(doc, article: Article, settings: Settings) -> list[Place]:
    """Every toponym in the article, resolved against the gazetteer where possible."""
    return []


def locate_event(doc, article: Article, places: list[Place], spans: list[tuple[int, int]],
                 settings: Settings) -> Location | None:
    """The place where the incident told in `spans` (char offsets) happened, or None."""
    return None
