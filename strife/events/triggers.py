"""Step 1, find: trigger mentions (a cue word or phrase in one sentence) from the lexicons."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..nlp import doccache
from .lexicon import _cues, _exclusions, _Term, _TermIndex, _triggers, distinct_term_patterns
from .text import _doc_forms, _match_at, _phrase_head, _sents, _text


@dataclass
class Trigger:
    """A trigger mention: a cue word or phrase in one sentence, with its syntactic head."""

    cue: str
    strength: int
    family: str
    start: int
    end: int
    text: str
    head: Any            # spaCy Token that anchors the phrase
    sent_index: int
    valid: bool = True
    reason: str = ""
    claimed: bool = False


@lru_cache(maxsize=None)
def _protest_terms() -> list[_Term]:
    index, _ = _triggers()
    return [t for ts in index.values() for t in ts if t.cue == "protest"]


def find_triggers(doc) -> list[Trigger]:
    """Every trigger phrase in the Doc; a longer phrase hides the shorter ones inside it."""
    index, _ = _triggers()
    forms = _doc_forms(doc)
    found: list[tuple[int, list, _Term, int]] = []
    for si, sent in enumerate(_sents(doc)):
        tokens = doccache.undashed_tokens(sent)
        for i, tok in enumerate(tokens):
            for key in forms[tok.i]:
                for term in index.get(key, ()):
                    m = _match_at(tokens, i, term.tokens, forms)
                    if m is not None:
                        found.append((len(m), [tokens[x] for x in m], term, si))
    # "members gathered at the governor's office in X on Monday to demand ...": the words
    # are too far apart for a lexicon phrase; the parse ties them
    cues = _cues()
    gathering, demanding = set(cues["gathering_verbs"]), set(cues["demand_verbs"])
    protest_terms = _protest_terms()
    if protest_terms:
        term = protest_terms[0]
        lemmas = doccache.lower_lemmas(doc)
        for si, sent in enumerate(_sents(doc)):
            for tok in doccache.span_tokens(sent):
                if lemmas[tok.i] in gathering and tok.pos_ == "VERB" and any(
                        c.dep_ in ("advcl", "xcomp", "conj") and c.lemma_.lower() in demanding for c in doccache.children(tok)):
                    found.append((1, [tok], term, si))
    # longest first; drop a match whose tokens all lie inside a longer match of another term
    found.sort(key=lambda f: (-f[0], f[1][0].i))
    kept: list[tuple[list, _Term, int]] = []
    seen: set[tuple[str, tuple[int, ...]]] = set()
    # token index -> token sets of the longer kept matches holding it (a linear-time index:
    # comparing each match with every kept one was quadratic in the triggers of a document)
    holders: dict[int, list[frozenset[int]]] = {}
    for n, toks, term, si in found:
        ids = tuple(t.i for t in toks)
        if (term.cue, ids) in seen:
            continue
        if any(len(k) > n and k.issuperset(ids) for k in holders.get(ids[0], ())):
            continue
        seen.add((term.cue, ids))
        kept.append((toks, term, si))
        if n > 1:
            members = frozenset(ids)
            for i in ids:
                holders.setdefault(i, []).append(members)
    excl = _exclusions()
    sents = _sents(doc)
    out = []
    for toks, term, si in kept:
        if excl.get(term.cue) and _excluded(toks, sents[si], excl[term.cue], forms):
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        head = _phrase_head(toks)
        cue, strength, family = term.cue, term.strength, term.family
        if cue == "capture" and _people_seized(head):   # "seized two U.S. citizens": a kidnapping
            cue, strength, family = "abduct", 2, "violence"
        out.append(Trigger(cue, strength, family, start, end, _text(doc)[start:end], head, si))
    out.sort(key=lambda t: (t.start, -t.strength))
    return out


def _people_seized(head) -> bool:
    """Is what a capture word takes people ("seized two U.S. citizens", "three engineers
    were captured")? See cues.json people_seized_nouns."""
    if head.pos_ != "VERB":
        return False
    nouns = set(_cues()["people_seized_nouns"])
    taken = [c for c in doccache.children(head) if c.dep_ in ("dobj", "nsubjpass")]
    return bool(taken) and all(c.lemma_.lower() in nouns for c in taken)


def _excluded(toks: list, sent, index: "_TermIndex", forms: list[frozenset[str]]) -> bool:
    """Whether the trigger's tokens are part of one of its cue's exclusion phrases."""
    tokens = doccache.undashed_tokens(sent)
    ids = {t.i for t in toks}
    patterns = distinct_term_patterns(sent.doc, index, sent.start, sent.end)
    for i, t in enumerate(tokens):
        for pat in patterns[t.i]:
            m = _match_at(tokens, i, pat, forms)
            if m is not None and ids & {tokens[x].i for x in m}:
                return True
    return False
