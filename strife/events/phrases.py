"""Who did what to whom: the subject, agent and target phrases around a trigger."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..nlp import doccache
from . import actors as actors_mod
from .actors import Actor
from .lexicon import METHOD_CUES, _triggers
from .text import _text


def _phrase_text(tok) -> str:
    # keep the noun phrase: left modifiers, the noun, "of"-complements
    left = doccache.lefts(tok)
    lo = min([tok.i] + [t.left_edge.i for t in left])
    hi = tok.i
    for r in doccache.rights(tok):
        if r.dep_ in ("prep",) and r.lower_ in ("of",) or r.dep_ in ("compound", "cc", "conj", "nummod", "amod"):
            hi = max(hi, r.right_edge.i)
    return doccache.text_of(tok.doc[lo: hi + 1])


def _phrase_span(tok) -> tuple[int, int]:
    left = doccache.lefts(tok)
    lo = min([tok.i] + [t.left_edge.i for t in left])
    hi = tok.i
    for r in doccache.rights(tok):
        if r.dep_ in ("prep",) and r.lower_ in ("of",) or r.dep_ in ("compound", "cc", "conj", "nummod", "amod"):
            hi = max(hi, r.right_edge.i)
    doc = tok.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _subject_phrase(tok):
    """The doer of a verb trigger (walking up conjunctions and participles)."""
    t = tok
    for _ in range(4):
        kids = doccache.children(t)   # not t.children: that scans the whole subtree's width
        subj = [c for c in kids if c.dep_ in ("nsubj",)]
        if subj:
            # "YANGON (Reuters) - Security forces opened fire": a dateline the parser took for a
            # second subject; the one nearest the verb is the doer
            return min(subj, key=lambda c: abs(t.i - c.i)) if len(subj) > 1 else subj[0]
        agent = [c for c in kids if c.dep_ == "agent"]
        if agent:
            pobj = [c for c in doccache.children(agent[0]) if c.dep_ == "pobj"]
            if pobj:
                return pobj[0]
        if t.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp", "relcl", "prep", "ccomp") and t.head.i != t.i:
            if t.dep_ in ("acl", "relcl") and t.head.pos_ in ("NOUN", "PROPN"):
                return t.head if t.dep_ == "acl" else t.head
            t = t.head
            continue
        break
    return None


# verbs whose subject is the one hit: "three policemen died", "a clerk contracted anthrax"
_FINDER_VERBS = frozenset(("find", "recover", "pull", "discover", "retrieve", "exhume", "fish", "collect"))
_VICTIM_SUBJECT_VERBS = frozenset(("die", "succumb", "perish", "drown", "suffer", "sustain", "contract",
                                   "incur"))


def _agent_and_target(tok):
    """(agent token, target token) around a trigger, either may be None."""
    agent = target = None
    for _ in range(4):   # the first-listed object of "fire" etc. is a verb phrase: climb particles
        break
    if tok.pos_ in ("VERB", "AUX"):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in doccache.children(tok))
        if tok.lemma_.lower() in _VICTIM_SUBJECT_VERBS:   # "three policemen died": the subject was hit
            target = next((c for c in doccache.children(tok) if c.dep_ == "nsubj"), None)
        elif passive:
            for c in doccache.children(tok):
                if c.dep_ == "agent":
                    agent = next((p for p in doccache.children(c) if p.dep_ == "pobj"), None)
                if c.dep_ == "nsubjpass":
                    target = c
        else:
            agent = _subject_phrase(tok)
            target = next((c for c in doccache.children(tok) if c.dep_ == "dobj"), None)
        if target is None:
            preps = {c.lower_: c for c in doccache.children(tok) if c.dep_ == "prep"}
            for word in ("on", "at", "against", "upon", "into", "between", "with"):
                if word in preps:
                    # "on Saturday", "at the market": a time or a place, not whom it was aimed at
                    target = next((p for p in doccache.children(preps[word]) if p.dep_ == "pobj" and
                                   p.ent_type_ not in ("DATE", "TIME", "GPE", "LOC", "FAC")), None)
                    if target is not None:
                        break
    else:
        own = actors_mod.normalise_actor(_phrase_text(tok), head=tok.lemma_)
        if own is not None and own.armed and own.klass in ("armed", "named"):
            agent = tok
        weapon_word = tok.lemma_.lower() in _weapon_nouns()
        for c in doccache.children(tok):
            if c.dep_ in ("compound", "amod", "poss", "nmod") and c.pos_ in ("PROPN", "NOUN", "ADJ", "PRON"):
                if c.lemma_.lower() in _weapon_nouns() or weapon_word and c.dep_ == "compound" and \
                        c.lemma_.lower() in ("artillery", "army", "military"):
                    continue   # "artillery shells" name the weapon, not who fired it
                if actors_mod.normalise_actor(_phrase_text(c), head=c.lemma_) is not None:
                    agent = c
            if c.dep_ == "prep" and c.lower_ == "by":
                agent = next((p for p in doccache.children(c) if p.dep_ == "pobj"), agent)
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting", "at", "between", "with"):
                # "on Friday", "at dawn": a time, not whom it was aimed at
                target = next((p for p in doccache.children(c) if p.dep_ == "pobj" and
                               p.ent_type_ not in ("DATE", "TIME")), target)
            if c.dep_ in ("acl",) and c.lemma_.lower() in ("target", "hit", "kill"):
                target = next((p for p in doccache.children(c) if p.dep_ == "dobj"), target)
            if target is None and c.dep_ == "prep" and c.lower_ in ("from", "by", "with", "of"):
                # "an attack from 50 directions on the enemy positions": the "on" one level down
                for p in doccache.children(c):
                    for pp in (doccache.children(p) if p.dep_ == "pobj" else ()):
                        if pp.dep_ == "prep" and pp.lower_ in ("on", "against"):
                            target = next((q for q in doccache.children(pp) if q.dep_ == "pobj"), target)
        h = tok.head
        if tok.dep_ in ("dobj", "attr") and h.pos_ in ("VERB", "AUX") and agent is None:
            if h.lemma_.lower() in _FINDER_VERBS:
                pass   # "police pulled out eight more bodies": who found them, not who killed them
            elif h.lemma_.lower() in _VICTIM_SUBJECT_VERBS:   # "workers contracted anthrax"
                target = target or next((c for c in doccache.children(h) if c.dep_ == "nsubj"), None)
            else:
                agent = _subject_phrase(h)
        if tok.dep_ in ("nsubj",) and h.pos_ in ("VERB",):
            target = target or next((c for c in doccache.children(h) if c.dep_ == "dobj"), None)
        if tok.dep_ == "pobj" and h.lower_ == "by" and h.head.pos_ == "VERB":
            target = target or next((c for c in doccache.children(h.head) if c.dep_ == "nsubjpass"), None)
        if tok.dep_ == "pobj" and h.lower_ in ("with", "in", "during") and h.head.pos_ in ("VERB",) and agent is None \
                and not any(c.dep_ == "nsubjpass" for c in doccache.children(h.head)):
            # "6 rebels were killed in clashes": the verb's own subject was hit; whoever "said"
            # it, further up, did not fight
            agent = _subject_phrase(h.head)
    return agent, target


@lru_cache(maxsize=None)
def _weapon_nouns() -> frozenset[str]:
    """Single words the method cues use for weapons ("artillery", "shell", "mortar")."""
    index, data = _triggers()
    out = set()
    for cue in METHOD_CUES | {"rpg"}:
        for term in data["cues"][cue]["terms"]:
            if " " not in term and "*" not in term:
                out.add(term.lower())
    return frozenset(out)


def _actor_from(tok, country: str | None) -> Actor | None:
    if tok is None:
        return None
    if tok.pos_ == "PRON":
        return None
    if tok.lemma_.lower() in _weapon_nouns() and not actors_mod.find_countries(_phrase_text(tok)):
        return None   # "artillery shells hit the village" names no one; "Russian artillery" does
    # a conjunction "X and Y": name the first that is an actor ("Iraq's military and tribal
    # groups" are the military), else read the whole phrase
    text = _phrase_text(tok)
    s, e = _phrase_span(tok)
    head = actors_mod.class_head(tok.lower_, tok.lemma_)
    if any(c.dep_ == "conj" for c in doccache.children(tok)):
        lo = min([tok.i] + [c.left_edge.i for c in doccache.lefts(tok)])
        first = actors_mod.normalise_actor(tok.doc[lo:tok.i + 1].text, head=head, country=country,
                                           start=s, end=e)
        if first is not None:
            return first
    # coordinated modifiers, "Iraq's military and tribal groups": the first modifier's reading
    mods = [c for c in doccache.lefts(tok) if c.dep_ in ("amod", "compound") and any(g.dep_ == "conj" for g in doccache.children(c))]
    if mods:
        drop = {g.i for m in mods for c in doccache.children(m) if c.dep_ in ("conj", "cc") for g in doccache.subtree(c)}
        lo = min([tok.i] + [c.left_edge.i for c in doccache.lefts(tok)])
        words = [t.text for t in tok.doc[lo:tok.i + 1] if t.i not in drop]
        first = actors_mod.normalise_actor(" ".join(words), head=head, country=country, start=s, end=e)
        if first is not None:
            return replace(first, text=_text(tok.doc)[s:e])   # evidence: the phrase as written
    return actors_mod.normalise_actor(text, head=head, country=country, start=s, end=e)
