"""GTD fields of an event: weapon, target type and attack type, and whether GTD would code
the event at all.

GTD codes attacks by non-state actors (bombings, armed assaults, kidnappings, arson...), so
an event gets GTD fields only when it is one of those (`gtd_codable`): protests, territory
changes, agreements, arrests and attacks by state forces (air strikes, shelling, army
operations) carry none. Counts: GTD's `nkill` and ACLED's `fatalities` both count everyone
killed, attackers included, so the one `fatalities` field serves both; the attackers' share
is the evidence tagged `fatalities:perpetrators`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..data import read_json
from ..models import Event
from ..nlp import doccache
from .lexicon import (
    VEHICLE_WEAPON,
    _first_hit,
    _target_terms,
    _term_hits,
    _term_tokens,
    _TermIndex,
    _weapon_index,
)
from .text import _ev

GTD_FIELDS = ("attack_type", "weapon", "target_type")


@lru_cache(maxsize=None)
def _rules() -> dict[str, Any]:
    return read_json("events/gtd_rules.json")


# ---------------------------------------------------------------- which events GTD codes

def gtd_codable(event_type: str | None, sub_event_type: str | None, inter1: int | None,
                inter2: int | None = None, actor2: str | None = None) -> bool:
    """Would GTD code this event? Attacks by non-state actors (and by unknown ones) only:
    no protests, territory changes, agreements or arrests, no air strikes or shelling by
    state forces, no army operation against a named armed group (`data/events/gtd_rules.json`);
    a clash of state forces with unidentified attackers is coded."""
    rules = _rules()["codable"]
    if event_type in rules["never_event_types"] or sub_event_type in rules["never_sub_event_types"]:
        return False
    if sub_event_type in rules["group_only_sub_event_types"]:   # a drone flown by an armed group at others
        return inter1 in rules["armed_inter_codes"] and inter2 not in rules["armed_inter_codes"]
    if inter1 in rules["state_inter_codes"] and sub_event_type in rules["state_sub_event_types"]:
        unnamed = actor2 is not None and actor2.startswith(tuple(rules["unnamed_attacker_prefixes"]))
        return sub_event_type == "Armed clash" and (inter2 not in rules["armed_inter_codes"] or unnamed)
    return True


# ---------------------------------------------------------------- weapon

def gtd_weapon(doc, lo: int, hi: int) -> tuple[str, int, int] | None:
    """GTD weapon type named first in the range (a 'primary' kind wins when named at all;
    a vehicle is the weapon only when nothing exploded: a car bomb is Explosives)."""
    strong, every, primary = _weapon_index()
    hits = _term_hits(doc, lo, hi, strong)
    exploded = _first_hit(hits, ("Explosives",)) is not None
    hit = None
    for w in primary:
        if w == "Vehicle" and exploded:
            continue
        h = _first_hit(hits, (w,))
        if h is not None and (hit is None or h[1] < hit[1]):
            hit = h
    if hit is not None:
        return hit
    hit = _first_hit([h for h in hits if h[2] != "Vehicle"] if exploded else hits)
    if hit is None:
        hit = _first_hit([h for h in _term_hits(doc, lo, hi, every) if h[2] != "Vehicle" or not exploded])
    return hit


# ---------------------------------------------------------------- target type

@lru_cache(maxsize=None)
def _target_index() -> _TermIndex:
    data = _target_terms()
    terms = [(k, _term_tokens(t), t) for k, ts in data["targets"].items() for t in ts]
    return _TermIndex.build(terms)


def _misparsed_subject_weight(root) -> float:
    """The weight of a noun the parser hung on the place before it as an apposition ("On
    Monday, in Yala, Thailand, a village chief was shot"): it is the sentence's subject, so
    what was attacked when the verb is passive and the attacker when it is active."""
    roles = _rules()["roles"]
    w = roles["weights"]
    if root.pos_ not in ("VERB", "AUX") or not any(c.dep_ == "auxpass" for c in doccache.children(root)):
        return w["doer"]
    lemma = root.lemma_.lower()
    if lemma == "target" or lemma in roles["attack_verbs"]:
        return w["attacked"]
    return w["victim"] if lemma in roles["victim_verbs"] else w["other"]


@lru_cache(maxsize=None)
def _unknown_target_re() -> re.Pattern:
    return re.compile(_rules()["unknown_target"]["pattern"], re.I)


@lru_cache(maxsize=None)
def _not_target_index() -> _TermIndex:
    return _TermIndex.build([("none", _term_tokens(t), t) for t in _rules()["not_target_phrases"]])


def _role_weight(tok) -> tuple[float, int]:
    """How surely a noun is what was attacked, from its place in the parse: the object of
    "targeting" or of an attack verb most, a victim of "killed"/"wounded" next, the place of
    a blast ("at a checkpoint") by its preposition; the doer of a verb or the source of a
    report ("according to police") not at all. Verbs that only carry the phrase ("a car
    carrying officials", "a bomb placed inside a house") are climbed through. Returns
    (weight, how many "of"/"in" complements deep the noun sits: an owner is deeper)."""
    roles = _rules()["roles"]
    w = roles["weights"]
    child, node = tok, tok.head
    prep = None
    depth = 0
    for _ in range(12):
        if node.i == child.i:
            return w["other"], depth
        if child.dep_ == "pobj" and node.dep_ == "prep":
            prep = node.lower_
            if prep == "of" and node.head.lower_ in roles["preps"] and node.head.lower_ != "of":
                prep = node.head.lower_   # "outside of a house" is "outside a house"
            if depth >= 0 and prep in roles["owner_preps"] and node.head.pos_ in ("NOUN", "PROPN") and \
                    not (prep == "in" and (child.ent_type_ in ("GPE", "LOC") or
                                           node.head.lemma_.lower() not in roles["owned_nouns"])):
                depth += 1   # "the church in Bonners Ferry": a place is no owner
            if prep in roles["according_preps"]:
                return w["report"], depth
        if child.dep_ == "appos" and node.ent_type_ in ("GPE", "LOC", "FAC") and depth == 0:
            return _misparsed_subject_weight(node.sent.root), depth   # "in Pattani, Thailand, a village chief was shot"
        lemma = node.lemma_.lower()
        if node.pos_ in ("VERB", "AUX") and node.dep_ in ("relcl", "acl") and \
                ((lemma == "be" and child.dep_ in ("attr", "appos")) or
                 (lemma in roles["identity_verbs"] and prep == "as" and child.dep_ == "prep")):
            # "two brothers, who were members of the party"; "two people identified as X, a party
            # activist": who they are, so as surely attacked as the noun they describe
            child, node = node, node.head
            prep = None
            continue
        if node.pos_ in ("VERB", "AUX"):
            dep = child.dep_
            if lemma == "be" and any(c.lemma_.lower() == "target" and c.dep_ in ("attr", "nsubj")
                                     for c in doccache.children(node)):
                return w["targeted"], depth   # "X was the target of the attack"
            report = lemma in roles["report_verbs"]
            if dep in ("nsubj", "csubj", "expl"):
                if lemma in roles["passing_verbs"] and node.dep_ == "advcl":
                    return w["passing"], depth   # "the bomb went off as the convoy passed by"
                return w["victim"] if lemma in roles["victim_subject_verbs"] else w["doer"], depth
            if lemma == "target":
                return w["targeted"], depth
            attack, victim = lemma in roles["attack_verbs"], lemma in roles["victim_verbs"]
            # what police "found" or "defused" near a restaurant was aimed at the restaurant
            instrument = lemma in roles["instrument_verbs"] or report
            if dep == "agent" and (attack or victim or instrument):
                return w["doer"], depth   # "attacked by gunmen"; "owned by a company" climbs on
            if attack or victim or instrument:
                if dep == "prep" or (prep is not None and dep not in roles["object_deps"]):
                    return roles["preps"].get(prep or child.lower_, w["other"]), depth
                if dep in roles["object_deps"]:
                    return w["attacked"] if attack else w["victim"] if victim else w["instrument"], depth
                return w["other"], depth
            if lemma in roles["background_verbs"]:
                return w["background"], -1   # "civilians accused of spying for the government"
            depth = -1   # climbed through a clause ("officers defending a district"): not an owner
        elif node.pos_ == "NOUN" and lemma in roles["attack_nouns"] and child.dep_ == "prep":
            return roles["preps"].get(child.lower_, w["other"]), depth   # "an attack on a police post"
        child, node = node, node.head
    return w["other"], depth


def gtd_target(doc, lo: int, lead_end: int, hi: int) -> tuple[str, int, int] | None:
    """GTD target type: each target noun of the incident is weighed by its role (what was
    attacked, who was hit, where a bomb went off); the best wins. At one weight the lead
    sentence beats later ones, an institution or office outranks a private person or
    property ("the house of a district mayor" is Government), and an owner outranks what it
    owns ("the convoy of the governor"). Later sentences count less, except one that says
    who "was targeted". A class GTD codes by motive (abortion) wins wherever it is named as
    part of what was hit ("a clinic where abortions are performed")."""
    index = _target_index()
    rules = _rules()
    text = doccache.doc_text(doc)   # doc.text joins every token anew
    unknown = _unknown_target_re().search(text, lo)
    if unknown:   # "the specific target of the attack is unknown", said of the incident or after it
        return rules["unknown_target"]["class"], unknown.start(), unknown.end()
    private, later = rules["private_class"], rules["roles"]["later_sentence_penalty"]
    targeted = rules["roles"]["weights"]["targeted"]
    motive = set(rules["motive_classes"])
    end = len(text)   # past the incident only a sentence saying who "was the target" counts
    hits = _term_hits(doc, lo, end, index)
    labels = _labels_by_token(doc, hits)
    weapons = [(ws, we) for ws, _, kind, we in _term_hits(doc, lo, end, _weapon_index()[1])
               if kind in rules["weapon_kinds_not_targets"]]
    weapons += [(ws, we) for ws, _, _, we in _term_hits(doc, lo, end, _not_target_index())]
    best = None
    for s, neg_len, label, e in hits:
        if any(ws <= s and e <= we for ws, we in weapons):
            continue   # "stepped on a land mine" is no mining business, "under construction" none
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or span.root.pos_ in ("VERB", "AUX", "ADP", "PRON") or _in_place_name(span) or \
                _inside_a_name(span, labels):
            continue   # "planted" is no plant, "who" no organisation, "Khyber Agency" a place
        if _perpetrators_ride(span):
            continue   # "two gunmen on a motorcycle", "militants in a car": how they came
        w, depth = _role_weight(span.root)
        if _carries_the_bomb(span.root):
            w = min(w, rules["roles"]["weights"]["instrument"])   # "a bomb planted on a bicycle"
        lemma = span.root.lemma_.lower()
        owner = _owner_label(span, labels) if lemma in rules["roles"]["owned_nouns"] else None
        if owner is not None:
            label = owner   # "the car of a police officer", "an Education Ministry employee"
        elif lemma in rules["roles"]["property_nouns"]:
            w *= rules["roles"]["property_factor"]
        elif lemma in rules["roles"]["bystander_nouns"] and w == rules["roles"]["weights"]["victim"]:
            w -= rules["roles"]["bystander_discount"]   # "killing two civilians": who died nearby
        if label in rules["former_classes"] and _former(span):
            label = private   # "a former soldier", "the home of a retired police officer"
        if lemma in rules["roles"]["perpetrator_nouns"] and w < rules["roles"]["perpetrator_min_weight"]:
            continue   # "militants" are who attacked unless they were the ones attacked
        if s >= hi and w < targeted:
            continue
        if s >= lead_end and w < targeted:
            w -= later
        if w <= 0:
            continue
        key = (label in motive, w, label != private, depth, -s, e - s)
        if best is None or key > best[0]:
            best = (key, (label, s, e))
    return best[1] if best else None


def _former(span) -> bool:
    """A person named by a post they no longer hold ("a former soldier", "the car of a retired
    police officer"): "former"/"retired" modifies the word or the person it belongs to."""
    words = _rules()["former_words"]
    root = span.root
    people = [root] + [o for c in doccache.children(root) if c.dep_ == "prep" and c.lower_ == "of"
                       for o in doccache.children(c) if o.dep_ == "pobj"]
    return any(t.lower_ in words for t in span) or \
        any(c.lower_ in words for p in people for c in doccache.children(p) if c.dep_ in ("amod", "compound", "advmod"))


def _carries_the_bomb(tok) -> bool:
    """A bicycle, motorbike or cart the bomb was planted on or attached to carried it to its
    target; it was not the target ("an IED attached to a motorcycle exploded near a market")."""
    roles = _rules()["roles"]
    if tok.lemma_.lower() not in roles["carrier_nouns"] or tok.dep_ != "pobj":
        return False
    verb = tok.head.head
    return tok.head.dep_ == "prep" and verb.pos_ == "VERB" and verb.lemma_.lower() in roles["instrument_verbs"]


def _perpetrators_ride(span) -> bool:
    """A vehicle the attackers rode: "gunmen on a motorcycle", "militants in a speeding car",
    "assailants riding two motorbikes" (the vehicle follows a perpetrator noun closely)."""
    roles = _rules()["roles"]
    if span.root.lemma_.lower() not in roles["ridden_nouns"]:
        return False
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].pos_ in ("DET", "NUM", "ADJ", "PRON") or (i >= 0 and doc[i].lower_ in ("a", "an")):
        i -= 1   # "on two motorcycles", "in a speeding car"
    if i < 0 or doc[i].lower_ not in roles["ride_words"]:
        return False
    return any(doc[j].lemma_.lower() in roles["perpetrator_nouns"] or doc[j].lower_ in roles["perpetrator_nouns"]
               for j in range(max(0, i - 3), i))


def _in_place_name(span) -> bool:
    """A target word that is part of a place's name ("Khyber Agency", "Baghdad governorate",
    "Police Station Road"): the tagger marks it a place, or it follows one as its title."""
    if span.root.lower_ not in _rules()["place_title_words"]:
        return False
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return span.root.ent_type_ in ("GPE", "LOC") or \
        (prev is not None and (prev.ent_type_ in ("GPE", "LOC") or
                               (prev.pos_ == "PROPN" and prev.ent_type_ != "NORP" and len(span) == 1 and
                                span.root.lower_ in _rules()["admin_title_words"])))


def _inside_a_name(span, labels: dict[int, str]) -> bool:
    """A modifier of a noun that is a target word itself: the head noun decides ("God's Power
    Church" is the church, "the Justice and Development Party" the party, "a deputy district
    commissioner" the commissioner, "a government school" the school). Through words of one
    proper name ("Justice and Development") the climb goes on; an owner of a generic noun ("a
    police vehicle") is read from the head noun's side (`_owner_label`)."""
    inside = {t.i for t in span}
    tok = span.root
    for _ in range(6):
        dep = tok.dep_
        if not (dep in ("compound", "amod", "nmod") or
                (dep == "conj" and tok.pos_ == "PROPN" and tok.head.pos_ == "PROPN")):
            return False
        tok = tok.head
        if tok.i not in inside and tok.i in labels:
            return tok.lemma_.lower() not in _rules()["roles"]["owned_nouns"]
    return False


def _labels_by_token(doc, hits) -> dict[int, str]:
    """Token index -> the target class of the longest term hit covering it."""
    out: dict[int, tuple[int, str]] = {}
    for s, neg_len, label, e in hits:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        for t in span:
            if t.i not in out or -neg_len > out[t.i][0]:
                out[t.i] = (-neg_len, label)
    return {i: lab for i, (_, lab) in out.items()}


def _owner_label(span, labels: dict[int, str]) -> str | None:
    """The class of whoever a generic noun belongs to: a modifier ("a police vehicle", "an
    Education Ministry employee") or an owner through "of"/"for"/"with"/"belonging to"/"owned
    by" ("the house of a district mayor", "a contractor for the public works department"),
    also through a titled person ("the car of the head of the city council"). A private person
    or a word like "Sunni" says nothing about the owner's office and is passed over."""
    roles = _rules()["roles"]
    private = _rules()["private_class"]
    root = span.root
    inside = {t.i for t in span}

    def institution(t) -> str | None:
        if t.i in labels and t.i not in inside and t.lemma_.lower() not in roles["owned_nouns"] and \
                labels[t.i] != private:
            return labels[t.i]
        return None

    for c in sorted(doccache.children(root), key=lambda c: -c.i):   # the nearest modifier is the most specific
        if c.i in inside:
            continue
        if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < root.i:
            if labels.get(c.i) == private:
                continue   # "an elder woman's house": a private owner, whatever describes her
            for t in [c] + [x for x in c.subtree if x.i != c.i]:   # the modifier's own head word first
                if institution(t):
                    return institution(t)
    for c in doccache.children(root):
        preps = []
        if c.dep_ == "prep" and c.lower_ in roles["owner_link_preps"]:
            preps.append(c)
        elif c.dep_ in ("acl", "relcl") and c.lemma_.lower() in roles["owner_link_verbs"]:
            preps.extend(g for g in doccache.children(c) if g.dep_ in ("prep", "agent"))
        for o in (o for p in preps for o in doccache.children(p) if o.dep_ == "pobj"):
            # the owner, its modifiers, then a titled person's own "of" ("the head of the council")
            titled = [o2 for p2 in doccache.children(o) if p2.dep_ == "prep" and p2.lower_ == "of"
                      for o2 in doccache.children(p2) if o2.dep_ == "pobj"]
            for owner in [o] + titled:
                for t in [owner] + [x for x in owner.subtree if x.i < owner.i]:
                    if institution(t):
                        return institution(t)
    return None


def _target_of_actor(actor2: str | None, inter2: int | None) -> str | None:
    """The target type of the event's second actor, when no target noun was found
    ("Police Forces of Iraq" -> Police, "Civilians (India)" -> Private Citizens & Property)."""
    if actor2 is None:
        return None
    for prefix, target in _rules()["actor_targets"]["prefixes"].items():
        if actor2.startswith(prefix):
            return target
    return _rules()["actor_targets"]["inter"].get(str(inter2))


# ---------------------------------------------------------------- attack type

def gtd_attack_type(cues: set[str], weapon: str | None, target_armed_people: bool, people_hit: bool,
                    text: str) -> str:
    """GTD attack type from the incident's cues, weapon and what was hit."""
    low = text.lower()
    # each pattern runs only when a word it needs is in the text at all (plain `in` is far cheaper)
    if "hijack" in low and re.search(r"\bhijack", low):
        return "Hijacking"
    # hostages held in place (a siege, a stand-off) are a barricade; hostages taken away a kidnapping
    if ("barricad" in low or "standoff" in low or "stand-off" in low or "besieg" in low) and \
            re.search(r"\bbarricad|\bstandoff\b|\bstand-off\b|\bbesieg", low):
        return "Hostage Taking (Barricade Incident)"
    if "hostage" in low and re.search(r"\bh[oe]ld\w* .{0,60}\bhostages?\b", low) and \
            not re.search(r"\bkidnap|\babduct|\btook .{0,40}hostage|\btaken hostage|\btook (him|her|them)\b", low):
        return "Hostage Taking (Barricade Incident)"   # held hostage where they were, not taken away
    if "abduct" in cues or (("kidnap" in low or "abduct" in low or "hostage" in low) and
                            re.search(r"\bkidnap|\babduct|took .{0,40}hostage|taken hostage|\bhostages?\b", low)):
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
        if re.search(r"\bstab|\bknife|\bmachete|\bhatchet|\baxe\b|\bsword|\bbat\b|\bhammer|\bhack|\bbehead|"
                     r"\bslit|\bslash", low):
            return "Armed Assault"
        return "Unarmed Assault" if people_hit else "Facility/Infrastructure Attack"
    if "destroy" in cues or "loot" in cues:
        return "Facility/Infrastructure Attack"
    if cues & {"attack", "kill", "injure", "clash"}:
        return "Armed Assault"
    return "Unknown"


# ---------------------------------------------------------------- the record's GTD fields

def set_gtd_fields(ev: Event, doc, text: str, lo: int, hi: int, lead_end: int, cues: set[str],
                   people_hit_fn, decisive) -> None:
    """Fill `ev`'s weapon, target type and attack type (with evidence) when GTD would code
    the event; leave them null otherwise. `lo..hi` is the incident's text, `lead_end` the end
    of its first sentence; `people_hit_fn(target_type)` tells whether people were hit."""
    if not gtd_codable(ev.event_type, ev.sub_event_type, ev.inter1, ev.inter2, ev.actor2):
        return
    w = gtd_weapon(doc, lo, hi)
    if w is not None:
        ev.weapon = VEHICLE_WEAPON if w[0] == "Vehicle" else w[0]
        ev.evidence.append(_ev("weapon", text, w[1], w[2]))
    elif ev.sub_event_type in _rules()["explosive_sub_event_types"]:
        ev.weapon = "Explosives"   # "bombings", "shelling": the sub-type already says how
    tg = gtd_target(doc, lo, lead_end, hi)
    if tg is not None:
        ev.target_type = tg[0]
        ev.evidence.append(_ev("target_type", text, tg[1], tg[2]))
    else:   # no target named: the second actor's class, else GTD's commonest, private citizens
        ev.target_type = _target_of_actor(ev.actor2, ev.inter2) or _rules()["private_class"]
    ev.attack_type = gtd_attack_type(cues, ev.weapon, False, people_hit_fn(ev.target_type), text[lo:hi])
    ev.evidence.append(_ev("attack_type", text, decisive.start, decisive.end))
    if ev.weapon is None:
        ev.weapon = "Unknown"   # GTD's code when the summary names no weapon
