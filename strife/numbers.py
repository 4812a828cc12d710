"""Casualty and other counts: number words, ranges and qualifiers -> low / best / high.

(Stub: the "Event extraction" issue fills this in. Signatures are the contract.)
"""
from __future__ import annotations

from dataclasses import dataclass

ROLES = ("killed", "injured", "displaced", "abducted", "arrested")


@dataclass
class Quantity:
    """A parsed amount: best estimate and optional bounds."""

    best: int
    low: int | None = None
    high: int | None = None


@dataclass
class Count:
    """A number attached to a role ("killing at least 10 police" -> killed, low 10, best 10)."""

    role: str                 # one of ROLES
    quantity: Quantity
    start: int                # char span of the number phrase in the cleaned text
    end: int
    text: str
    sentence_start: int       # char offset of the sentence it is in
    who: str = ""             # head noun counted ("police", "soldiers", "people")
    perpetrators: bool = False  # the attackers themselves ("the bomber was also killed")
    subset: bool = False      # "including five children", "among them" -> never added


def parse_quantity(text: str) -> Quantity | None:
    """'at least 10' -> Quantity(10, low=10); 'two dozen' -> 24; 'between 10 and 15' -> ..."""
    return None


def find_counts(span) -> list[Count]:
    """Every role-attached count in a spaCy Doc or Span."""
    return []
