"""Values too strange to believe, checked on every event after extraction.

- A count above `max_count` (a typo, a garbled number, an id read as a toll) is left empty
  (None) with a note, and the event's confidence is lowered, so nothing implausible
  reaches an analyst's totals and no integer overflows SQLite (64-bit) or Parquet (int64).
- An event date outside `min_published_year`..`max_published_year` (a year read from a
  garbled text) is left empty the same way.
"""
from __future__ import annotations

import datetime as dt

from ..models import Event

COUNT_FIELDS = ("fatalities", "injured", "displaced")
IMPLAUSIBLE_CONFIDENCE_FACTOR = 0.5   # an event read with a garbled toll is less trustworthy


def cap_counts(events: list[Event], max_count: int) -> list[Event]:
    """Empty every count above `max_count` (best, low and high), noting it on the event."""
    for ev in events:
        capped = []
        for name in COUNT_FIELDS:
            values = [getattr(ev, f) for f in (name, f"{name}_low", f"{name}_high")]
            if any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > max_count for v in values):
                capped.append(f"{name} {max(v for v in values if isinstance(v, int)):,}")
                for f in (name, f"{name}_low", f"{name}_high"):
                    setattr(ev, f, None)
        if capped:
            ev.notes = (ev.notes + " " if ev.notes else "") + \
                f"[implausible count left empty: {', '.join(capped)} is over max_count={max_count:,}]"
            ev.confidence = round(ev.confidence * IMPLAUSIBLE_CONFIDENCE_FACTOR, 3)
    return events


def cap_dates(events: list[Event], min_year: int, max_year: int) -> list[Event]:
    """Empty every event date that is not an ISO date within min_year..max_year, noting it."""
    for ev in events:
        if ev.event_date is None:
            continue
        try:
            ok = min_year <= dt.date.fromisoformat(ev.event_date).year <= max_year
        except (TypeError, ValueError):
            ok = False
        if not ok:
            ev.notes = (ev.notes + " " if ev.notes else "") + \
                f"[implausible date left empty: {ev.event_date} is outside {min_year}-{max_year}]"
            ev.event_date = ev.date_precision = None
            ev.confidence = round(ev.confidence * IMPLAUSIBLE_CONFIDENCE_FACTOR, 3)
    return events
