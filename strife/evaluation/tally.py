"""Tallies: right/wrong counts per field, with the confusions worth printing."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .matching import FIELD_ORDER, TOP_CONFUSIONS


@dataclass
class FieldTally:
    """Right/total counts for one field, with (gold, predicted) confusions for labels."""

    n: int = 0
    correct: int = 0
    confusions: Counter = field(default_factory=Counter)

    def add(self, ok: bool, gold: Any = None, predicted: Any = None, track: bool = False) -> None:
        self.n += 1
        self.correct += int(ok)
        if track and not ok:
            self.confusions[(str(gold), str(predicted) if predicted is not None else "(none)")] += 1

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.n if self.n else None

    def to_dict(self) -> dict[str, Any]:
        acc = self.accuracy
        return {"n": self.n, "correct": self.correct,
                "accuracy": round(acc, 4) if acc is not None else None}


class Scorecard:
    """Ordered per-field tallies."""

    def __init__(self) -> None:
        self.fields: dict[str, FieldTally] = {}

    def __getitem__(self, name: str) -> FieldTally:
        return self.fields.setdefault(name, FieldTally())

    def to_dict(self) -> dict[str, Any]:
        """Tallies in the order of FIELD_ORDER, each "(gold>0)" row after its field."""
        def key(name: str) -> tuple[int, str]:
            base = name.split(" (")[0]
            return (FIELD_ORDER.index(base) if base in FIELD_ORDER else len(FIELD_ORDER), name)

        return {name: self.fields[name].to_dict()
                for name in sorted(self.fields, key=key) if self.fields[name].n}

    def confusions(self) -> dict[str, list[list[Any]]]:
        return {name: [[g, p, c] for (g, p), c in t.confusions.most_common(TOP_CONFUSIONS)]
                for name, t in self.fields.items() if t.confusions}

    def weakest(self) -> str | None:
        """The label field with the lowest accuracy (the one worth a confusion table)."""
        labelled = [(t.accuracy, name) for name, t in self.fields.items()
                    if t.n and t.confusions and t.accuracy is not None]
        return min(labelled)[1] if labelled else None


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None
