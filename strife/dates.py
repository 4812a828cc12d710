"""Event dates resolved against the article's publication date, with precision.

(Stub: the "Event extraction" issue fills this in. Signatures are the contract.)
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DateFinding:
    date: str          # ISO YYYY-MM-DD (for a week/month/year: its last day on or before publication)
    precision: str     # "day" | "week" | "month" | "year"
    start: int         # char span in the cleaned text
    end: int
    text: str
    source: str = ""   # producer, e.g. "rule:weekday", "rule:gtd_prefix", "dateparser"


def find_dates(span, published: str | None) -> list[DateFinding]:
    """Every date phrase in a spaCy Doc/Span, resolved against `published` (ISO date)."""
    return []


def resolve_phrase(phrase: str, published: str | None) -> tuple[str, str] | None:
    """('early Sunday', '2015-05-18') -> ('2015-05-17', 'day'); None if not a date."""
    return None
