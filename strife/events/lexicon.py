"""The event lexicons in `data/events/` (triggers, cues, exclusions, GTD terms), loaded once,
and a first-token index for matching multi-word terms."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..data import read_json
from ..nlp import doccache
from .text import _doc_forms, _match_at

# ACLED's sub-event types: the event type of each, and the verb phrase notes use for it
_SUBTYPES: dict[str, dict[str, str]] = read_json("events/subtypes.json")["sub_event_types"]
EVENT_TYPE_OF = {sub: spec["event_type"] for sub, spec in _SUBTYPES.items()}
NOTE_VERBS = {sub: spec["note_verb"] for sub, spec in _SUBTYPES.items()}

# remote-violence cues in the order they decide the sub-type (method before victim)
METHOD_SUBTYPES = (
    ("chemical", "Chemical weapon"), ("suicide", "Suicide bomb"), ("air", "Air/drone strike"),
    ("grenade", "Grenade"), ("shelling", "Shelling/artillery/missile attack"),
    ("ied", "Remote explosive/landmine/IED"),
)
VEHICLE_WEAPON = "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)"


@dataclass(frozen=True)
class _Term:
    cue: str
    strength: int
    family: str
    tokens: tuple[frozenset[str] | None, ...]   # None = gap of up to 5 tokens
    text: str


@lru_cache(maxsize=None)
def _triggers() -> tuple[dict[str, list[_Term]], dict[str, Any]]:
    data = read_json("events/triggers.json")
    index: dict[str, list[_Term]] = {}
    for cue, spec in data["cues"].items():
        for term in spec["terms"]:
            toks = _term_tokens(term)
            t = _Term(cue, spec["strength"], spec["family"], toks, term)
            for first in toks[0] or ():
                index.setdefault(first, []).append(t)
    return index, data


@lru_cache(maxsize=None)
def _exclusions() -> dict[str, "_TermIndex"]:
    """Per cue, phrases in which its words tell no incident ("take place", "held a rally"),
    indexed by the forms their first word accepts."""
    data = _triggers()[1]
    return {cue: _TermIndex.build([(cue, _term_tokens(x), x) for x in spec["exclude"]])
            for cue, spec in data["cues"].items() if spec.get("exclude")}


@lru_cache(maxsize=None)
def _claim_only() -> dict[str, frozenset[str]]:
    data = _triggers()[1]
    return {cue: frozenset(spec.get("claim_only", [])) for cue, spec in data["cues"].items()}


def _term_tokens(term: str) -> tuple[frozenset[str] | None, ...]:
    out: list[frozenset[str] | None] = []
    for part in re.split(r"[\s\-]+", term.lower()):
        if not part:
            continue
        out.append(None if part == "*" else frozenset(part.split("|")))
    return tuple(out)


@lru_cache(maxsize=None)
def _cues() -> dict[str, Any]:
    return read_json("events/cues.json")


@lru_cache(maxsize=None)
def _weapon_terms() -> tuple[list[tuple[str, tuple]], dict[str, Any]]:
    data = read_json("events/gtd_weapons.json")
    terms = [(w, _term_tokens(t), t) for w, ts in data["weapons"].items() for t in ts]
    return terms, data


@lru_cache(maxsize=None)
def _target_terms() -> dict[str, Any]:
    return read_json("events/gtd_targets.json")


METHOD_CUES = frozenset(c for c, _ in METHOD_SUBTYPES)
# a suicide bomber "detonates an explosive vest": one method told two ways
METHOD_GROUP = {"suicide": "bomb", "ied": "bomb"}


@dataclass(frozen=True)
class _TermIndex:
    """Lexicon terms keyed by the forms their first token accepts (built once per lexicon)."""

    by_first: dict[str, tuple[tuple[str, tuple], ...]]   # form -> ((label, pattern), ...)

    @classmethod
    def build(cls, terms) -> "_TermIndex":
        by_first: dict[str, list[tuple[str, tuple]]] = {}
        for label, pat, _text in terms:
            if not pat or pat[0] is None:
                continue
            for form in pat[0]:
                by_first.setdefault(form, []).append((label, pat))
        return cls({k: tuple(v) for k, v in by_first.items()})


def term_candidates(doc, index: _TermIndex, start: int = 0, end: int | None = None) -> list:
    """Per token of the Doc, the index's (label, pattern) terms whose first token its forms
    can be, in the order of its forms (None when none): worked out once per Doc and index
    (cached on the Doc), not at every range an incident asks about. Filled for the tokens
    start..end (token indices; all by default)."""
    return _per_token(doc, index, "_strife_term_candidates", _candidates_of, start, end)


def distinct_term_patterns(doc, index: _TermIndex, start: int = 0, end: int | None = None) -> list:
    """Per token of the Doc, the distinct patterns (by identity) of `term_candidates`, in
    the order first met; filled for the tokens start..end."""
    return _per_token(doc, index, "_strife_term_patterns", _patterns_of, start, end)


def _candidates_of(forms: frozenset[str], by_first: dict) -> tuple | None:
    cands = None
    for form in forms:
        got = by_first.get(form)
        if got:
            cands = got if cands is None else cands + got
    return cands


def _patterns_of(forms: frozenset[str], by_first: dict) -> tuple:
    return tuple({id(p): p for f in forms for _label, p in by_first.get(f, ())}.values())


_UNSET = object()


def _per_token(doc, index: _TermIndex, key: str, of, start: int, end: int | None) -> list:
    store = doc.user_data.get(key)
    if store is None:
        store = doc.user_data[key] = {}
    entry = store.get(id(index))   # the index itself is unhashable (a dict inside)
    if entry is None or entry[0] is not index:
        entry = store[id(index)] = (index, [_UNSET] * len(doc))
    out = entry[1]
    forms = None
    for i in range(start, len(doc) if end is None else end):
        if out[i] is _UNSET:
            if forms is None:
                forms = _doc_forms(doc)
            out[i] = of(forms[i], index.by_first)
    return out


def _term_hits(doc, lo: int, hi: int, index: _TermIndex) -> list[tuple[int, int, str, int]]:
    """Every match of the index's terms inside the char range, as (start, -length, label, end),
    in token order."""
    if hi <= lo:
        return []
    span = doc.char_span(lo, hi, alignment_mode="expand")
    if span is None:
        return []
    forms = _doc_forms(doc)
    first = term_candidates(doc, index, span.start, span.end)
    tokens = doccache.undashed_tokens(span)
    out = []
    for i, tok in enumerate(tokens):
        cands = first[tok.i]
        if not cands:
            continue
        for label, pat in cands:
            m = _match_at(tokens, i, pat, forms)
            if m is None:
                continue
            s, e = tokens[m[0]].idx, tokens[m[-1]].idx + len(tokens[m[-1]].text)
            out.append((s, -(e - s), label, e))
    return out


def _first_hit(hits, labels=None) -> tuple[str, int, int] | None:
    """The earliest hit (longest at the same start), optionally among some labels only."""
    best = None
    for h in hits:
        if labels is not None and h[2] not in labels:
            continue
        if best is not None and h[0] > best[0]:
            break   # hits are in token order: nothing later can start earlier
        if best is None or h < best:
            best = h
    if best is None:
        return None
    return best[2], best[0], best[3]


def _first_term(doc, lo: int, hi: int, terms) -> tuple[str, int, int] | None:
    """The earliest (label, start, end) of any term inside the char range."""
    index = terms if isinstance(terms, _TermIndex) else _TermIndex.build(terms)
    return _first_hit(_term_hits(doc, lo, hi, index))


@lru_cache(maxsize=None)
def _weapon_index() -> tuple[_TermIndex, _TermIndex, tuple[str, ...]]:
    """(strong terms, all terms, primary weapon kinds)."""
    terms, data = _weapon_terms()
    weak = set(data["weak_terms"])
    strong_terms = [(w, p, t) for w, p, t in terms if t not in weak]
    return _TermIndex.build(strong_terms), _TermIndex.build(terms), tuple(data["primary"])
