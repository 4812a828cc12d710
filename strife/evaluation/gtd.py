"""Scoring GTD summaries: attack type, weapon, target type, killed, wounded, place.

The event scored is the most confident one that carries GTD fields (the one a GTD user
keeps), else the most confident event. `gtd_on_non_attack` counts GTD fields on events GTD
never codes (protests, territory changes, agreements...), in any kind of gold file."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..data import read_json
from ..models import ArticleResult, Event
from .matching import actor_match, norm_label, top_event
from .scoring import _score_label, _score_place_counts_date
from .tally import Scorecard

_GTD_FIELDS = ("attack_type", "weapon", "target_type")


@lru_cache(maxsize=None)
def _non_attack_types() -> frozenset[str]:
    return frozenset(read_json("evaluation/mappings.json")["non_attack_sub_event_types"]["types"])


def gtd_on_non_attack(results: Sequence[ArticleResult | None]) -> int:
    """Events of a non-attack sub-type (protest, territory change, agreement...) that carry
    any GTD field."""
    kinds = _non_attack_types()
    return sum(1 for res in results if res for ev in res.events
               if (ev.event_type == "Protests" or ev.sub_event_type in kinds)
               and any(getattr(ev, f) is not None for f in _GTD_FIELDS))


def gtd_event(events: Sequence[Event]) -> Event | None:
    """The most confident event GTD would code (it has an attack type), else the top event."""
    return top_event([e for e in events if e.attack_type is not None]) or top_event(events)


def _perpetrators(gold: dict[str, Any]) -> list[str]:
    value = gold.get("perpetrator") or []
    names = [value] if isinstance(value, str) else list(value)   # the world file gives one name
    return [p for p in names if p and norm_label(p) != "unknown"]


def score_gtd(records: Sequence[dict[str, Any]], results: Sequence[ArticleResult | None],
              card: Scorecard, errors: list[float]) -> None:
    for rec, res in zip(records, results):
        gold = rec.get("gold") or {}
        ev = gtd_event(res.events) if res else None
        pred = lambda name: getattr(ev, name) if ev is not None else None  # noqa: E731
        if gold.get("event_type"):
            _score_label(card, "attack_type", pred("attack_type"), gold["event_type"])
        for name in ("weapon", "target_type"):
            if gold.get(name):
                _score_label(card, name, pred(name), gold[name])
        perps = _perpetrators(gold)
        if perps:
            card["actor1"].add(any(actor_match(pred("actor1"), p) for p in perps))
        _score_place_counts_date(card, ev, gold, errors)
