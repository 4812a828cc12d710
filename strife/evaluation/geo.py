"""Scoring geoparsing corpora (TR-News, GeoVirus): recall, precision, accuracy@161 km."""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from ..geo.distance import haversine_km
from ..models import ArticleResult
from .matching import GEO_ACCURACY_KM, spans_overlap
from .tally import _ratio


def score_geo(records: Sequence[dict[str, Any]], results: Sequence[ArticleResult | None]) -> dict[str, Any]:
    """Toponym recall and accuracy@161 km, matching by span overlap in the record's text."""
    gold_total = found = within = predicted_total = predicted_hit = 0
    errors: list[float] = []
    for rec, res in zip(records, results):
        toponyms = rec.get("toponyms") or []
        gold_total += len(toponyms)
        if res is None:
            continue
        spans = []
        for place in res.places:
            start, end = res.article.raw_span(place.start, place.end)
            spans.append((start, end, place))
        predicted_total += len(spans)
        hit_places: set[int] = set()
        for top in toponyms:
            best, best_overlap = None, 0
            for i, (start, end, place) in enumerate(spans):
                ov = spans_overlap(start, end, top["start"], top["end"])
                if ov > best_overlap:
                    best, best_overlap = i, ov
            if best is None:
                continue
            found += 1
            hit_places.add(best)
            place = spans[best][2]
            if place.latitude is None or place.longitude is None:
                continue
            if top.get("lat") is None or top.get("lon") is None:
                continue
            err = haversine_km(float(place.latitude), float(place.longitude),
                               float(top["lat"]), float(top["lon"]))
            errors.append(err)
            within += int(err <= GEO_ACCURACY_KM)
        predicted_hit += len(hit_places)
    return {
        "gold_toponyms": gold_total,
        "found": found,
        "recall": _ratio(found, gold_total),
        "predicted_places": predicted_total,
        "precision": _ratio(predicted_hit, predicted_total),
        "acc161_all": _ratio(within, gold_total),
        "acc161_found": _ratio(within, found),
        "resolved_found": len(errors),
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
    }
