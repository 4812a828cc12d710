"""Step 2, decide: does a trigger tell an incident (not a condition, prediction, threat,
negation, denial, old history, summary or generic statement)?"""
from __future__ import annotations

import re
from functools import lru_cache

from ..nlp import doccache
from ..nlp.retrie import any_of, could_match
from . import actors as actors_mod
from . import dates as dates_mod
from . import discourse
from .lexicon import METHOD_CUES, _claim_only, _cues
from .numbers import parse_quantity
from .phrases import _phrase_text, _subject_phrase
from .text import _text
from .triggers import Trigger


def _clause_verb(tok):
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


def _in_places(tok, place_spans: list[tuple[int, int]]) -> bool:
    return any(s <= tok.idx < e for s, e in place_spans)


def _has_place(tok, doc, place_spans: list[tuple[int, int]] = ()) -> bool:
    """A territory cue needs a place: its object, 'of X', or a place noun / name below it."""
    cues = _cues()
    place_nouns = set(cues["place_nouns"])
    objs = [c for c in doccache.children(tok) if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    for p in doccache.children(tok):
        if p.dep_ in ("prep", "agent") and p.lower_ in ("of", "from", "into", "through", "in", "out", "over", "to"):
            objs.extend(c for c in doccache.children(p) if c.dep_ == "pobj")
            for pp in doccache.children(p):
                if pp.dep_ == "prep":
                    objs.extend(c for c in doccache.children(pp) if c.dep_ == "pobj")
    if tok.dep_ in ("amod", "compound") and tok.head.pos_ in ("NOUN", "PROPN"):
        objs.append(tok.head)
    if tok.pos_ in ("NOUN",) and tok.dep_ in ("nsubj", "nsubjpass"):
        pass
    for o in objs:
        for t in _own_phrase(o):
            if t.ent_type_ in ("GPE", "LOC", "FAC") or _in_places(t, place_spans):
                return True
            if t.lemma_.lower() in place_nouns:
                return True
        if o.pos_ == "PROPN" and o.ent_type_ not in ("NORP", "ORG"):
            # a one-word name taken is a place far more often than a person
            ent_len = len([t for t in doccache.subtree(o) if t.ent_iob_ != "O" and t.ent_type_ == "PERSON"])
            if o.ent_type_ != "PERSON" or ent_len <= 1:
                return True
    return False


def _own_phrase(tok) -> list:
    """The tokens of a phrase without the clauses inside it: what was taken in "took an order
    from a caller who asked for delivery at the Dreamland" names no place."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in doccache.children(t) if c.dep_ not in ("relcl", "acl", "advcl", "ccomp"))
    return out


def _attempted(tok, attempt_verbs) -> bool:
    """Is the weapon phrase ("an improvised explosive device (IED)") the object of a verb
    under "tried to" / "planned to"?"""
    node = tok
    while node.dep_ in ("amod", "compound", "appos", "nmod") and node.head.i != node.i:
        node = node.head
    verb = node.head
    return node.dep_ in ("dobj", "nsubjpass") and verb.dep_ == "xcomp" and \
        verb.head.lemma_.lower() in attempt_verbs


def _agreement_ended(tok) -> bool:
    """'the ceasefire collapsed', 'broke the truce': the end of an agreement is not one."""
    ends = set(_cues()["agreement_end_verbs"])
    return tok.dep_ in ("nsubj", "dobj", "nsubjpass") and tok.head.lemma_.lower() in ends


def _first_conjunct(tok):
    """The first of the verbs `tok` is coordinated with ('murdered' in 'who murdered X and
    massacred Y'), or `tok` itself."""
    for _ in range(6):
        if tok.dep_ != "conj" or tok.head.i == tok.i or tok.head.pos_ not in ("VERB", "AUX"):
            break
        tok = tok.head
    return tok


def _dated_clause(verb, doc, published: str | None) -> bool:
    """Does a date phrase lie inside the verb's clause?"""
    sub = doccache.subtree(verb)
    lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return any(lo <= d.start and d.end <= hi for d in dates_mod.dates_in(doccache.sent_of(verb)))


def _lead_sentence(sent) -> bool:
    """The text's first sentence (after a dateline such as "08/11/2002:")."""
    before = _text(sent.doc)[:sent.start_char]
    return not re.sub(r"^\s*\d{1,2}/\d{1,2}/\d{4}\s*:|\s", "", before)


def _attacked_gathering(tok) -> bool:
    """'a bomb detonated near the motorcade of the police chief', 'threw a grenade at a
    rally', 'opened fire at a protest camp': the gathering is what was attacked, the attack
    is the event (data/events/cues.json: attack_on_gathering_verbs)."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.dep_ == "compound" and tok.lemma_.lower() in _cues()["procession_words"]:
        return True   # "the motorcade vehicles", "a march bus": the procession's things, no protest told
    node = tok
    while node.dep_ in ("compound", "amod") and node.head.i != node.i:
        node = node.head   # "a campaign rally", "protest camp"
    cues = _cues()
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lemma_.lower() in cues["crowd_of_nouns"]:
        crowd = node.head.head   # "drove his car into a crowd of counter-protesters"
        verb = crowd.head.head if crowd.dep_ == "pobj" else crowd.head if crowd.dep_ == "dobj" else None
        return verb is not None and verb.lemma_.lower() in cues["ramming_blast_verbs"]
    verb = None
    if node.dep_ == "pobj" and node.head.lower_ in ("at", "near", "on", "against", "targeting", "toward",
                                                     "towards", "into", "outside", "beside", "in"):
        verb = node.head.head
        if verb.lower_ in ("front", "vicinity") and verb.head.head.i != verb.i:
            verb = verb.head.head
    elif node.dep_ in ("dobj", "nsubjpass"):
        verb = node.head
    while verb is not None and verb.dep_ in ("prep", "advmod") and verb.head.i != verb.i:
        verb = verb.head   # "detonated in the vicinity of", "exploded right near"
    if verb is not None and verb.pos_ in ("NOUN", "PRON", "NUM") and verb.dep_ in ("nsubj", "nsubjpass"):
        verb = verb.head   # "no one in the motorcade was hurt"
    return verb is not None and verb.lemma_.lower() in _cues()["attack_on_gathering_verbs"]


def _protest_as_motive(tok) -> bool:
    """'The motive was to protest timber sales', 'set fire to the trucks to protest the arrests',
    'bombed the office in protest at': the protest is why an attack was made, not a protest."""
    cues = _cues()
    if tok.lemma_.lower() != "protest":
        return False
    if tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in doccache.children(tok)):
        head = tok.head
        if head.lemma_.lower() == "be":
            return any(c.dep_ == "nsubj" and c.lemma_.lower() in cues["motive_nouns"] for c in doccache.children(head))
        if head.pos_ == "NOUN" and head.lemma_.lower() in cues["motive_nouns"]:
            return True   # "his kidnapping was a way for his captors to protest the visit"
        if any(c.dep_ == "dobj" and c.lemma_.lower() in cues["attack_act_nouns"]
               for c in doccache.children(head)):
            return True   # "carried out terrorist attacks in Cauca to protest the murder"
        return head.lemma_.lower() in cues["attack_acts"]
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "in":
        return tok.head.head.lemma_.lower() in cues["attack_acts"]
    return False


def _inventory(sent) -> bool:
    """A sentence listing at least `inventory_min_items` counted arms ('446 rifles, 87
    grenade launchers, 22 machineguns'): an inventory of goods."""
    cues = _cues()
    cache = sent.doc.user_data.setdefault("_strife_inventory", {})
    key = (sent.start, sent.end)
    if key not in cache:
        goods = set(cues["inventory_goods"])
        lemmas = doccache.lower_lemmas(sent.doc)
        items = sum(1 for t in doccache.span_tokens(sent) if lemmas[t.i] in goods and t.pos_ in ("NOUN", "PROPN") and
                    any(c.dep_ in ("nummod", "amod", "quantmod") and (c.like_num or c.lower_ in ("several", "some"))
                        for c in doccache.children(t)))
        cache[key] = items >= int(cues["inventory_min_items"])
    return cache[key]


def _names_its_victim(tok) -> bool:
    """'the attack on Senator Samper', 'Galan's assassination', 'the murder of the judge
    Carlos Valencia': a deed named by its victim's name is one incident, not a kind."""
    if tok.pos_ != "NOUN":
        return False
    for c in doccache.children(tok):
        if c.dep_ == "poss" and c.pos_ == "PROPN":
            return True
        if c.dep_ == "prep" and c.lower_ in ("on", "of", "against"):
            if any(o.dep_ == "pobj" and (o.pos_ == "PROPN" or any(g.dep_ in ("compound", "appos") and g.pos_ == "PROPN"
                                                                 for g in doccache.children(o)))
                   for o in doccache.children(c)):
                return True
    return False


def _first_told(tok, head) -> bool:
    """'claimed responsibility for a bomb attack that left four children injured', 'suspected
    of an ambush in which two guards died': an indefinite deed noun (a/an, or a number) with a
    clause of its own telling what it did is the incident told for the first time, in the
    sentence that refers to it; 'claimed responsibility for the attack' points back."""
    path = [tok]
    for a in tok.ancestors:   # the words between the trigger and the referring head
        if a.i == head.i:
            break
        path.append(a)
    for n in path:
        if n.pos_ != "NOUN" or n.lemma_.lower() not in discourse.rules()["deed_nouns"]:
            continue
        kids = doccache.children(n)
        if any((c.dep_ == "det" and c.lower_ in ("a", "an")) or c.dep_ == "nummod" for c in kids) and \
                any(c.dep_ in ("relcl", "acl") and c.pos_ in ("VERB", "AUX") for c in kids):
            return True
    return False


def _told_with_time(tok, head) -> bool:
    """'referred to an attack last night and early this morning on a substation': a time
    told after the deed, in the referring clause ('referred today to the murder' is when
    it was said)."""
    words = set(_cues()["recent_time_words"])
    return tok.pos_ == "NOUN" and any(t.lower_ in words and t.i > tok.i for t in doccache.subtree(head))


def _said_false(tok, death: bool = False) -> bool:
    """The trigger is in the subject of 'is false', 'was baseless' ('the report of an alleged
    bombardment is also false'), or, for a death word (`death`), of 'is alive' ('the pilot who
    was killed in El Salvador is alive and well')."""
    cues = _cues()
    preds = set(cues["false_predicates"]) | (set(cues["survivor_predicates"]) if death else set())
    for a in tok.ancestors:
        if a.dep_ in ("nsubj", "nsubjpass"):
            verb = a.head
            return verb.lemma_.lower() == "be" and any(
                c.dep_ == "acomp" and c.lemma_.lower() in preds for c in doccache.children(verb))
        if a.pos_ == "VERB":
            return False
    return False


def _only_heard(tok) -> bool:
    """'explosions and shootouts are heard', 'heavy bombing was heard last night', 'strong
    explosions that can be heard', 'the explosions heard last night were flares': the sound is
    all the sentence tells ('he heard the explosions during the attack' may tell the attack)."""
    cues = _cues()
    sounds = cues["sound_nouns"]
    while tok.head.i != tok.i and ((tok.dep_ == "conj" and tok.head.pos_ == "NOUN") or
                                   (tok.dep_ == "pobj" and tok.head.lower_ == "of") or
                                   (tok.dep_ == "pobj" and tok.head.lower_ == "from" and
                                    tok.head.head.lemma_.lower() in sounds) or
                                   (tok.dep_ == "compound" and tok.head.pos_ == "NOUN")):
        # "bursts of gunfire and shootouts are heard", "the noise from the artillery fire"
        tok = tok.head if tok.dep_ in ("conj", "compound") else tok.head.head
    if tok.dep_ == "nsubjpass" and tok.head.lemma_.lower() in cues["perception_verbs"]:
        return True
    if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in cues["perception_verbs"] and \
            not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in doccache.children(tok.head)):
        return True   # "the explosions heard last night", read as their own verb
    return any(c.lemma_.lower() in cues["perception_verbs"] and
               (c.dep_ == "relcl" and any(g.dep_ == "nsubjpass" for g in doccache.children(c)) or
                c.dep_ == "acl" and c.tag_ == "VBN")
               for c in doccache.children(tok))


def _repeated(tok) -> bool:
    """Is the deed told as a habit ('are constantly being built'), or reported again and again
    by a verb of saying above it ('have reported several times that the guards have kidnapped')?"""
    cues = _cues()
    verb = _clause_verb(tok)
    if any(c.dep_ == "advmod" and c.lower_ in cues["pattern_adverbs"] for c in doccache.children(verb)):
        return True
    adverbs, counts = set(cues["repeated_adverbs"]), set(cues["repeated_count_words"])
    for _ in range(3):
        if verb.dep_ != "ccomp" or verb.head.i == verb.i:
            return False
        verb = _clause_verb(verb.head)
        for c in doccache.children(verb):
            if c.dep_ == "advmod" and c.lower_ in adverbs:
                return True
            if c.dep_ in ("npadvmod", "advmod", "dobj") and c.lower_ == "times" and \
                    any(g.lower_ in counts for g in doccache.children(c)):
                return True
    return False


def _pictured(tok) -> bool:
    """'video clips showing street riots and the burning of vehicles', 'the film clips show part
    of the protests': the deed is what a picture shows (through objects, 'of' and lists)."""
    cues = _cues()
    node = tok
    for _ in range(6):
        if node.dep_ not in ("dobj", "pobj", "conj", "prep", "appos") or node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in cues["picture_verbs"] and node.pos_ == "VERB":
            if node.dep_ == "acl" and node.head.lower_ in cues["picture_nouns"]:
                return True   # "clips showing"
            return any(c.dep_ == "nsubj" and c.lower_ in cues["picture_nouns"] for c in doccache.children(node))
    return False


def _labour_strike(tok) -> bool:
    """'began an indefinite strike', 'the workers' strike', 'called a general strike': a
    stoppage of work, not a military strike."""
    cues = _cues()
    if any(c.lower_ in cues["labour_strike_modifiers"] for c in doccache.children(tok)):
        return True
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in cues["labour_strike_verbs"]:
        subj = [c for c in doccache.children(tok.head) if c.dep_ == "nsubj"]
        return not subj or any(w.lemma_.lower() in cues["labour_strike_subjects"] for s in subj
                               for w in doccache.subtree(s))
    return False


def _engages_in_fighting(tok) -> bool:
    """'troops engaged the rebels', 'engaged in fierce fighting', 'engaged with militants':
    a fight; 'engaged in illegal activities', 'engaged in talks' are not."""
    fights = _cues()["fight_nouns"]
    for c in doccache.children(tok):
        if c.dep_ == "prep" and c.lower_ == "in":
            return any(o.dep_ == "pobj" and o.lemma_.lower() in fights for o in doccache.children(c))
    return True


def _building_entered(tok) -> bool:
    """'Gunmen entered a home and shot a boy', 'stormed into a restaurant': a building
    entered or taken is the scene of an attack, not territory (data/events/cues.json)."""
    if tok.lemma_.lower() not in _cues()["entry_verbs"]:
        return False
    objs = [c for c in doccache.children(tok) if c.dep_ in ("dobj", "nsubjpass")]
    for p in doccache.children(tok):
        if p.dep_ == "prep" and p.lower_ in ("into", "inside"):
            objs.extend(c for c in doccache.children(p) if c.dep_ == "pobj")
    buildings = set(_cues()["entered_buildings"])
    return bool(objs) and all(o.lemma_.lower() in buildings for o in objs)


def _specific(tok) -> bool:
    """Does the trigger's phrase count its victims ("kidnapping 30 peasants in Cuscatlan")?"""
    return any(t.like_num for t in doccache.subtree(tok) if t.i != tok.i)


@lru_cache(maxsize=None)
def _recent_past() -> re.Pattern[str]:
    return re.compile(_cues()["recent_past_pattern"])


def _history(tok, sent, published: str | None) -> bool:
    verb = _clause_verb(tok)
    # the trigger's own clause: the verb's words less the clauses hanging off it ("held a
    # sit-in, denouncing the closure since the start of the outbreak") that do not hold it
    inner: set[int] = set()
    for c in doccache.children(verb):
        if c.dep_ in _SUBORDINATE_DEPS and not (c.left_edge.i <= tok.i <= c.right_edge.i):
            inner.update(range(c.left_edge.i, c.right_edge.i + 1))
    subtree = doccache.subtree(verb)
    clause = " ".join(t.lower_ for t in subtree if t.i not in inner)
    whole = doccache.span_lower(sent)
    # "in the past few hours" is this story's news, not the past
    recent = _recent_past()
    if could_match(recent, clause):   # (a regex scan only where its words are)
        clause = recent.sub(" ", clause)
    embedded = verb.dep_ not in ("ROOT",)
    in_clause, in_sentence = _history_patterns()
    if could_match(in_clause, clause) and in_clause.search(clause):
        return True
    if " for " in clause and _duration_pattern().search(clause):
        return True   # "was taken hostage for 18 months"
    if embedded:
        if could_match(recent, whole):
            whole = recent.sub(" ", whole)
        if could_match(in_sentence, whole) and in_sentence.search(whole):
            return True
    # a year named as a date ("in 2004"), not a count ("2000 workers"), before the reference year
    # ... but not in a clause about something else ("Barillas, ambassador during the first
    # years of an administration which began in 1986, was gunned down")
    for t in subtree:
        if t.dep_ == "relcl" and t.head.i != tok.i and not (t.left_edge.i <= tok.i <= t.right_edge.i):
            inner.update(range(t.left_edge.i, t.right_edge.i + 1))
    years = [int(t.text) for t in subtree if t.i not in inner and t.ent_type_ == "DATE" and _YEAR.fullmatch(t.text)]
    if not years:
        return False
    ref = published or _reference_date(sent.doc)
    pub_year = int(ref[:4]) if ref and ref[:4].isdigit() else None
    return bool(pub_year) and any(y < pub_year for y in years)


@lru_cache(maxsize=None)
def _duration_pattern() -> re.Pattern[str]:
    return re.compile(_cues()["history_duration_pattern"])


_SUBORDINATE_DEPS = frozenset(("advcl", "relcl", "acl", "ccomp", "xcomp", "conj", "parataxis"))


def _words_pattern(words) -> re.Pattern[str]:
    """One compiled pattern for any of the words or phrases, as whole words."""
    words = list(words)
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


@lru_cache(maxsize=None)
def _history_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(any history word, those that also count anywhere in the sentence of an embedded clause)."""
    words = _cues()["history_words"]
    return _words_pattern(words), _words_pattern(w for w in words if w not in ("since the", "history", "historic"))


_YEAR = re.compile(r"(1[89]\d\d|20\d\d)")


def _reference_date(doc) -> str | None:
    """Without a publication date: the first full date the text states (ACLED/GTD notes)."""
    key = "_strife_reference_date"
    if key not in doc.user_data:
        found = [d for d in dates_mod.find_dates(doc[: min(len(doc), 40)], None) if d.precision == "day"]
        doc.user_data[key] = found[0].date if found else None
    return doc.user_data[key]


def _distance_in_blocks(tok) -> bool:
    """'3 blocks away', 'two blocks from the embassy': city blocks counted as a distance."""
    doc = tok.doc
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    counted = any(c.dep_ == "nummod" or c.like_num for c in doccache.children(tok)) or \
        (tok.i > 0 and doc[tok.i - 1].like_num)
    return counted and nxt in ("away", "from", "north", "south", "east", "west", "down", "up")


def _aircraft_hit(tok) -> bool:
    """'Rebels downed a helicopter gunship', 'the gunship fell to the ground': the aircraft
    the air-strike word names is what was hit, the object of a verb that brings it down or the
    subject of one that tells its fall."""
    cues = _cues()
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in cues["manned_aircraft_nouns"] and \
            tok.lower_ not in cues["manned_aircraft_nouns"]:
        return False
    head = tok.head if tok.dep_ == "compound" else tok
    verb = head.head
    if head.dep_ in ("dobj", "nsubjpass"):
        return verb.lemma_.lower() in cues["aircraft_hit_verbs"]
    return head.dep_ == "nsubj" and verb.lemma_.lower() in cues["aircraft_fall_verbs"]


def check_trigger(trig: Trigger, doc, published: str | None,
                  place_spans: list[tuple[int, int]] = ()) -> tuple[bool, str]:
    """(True, "") when the trigger tells an incident, else (False, why not)."""
    cues = _cues()
    tok = trig.head
    sent = doccache.sent_of(tok)
    modal = set(cues["modal_aux"])
    cond = set(cues["conditional_marks"])
    intent = set(cues["intent_heads"])
    neg = set(cues["negation_words"])
    people = trig.cue == "protest" and tok.lemma_.lower() in cues["people_protest_nouns"]
    # negation on the trigger itself ("no clashes", "not attacked")
    if any(c.dep_ in ("neg", "det", "preconj") and c.lower_ in neg for c in doccache.children(tok)):
        return False, "negated"
    # "a peaceful solution, not the bombing of cities": the deed set aside
    if tok.pos_ == "NOUN" and tok.i > 1 and tok.doc[tok.i - 1].dep_ == "det" and tok.doc[tok.i - 1].head.i == tok.i \
            and tok.doc[tok.i - 2].lower_ == "not" and tok.dep_ in ("appos", "conj", "attr", "dobj", "pobj"):
        return False, "negated (not the deed)"
    # "that all property be confiscated": a bare subjunctive 'be', a demand, not a deed
    if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.lower_ == "be" for c in doccache.children(tok)) and \
            not any(c.dep_ == "aux" for c in doccache.children(tok)):
        return False, "subjunctive (a demand)"
    # "the army had trouble evacuating its wounded": a party's casualties, people, no deed
    if trig.strength < 2 and trig.family == "violence" and tok.dep_ in ("dobj", "pobj") and \
            any(c.dep_ == "poss" for c in doccache.children(tok)) and tok.lower_ in cues["casualty_people_words"]:
        return False, "casualty word naming people"
    # "no priest has ever been murdered": the deed is denied of everyone ("no one was hurt" is
    # the toll of an incident told beside it, read by the counts)
    if tok.pos_ == "VERB" and trig.strength >= 2 and any(c.dep_ in ("nsubj", "nsubjpass") and
                                  any(g.dep_ == "det" and g.lower_ in neg for g in doccache.children(c))
                                  for c in doccache.children(discourse.subject_verb(tok))):
        return False, "negated (no one)"
    for c in doccache.children(tok):
        if c.dep_ == "amod" and c.lemma_.lower() in cues["hypothetical_modifiers"]:
            return False, "hypothetical modifier"
        if c.dep_ == "amod" and trig.cue == "ied" and tok.pos_ == "NOUN" and \
                c.lemma_.lower() in cues["figurative_modifiers"]:
            return False, "figure of speech"   # "a social explosion"
        if c.dep_ in ("amod", "compound") and tok.pos_ == "NOUN" and \
                tok.lemma_.lower() in cues["figurative_deed_nouns"] and \
                c.lower_ in cues["figurative_deed_modifiers"]:
            return False, "figure of speech"   # "a diplomatic offensive", "a propaganda war"
    # abstract uses ("the fight against the group")
    after = _text(doc)[trig.start: trig.start + 40].lower()
    before = _text(doc)[max(sent.start_char, trig.start - 25): trig.end].lower()
    head_end = _text(doc)[max(sent.start_char, tok.idx - 25): tok.idx + len(tok.text)].lower()
    for ph in cues["abstract_phrases"]:
        if after.startswith(ph) or before.endswith(ph) or head_end.endswith(ph):
            return False, "abstract"
    # "the murdered priest", "tortured and captured persons": people described by what was
    # done to them once; the deed itself is told elsewhere, or not at all
    # ("the assassinated Carlos Pizarro" names the victim of one incident)
    if trig.family == "violence" and trig.strength >= 2 and tok.dep_ == "amod" and \
            tok.tag_ in ("VBN", "VBG") and len(trig.text.split()) == 1 and tok.head.pos_ == "NOUN" and \
            not any(c.pos_ == "PROPN" for c in doccache.children(tok.head)):
        return False, "describes someone"
    # "our snipers posted in the tallest buildings": people, not a deed
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in cues["people_nouns_of_deeds"] and tok.dep_ != "compound":
        return False, "names people, not a deed"
    # "a stolen vehicle", "the burned-out car", "banned books": a thing described by what was
    # done to it once, not a report of the deed
    if trig.family in ("property", "change") and tok.dep_ == "amod" and tok.tag_ == "VBN" and \
            len(trig.text.split()) == 1:
        return False, "describes a thing"
    # "body searches", "body armour", "death squad": a casualty word naming a thing
    if trig.cue == "kill" and tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and \
            tok.head.lemma_.lower() not in ("count", "toll"):
        return False, f"casualty word naming a thing ({tok.head.lemma_})"
    # "the kidnapping ring", "torture cases", "murder charges": a deed naming a group or a case
    if tok.dep_ in ("compound", "amod") and tok.head.pos_ == "NOUN" and len(trig.text.split()) == 1 and \
            tok.head.lemma_.lower() in cues["deed_named_things"]:
        return False, f"names a group, a case or a thing ({tok.head.lemma_})"
    # "attacked the programmes in several speeches": words, not violence
    if trig.cue == "attack" and tok.pos_ == "VERB":
        objs = [c for c in doccache.children(tok) if c.dep_ in ("dobj", "nsubjpass")]
        if objs and all(o.lemma_.lower() in cues["abstract_targets"] or o.lower_ in cues["abstract_targets"]
                        for o in objs):
            return False, "abstract target"
    if trig.cue == "attack" and tok.lemma_.lower() in ("target", "hit", "strike", "slap") and \
            any(t.lower_ in cues["abstract_instruments"] for t in doccache.subtree(_clause_verb(tok))):
        return False, "abstract target"   # "targeted 13 officials with sanctions"
    if trig.cue == "attack" and tok.lemma_.lower() == "target" and tok.pos_ == "VERB" and \
            any(c.dep_ == "nsubj" and c.lemma_.lower() in cues["policy_subjects"] for c in doccache.children(tok)):
        return False, "a policy measure"   # "the administration targeted 13 more officials"
    # what a protest is about is not a second incident ("protested against the arrest of")
    if trig.family != "protest" or trig.cue in ("intervention", "excessive"):
        for a in tok.ancestors:
            if a.lemma_.lower() in cues["grievance_heads"] and a.i != tok.i:
                if a.lemma_.lower() in cues["event_heads_as_verbs"] and a.pos_ == "VERB":
                    if trig.cue != "arrest" and any(b.lemma_.lower() in cues["demand_verbs"] for b in a.ancestors):
                        # "demanded that they release the people they kidnapped" ("demanded the government
                        # release the arrested men" still tells the arrests)
                        return False, f"grievance ({a.lemma_})"
                    break   # "the man who was kidnapped today was released": the deed ended, nobody demands
                if a.lemma_.lower() in cues["accusation_heads"] and _specific(tok):
                    break   # "accused the rebels of kidnapping 30 peasants in Cuscatlan": a report
                return False, f"grievance ({a.lemma_})"
            if a.dep_ == "ROOT":
                break
    # "After the attack, the army continued its provocations": a bare allusion to an incident
    # (told before, or known to the reader), with nothing of its own, tells none
    # ("shortly after Galan's assassination": an owner names it just as well)
    if tok.pos_ == "NOUN" and (tok.dep_ == "pobj" and tok.head.lower_ in ("after", "since", "following", "before") or
                               tok.dep_ == "dobj" and tok.head.lower_ == "following") \
            and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") or c.dep_ == "poss"
                    for c in doccache.children(tok)) \
            and all(c.dep_ in ("det", "amod", "compound", "poss") for c in doccache.children(tok)) \
            and sum(c.dep_ != "advmod" for c in doccache.children(tok.head)) == 1:   # not "following the death yesterday of nine people"
        return False, "allusion to an incident"
    # "one of the men involved in the assassination of the priests": people named by a deed
    # told elsewhere ("bursts of fire involving heavy machineguns" is the deed itself)
    for a in tok.ancestors:
        if (a.lemma_.lower() == "involve" and a.tag_ == "VBN" or a.lemma_.lower() == "implicate") and \
                tok.head.lower_ == "in" and \
                tok.head.head.i == a.i:
            return False, f"reference ({a.lemma_.lower()}d in)"
        # "had participated in most of the murders of union leaders" (not "took part in a protest")
        if a.lemma_.lower() == "participate" and tok.pos_ == "NOUN" and trig.family == "violence" and \
                (tok.tag_ == "NNS" or any(c.dep_ == "det" and c.lower_ in ("the", "these", "those")
                                          for c in doccache.children(tok))) and \
                any(p.lower_ == "in" and p.head.i == a.i for p in tok.ancestors):
            return False, "reference (participated in)"
        if a.dep_ == "ROOT":
            break
    # "the narcotics mafia is behind all these attacks": who did deeds told elsewhere
    if tok.dep_ == "pobj" and tok.head.lower_ == "behind" and tok.head.head.lemma_.lower() == "be":
        return False, "reference (behind)"
    # "those who murdered the archbishop (and massacred ...)": people named by a deed
    deed = _first_conjunct(tok)
    if tok.pos_ == "VERB" and deed.dep_ == "relcl" and deed.head.lower_ in cues["people_by_deed_heads"]:
        return False, "people named by a deed"
    # "a government that has murdered priests and bombed the civilian population", "an army
    # that murdered an archbishop and thousands of civilians": a record, not an incident
    if tok.pos_ == "VERB" and deed.dep_ == "relcl" and trig.cue not in ("kill", "injure") and \
            deed.head.lemma_.lower() in cues["record_holder_nouns"] and \
            (any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") for c in doccache.children(deed)) or
             any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in doccache.children(deed.head))) and \
            not _dated_clause(deed, doc, published):
        return False, discourse.RECORD
    # "calling for the assassination of", "had the mission of assassinating": an aim
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ in ("for", "of"):
        owner = tok.head.head
        if (tok.head.lower_ == "for" and owner.lemma_.lower() in cues["intent_heads"]) or \
                (tok.head.lower_ == "of" and owner.lemma_.lower() in cues["aim_nouns"]):
            return False, f"intent ({owner.lemma_.lower()})"
    # "had no knowledge of a guerrilla attack", "there was no report of shelling": negated
    if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "about") and tok.head.head.pos_ == "NOUN" and \
            any(c.dep_ == "det" and c.lower_ in neg for c in doccache.children(tok.head.head)):
        return False, "negated (no news of it)"
    # "invaded without a shot being fired"
    for a in tok.ancestors:
        if a.lower_ == "without" and a.dep_ == "prep":
            return False, "negated (without)"
        if a.dep_ == "ROOT" or a.pos_ == "VERB" and a.dep_ not in ("pcomp", "pobj", "acl"):
            break
    # "the report of an alleged bombardment is also false"
    if _said_false(tok, death=trig.cue == "kill" or tok.lemma_.lower() in cues["death_deed_lemmas"]):
        return False, "denial (said to be false)"
    # "the priests' murder was described as irrational": a crime told before, judged
    if tok.pos_ == "NOUN" and tok.dep_ == "nsubjpass" and tok.head.lemma_.lower() in cues["judged_deed_verbs"] and \
            any(c.dep_ == "poss" for c in doccache.children(tok)) and not _dated_clause(tok.head, doc, published):
        return False, f"a deed judged ({tok.head.lemma_.lower()})"
    # "the armed forces will announce the number of terrorists killed": a promise of a count
    if tok.tag_ == "VBN" and tok.dep_ == "acl" and tok.head.dep_ == "pobj" and tok.head.head.lower_ == "of" and \
            tok.head.head.head.lower_ in cues["count_list_nouns"]:
        verb = _clause_verb(tok.head.head.head)
        if any(c.dep_ == "aux" and c.lower_ in modal for c in doccache.children(verb)):
            return False, "modal"
    # "the Navy and the air force currently carry out a support mission": a trigger phrase holding
    # a verb in the simple present tells what is done, not a deed
    if len(trig.text.split()) > 2 and tok.pos_ == "NOUN" and tok.i >= 25 and not _lead_sentence(sent):
        inner = [t for t in sent if trig.start <= t.idx < trig.end and t.i != tok.i]
        if any(t.pos_ == "VERB" and t.tag_ in ("VBP", "VBZ") and
               not any(c.dep_ in ("aux", "auxpass") for c in doccache.children(t)) and
               not _dated_clause(t, doc, published) for t in inner):
            return False, "habitual (simple present)"
    # "its indiscriminate bombings and repression", "the injustices, the slaughters, the dictatorships":
    # a kind of acts listed with conditions, in a charge, not one incident
    if trig.family == "violence" and tok.pos_ == "NOUN" and not any(c.dep_ == "nummod" for c in doccache.children(tok)):
        first = tok
        while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN") and first.head.i != first.i:
            first = first.head
        group = [first, *first.conjuncts]
        if any(g.i != tok.i and (g.lower_ in cues["condition_nouns"] or g.lemma_.lower() in cues["condition_nouns"])
               for g in group) and not _dated_clause(_clause_verb(tok), doc, published):
            return False, "a kind of acts listed with conditions"
    # "have reported several times that the guards have kidnapped their relatives", "are constantly
    # being built": a pattern of deeds, not one incident
    if _repeated(tok) and not _dated_clause(_clause_verb(tok), doc, published):
        return False, "repeated deeds (a pattern, not one incident)"
    # "a government known for killing people", "notorious for kidnappings": a reputation
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ == "for" and \
            tok.head.head.lower_ in cues["reputation_heads"]:
        return False, f"reputation ({tok.head.head.lower_} for)"
    # a reference to an incident told elsewhere ("claimed responsibility for three bombings")
    for a in tok.ancestors:
        if a.lemma_.lower() in cues["reference_heads"]:
            if a.lemma_.lower() == "charge" and tok.lower_ in cues["explosive_charge_words"] and \
                    tok.head.lower_ == "of" and tok.head.head.i == a.i:
                continue   # "placed a charge of dynamite under a bus": the explosive, no legal charge
            if tok.tag_ == "VBG" and _lead_sentence(sent):
                break   # "The ELF claimed responsibility for setting fire to the station": the story's lead tells the act
            if a.lemma_.lower() in cues["recent_reference_heads"] and \
                    (_names_its_victim(tok) or (a.lemma_.lower() == "refer" and _told_with_time(tok, a))):
                break   # "arrested in connection with the attack on Senator Samper": that attack, by name
            if a.lemma_.lower() in cues["recent_reference_heads"] and _first_told(tok, a):
                break   # "claimed responsibility for a suicide attack that killed 12 soldiers": told here
            return False, f"reference ({a.lemma_})"
        if a.dep_ == "ROOT":
            break
    if tok.dep_ in ("dobj", "pobj") and _clause_verb(tok).lemma_.lower() in cues["consequence_verbs"]:
        return False, "consequence"
    # walk up the clause: modals, conditionals, infinitives of intent or purpose
    v = _clause_verb(tok)
    steps = 0
    while steps < 6 and not people:
        steps += 1
        kids = list(doccache.children(v))
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in modal for c in kids):
            return False, "modal"
        if any(c.dep_ == "mark" and c.lower_ in cond for c in kids):
            return False, "conditional"
        if v.i == tok.i or v.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "neg" for c in kids):
                return False, "negated"
        if v.lemma_.lower() in cues["denial_verbs"]:
            return False, "denial"
        # "to shell" tells an aim; "claimed to have shelled" reports a deed
        infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in kids) and \
            not any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in kids)
        # "gathered to protest" tells the protest; "launched an offensive to recapture" does not
        purpose_ok = trig.family == "protest" and v.i == tok.i
        if infinitive and not purpose_ok and \
                v.head.lemma_.lower() not in ("begin", "start", "continue", "manage", "go", "attempt", "try"):
            return False, "infinitive (purpose or intent)"
        if v.head.i == v.i:
            break
        h = v.head
        # "denied that the air force is bombing the population": the deed denied, told in the
        # present ("denied that it directed an attack" denies a part in a deed that was done)
        if v.dep_ == "ccomp" and h.lemma_.lower() in cues["denial_verbs"] and \
                (v.tag_ in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("is", "are", "am")
                                                  for c in kids)):
            return False, "denial"
        result_clause = v.dep_ == "advcl" and v.tag_ == "VBG" and not infinitive   # ", injuring two"
        naming = h.lemma_.lower() == "call" and any(c.dep_ == "oprd" for c in doccache.children(h))
        if h.lemma_.lower() in intent and v.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "pcomp", "advcl") and \
                not result_clause and not naming:   # "the gang called the owls were arrested": a name
            return False, f"intent ({h.lemma_})"
        if v.dep_ in ("xcomp", "conj", "csubj", "pcomp", "pobj", "acl", "prep", "advcl") or \
                (infinitive and v.dep_ in ("relcl",)):
            v = h
            continue
        break
    if tok.pos_ in ("NOUN", "PROPN") and _clause_verb(tok).lemma_.lower() in cues["context_verbs"] and \
            tok.dep_ in ("pobj", "dobj"):
        return False, "context (backed by, relying on)"
    for a in tok.ancestors:
        if a.lemma_.lower() in cues["hypothetical_nouns"]:
            return False, f"hypothetical ({a.lemma_})"
        if a.dep_ == "ROOT":
            break
    if _history(tok, sent, published):
        return False, "history"
    why = _summary_or_generic(tok, sent, trig.cue)
    if not why and tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.head.pos_ == "VERB" and any(
            c.dep_ == "dobj" and c.tag_ == "NNS" and c.lemma_.lower() in cues["incident_count_nouns"] and
            _summary_or_generic(c, sent) == "count of incidents" for c in doccache.children(tok.head)):
        why = "count of incidents"   # "have set off more than 260 bombs, killing at least 190 people"
    if not why and tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i != tok.i:
        why = _summary_or_generic(tok.head, sent)   # "dynamite" in "hundreds of dynamite attacks"
    if why:
        return False, why
    if trig.family == "territory" and trig.cue in cues["territory_cues_need_place"]:
        if not _has_place(tok, doc, place_spans):
            return False, "no place taken"
    if trig.family == "agreement" and _agreement_ended(tok):
        return False, "an agreement ended"
    if trig.family == "territory" and _building_entered(tok):
        return False, "a building entered"
    if trig.cue == "protest" and _attacked_gathering(tok):
        return False, "a gathering attacked"
    if trig.cue == "protest" and _protest_as_motive(tok):
        return False, "the motive of an attack"
    # a march by armed men is a movement of forces, not a protest
    if trig.cue == "protest" and tok.lemma_.lower() == "march":
        subj = _subject_phrase(tok)
        if subj is not None:
            a = actors_mod.normalise_actor(_phrase_text(subj), head=subj.lemma_)
            if a is not None and a.armed:
                trig.cue, trig.family = "change", "change"
    # "hold" counts only when a party claims it ("claimed its fighters held the base")
    if tok.lower_ in _claim_only().get(trig.cue, ()) or tok.lemma_.lower() in _claim_only().get(trig.cue, ()):
        if not _is_claim(tok):
            return False, "standing statement (only a claim makes it an incident)"
    if tok.lemma_.lower() in cues["verb_only"] and tok.pos_ not in ("VERB",) and len(trig.text.split()) == 1:
        return False, "noun use of a verb-only cue"
    if tok.lemma_.lower() == "block" and tok.pos_ == "NOUN" and _distance_in_blocks(tok):
        return False, "a distance in city blocks"   # "an explosion 3 blocks away, on 13th Street"
    if tok.dep_ == "relcl" and _aircraft_hit(tok.head):
        return False, "what the downed aircraft was doing"   # "downed a gunship that was firing at ..."
    if trig.cue == "air" and _aircraft_hit(tok):
        return False, "the aircraft was hit, it struck nothing"   # "rebels downed a helicopter gunship"
    if trig.cue in ("attack", "air") and tok.lemma_.lower() == "strike" and tok.pos_ == "NOUN" and \
            _labour_strike(tok):
        return False, "a labour strike"   # "the union began an indefinite strike at midnight"
    # "the government announced a total offensive to capture him": a plan made known, not a fight
    if trig.family == "violence" and tok.pos_ in ("NOUN", "PROPN", "ADJ") and tok.dep_ in ("dobj", "nsubjpass") and \
            tok.head.lemma_.lower() in cues["intent_verbs"]:   # ADJ: a quoted noun ('announced a "counteroffensive"')
        return False, f"intent ({tok.head.lemma_})"
    # "a cease-fire": the word after the hyphen is not the deed
    if trig.cue != "agreement" and tok.i > 1 and tok.doc[tok.i - 1].text == "-" and \
            tok.doc[tok.i - 2].lower_ in cues["hyphen_prefixes_not_deed"]:
        return False, "part of another word"
    # "another scandal hit the government", "a political confrontation exploded": a figure of speech
    if tok.pos_ == "VERB" and tok.lemma_.lower() in cues["abstract_agent_verbs"] and \
            any(c.dep_ == "nsubj" and (c.lemma_.lower() in cues["abstract_agents"] or
                                       # "the conflict that has exploded today"
                                       tok.dep_ == "relcl" and c.lower_ in ("that", "which") and
                                       tok.head.lemma_.lower() in cues["abstract_agents"])
                for c in doccache.children(tok)):
        return False, "figure of speech (abstract agent)"
    # "harshly attacked the president": words
    if trig.cue == "attack" and tok.pos_ == "VERB" and \
            any(c.dep_ == "advmod" and c.lower_ in cues["verbal_attack_adverbs"] for c in doccache.children(tok)):
        return False, "an attack in words"
    # "explosions were heard in the north of the city": a sound reported, no incident told
    if tok.pos_ == "NOUN" and _only_heard(tok):
        return False, "a sound heard"
    # "more dangerous than the atomic bomb", "like a bomb": a comparison
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in ("than", "like"):
        return False, "comparison"
    # "the demonstrators burned a coffin and eight flags": a symbol burned at a protest
    if trig.cue in ("destroy", "arson") and tok.pos_ == "VERB":
        objs = [c for c in doccache.children(tok) if c.dep_ in ("dobj", "nsubjpass")]
        objs += [g for o in objs for g in doccache.children(o) if g.dep_ == "conj"]
        if objs and all(o.lemma_.lower() in cues["symbolic_objects"] for o in objs):
            return False, "a symbol burned"
    # "attacks on the freedom of expression", "their looting of our natural resources": an abstract target
    if trig.cue in ("attack", "destroy", "loot") and tok.pos_ == "NOUN":
        preps = ("on", "against") if trig.cue == "attack" else ("of",)
        objs = [o for p in doccache.children(tok) if p.dep_ == "prep" and p.lower_ in preps
                for o in doccache.children(p) if o.dep_ == "pobj"]
        if not objs and tok.dep_ == "appos" and tok.head.lemma_.lower() == tok.lemma_.lower():
            # "this new attack against the nation, an attack that destiny has placed in its path"
            objs = [o for p in doccache.children(tok.head) if p.dep_ == "prep" and p.lower_ in preps
                    for o in doccache.children(p) if o.dep_ == "pobj"]
        if objs and all(o.lemma_.lower() in cues["abstract_targets"] or o.lower_ in cues["abstract_targets"]
                        for o in objs):
            return False, "abstract target"   # "their looting of our natural resources"
    # "video clips showing street riots and the burning of vehicles": a picture of acts
    if tok.pos_ in ("NOUN", "VERB") and _pictured(tok):
        return False, "a picture of acts"
    # "the bombs were built with stolen plans": weapons made, not used
    if trig.cue in METHOD_CUES and tok.pos_ == "NOUN" and tok.dep_ in ("nsubjpass", "dobj") and \
            tok.head.lemma_.lower() in cues["production_verbs"]:
        return False, f"weapon as product ({tok.head.lemma_})"
    # "three militants tried to plant a bomb": an attempt; an explosion is told by its own words
    if trig.cue in METHOD_CUES and _attempted(tok, cues["attempt_verbs"]):
        return False, "an attempt (tried or planned to use a weapon)"
    # "engaged in illegal activities", "a burning issue", "hurt the homeland": no fight, no fire, no one hurt
    if tok.lemma_.lower() == "engage" and not _engages_in_fighting(tok):
        return False, "engaged in something other than fighting"
    if trig.cue in ("destroy", "arson", "injure", "attack") and tok.dep_ == "amod" and \
            tok.head.lemma_.lower() in cues["abstract_targets"]:
        return False, "figure of speech"
    if tok.dep_ in ("amod", "compound") and tok.i > 1 and tok.doc[tok.i - 1].text == "-" and \
            ((trig.family == "property" and tok.doc[tok.i - 2].pos_ in ("ADV", "ADJ")) or
             (tok.tag_ in ("VBN", "VBG") and tok.doc[tok.i - 2].pos_ in ("NOUN", "ADV", "ADJ"))):
        return False, "describes a thing"   # "a slow-burning fuse", "riot-hit areas"
    if tok.i + 2 < len(tok.doc) and tok.doc[tok.i + 1].text == "-" and tok.doc[tok.i + 2].tag_ in ("VBN", "VBG") \
            and tok.doc[tok.i + 2].dep_ in ("amod", "compound"):
        return False, "describes a thing"   # "riot" in "riot-hit areas", "war" in "war-torn"
    if trig.cue in ("injure", "destroy", "loot") and tok.pos_ == "VERB":
        objs = [c for c in doccache.children(tok) if c.dep_ in ("dobj", "nsubjpass")]
        if objs and all(o.lemma_.lower() in cues["abstract_targets"] or o.lower_ in cues["abstract_targets"]
                        for o in objs):
            return False, "abstract target"
    # "the troops who toppled the regime": a government overthrown, no property destroyed
    if trig.cue == "destroy" and tok.pos_ == "VERB":
        objs = [c for c in doccache.children(tok) if c.dep_ in ("dobj", "nsubjpass")]
        if objs and all(o.lemma_.lower() in cues["overthrown_targets"] for o in objs):
            return False, "a government overthrown"
    # "trying to seize power with its weapons": no arms seized
    if trig.cue == "disrupted" and tok.pos_ == "VERB" and \
            any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in cues["seized_abstractions"]
                for c in doccache.children(tok)):
        return False, "abstract target (power seized)"
    # "concern laced with fear": only a harmful substance makes 'laced with' an attack
    if trig.cue == "attack" and tok.lemma_.lower() == "lace":
        what = [o for p in doccache.children(tok) if p.dep_ == "prep" and p.lower_ == "with"
                for o in doccache.children(p) if o.dep_ == "pobj"]
        if what and not any(w.lower_ in cues["laced_substances"] or w.lemma_.lower() in cues["laced_substances"]
                            for o in what for w in doccache.subtree(o)):
            return False, "figure of speech (laced with)"
    # "this phrase is an attack against the militarist sector": words
    if trig.cue == "attack" and tok.pos_ == "NOUN" and tok.dep_ == "attr" and tok.head.lemma_.lower() == "be" and \
            any(c.dep_ == "nsubj" and c.lemma_.lower() in cues["abstract_targets"] for c in doccache.children(tok.head)):
        return False, "an attack in words"
    if tok.lemma_.lower() in cues["object_verbs"] and tok.pos_ == "VERB" and len(trig.text.split()) == 1 and \
            not any(c.dep_ in ("dobj", "nsubjpass", "attr") for c in doccache.children(tok)):
        return False, "declares a statement, not a measure"   # "declared that the death was caused by"
    # a weapon word naming something else ("rocket fuel", "the missile project", "the bomb
    # squad") is no attack; "rocket attack", "car bomb", "missile strike" are
    if trig.cue in METHOD_CUES | {"rpg"} and tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and \
            len(trig.text.split()) == 1 and tok.head.lemma_.lower() not in cues["weapon_compound_event_heads"]:
        return False, f"weapon word naming a thing ({tok.head.lemma_})"
    # "a stage of the Condor missile travelled 160 km": a part of the weapon
    if trig.cue in METHOD_CUES | {"rpg"} and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and \
            tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in cues["weapon_part_nouns"]:
        return False, f"weapon word naming a thing ({tok.head.head.lemma_.lower()})"
    # "each bomb weighed 227 kg": the weapon described, not used
    if trig.cue in METHOD_CUES | {"rpg"} and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "nsubj" and \
            tok.head.lemma_.lower() in cues["weapon_description_verbs"]:
        return False, f"weapon described ({tok.head.lemma_.lower()})"
    # weapons named as things owned, left or found are not attacks ("weapons that included artillery")
    if trig.cue in METHOD_CUES | {"rpg"} and (tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("amod", "compound")):
        # "the confiscated Soviet missile", "25 anti-aircraft missiles have been confiscated"
        noun = tok.head if tok.dep_ in ("amod", "compound") and tok.head.pos_ == "NOUN" else tok
        if any(c.dep_ == "amod" and c.tag_ == "VBN" and c.lemma_.lower() in cues["seizure_verbs"]
               for c in doccache.children(noun)) or \
                noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in cues["seizure_verbs"]:
            return False, f"weapon as object ({noun.head.lemma_.lower() if noun.dep_ == 'nsubjpass' else 'seized'})"
        v = tok.head
        goods = set(cues["possession_nouns"])
        while v.dep_ in ("conj", "compound", "pobj", "prep", "nmod", "dobj", "appos", "nsubjpass") and \
                v.head.i != v.i and v.pos_ not in ("VERB",):
            if v.lemma_.lower() in goods and tok.dep_ in ("pobj", "conj", "compound"):
                return False, f"weapon as goods ({v.lemma_})"   # "a shipment of 400 cluster bombs"
            v = v.head
        if v.pos_ in ("VERB", "AUX") and v.lemma_.lower() in cues["possession_verbs"] and \
                tok.dep_ in ("dobj", "conj", "pobj", "compound", "nmod", "appos") and \
                not any(c.dep_ == "prt" and c.lower_ == "out" for c in doccache.children(v)):   # "carried out an air strike"
            return False, f"weapon as object ({v.lemma_})"
    # "found 103 mortar shells, 213 sticks of TNT, 15 knives ...": arms counted in an
    # inventory of what was found, seized or stolen are goods, not weapons used
    goods_word = tok.tag_ == "VBG" and tok.i + 1 < len(tok.doc) and \
        tok.doc[tok.i + 1].lemma_.lower() in cues["inventory_goods"]   # "20 detonating caps"
    if tok.pos_ != "VERB" or tok.dep_ == "amod" or goods_word or tok.lemma_.lower() in cues["inventory_verbs"]:
        if _inventory(sent):
            return False, "an inventory of arms"
    # casualty words: only as predicates, not "among dozens of bodies"
    if trig.strength < 2 and trig.family == "violence":
        if tok.pos_ == "NOUN" and tok.dep_ in ("pobj",):
            return False, "casualty word not a predicate"
    return True, ""


@lru_cache(maxsize=None)
def _summary_periods() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in _cues()["summary_periods"])


@lru_cache(maxsize=None)
def _any_summary_period() -> re.Pattern[str] | None:
    return any_of(_summary_periods())


PERIOD_NOUNS = frozenset({"summer", "winter", "spring", "autumn", "season", "year", "years", "month", "months",
                          "week", "weeks", "days", "decade"})


def _summary_or_generic(tok, sent, trig_cue: str = "") -> str:
    """Why a trigger sums up or generalises instead of telling one incident ("" if it does not):
    "a series of bombings this year", "hit by more than 20 strikes over the past week",
    "kidnappings have become common", "made gains ..., including capturing X",
    "we're in for a long summer of fighting"."""
    cues = _cues()
    low = doccache.span_lower(sent)
    periods = sent.doc.user_data.setdefault("_strife_summary_period", {})
    key = (sent.start, sent.end)
    period = periods.get(key)
    if period is None:
        joined = _any_summary_period()
        period = periods[key] = (joined.search(low) is not None if joined is not None
                                 else any(p.search(low) for p in _summary_periods()))
    if tok.pos_ == "NOUN":
        first = tok
        while first.dep_ == "conj" and first.head.pos_ == "NOUN" and first.head.i != first.i:
            first = first.head   # "a wave of crimes and terrorist attacks"
        if first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.lemma_.lower() in cues["series_nouns"]:
            return "series of incidents"
        if tok.tag_ == "NNS" and not any(c.dep_ == "nummod" for c in doccache.children(tok)) and \
                any(c.dep_ == "amod" and c.lower_ in cues["earlier_incidents_modifiers"] for c in doccache.children(tok)):
            return "summary of earlier incidents"   # "in the face of the recent terrorist attacks"
        counted = any(c.dep_ == "nummod" or c.lower_ in ("dozens", "scores", "hundreds", "several", "numerous")
                      for c in doccache.children(tok))
        if tok.tag_ == "NNS" and tok.lemma_.lower() in cues["incident_count_nouns"] and any(
                c.dep_ == "nummod" and (q := parse_quantity(c.text)) is not None and
                q.best >= int(cues["incident_count_min"]) for c in doccache.children(tok)):
            return "count of incidents"   # "have set off more than 260 bombs"
        if tok.tag_ == "NNS" and tok.dep_ == "pobj" and tok.head.lower_ == "of":
            many = tok.head.head.lower_
            if many in ("hundreds", "thousands"):
                return "count of incidents"   # "there have been hundreds of dynamite attacks"
            counted = counted or many in ("dozens", "scores")
        if tok.tag_ == "NNS" and counted and period:
            return "count of incidents over a period"
        v = tok.head
        if tok.dep_ == "nsubj" and v.lemma_.lower() in ("be", "become", "remain", "grow") and \
                any(c.dep_ in ("acomp", "attr") and c.lemma_.lower() in cues["generic_predicates"] for c in doccache.children(v)):
            return "generic statement"
        # "where the attacks have been stronger": plural incidents compared, no one incident
        if tok.dep_ == "nsubj" and tok.tag_ == "NNS" and v.lemma_.lower() in ("be", "become", "remain", "grow") and \
                any(c.dep_ == "acomp" and (c.tag_ in ("JJR", "RBR") or
                                           any(m.lower_ in ("more", "less") for m in doccache.children(c)))
                    for c in doccache.children(v)):
            return "generic statement"
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in PERIOD_NOUNS:
            root = _clause_verb(tok)
            if root.lemma_.lower() == "be" and root.tag_ in ("VBP", "VBZ"):
                return "prediction (a period ahead)"
    if tok.pos_ == "NOUN" and tok.tag_ == "NNS" and tok.dep_ == "dobj" and \
            tok.head.lemma_.lower() in cues["continuation_verbs"] and \
            not any(c.dep_ == "nummod" for c in doccache.children(tok)) and not _dated_clause(tok.head, tok.doc, None):
        return "continuing campaign"   # "these groups have continued their attacks against the country"
    if tok.pos_ == "VERB" and period and trig_cue in cues["counted_goods_cues"] and \
            any(c.dep_ == "dobj" and (c.like_num or any(g.dep_ in ("nummod", "quantmod") or g.like_num
                                                        for g in doccache.children(c)))
                for c in doccache.children(tok)):
        return "count over a period"   # "over the same period the army seized 900 rifles"
    if tok.pos_ == "VERB":   # "had been hit by more than 20 strikes over the past week"
        for c in doccache.children(tok):
            if c.dep_ == "agent":
                for o in doccache.children(c):
                    if o.dep_ == "pobj" and (_summary_or_generic(o, sent) or
                                             (o.lemma_.lower() in cues["series_nouns"] and
                                              any(x.lower_ == "of" for x in doccache.children(o)))):
                        return "count of incidents over a period"
    # "have made gains against the group, including capturing the city of X"
    prev = tok
    for a in tok.ancestors:
        if a.lemma_.lower() in cues["progress_nouns"] and prev.lower_ in ("including", "such") or \
                (prev.dep_ == "prep" and prev.lower_ in ("including",) and
                 any(c.lemma_.lower() in cues["progress_nouns"] for c in doccache.children(a))):
            return "summary of gains"
        if a.lower_ == "including" and a.head.lemma_.lower() in cues["progress_nouns"]:
            return "summary of gains"
        prev = a
        if a.dep_ == "ROOT":
            break
    return ""


def _is_claim(tok) -> bool:
    cues = _cues()
    for a in tok.ancestors:
        lemma = a.lemma_.lower()
        if lemma in cues["claim_verbs"] or lemma in ("say",):
            subj = [c for c in doccache.children(a) if c.dep_ in ("nsubj", "nsubjpass")]
            if lemma in cues["claim_verbs"]:
                if not subj or any(s.lemma_.lower() in cues["claim_sources"] or
                                   actors_mod.find_named(_phrase_text(s)) for s in subj):
                    return True
            elif subj and any(s.lemma_.lower() in ("statement", "message", "communique", "video") for s in subj):
                return True
    return False


def _aggregate_sentence(sent) -> bool:
    low = doccache.span_lower(sent)
    return bool(_aggregate_pattern().search(low)) or discourse.summed_counts(sent)


_SEGMENT_BREAK = re.compile(r",(?!\d{3}\b)|;|\s[-\u2013\u2014]\s|\b(?:bringing|taking|raising|pushing|while|whereas)\b")


def aggregate_spans(sent) -> list[tuple[int, int]]:
    """The stretches of a summing sentence that tell the total: 'Gunmen killed five villagers
    on Monday, bringing the number killed this year to 300' sums only after the comma, so
    the five stay the incident's. Character spans in the Doc's text; [] when nothing sums."""
    low = doccache.span_lower(sent)
    if not _aggregate_sentence(sent):
        return []
    campaigns = discourse.campaign_spans(sent)   # "the offensive has resulted in 305 dead"
    if campaigns and not (_aggregate_pattern().search(low) or discourse.running_total_text(low)):
        return campaigns
    base = sent.start_char
    cuts = [0] + [m.start() for m in _SEGMENT_BREAK.finditer(low)] + [len(low)]
    segs = list(zip(cuts, cuts[1:]))
    out = []
    for k, (a, b) in enumerate(segs):
        seg = low[a:b]
        if _aggregate_pattern().search(seg) or discourse.running_total_text(seg):
            # a marker with no number of its own ("So far, two deputies have been murdered",
            # "according to official figures, 600") sums what the next stretch counts
            if not _NUMBER.search(_DATE_NUMBER.sub(" ", seg)) and k + 1 < len(segs):
                b = segs[k + 1][1]
            out.append((base + a, base + b))
        elif out and out[-1][1] == base + a and _PART_OF_TOTAL.match(seg.lstrip(" ,;")):
            out[-1] = (out[-1][0], base + b)   # "..., excluding the 58 killed in ...": a part of the total
    if out:   # "two more bodies were found, taking the toll to eight": the rise of the total
        out += [(base + a, base + b) for a, b in segs if _MORE.search(low[a:b])
                and not any(x <= base + a < y for x, y in out)]
    return out + campaigns if out else [(base, base + len(low))]


# the numbers of a date ("since the offensive began on 11 November, 2,000 have died"): no count
_DATE_NUMBER = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
                          r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?\b"
                          r"|\b(?:1[89]|20)\d\d\b")
_MORE = re.compile(r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen|twenty|thirty|"
                   r"forty|fifty|a few|several|dozens|scores) (?:more|further|additional)\b")
_PART_OF_TOTAL = re.compile(r"(?:excluding|including|besides|apart from|in addition to|not counting|among them|of whom|of which)\b")
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|"
                     r"thousands?|dozens?|scores?|a few|several)\b")


def in_aggregate(count, spans: list[tuple[int, int]]) -> bool:
    return any(a <= count.start < b for a, b in spans)


@lru_cache(maxsize=None)
def _aggregate_pattern() -> re.Pattern[str]:
    return _words_pattern(_cues()["aggregate_markers"])
