"""Scoring WikiEvents articles (KAIROS event mentions mapped to ACLED types)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..models import ArticleResult
from .matching import kairos_acled_types, norm_label, top_event
from .tally import Scorecard, _ratio


def score_wikievents(records: Sequence[dict[str, Any]], results: Sequence[ArticleResult | None],
                     card: Scorecard) -> dict[str, Any]:
    """Events per document, and whether the top event's type is one the gold mentions allow."""
    gold_mentions = 0
    for rec, res in zip(records, results):
        mentions = rec.get("event_mentions") or []
        gold_mentions += len(mentions)
        allowed: set[str] = set()
        for m in mentions:
            allowed.update(kairos_acled_types(m.get("event_type", "")))
        ev = top_event(res.events) if res else None
        has_conflict = bool(allowed)
        card["has event"].add((ev is not None) == has_conflict)
        if has_conflict:
            ok = ev is not None and norm_label(ev.event_type) in {norm_label(a) for a in allowed}
            card["event_type"].add(ok, "/".join(sorted(allowed)),
                                   ev.event_type if ev is not None else None, track=True)
    return {"gold_event_mentions_per_doc": _ratio(gold_mentions, len(records))}
