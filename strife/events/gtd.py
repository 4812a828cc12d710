"""GTD fields of an event: weapon, target type and attack type."""
from __future__ import annotations

import re
from functools import lru_cache

from ..nlp import doccache
from .lexicon import (
    VEHICLE_WEAPON,
    _first_hit,
    _first_term,
    _target_terms,
    _term_hits,
    _term_tokens,
    _TermIndex,
    _weapon_index,
)
from .phrases import _phrase_span


def gtd_weapon(doc, lo: int, hi: int) -> tuple[str, int, int] | None:
    """GTD weapon type named first in the range (a 'primary' kind wins when named at all)."""
    strong, every, primary = _weapon_index()
    hits = _term_hits(doc, lo, hi, strong)
    hit = None
    for w in primary:
        h = _first_hit(hits, (w,))
        if h is not None and (hit is None or h[1] < hit[1]):
            hit = h
    if hit is not None:
        return hit
    hit = _first_hit(hits)
    if hit is None:
        hit = _first_hit(_term_hits(doc, lo, hi, every))
    return hit


@lru_cache(maxsize=None)
def _target_index() -> tuple[_TermIndex, tuple[str, ...]]:
    """(all target terms, the dominant target kinds in order)."""
    data = _target_terms()
    terms = [(k, _term_tokens(t), t) for k, ts in data["targets"].items() for t in ts if not t.endswith("_no")]
    return _TermIndex.build(terms), tuple(data["dominant"])


def gtd_target(doc, lo: int, hi: int, target_tok=None) -> tuple[str, int, int] | None:
    index, dominant = _target_index()
    hits = _term_hits(doc, lo, hi, index)
    for k in dominant:
        h = _first_hit(hits, (k,))
        if h is not None:
            return h
    if target_tok is not None:
        s, e = _phrase_span(target_tok)
        sub_hi = max(e, max(t.idx + len(t.text) for t in doccache.subtree(target_tok)))
        h = _first_term(doc, s, min(sub_hi, hi) if sub_hi > s else e, index)
        if h is not None:
            return h
    return _first_hit(hits)


def gtd_attack_type(cues: set[str], weapon: str | None, target_armed_people: bool, people_hit: bool,
                    text: str) -> str:
    """GTD attack type from the incident's cues, weapon and what was hit."""
    low = text.lower()
    # each pattern runs only when a word it needs is in the text at all (plain `in` is far cheaper)
    if "hijack" in low and re.search(r"\bhijack", low):
        return "Hijacking"
    if ("barricad" in low or "standoff" in low or "stand-off" in low or "hostage" in low) and \
            re.search(r"\bbarricad|\bstandoff\b|\bstand-off\b|held .{0,30}hostage|\bhostages?\b", low) and \
            "abduct" not in cues:
        if re.search(r"\bbarricad|\bstandoff|\bstand-off|\bhostage", low):
            return "Hostage Taking (Barricade Incident)"
    if "abduct" in cues or (("kidnap" in low or "abduct" in low) and re.search(r"\bkidnap|\babduct", low)):
        return "Hostage Taking (Kidnapping)"
    if "assassinat" in low and re.search(r"\bassassinat", low):
        return "Assassination"
    if weapon == "Explosives":
        return "Bombing/Explosion"
    if weapon in ("Biological", "Chemical", "Radiological", "Nuclear"):
        return "Unarmed Assault" if people_hit or not re.search(r"\bdamage|\bfire\b|\bburn", low) else "Facility/Infrastructure Attack"
    if weapon == "Incendiary":
        return "Armed Assault" if people_hit and re.search(r"\bkill|\binjur|\bwound|\bburn(ed|t)? (him|her|them)", low) \
            else "Facility/Infrastructure Attack"
    if weapon == "Sabotage Equipment":
        return "Facility/Infrastructure Attack"
    if weapon == VEHICLE_WEAPON:
        return "Unarmed Assault" if people_hit else "Facility/Infrastructure Attack"
    if weapon == "Firearms":
        # shots at an empty building are an attack on the facility; anything else is an assault
        if not people_hit and re.search(r"\b(shots?|bullets?|fired)\b.{0,40}\b(into|through|at) (the |an? )?"
                                        r"(window|windows|building|office|facility|door|wall)", low):
            return "Facility/Infrastructure Attack"
        return "Armed Assault"
    if weapon == "Melee":
        if re.search(r"\bstab|\bknife|\bmachete|\bhatchet|\baxe\b|\bsword|\bbat\b|\bhammer", low):
            return "Armed Assault"
        return "Unarmed Assault" if people_hit else "Facility/Infrastructure Attack"
    if "destroy" in cues or "loot" in cues:
        return "Facility/Infrastructure Attack"
    if cues & {"attack", "kill", "injure", "clash"}:
        return "Armed Assault"
    return "Unknown"
