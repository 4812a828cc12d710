"""A time budget for one article's analysis (`max_article_seconds`).

The pipeline starts a budget before the analysis of an article; the extractors call
`check()` in their per-sentence and per-trigger loops. Over the budget, `check()` raises
`OverBudget`, which the pipeline records as a dead letter naming the stage, and the next
article goes on in the same worker. Cooperative, so it works in any thread and never
interrupts spaCy or SQLite half-way.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from collections.abc import Iterator
from contextvars import ContextVar

from .errors import StrifeError

_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("strife_deadline", default=None)


class OverBudget(StrifeError):
    """The article's analysis ran past `max_article_seconds`."""


@contextmanager
def article_budget(seconds: float) -> Iterator[None]:
    """Within the block, `check()` raises once `seconds` have passed (0 or less: no limit)."""
    token = _DEADLINE.set((time.perf_counter() + seconds, seconds) if seconds > 0 else None)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check() -> None:
    """Raise OverBudget when the current article's budget is spent."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.perf_counter() > deadline[0]:
        raise OverBudget(f"analysis took over max_article_seconds={deadline[1]:g}; "
                         "the article is skipped (split it, or raise the setting)")
