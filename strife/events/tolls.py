"""Tolls: the casualty statements of a story, with who caused them and whether they sum many
incidents.

Events carry one incident's dead and hurt. A story also says things such as "99 people have
been killed in police firing so far" or "the war has killed 10,000": running totals, which
must never become one incident's fatalities (the discourse stage keeps them out of events),
but which an analyst still wants to see, and which answer questions such as "did the police
kill anyone in this story". `find_tolls` reads each sentence that names harm and keeps a
`Toll` when the sentence names who caused the harm (an actor the actor tables know) or is a
running total. The rules are in `data/events/tolls.json`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..data import read_json
from ..models import Toll
from ..nlp import doccache
from . import actors as actors_mod
from . import discourse
from . import numbers as numbers_mod
from .checks import aggregate_spans, in_aggregate

HARM_ROLES = ("killed", "injured")


@lru_cache(maxsize=None)
def _rules() -> dict[str, Any]:
    raw = read_json("events/tolls.json")
    words = sorted(raw["harm_words"], key=len, reverse=True)
    return {
        "harm": re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"),
        "by": tuple(re.compile(p) for p in raw["by_patterns"]),
        "max_words": int(raw["by_max_words"]),
        "not_agents": frozenset(raw["not_agents"]),
    }


def _agent(low: str, country: str | None) -> tuple[actors_mod.Actor, int, int] | None:
    """The first phrase in the sentence that names who caused the harm, as an actor."""
    r = _rules()
    for pat in r["by"]:
        for m in pat.finditer(low):
            words = m.group("by").split()[-r["max_words"]:]
            while words and words[0] in r["not_agents"]:
                words = words[1:]
            if not words or words[-1] in r["not_agents"]:
                continue
            phrase = " ".join(words)
            actor = actors_mod.normalise_actor(phrase, head=words[-1], country=country)
            if actor is not None and actor.klass not in ("civilians",):
                end = m.end("by")
                return actor, end - len(phrase), end
    return None


def find_tolls(doc, country: str | None = None) -> list[Toll]:
    """Every casualty statement that names its cause or sums many incidents, in text order.
    A sentence that tells an incident and then a total ('killed five on Monday, bringing the
    toll this year to 300') gives two: the incident's (when its cause is named) and the total."""
    r = _rules()
    out: list[Toll] = []
    for sent in doccache.sentences(doc):
        low = doccache.span_lower(sent)
        if not r["harm"].search(low):
            continue
        agent = _agent(low, country)
        total = discourse.running_total_text(low)
        if agent is None and not total:
            continue
        counts = [c for c in numbers_mod.find_counts(sent)
                  if c.role in HARM_ROLES and not c.perpetrators and not c.subset]
        if not counts:
            continue
        spans = aggregate_spans(sent) if total else []
        summed = [c for c in counts if in_aggregate(c, spans)]
        told = [c for c in counts if not in_aggregate(c, spans)] if agent else []
        for group, is_total in ((told, False), (summed, True)):
            for role in HARM_ROLES:
                mine = [c for c in group if c.role == role]
                if mine:
                    out.append(_toll(sent, max(mine, key=lambda c: c.quantity.best), role, agent, is_total))
    return out


def _toll(sent, c, role: str, agent, total: bool) -> Toll:
    base = sent.start_char
    return Toll(start=base, end=sent.end_char, text=doccache.text_of(sent), role=role,
                best=c.quantity.best, low=c.quantity.low, high=c.quantity.high,
                count_start=c.start, count_end=c.end,
                by=agent[0].name if agent else None,
                by_start=base + agent[1] if agent else None, by_end=base + agent[2] if agent else None,
                total=total, score=0.8 if agent else 0.6, source="rule:tolls")
