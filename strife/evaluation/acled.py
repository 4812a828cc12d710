"""Scoring ACLED notes (current schema, and the old one through `acled_old_schema`)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..models import ArticleResult
from .matching import actor_match, old_acled_type, top_event
from .scoring import _score_label, _score_place_counts_date
from .tally import Scorecard


def score_acled(records: Sequence[dict[str, Any]], results: Sequence[ArticleResult | None],
                card: Scorecard, errors: list[float]) -> None:
    for rec, res in zip(records, results):
        gold = rec.get("gold") or {}
        ev = top_event(res.events) if res else None
        pred = lambda name: getattr(ev, name) if ev is not None else None  # noqa: E731
        old = old_acled_type(gold.get("event_type"))
        if old is not None:
            _score_label(card, "event_type", pred("event_type"), gold.get("event_type"),
                         allowed=old["event_types"])
            if old.get("sub_event_type"):
                _score_label(card, "sub_event_type", pred("sub_event_type"), old["sub_event_type"])
        else:
            if gold.get("event_type"):
                _score_label(card, "event_type", pred("event_type"), gold["event_type"])
            if gold.get("sub_event_type"):
                _score_label(card, "sub_event_type", pred("sub_event_type"), gold["sub_event_type"])
        if gold.get("actor1"):
            card["actor1"].add(actor_match(pred("actor1"), gold["actor1"]))
        _score_place_counts_date(card, ev, gold, errors)
