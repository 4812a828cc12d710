"""Scoring GTD summaries: attack type, weapon, target type, killed, wounded, place."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..models import ArticleResult
from .matching import actor_match, norm_label, top_event
from .scoring import _score_label, _score_place_counts_date
from .tally import Scorecard


def score_gtd(records: Sequence[dict[str, Any]], results: Sequence[ArticleResult | None],
              card: Scorecard, errors: list[float]) -> None:
    for rec, res in zip(records, results):
        gold = rec.get("gold") or {}
        ev = top_event(res.events) if res else None
        pred = lambda name: getattr(ev, name) if ev is not None else None  # noqa: E731
        if gold.get("event_type"):
            _score_label(card, "attack_type", pred("attack_type"), gold["event_type"])
        for name in ("weapon", "target_type"):
            if gold.get(name):
                _score_label(card, name, pred(name), gold[name])
        perps = [p for p in (gold.get("perpetrator") or []) if p and norm_label(p) != "unknown"]
        if perps:
            card["actor1"].add(any(actor_match(pred("actor1"), p) for p in perps))
        _score_place_counts_date(card, ev, gold, errors)
