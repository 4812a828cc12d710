"""Field scorers shared by the ACLED and GTD kinds (labels, counts, location, date)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..models import Event
from .matching import (
    LOCATION_KM,
    count_value,
    location_error_km,
    norm_label,
    normalise_date,
    same_country,
    same_label,
)
from .tally import Scorecard


def _score_label(card: Scorecard, name: str, predicted: Any, gold: Any,
                 allowed: Iterable[str] | None = None) -> None:
    if allowed is not None:
        ok = predicted is not None and norm_label(predicted) in {norm_label(a) for a in allowed}
    else:
        ok = same_label(predicted, gold)
    card[name].add(ok, gold, predicted, track=True)


def _score_counts(card: Scorecard, name: str, event: Event | None, gold: dict[str, Any],
                  gold_key: str) -> None:
    if gold_key not in gold:
        return
    want = count_value(gold.get(gold_key))
    got = getattr(event, name) if event is not None else None
    ok = event is not None and count_value(got) == want
    card[name].add(ok)
    if want > 0:
        card[f"{name} (gold>0)"].add(ok)


def _score_location(card: Scorecard, event: Event | None, gold: dict[str, Any],
                    errors: list[float]) -> None:
    if gold.get("latitude") is None or gold.get("longitude") is None:
        return
    err = location_error_km(event, gold["latitude"], gold["longitude"])
    card["location"].add(err is not None and err <= LOCATION_KM)
    if err is not None:
        errors.append(err)


def _score_date(card: Scorecard, event: Event | None, gold: dict[str, Any]) -> None:
    want = normalise_date(gold.get("event_date"))
    if want is None:
        return
    got = event.event_date if event is not None else None
    card["event_date"].add(got is not None and got[:10] == want)


def _score_place_counts_date(card: Scorecard, ev, gold: dict[str, Any], errors: list[float]) -> None:
    """The fields ACLED and GTD rows share: country, location, killed, injured, date."""
    if gold.get("country"):
        card["country"].add(same_country(ev, gold["country"]), gold["country"],
                            ev.country if ev is not None else None, track=True)
    _score_location(card, ev, gold, errors)
    _score_counts(card, "fatalities", ev, gold, "fatalities")
    _score_counts(card, "injured", ev, gold, "injured")
    _score_date(card, ev, gold)
