"""Event extraction: from a parsed article to one record per distinct incident.

Find, then decide:
  1. `find_triggers` proposes trigger mentions from the lexicons in `data/events/`.
  2. `check_trigger` drops the ones that tell no incident (conditionals, predictions,
     threats, negations and denials, old history, abstract "fight against").
  3. `group_incidents` puts the sentences that tell one incident together and keeps
     different incidents apart.
  4. `classify_incident` picks the ACLED type and sub-type from the cues and actors;
     `build_event` fills actors, counts, date, place, GTD fields, claim, note, confidence,
     and evidence for every filled field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from . import actors as actors_mod
from . import dates as dates_mod
from . import doccache
from . import numbers as numbers_mod
from . import places as places_mod
from .actors import Actor
from .data import read_json
from .models import Article, Event, Evidence, Place, make_event_id
from .settings import Settings

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


# ---------------------------------------------------------------- lexicons

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


# ---------------------------------------------------------------- 1. find triggers

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


def _forms(tok) -> frozenset[str]:
    return _forms_of(tok.lower_, tok.lemma_, tok.pos_)


@lru_cache(maxsize=65536)
def _forms_of(lower: str, lemma: str, pos: str) -> frozenset[str]:
    forms = {lower, lemma.lower()}
    if pos in ("NOUN", "PROPN") and len(lower) > 4 and lower.endswith("s"):
        forms.add(lower[:-1])   # the lemmatiser leaves title-case plurals ("Warplanes") alone
    if pos == "VERB":   # "fire/v" in a lexicon matches only the verb
        forms |= {f + "/v" for f in forms}
    return frozenset(forms)


_FORMS_BY_ID: dict[tuple[int, int, int], frozenset[str]] = {}


def _doc_forms(doc) -> list[frozenset[str]]:
    """Every token's lexicon forms, by token index: computed once per Doc (cached on it)."""
    key = "_strife_forms"
    forms = doc.user_data.get(key)
    if forms is None:
        # keyed on string ids (ints read straight off the token), strings looked up once per word
        strings = doc.vocab.strings
        cache = _FORMS_BY_ID
        forms = []
        for t in doccache.tokens(doc):
            k = (t.lower, t.lemma, t.pos)
            f = cache.get(k)
            if f is None:
                if len(cache) >= 65536:
                    cache.clear()
                f = cache[k] = _forms_of(strings[t.lower], strings[t.lemma], t.pos_)
            forms.append(f)
        doc.user_data[key] = forms
    return forms


def _text(doc) -> str:
    """The Doc's text, joined once per Doc (spaCy rebuilds `Doc.text` on every access)."""
    return doccache.doc_text(doc)


def _sents(doc) -> list:
    """The Doc's sentences as a list, computed once per Doc (cached on it)."""
    return doccache.sentences(doc)


def _match_at(tokens: list, i: int, pattern: tuple, forms: list[frozenset[str]]) -> list[int] | None:
    """Indices (into `tokens`) matched by `pattern` starting at i, or None;
    `forms` are the Doc's token forms (`_doc_forms`)."""
    matched: list[int] = []
    j = i
    gap = 0
    n = len(tokens)
    for alts in pattern:
        if alts is None:
            gap = 5
            continue
        found = None
        for jj in range(j, min(n, j + gap + 1)):
            tok = tokens[jj]
            if not forms[tok.i].isdisjoint(alts):
                found = jj
                break
            if jj != i and tok.is_sent_start:
                break
        if found is None:
            return None
        matched.append(found)
        j = found + 1
        gap = 0
    return matched


def _phrase_head(toks: list):
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return toks[0]


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
        for si, sent in enumerate(_sents(doc)):
            for tok in doccache.span_tokens(sent):
                if tok.pos_ == "VERB" and tok.lemma_.lower() in gathering and any(
                        c.dep_ in ("advcl", "xcomp", "conj") and c.lemma_.lower() in demanding for c in tok.children):
                    found.append((1, [tok], term, si))
    # longest first; drop a match whose tokens all lie inside a longer match of another term
    found.sort(key=lambda f: (-f[0], f[1][0].i))
    kept: list[tuple[list, _Term, int]] = []
    seen: set[tuple[str, tuple[int, ...]]] = set()
    for n, toks, term, si in found:
        ids = tuple(t.i for t in toks)
        if (term.cue, ids) in seen:
            continue
        covered = any(set(ids) <= {t.i for t in k[0]} and len(k[0]) > n for k in kept)
        if covered:
            continue
        seen.add((term.cue, ids))
        kept.append((toks, term, si))
    excl = _exclusions()
    sents = _sents(doc)
    out = []
    for toks, term, si in kept:
        if excl.get(term.cue) and _excluded(toks, sents[si], excl[term.cue], forms):
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        out.append(Trigger(term.cue, term.strength, term.family, start, end,
                           _text(doc)[start:end], _phrase_head(toks), si))
    out.sort(key=lambda t: (t.start, -t.strength))
    return out


def _excluded(toks: list, sent, index: "_TermIndex", forms: list[frozenset[str]]) -> bool:
    """Whether the trigger's tokens are part of one of its cue's exclusion phrases."""
    tokens = doccache.undashed_tokens(sent)
    ids = {t.i for t in toks}
    for i, t in enumerate(tokens):
        cands = {id(p): p for f in forms[t.i] for _label, p in index.by_first.get(f, ())}
        for pat in cands.values():
            m = _match_at(tokens, i, pat, forms)
            if m is not None and ids & {tokens[x].i for x in m}:
                return True
    return False


# ---------------------------------------------------------------- 2. is it an incident?

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
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    for p in tok.children:
        if p.dep_ in ("prep", "agent") and p.lower_ in ("of", "from", "into", "through", "in", "out", "over", "to"):
            objs.extend(c for c in p.children if c.dep_ == "pobj")
            for pp in p.children:
                if pp.dep_ == "prep":
                    objs.extend(c for c in pp.children if c.dep_ == "pobj")
    if tok.dep_ in ("amod", "compound") and tok.head.pos_ in ("NOUN", "PROPN"):
        objs.append(tok.head)
    if tok.pos_ in ("NOUN",) and tok.dep_ in ("nsubj", "nsubjpass"):
        pass
    for o in objs:
        for t in doccache.subtree(o):
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


def _history(tok, sent, published: str | None) -> bool:
    verb = _clause_verb(tok)
    # the trigger's own clause: the verb's words less the clauses hanging off it ("held a
    # sit-in, denouncing the closure since the start of the outbreak") that do not hold it
    inner: set[int] = set()
    for c in verb.children:
        if c.dep_ in _SUBORDINATE_DEPS and not (c.left_edge.i <= tok.i <= c.right_edge.i):
            inner.update(range(c.left_edge.i, c.right_edge.i + 1))
    subtree = doccache.subtree(verb)
    clause = " ".join(t.lower_ for t in subtree if t.i not in inner)
    whole = doccache.span_lower(sent)
    embedded = verb.dep_ not in ("ROOT",)
    in_clause, in_sentence = _history_patterns()
    if in_clause.search(clause) or (embedded and in_sentence.search(whole)):
        return True
    # a year named as a date ("in 2004"), not a count ("2000 workers"), before the reference year
    years = [int(t.text) for t in subtree if t.ent_type_ == "DATE" and _YEAR.fullmatch(t.text)]
    if not years:
        return False
    ref = published or _reference_date(sent.doc)
    pub_year = int(ref[:4]) if ref and ref[:4].isdigit() else None
    return bool(pub_year) and any(y < pub_year for y in years)


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
    if any(c.dep_ in ("neg", "det", "preconj") and c.lower_ in neg for c in tok.children):
        return False, "negated"
    for c in tok.children:
        if c.dep_ == "amod" and c.lemma_.lower() in cues["hypothetical_modifiers"]:
            return False, "hypothetical modifier"
    # abstract uses ("the fight against the group")
    after = _text(doc)[trig.start: trig.start + 40].lower()
    before = _text(doc)[max(sent.start_char, trig.start - 25): trig.end].lower()
    for ph in cues["abstract_phrases"]:
        if after.startswith(ph) or before.endswith(ph):
            return False, "abstract"
    # what a protest is about is not a second incident ("protested against the arrest of")
    if trig.family != "protest" or trig.cue in ("intervention", "excessive"):
        for a in tok.ancestors:
            if a.lemma_.lower() in cues["grievance_heads"] and a.i != tok.i:
                return False, f"grievance ({a.lemma_})"
            if a.dep_ == "ROOT":
                break
    # a reference to an incident told elsewhere ("claimed responsibility for three bombings")
    for a in tok.ancestors:
        if a.lemma_.lower() in cues["reference_heads"]:
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
        kids = list(v.children)
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
        result_clause = v.dep_ == "advcl" and v.tag_ == "VBG" and not infinitive   # ", injuring two"
        if h.lemma_.lower() in intent and v.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "pcomp", "advcl") and \
                not result_clause:
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
    why = _summary_or_generic(tok, sent)
    if why:
        return False, why
    if trig.family == "territory" and trig.cue in cues["territory_cues_need_place"]:
        if not _has_place(tok, doc, place_spans):
            return False, "no place taken"
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
    # weapons named as things owned, left or found are not attacks ("weapons that included artillery")
    if trig.cue in METHOD_CUES | {"rpg"} and tok.pos_ in ("NOUN", "PROPN"):
        v = tok.head
        while v.dep_ in ("conj", "compound", "pobj", "prep", "nmod", "dobj") and v.head.i != v.i and \
                v.pos_ not in ("VERB",):
            v = v.head
        if v.pos_ in ("VERB", "AUX") and v.lemma_.lower() in cues["possession_verbs"] and \
                tok.dep_ in ("dobj", "conj", "pobj", "compound", "nmod"):
            return False, f"weapon as object ({v.lemma_})"
    # casualty words: only as predicates, not "among dozens of bodies"
    if trig.strength < 2 and trig.family == "violence":
        if tok.pos_ == "NOUN" and tok.dep_ in ("pobj",):
            return False, "casualty word not a predicate"
    return True, ""


@lru_cache(maxsize=None)
def _summary_periods() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in _cues()["summary_periods"])


PERIOD_NOUNS = frozenset({"summer", "winter", "spring", "autumn", "season", "year", "years", "month", "months",
                          "week", "weeks", "days", "decade"})


def _summary_or_generic(tok, sent) -> str:
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
        period = periods[key] = any(p.search(low) for p in _summary_periods())
    if tok.pos_ == "NOUN":
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in cues["series_nouns"]:
            return "series of incidents"
        counted = any(c.dep_ == "nummod" or c.lower_ in ("dozens", "scores", "hundreds", "several", "numerous")
                      for c in tok.children)
        if tok.tag_ == "NNS" and counted and period:
            return "count of incidents over a period"
        v = tok.head
        if tok.dep_ == "nsubj" and v.lemma_.lower() in ("be", "become", "remain", "grow") and \
                any(c.dep_ in ("acomp", "attr") and c.lemma_.lower() in cues["generic_predicates"] for c in v.children):
            return "generic statement"
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in PERIOD_NOUNS:
            root = _clause_verb(tok)
            if root.lemma_.lower() == "be" and root.tag_ in ("VBP", "VBZ"):
                return "prediction (a period ahead)"
    if tok.pos_ == "VERB":   # "had been hit by more than 20 strikes over the past week"
        for c in tok.children:
            if c.dep_ == "agent":
                for o in c.children:
                    if o.dep_ == "pobj" and (_summary_or_generic(o, sent) or
                                             (o.lemma_.lower() in cues["series_nouns"] and
                                              any(x.lower_ == "of" for x in o.children))):
                        return "count of incidents over a period"
    # "have made gains against the group, including capturing the city of X"
    prev = tok
    for a in tok.ancestors:
        if a.lemma_.lower() in cues["progress_nouns"] and prev.lower_ in ("including", "such") or \
                (prev.dep_ == "prep" and prev.lower_ in ("including",) and
                 any(c.lemma_.lower() in cues["progress_nouns"] for c in a.children)):
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
            subj = [c for c in a.children if c.dep_ in ("nsubj", "nsubjpass")]
            if lemma in cues["claim_verbs"]:
                if not subj or any(s.lemma_.lower() in cues["claim_sources"] or
                                   actors_mod.find_named(_phrase_text(s)) for s in subj):
                    return True
            elif subj and any(s.lemma_.lower() in ("statement", "message", "communique", "video") for s in subj):
                return True
    return False


# ---------------------------------------------------------------- 3. group into incidents

@dataclass
class Incident:
    """The trigger mentions and sentences that tell one incident."""

    triggers: list[Trigger] = field(default_factory=list)
    sents: list[int] = field(default_factory=list)

    @property
    def strong(self) -> list[Trigger]:
        return [t for t in self.triggers if t.strength >= 2]

    @property
    def families(self) -> set[str]:
        return {t.family for t in (self.strong or self.triggers)}

    @property
    def first(self) -> int:
        return min(self.sents)


COMPATIBLE = {
    "violence": {"violence", "territory", "property"},
    "territory": {"violence", "territory", "property"},
    "protest": {"protest", "arrest", "property", "violence"},
    "arrest": {"protest", "arrest", "property", "disrupted"},
    "property": {"property", "violence", "territory", "arrest", "protest"},
    "disrupted": {"disrupted", "arrest", "violence"},
    "change": {"change", "other"},
    "agreement": {"agreement"},
    "other": {"other", "change"},
}


def _sentence_places(sent, place_spans: list[tuple[int, int]]) -> set[str]:
    """Places below country level where the sentence puts something ("in X", "at X");
    countries and names used as epithets ("the 'Gateway of Baghdad'") do not tell sites apart.
    (Cached on the Doc per sentence and place list; callers get their own copy.)"""
    cache = sent.doc.user_data.setdefault("_strife_sentence_places", {})
    key = (sent.start, sent.end, tuple(place_spans))
    found = cache.get(key)
    if found is None:
        found = cache[key] = frozenset(_find_sentence_places(sent, place_spans))
    return set(found)


def _find_sentence_places(sent, place_spans: list[tuple[int, int]]) -> set[str]:
    preps = set(_cues()["locative_preps"])
    doc = sent.doc
    lo, hi = sent.start_char, sent.end_char
    spans = [(s, e) for s, e in place_spans if lo <= s < hi]
    spans += [(e.start_char, e.end_char) for e in dates_mod.span_ents(sent) if e.label_ in ("GPE", "LOC", "FAC")]
    countries = {c.text.lower() for c in actors_mod.find_countries(doccache.text_of(sent))}
    speakers = set(places_mod.event_cues()["speaker_verbs"])
    out = set()
    for s, e in spans:
        name = _text(doc)[s:e].lower()
        if name in countries or name.startswith("the "):
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        # "a police spokesman in Gusau said": where the speaker is, not where it happened
        if any(a.dep_ in ("nsubj", "nsubjpass") and a.head.lemma_.lower() in speakers
               for a in [head, *head.ancestors]):
            continue
        t, ok = head, False
        for _ in range(4):
            if t.dep_ == "pobj" and t.head.lower_ in preps:
                ok = t.head.lower_ != "of" or t.head.head.lemma_.lower() in ("city", "town", "village", "district", "province", "area")
                break
            if t.dep_ in ("compound", "appos", "conj", "pobj", "prep") and t.head.i != t.i:
                t = t.head
                continue
            if t.dep_ in ("dobj", "nsubj", "nsubjpass"):
                ok = True
            break
        if ok:
            out.add(name)
    return out


@lru_cache(maxsize=None)
def _new_marker_pattern() -> re.Pattern[str]:
    markers = [m for m in _cues()["new_incident_markers"] if m != "another"]
    if not markers:
        return re.compile(r"(?!x)x")
    return re.compile(r"\W*(?:" + "|".join(re.escape(m) for m in markers) + r")\b")


_ADDING_STARTS = ("also", "in addition", "additionally", "second", "third")
_ORDINAL_MARKERS = frozenset(("another", "second", "third", "fourth"))


def _new_marker(sent, follow_up: bool = False) -> bool:
    """Does the sentence open a new incident ("Later, ...", "In a separate attack", "another
    bomb")? In a `follow_up` sentence, which only adds people hit in the incident before
    ("In addition, a guard was shot and injured"), words that add ("also", "in addition")
    add victims, not incidents."""
    head = doccache.span_lower(sent)[:40]
    m = _new_marker_pattern().match(head)
    if m and not (follow_up and m.group(0).strip(" \t\n,.;:").lower() in _ADDING_STARTS):
        return True
    for t in sent:
        low = t.lower_
        if low in _ORDINAL_MARKERS and ((low == "another" and t.dep_ == "det") or
                                        (low != "another" and t.dep_ == "amod")):
            if _marks_other_incident(t.head):   # "a second bomb", but not "a second soldier was hurt"
                return True
        if low in ("separately", "elsewhere"):
            return True
        if low in ("also", "later") and t.dep_ == "advmod" and t.head.dep_ == "ROOT" and not follow_up:
            return True
    return False


def _marks_other_incident(noun) -> bool:
    """'another attack', 'a second bomb', 'another village', 'a second group of gunmen' tell of
    another incident; 'another employee', 'a second soldier was wounded' add people hit in the
    same one, and 'another vehicle' one more thing hit."""
    lemma = noun.lemma_.lower()
    cues = _cues()
    if lemma in cues["anaphoric_nouns"] or lemma in cues["place_nouns"] or lemma in _weapon_nouns() or \
            lemma in _INCIDENT_WORDS:
        return True
    klass = actors_mod.class_of_phrase(noun.text, noun.lemma_)
    if klass is None or not klass.get("armed"):
        return False
    # an armed actor hit ("a second soldier was injured") adds a victim; one acting, an incident
    return noun.dep_ not in ("nsubjpass", "dobj", "pobj", "appos")


_INCIDENT_WORDS = frozenset(("device", "bomb", "incident", "attempt", "wave", "round", "day", "night",
                             "gunman", "shooter", "attacker", "assailant", "bomber"))


def _anaphoric(sent) -> bool:
    """Does the sentence point back at an incident told before ("in the attack", "this
    bombing", "the shooting spree")?"""
    nouns = set(_cues()["anaphoric_nouns"])
    for t in sent:
        if t.lemma_.lower() not in nouns:
            continue
        phrase_head = t.head if t.dep_ == "compound" and t.head.i > t.i else t
        if any(c.lower_ in ("the", "this", "that", "these") for c in phrase_head.children):
            return True
    return False


def _follow_up(sent, trigs: list[Trigger], counts: list) -> bool:
    """Does the sentence only tell who else was hit in the incident told before it? Its
    counts are all perpetrators ("The gunman shot and killed himself", "Both assailants were
    killed in a shootout with police") or additions ("Two other guards were also wounded"),
    or it reports people hit as the subject of a passive or intransitive casualty verb
    ("In addition, a guard was shot and injured", "A passenger was also hurt")."""
    positive = [c for c in counts if c.quantity.best > 0 and not c.subset and c.role in ("killed", "injured")]
    if positive and all(c.perpetrators for c in positive):
        return True
    if positive and all(c.additional or c.perpetrators for c in positive):
        return True
    if not positive:
        return False
    root = sent.root
    if root.lemma_.lower() in _VICTIM_SUBJECT_VERBS and any(c.lower_ in ("also", "too") for c in root.children):
        return True   # "Four postal workers, who worked there, also contracted anthrax"
    heads = {t.head.i for t in trigs if t.cue in ("kill", "injure", "attack")}
    verbs = [root] + [c for c in root.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in root.children)
    intransitive = root.lemma_.lower() in ("die", "succumb", "suffer", "sustain")
    return (passive or intransitive) and any(v.i in heads for v in verbs)


def _perpetrator_fate(counts: list) -> bool:
    """All the people the sentence counts as hit are the attackers themselves."""
    positive = [c for c in counts if c.quantity.best > 0 and not c.subset and c.role in ("killed", "injured")]
    return bool(positive) and all(c.perpetrators for c in positive)


METHOD_CUES = frozenset(c for c, _ in METHOD_SUBTYPES)
# a suicide bomber "detonates an explosive vest": one method told two ways
METHOD_GROUP = {"suicide": "bomb", "ied": "bomb"}
NEAR_KM = 30.0   # places closer than this are one site for grouping (a district of the same town)


def _continues(sent, inc_sents: list) -> bool:
    """'The rioters blocked ...', 'The attacker detonated ...': a definite subject that repeats
    a noun of the incident told just before continues that incident."""
    dets = set(_cues()["continuation_dets"])
    subj = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "NOUN" and
            any(c.dep_ == "det" and c.lower_ in dets for c in t.children)]
    if not subj:
        return False
    lemmas = {t.lemma_.lower() for s in inc_sents for t in s if t.pos_ in ("NOUN", "PROPN")}
    kinds = set(_cues()["anaphoric_nouns"])
    for t in subj:
        lemma = t.lemma_.lower()
        if lemma in lemmas and (lemma in kinds or actors_mod.class_of_phrase(t.text, t.lemma_) is not None):
            return True
        # "the attacker" after "a suicide bomber": any actor noun of the same class
        if actors_mod.class_of_phrase(t.text, t.lemma_) is not None and lemma in ("attacker", "assailant", "bomber",
                                                                                "gunman", "perpetrator"):
            return True
    return False


def _far_apart(new: set[str], known: set[str], coords: dict[str, tuple[float, float]]) -> bool:
    """Has the story moved to another site? Resolved places count by distance; an unresolved
    part of a town ("Kenyatta Avenue", "the Mirpur area") is no move, another unresolved name is."""
    if not new or not known or new & known:
        return False
    # "New York" after "New York City", "Kabul" after "Kabul city": one name told shorter
    if any(n.startswith(k + " ") or k.startswith(n + " ") for n in new for k in known):
        return False
    subsite = set(_cues()["subsite_nouns"])
    if not coords or any(n not in coords and n.split()[-1] not in subsite for n in new):
        return True
    pn = [coords[n] for n in new if n in coords]
    pk = [coords[k] for k in known if k in coords]
    if not pn or not pk:
        return False
    from .evaluate import haversine_km   # noqa: PLC0415 (one formula, kept in one place)
    return all(haversine_km(a[0], a[1], b[0], b[1]) > NEAR_KM for a in pn for b in pk)


def _dates_in(sent) -> list:
    """The dates found in a sentence (cached on the Doc; read with the article's publication date)."""
    key = "_strife_dates"
    doc = sent.doc
    cache = doc.user_data.setdefault(key, {})
    if sent.start not in cache:
        cache[sent.start] = dates_mod.find_dates(sent, doc.user_data.get("_strife_published"))
    return cache[sent.start]


def _sentence_dates(sent) -> set[str]:
    return {d.date for d in _dates_in(sent) if d.precision == "day"}


def _opens_with_date(sent) -> bool:
    """'Last week, ...', 'Earlier Sunday, ...': a sentence that opens a new time frame."""
    found = _dates_in(sent)
    lead = sent[: min(len(sent), 4)]
    return any(d.start <= lead.end_char and d.start - sent.start_char <= 12 for d in found)


def group_incidents(doc, triggers: list[Trigger], counts_by_sent: dict[int, list],
                    place_spans: list[tuple[int, int]] = (), places: list[Place] = (),
                    count_only: set[int] = frozenset()) -> list[Incident]:
    """Sentences of one incident together; a new incident where the story moves on:
    a marker ("Later", "another"), another site, another method, another toll, another day.

    `count_only` sentences have casualty counts but no trigger ("The woman suffered cuts to
    her face"): one joins the violent incident told at most two sentences before it, in the
    same paragraph, when it names no date or place of its own; else it is left out."""
    sents = _sents(doc)
    by_sent: dict[int, list[Trigger]] = {}
    for t in triggers:
        if t.valid:
            by_sent.setdefault(t.sent_index, []).append(t)
    for si in count_only:
        by_sent.setdefault(si, [])
    incidents: list[Incident] = []
    weak_only: list[Incident] = []
    last: Incident | None = None
    coords = {_text(doc)[p.start:p.end].lower(): (p.latitude, p.longitude) for p in places
              if p.latitude is not None and p.source != "demonym"}
    places_of: dict[int, set[str]] = {}
    days: dict[int, set[str]] = {}

    def compatible(inc: Incident, fams: set[str]) -> bool:
        return any(fams & COMPATIBLE.get(f, {f}) for f in inc.families)

    def add(inc: Incident, si: int, trigs: list[Trigger]) -> None:
        inc.triggers.extend(trigs)
        inc.sents.append(si)
        places_of.setdefault(id(inc), set()).update(_sentence_places(sents[si], place_spans))
        days.setdefault(id(inc), set()).update(_sentence_dates(sents[si]))

    for si in sorted(by_sent):
        trigs = by_sent[si]
        sent = sents[si]
        strong = [t for t in trigs if t.strength >= 2]
        counts = counts_by_sent.get(si, [])
        if not trigs:   # a count-only sentence
            hit = [c for c in counts if c.quantity.best > 0 and not c.subset and
                   c.role in ("killed", "injured", "displaced")]
            if hit and last is not None and compatible(last, {"violence"}) and \
                    0 < si - max(last.sents) <= 2 and _same_block(doc, sents, max(last.sents), si) and \
                    not _dates_in(sent) and not _sentence_places(sent, place_spans) and \
                    not _new_marker(sent, follow_up=True) and not _aggregate_sentence(sent):
                add(last, si, [])
            continue
        if not strong:
            dup = _duplicate_of(incidents, counts, counts_by_sent)
            if dup is not None:
                add(dup, si, trigs)
                last = dup
            elif last is not None and si - max(last.sents) <= 1 and _same_block(doc, sents, max(last.sents), si):
                add(last, si, trigs)
            else:
                inc = Incident([], [])
                add(inc, si, trigs)
                weak_only.append(inc)
            continue
        fams = {t.family for t in strong}
        attach = False
        if last is not None and last.strong:
            last_strong = max(t.sent_index for t in last.strong)
            near = si - last_strong <= 2 and _same_block(doc, sents, last_strong, si)
            sp = _sentence_places(sent, place_spans)
            known = places_of.get(id(last), set())
            continues = _continues(sent, [sents[x] for x in last.sents])
            moved = _far_apart(sp, known, coords) and not continues
            new_day = bool(_sentence_dates(sent)) and bool(days.get(id(last))) and \
                not (_sentence_dates(sent) & days[id(last)])
            methods_now = {METHOD_GROUP.get(t.cue, t.cue) for t in strong if t.cue in METHOD_CUES}
            methods_before = {METHOD_GROUP.get(t.cue, t.cue) for t in last.strong if t.cue in METHOD_CUES}
            other_method = bool(methods_now) and bool(methods_before) and not (methods_now & methods_before)
            # who else was hit in the incident just told: the attackers themselves, more victims
            follow = compatible(last, {"violence"}) and _follow_up(sent, trigs, counts)
            # a toll of its own (not the attackers', not "also", not one person named) is another incident
            roles_now = {c.role for c in counts if c.quantity.best > 0 and not c.subset and not c.implicit
                         and not c.perpetrators and not c.additional}
            roles_before = {c.role for s2 in last.sents for c in counts_by_sent.get(s2, [])
                            if c.quantity.best > 0 and not c.subset and not c.implicit and not c.perpetrators}
            own_toll = not follow and bool(roles_now & roles_before) and \
                _duplicate_of([last], counts, counts_by_sent) is None
            new_day = new_day or _opens_with_date(sent)
            # a party's own claim stays apart from what others report
            claim_split = all(t.claimed for t in strong) != all(t.claimed for t in last.strong)
            marker = _new_marker(sent, follow_up=follow)
            if near and (compatible(last, fams) or continues) and not marker and not moved \
                    and not other_method and not own_toll and not new_day and not claim_split:
                attach = True
            elif (_anaphoric(sent) or follow) and compatible(last, fams) and si - last_strong <= 6 and \
                    not marker and not moved and not own_toll and not claim_split and \
                    (not other_method or _perpetrator_fate(counts)):
                attach = True
        if not attach:
            dup = _duplicate_of(incidents, counts, counts_by_sent)
            if dup is not None and not _new_marker(sent, follow_up=_follow_up(sent, trigs, counts)) and \
                    compatible(dup, fams):
                last, attach = dup, True
        if attach and last is not None:
            add(last, si, trigs)
        else:
            inc = Incident([], [])
            add(inc, si, trigs)
            incidents.append(inc)
            last = inc
    # casualty reports without a trigger of their own: the incident they repeat, else the
    # lead incident (a toll told apart usually sums up the main story); dropped if no number
    for w in weak_only:
        has_count = any(c.quantity.best > 0 for s in w.sents for c in counts_by_sent.get(s, []))
        if not incidents:
            incidents.append(w)
            continue
        if not has_count:
            continue
        lead = next((i for i in incidents if compatible(i, {"violence"})), None)
        if lead is None:
            incidents.append(w)
            continue
        for si in w.sents:
            add(lead, si, [t for t in w.triggers if t.sent_index == si])
    incidents.sort(key=lambda i: i.first)
    return incidents


def _same_block(doc, sents, a: int, b: int) -> bool:
    """Sentences a..b lie in one paragraph or two adjacent ones."""
    between = _text(doc)[sents[a].end_char: sents[b].start_char]
    return between.count("\n\n") <= 1


def _duplicate_of(incidents: list[Incident], counts: list, counts_by_sent: dict[int, list]) -> Incident | None:
    """An earlier incident that already reports one of these (role, number) figures."""
    keys = {(c.role, c.quantity.best) for c in counts if c.quantity.best > 1 and not c.implicit}
    if not keys:
        return None
    for inc in incidents:
        for s in inc.sents:
            for c in counts_by_sent.get(s, []):
                if (c.role, c.quantity.best) in keys:
                    return inc
    return None


# ---------------------------------------------------------------- actors of a trigger

def _phrase_text(tok) -> str:
    # keep the noun phrase: left modifiers, the noun, "of"-complements
    left = [t for t in tok.lefts]
    lo = min([tok.i] + [t.left_edge.i for t in left])
    hi = tok.i
    for r in tok.rights:
        if r.dep_ in ("prep",) and r.lower_ in ("of",) or r.dep_ in ("compound", "cc", "conj", "nummod", "amod"):
            hi = max(hi, r.right_edge.i)
    return doccache.text_of(tok.doc[lo: hi + 1])


def _phrase_span(tok) -> tuple[int, int]:
    left = [t for t in tok.lefts]
    lo = min([tok.i] + [t.left_edge.i for t in left])
    hi = tok.i
    for r in tok.rights:
        if r.dep_ in ("prep",) and r.lower_ in ("of",) or r.dep_ in ("compound", "cc", "conj", "nummod", "amod"):
            hi = max(hi, r.right_edge.i)
    doc = tok.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _subject_phrase(tok):
    """The doer of a verb trigger (walking up conjunctions and participles)."""
    t = tok
    for _ in range(4):
        subj = [c for c in t.children if c.dep_ in ("nsubj",)]
        if subj:
            return subj[0]
        agent = [c for c in t.children if c.dep_ == "agent"]
        if agent:
            pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
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
_VICTIM_SUBJECT_VERBS = frozenset(("die", "succumb", "perish", "drown", "suffer", "sustain", "contract",
                                   "incur"))


def _agent_and_target(tok):
    """(agent token, target token) around a trigger, either may be None."""
    agent = target = None
    for _ in range(4):   # the first-listed object of "fire" etc. is a verb phrase: climb particles
        break
    if tok.pos_ in ("VERB", "AUX"):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if tok.lemma_.lower() in _VICTIM_SUBJECT_VERBS:   # "three policemen died": the subject was hit
            target = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        elif passive:
            for c in tok.children:
                if c.dep_ == "agent":
                    agent = next((p for p in c.children if p.dep_ == "pobj"), None)
                if c.dep_ == "nsubjpass":
                    target = c
        else:
            agent = _subject_phrase(tok)
            target = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if target is None:
            preps = {c.lower_: c for c in tok.children if c.dep_ == "prep"}
            for word in ("on", "at", "against", "upon", "into", "between", "with"):
                if word in preps:
                    # "on Saturday", "at the market": a time or a place, not whom it was aimed at
                    target = next((p for p in preps[word].children if p.dep_ == "pobj" and
                                   p.ent_type_ not in ("DATE", "TIME", "GPE", "LOC", "FAC")), None)
                    if target is not None:
                        break
    else:
        own = actors_mod.normalise_actor(_phrase_text(tok), head=tok.lemma_)
        if own is not None and own.armed and own.klass in ("armed", "named"):
            agent = tok
        weapon_word = tok.lemma_.lower() in _weapon_nouns()
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "poss", "nmod") and c.pos_ in ("PROPN", "NOUN", "ADJ", "PRON"):
                if c.lemma_.lower() in _weapon_nouns() or weapon_word and c.dep_ == "compound" and \
                        c.lemma_.lower() in ("artillery", "army", "military"):
                    continue   # "artillery shells" name the weapon, not who fired it
                if actors_mod.normalise_actor(_phrase_text(c), head=c.lemma_) is not None:
                    agent = c
            if c.dep_ == "prep" and c.lower_ == "by":
                agent = next((p for p in c.children if p.dep_ == "pobj"), agent)
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting", "at", "between", "with"):
                target = next((p for p in c.children if p.dep_ == "pobj"), target)
            if c.dep_ in ("acl",) and c.lemma_.lower() in ("target", "hit", "kill"):
                target = next((p for p in c.children if p.dep_ == "dobj"), target)
        h = tok.head
        if tok.dep_ in ("dobj", "attr") and h.pos_ in ("VERB", "AUX") and agent is None:
            if h.lemma_.lower() in _VICTIM_SUBJECT_VERBS:   # "workers contracted anthrax"
                target = target or next((c for c in h.children if c.dep_ == "nsubj"), None)
            else:
                agent = _subject_phrase(h)
        if tok.dep_ in ("nsubj",) and h.pos_ in ("VERB",):
            target = target or next((c for c in h.children if c.dep_ == "dobj"), None)
        if tok.dep_ == "pobj" and h.lower_ == "by" and h.head.pos_ == "VERB":
            target = target or next((c for c in h.head.children if c.dep_ == "nsubjpass"), None)
        if tok.dep_ == "pobj" and h.lower_ in ("with", "in", "during") and h.head.pos_ in ("VERB",) and agent is None:
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
    if any(c.dep_ == "conj" for c in tok.children):
        lo = min([tok.i] + [c.left_edge.i for c in tok.lefts])
        first = actors_mod.normalise_actor(tok.doc[lo:tok.i + 1].text, head=head, country=country,
                                           start=s, end=e)
        if first is not None:
            return first
    # coordinated modifiers, "Iraq's military and tribal groups": the first modifier's reading
    mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound") and any(g.dep_ == "conj" for g in c.children)]
    if mods:
        drop = {g.i for m in mods for c in m.children if c.dep_ in ("conj", "cc") for g in doccache.subtree(c)}
        lo = min([tok.i] + [c.left_edge.i for c in tok.lefts])
        words = [t.text for t in tok.doc[lo:tok.i + 1] if t.i not in drop]
        first = actors_mod.normalise_actor(" ".join(words), head=head, country=country, start=s, end=e)
        if first is not None:
            return replace(first, text=_text(tok.doc)[s:e])   # evidence: the phrase as written
    return actors_mod.normalise_actor(text, head=head, country=country, start=s, end=e)


# ---------------------------------------------------------------- 4. classify

PROTEST_GROUPS = {"protest"}


def classify_incident(inc: Incident, agent: Actor | None, target: Actor | None,
                      label_hint: str | None = None) -> tuple[str, Trigger]:
    """ACLED sub-type of an incident, and the trigger that decided it."""
    lead_sent = min(t.sent_index for t in (inc.strong or inc.triggers))
    later_ok = {"protest", "riot", "intervention", "excessive", "arrest", "kill", "injure", "mob"}
    trigs = [t for t in inc.triggers if t.sent_index == lead_sent or t.cue in later_ok]
    cues = {t.cue for t in trigs}
    anchor_sent = lead_sent
    first = [t for t in trigs if t.sent_index == anchor_sent] or trigs
    by = {c: [t for t in trigs if t.cue == c] for c in cues}

    def pick(*names: str) -> Trigger:
        for t in first:
            if t.cue in names:
                return t
        for t in trigs:
            if t.cue in names:
                return t
        return trigs[0]

    if label_hint and label_hint in EVENT_TYPE_OF:
        return label_hint, pick(*cues) if cues else trigs[0]
    crowd = agent is not None and agent.klass in ("rioters",)
    if "intervention" in cues or "arrest" in cues:
        # police action counts only when aimed at the protest, not an arrest it is about
        keep = [t for t in trigs if t.cue not in ("intervention", "arrest") or _aimed_at_protest(t)]
        if "protest" in cues and len(keep) < len(trigs):
            trigs = keep
            cues = {t.cue for t in trigs}
    if "protest" in cues:
        # violence told inside what the protest is about ("for the replacement of a burnt
        # transformer", "the family of a constable who was shot dead") is no rioting
        told = [t for t in trigs if t.cue not in ("riot", "destroy", "attack", "clash", "kill") or _told_as_deed(t)]
        tcues = {t.cue for t in told}
        if "riot" in tcues or ("destroy" in tcues and _rioting(told)) or \
                (tcues & {"attack", "clash"} and _rioting(told)):
            return "Violent demonstration", pick("riot", "protest")
        if "excessive" in cues or ("kill" in cues and ("intervention" in cues or _state_shoots(trigs))):
            return "Excessive force against protesters", pick("excessive", "kill", "protest")
        if any(t.cue in ("intervention", "arrest") for t in trigs if t.cue != "intervention" or _aimed_at_protest(t)):
            return "Protest with intervention", pick("protest")
        return "Peaceful protest", pick("protest")
    if "mob" in cues:
        return "Mob violence", pick("mob")
    if "riot" in cues and not (cues & {"air", "shelling", "ied", "suicide"}):
        if crowd and not any(t.head.lemma_.lower() in ("riot", "rioter", "rioting") for t in by["riot"]):
            return "Mob violence", pick("riot")
        return "Violent demonstration", pick("riot")
    civil_agent = agent is not None and agent.klass in ("civilians", "rioters", "protesters")
    if "disrupted" in cues:
        return "Disrupted weapons use", pick("disrupted")
    methods = [t for t in first if t.cue in dict(METHOD_SUBTYPES)] or \
        [t for t in trigs if t.cue in dict(METHOD_SUBTYPES)]
    # an explicit clash or small-arms exchange in the lead sentence is a battle even when
    # artillery or a mine is named in it; air strikes and suicide bombs keep their method
    if methods and any(t.cue == "clash" for t in first) and \
            not any(t.cue in ("air", "suicide", "chemical") for t in methods):
        methods = []
    if methods:
        order = [c for c, _ in METHOD_SUBTYPES]
        if "suicide" in {t.cue for t in methods}:
            best = next(t for t in methods if t.cue == "suicide")
        elif "chemical" in {t.cue for t in methods}:
            best = next(t for t in methods if t.cue == "chemical")
        else:
            # the method named first, air before shelling when both are in one phrase
            best = min(methods, key=lambda t: (t.start, order.index(t.cue)))
        sub = dict(METHOD_SUBTYPES)[best.cue]
        # an "attack" that merely uses an explosive word in passing stays remote violence
        return sub, best
    if "capture" in cues or "regain" in cues:
        trig = pick("regain", "capture")
        state = agent is not None and agent.inter in (1, 8)
        if trig.cue == "regain" or state:
            if state or agent is None:
                return "Government regains territory", trig
        return "Non-state actor overtakes territory", trig
    if "sexual" in cues:
        return "Sexual violence", pick("sexual")
    if "abduct" in cues:
        if agent is not None and agent.klass in ("police",) and "arrest" in cues:
            return "Arrests", pick("arrest")
        return "Abduction/forced disappearance", pick("abduct")
    violent = cues & {"clash", "attack", "kill", "injure", "rpg"}
    if "loot" in cues and not (violent & {"clash", "attack"}):
        return "Looting/property destruction", pick("loot")
    if violent:
        trig = pick("clash", "rpg", "attack", "kill", "injure")
        # unarmed people fighting each other or the police are rioters, not a battle
        if crowd or (civil_agent and not (target is not None and target.klass in ("named", "armed", "gang", "militia"))):
            return "Mob violence", trig
        if "clash" in cues or "rpg" in cues:
            if target is not None and not target.armed and target.klass not in ("named",) \
                    and not (agent is not None and agent.klass in ("civilians",)):
                return "Attack", trig
            return "Armed clash", trig
        if target is not None and target.armed:
            return "Armed clash", trig
        if agent is not None and agent.klass in ("civilians",) and target is None:
            return "Attack", trig
        return "Attack", trig
    if "arrest" in cues:
        return "Arrests", pick("arrest")
    if "destroy" in cues:
        if crowd:
            return "Mob violence", pick("destroy")
        return "Looting/property destruction", pick("destroy")
    if "agreement" in cues:
        return "Agreement", pick("agreement")
    if "hq" in cues:
        return "Headquarters or base established", pick("hq")
    if "withdraw" in cues:
        return "Non-violent transfer of territory", pick("withdraw")
    if "change" in cues:
        return "Change to group/activity", pick("change")
    return "Other", trigs[0]


_DESCRIPTIVE_DEPS = frozenset(("amod", "relcl", "acl", "pcomp", "compound", "nmod", "appos", "poss"))
_BACKGROUND_PREPS = frozenset(("after", "against", "over", "of", "for", "about", "following", "since"))


def _told_as_deed(t: Trigger) -> bool:
    """Is the trigger a deed the sentence reports, not a word describing someone or
    something ("a burnt transformer", "culprits torching their stock", "the riots in the
    prisons last week" after "after")?"""
    x = t.head
    for _ in range(10):
        if x.dep_ == "amod":   # "blocked the road with burning tyres": the burning is done
            n = x.head
            while n.dep_ == "conj" and n.head.i != n.i:
                n = n.head
            if n.dep_ == "pobj" and n.head.lower_ == "with":
                x = n.head.head
                continue
        if x.dep_ in _DESCRIPTIVE_DEPS:
            return False
        if x.dep_ == "pobj" and x.head.lower_ in _BACKGROUND_PREPS:
            return False
        if x.dep_ == "ROOT" or x.head.i == x.i:
            return True
        x = x.head
    return True


def _aimed_at_protest(t: Trigger) -> bool:
    """A dispersal or arrest by police, or of the protesters ("they were detained")."""
    if t.cue == "intervention":
        h = t.head   # "the crowd dispersed in the evening": they left, nobody broke them up
        if h.pos_ == "VERB" and not any(c.dep_ in ("dobj", "nsubjpass", "agent") for c in h.children):
            subj = next((c for c in h.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lemma_.lower() in _cues()["crowd_nouns"]:
                return False
        return True
    if t.head.pos_ != "VERB":   # "his arrest" names a grievance, not police action
        return False
    agent, target = _agent_and_target(t.head)
    a = _actor_from(agent, None)
    if a is not None and a.klass in ("police", "military", "government"):
        return True
    if target is not None:
        lemma = target.lemma_.lower()
        if lemma in ("they", "protester", "protestor", "demonstrator", "participant", "activist",
                     "organiser", "organizer", "marcher", "student", "worker", "some", "several", "many"):
            return True
        if target.pos_ == "NUM" or any(c.pos_ == "NUM" for c in target.children):
            return True
    return agent is None and target is None
 

def _state_shoots(trigs: list[Trigger]) -> bool:
    for t in trigs:
        if t.cue in ("kill", "attack"):
            a, _ = _agent_and_target(t.head)
            actor = _actor_from(a, None)
            if actor is not None and actor.klass in ("police", "military"):
                return True
    return False


def _rioting(trigs: list[Trigger]) -> bool:
    """Do the protesters themselves turn violent (not the police against them)?"""
    for t in trigs:
        if t.cue in ("destroy", "attack", "riot"):
            a, _ = _agent_and_target(t.head)
            actor = _actor_from(a, None)
            if actor is None or actor.klass not in ("police", "military"):
                return True
    return False


# ---------------------------------------------------------------- GTD fields

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


def _term_hits(doc, lo: int, hi: int, index: _TermIndex) -> list[tuple[int, int, str, int]]:
    """Every match of the index's terms inside the char range, as (start, -length, label, end),
    in token order."""
    if hi <= lo:
        return []
    span = doc.char_span(lo, hi, alignment_mode="expand")
    if span is None:
        return []
    forms = _doc_forms(doc)
    tokens = doccache.undashed_tokens(span)
    out = []
    for i, tok in enumerate(tokens):
        cands = None
        for form in forms[tok.i]:
            got = index.by_first.get(form)
            if got:
                cands = got if cands is None else cands + got
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


# ---------------------------------------------------------------- 5. build the event

def _note(ev: Event) -> str:
    who = ev.actor1 or "Unidentified actors"
    verb = NOTE_VERBS.get(ev.sub_event_type or "", "were involved in an incident with")
    whom = f" {ev.actor2}" if ev.actor2 and not verb.endswith(("protested", "position", "a base")) else ""
    if verb.split()[-1] in ("with", "from", "against", "at", "on", "of", "by", "to") and not whom:
        verb = verb.rsplit(" ", 1)[0]
    where = f" in {ev.location}" + (f" ({ev.country})" if ev.country and ev.country != ev.location else "") \
        if ev.location else (f" in {ev.country}" if ev.country else "")
    when = f"On {ev.event_date}, " if ev.event_date and ev.date_precision == "day" else \
        (f"Around {ev.event_date}, " if ev.event_date else "")
    toll = []
    if ev.fatalities:
        toll.append(f"{'at least ' if ev.fatalities_low == ev.fatalities else ''}{ev.fatalities} killed")
    if ev.injured:
        toll.append(f"{'at least ' if ev.injured_low == ev.injured else ''}{ev.injured} injured")
    if ev.displaced:
        toll.append(f"{ev.displaced} displaced")
    tail = "; " + ", ".join(toll) if toll else ""
    claim = " (claimed by the group; not independently verified)" if ev.claimed else ""
    return f"{when}{who} {verb}{whom}{where}{tail}{claim}."


def _ev(field_name: str, doc_text: str, start: int, end: int) -> Evidence:
    return Evidence(field_name, start, end, doc_text[start:end])


def _country_of(doc, inc: Incident, sents: list, loc_country: str | None) -> tuple[str | None, Any]:
    if loc_country:
        return loc_country, None
    for si in inc.sents:
        s = sents[si]
        found = actors_mod.find_countries(s.text, s.start_char)
        if found:
            return found[0].name, found[0]
    found = actors_mod.find_countries(_text(doc))
    if found:
        # the country named most often in the article
        names = [f.name for f in found]
        best = max(set(names), key=names.count)
        return best, next(f for f in found if f.name == best)
    return None, None


def _demonstration_note(doc) -> bool:
    """Does the text carry ACLED's crowd-size tag ("[size=about 500]"), which ACLED notes give
    demonstrations only?"""
    key = "_strife_demonstration"
    if key not in doc.user_data:
        doc.user_data[key] = bool(re.search(_cues()["demonstration_tag"], _text(doc)))
    return doc.user_data[key]


def _label_hint(doc) -> str | None:
    """ACLED notes sometimes open with their own label ("Property destruction: On ...")."""
    m = re.match(r"\s*([A-Za-z][A-Za-z /-]{2,40}):\s", _text(doc))
    if not m:
        return None
    return _cues()["acled_label_prefixes"].get(m.group(1).strip().lower())


def _coded_fatalities(text: str) -> tuple[int, int, int] | None:
    for pat in _cues()["coded_fatalities_patterns"]:
        m = re.search(pat, text, re.I)
        if m:
            return int(m.group(1)), m.start(1), m.end(1)
    return None


def _aggregate_sentence(sent) -> bool:
    low = doccache.span_lower(sent)
    return bool(_aggregate_pattern().search(low))


@lru_cache(maxsize=None)
def _aggregate_pattern() -> re.Pattern[str]:
    return _words_pattern(_cues()["aggregate_markers"])


# "at least three people, including the gunman, were killed": the total already has them
_PERP_INCLUDED = re.compile(r"\bincluding (the|both|two|three) (\w+ )?(assailants?|attackers?|gunm[ae]n|perpetrators?|"
                            r"bombers?|shooters?|suspects?)\b", re.I)


def _aggregate(counts: list, role: str) -> tuple[numbers_mod.Quantity | None, list]:
    """Per sentence: the numbers helper's total; across sentences: the largest figure for
    the victims (follow-up sentences restate or break down the same toll), plus victims a
    later sentence adds ("Two others were also wounded"), plus the perpetrators killed,
    who are counted on top unless a report total already has them ("3 fatalities",
    "including the gunman")."""
    rows = [c for c in counts if c.role == role]
    if not rows:
        return None, []
    by_sent: dict[int, list] = {}
    for c in rows:
        by_sent.setdefault(c.sentence_start, []).append(c)
    best_q: numbers_mod.Quantity | None = None
    best_rows: list = []
    added: list[numbers_mod.Quantity] = []
    added_rows: list = []
    perps = numbers_mod.Quantity(0)
    perp_rows: list = []
    included = False
    for s, cs in by_sent.items():
        victims = [c for c in cs if not c.perpetrators]
        if victims and any(_PERP_INCLUDED.search(c.sent_text) for c in victims if hasattr(c, "sent_text")):
            included = True
        q = numbers_mod.total(victims, role) if victims else None
        shown = [c for c in victims if not c.subset and c.quantity.best > 0]
        if q is not None and q.best > 0 and shown and all(c.additional for c in shown) and \
                best_q is not None and best_q.best > 0:
            added.append(q)   # "another man was also injured": on top of the toll told before
            added_rows.extend(shown)
        elif q is not None and (best_q is None or q.best > best_q.best):
            best_q, best_rows = q, shown or victims
        for c in cs:
            if c.perpetrators and not c.subset and c.quantity.best > 0 and \
                    not any(p.who == c.who and p.quantity.best == c.quantity.best for p in perp_rows):
                perps.best += c.quantity.best
                perp_rows.append(c)
    if best_q is None and not perp_rows:
        zero = [c for c in rows if c.quantity.best == 0]
        return (numbers_mod.Quantity(0), zero[:1]) if zero else (None, [])
    best_q = best_q or numbers_mod.Quantity(0)
    # a report total ("2 fatalities", "the death toll rose to 3") counts everyone who died
    included = included or (bool(best_rows) and all(c.summary for c in best_rows))
    extra = [q for q in added] + ([perps] if perps.best and not included else [])
    for q in extra:
        best_q = numbers_mod.Quantity(
            best_q.best + q.best,
            low=(best_q.low + (q.low if q.low is not None else q.best)) if best_q.low is not None else None,
            high=(best_q.high + (q.high if q.high is not None else q.best)) if best_q.high is not None else None)
    return best_q, best_rows + added_rows + perp_rows


def build_event(doc, article: Article, places: list[Place], inc: Incident, settings: Settings,
                counts_by_sent: dict[int, list], label_hint: str | None = None,
                first_incident: Incident | None = None) -> Event:
    text = _text(doc)
    sents = _sents(doc)
    spans = [(sents[i].start_char, sents[i].end_char) for i in sorted(inc.sents)]
    lo, hi = spans[0][0], spans[-1][1]
    ev = Event(article_id=article.id)

    loc = places_mod.locate_event(doc, article, places, spans, settings)
    ev.set_location(loc)
    country, country_m = _country_of(doc, inc, sents, ev.country)

    # actors around the strongest trigger of the first sentence; for a movement of forces,
    # forces gathering at a place before forces still on the way ("marching towards")
    cands = inc.strong or inc.triggers
    if all(t.family == "change" for t in cands):
        moving = set(_cues()["movement_verbs"])
        cands = [t for t in cands if t.head.lemma_.lower() not in moving] or cands
    anchor = cands[0]
    agent_tok, target_tok = _agent_and_target(anchor.head)
    agent = _actor_from(agent_tok, country)
    target = _actor_from(target_tok, country)
    if agent is None:
        for t in inc.triggers[1:]:
            if anchor.family == "violence" and t.family in ("change", "other"):
                continue   # "struck an army patrol": the patrol is the target, not the attacker
            a_tok, t_tok = _agent_and_target(t.head)
            agent = agent or _actor_from(a_tok, country)
            if target is None:
                target = _actor_from(t_tok, country)
                target_tok = target_tok or t_tok
            if agent is not None:
                break
    if agent is None or (agent.klass == "armed" and anchor.family == "violence"):
        agent = _claimant(doc, inc, sents, country) or agent
    if agent is None:
        named = actors_mod.find_named(text[lo:hi])
        if named:
            s, e, name, inter = named[0]
            agent = Actor(name, inter, "named", True, lo + s, lo + e, text[lo + s: lo + e], country)
    agent = _inherit_group(agent, agent_tok, doc)
    counts0 = [c for si in inc.sents for c in counts_by_sent.get(si, [])
               if c.role in ("killed", "injured", "abducted") and c.who and not c.perpetrators]
    explicit_clash = any(t.cue == "clash" for t in inc.triggers)
    if (target is None or target.klass == "civilians") and counts0 and \
            anchor.family not in ("territory", "protest") and not explicit_clash:
        c0 = counts0[0]
        window = text[c0.start: min(len(text), c0.end + 40)].split(" were ")[0].split(" was ")[0]
        victim = actors_mod.normalise_actor(window, head=(c0.who or window).split()[-1], country=country,
                                            start=c0.start, end=c0.end)
        if victim is not None and (target is None or victim.armed):
            target = victim
    if (target is None or not target.armed) and anchor.family not in ("territory", "protest"):
        # armed people hit ("a police officer was shot dead", "killed one ranger") make it a battle
        hit = _armed_victim(inc, country)
        if hit is not None and (agent is None or hit.name != agent.name):
            target = hit
    if agent is not None and target is not None and agent.name == target.name and agent.klass != "named":
        target = None if agent.klass not in ("armed", "military") else target

    sub, decisive = classify_incident(inc, agent, target, label_hint)
    if EVENT_TYPE_OF[sub] not in ("Protests", "Riots") and _demonstration_note(doc):
        # a note that records a crowd size tells a demonstration: violence by a crowd is mob
        # violence, anything else a protest
        violent = {t.cue for t in inc.triggers} & {"attack", "kill", "injure", "clash", "destroy", "riot",
                                                    "mob", "loot", "rpg"}
        sub = "Mob violence" if violent else "Peaceful protest"
    ev.sub_event_type = sub
    ev.event_type = EVENT_TYPE_OF[sub]
    ev.evidence.append(_ev("event_type", text, decisive.start, decisive.end))
    ev.evidence.append(_ev("sub_event_type", text, decisive.start, decisive.end))

    a1, a2 = _roles_for_type(ev.event_type, sub, agent, target, country, inc, doc)
    if a2 is None and ev.event_type == "Battles" and a1 is not None:
        a2 = _opponent(a1, sub, inc, doc, country, ev.location)
    if a1 is not None:
        ev.actor1, ev.inter1 = a1.name, a1.inter
        s, e = (a1.start, a1.end) if a1.start >= 0 else (decisive.start, decisive.end)
        ev.evidence.append(_ev("actor1", text, s, e))
    if a2 is not None:
        ev.actor2, ev.inter2 = a2.name, a2.inter
        s, e = (a2.start, a2.end) if a2.start >= 0 else (decisive.start, decisive.end)
        ev.evidence.append(_ev("actor2", text, s, e))
    _set_associated(ev, inc, sents, text, country, a2)
    if country_m is not None and (a1 is not None and "(" + (country or "") + ")" in (a1.name or "")):
        ev.evidence.append(_ev("actor1:country", text, country_m.start, country_m.end))

    # counts; a toll summed over several incidents ("collectively causing seven injuries")
    # belongs to no single one of them and is kept as evidence only
    counts = []
    for si in inc.sents:
        if _aggregate_sentence(sents[si]):
            for c in counts_by_sent.get(si, []):
                ev.evidence.append(_ev("aggregate_total", text, c.start, c.end))
            continue
        counts.extend(counts_by_sent.get(si, []))
    for role, attr in (("killed", "fatalities"), ("injured", "injured"), ("displaced", "displaced")):
        q, rows = _aggregate(counts, role)
        if q is None:
            continue
        setattr(ev, attr, q.best)
        setattr(ev, attr + "_low", q.low)
        setattr(ev, attr + "_high", q.high)
        for c in rows:
            ev.evidence.append(_ev(attr + (":perpetrators" if c.perpetrators else ""), text, c.start, c.end))
    coded = _coded_fatalities(text[lo:]) if inc.first == min(inc.sents) else None
    if coded is not None and inc is not None:
        n, s, e = coded
        ev.fatalities, ev.fatalities_low, ev.fatalities_high = n, None, None
        ev.evidence.append(_ev("fatalities", text, lo + s, lo + e))

    # date: the incident's own sentences, then the article's story date, then publication
    _set_date(ev, doc, article, inc, sents, first=inc is first_incident)

    # GTD fields: the lead incident reads from the start of its paragraph (a summary's
    # first sentence names the weapon and target even when the trigger comes later)
    if inc is first_incident:
        lo = text.rfind("\n\n", 0, lo) + 1 if lo else 0
    w = gtd_weapon(doc, lo, hi)
    if w is not None:
        ev.weapon = VEHICLE_WEAPON if w[0] == "Vehicle" else w[0]
        ev.evidence.append(_ev("weapon", text, w[1], w[2]))
    tg = gtd_target(doc, lo, sents[inc.sents[0]].end_char, target_tok)
    if tg is not None:
        ev.target_type = tg[0]
        ev.evidence.append(_ev("target_type", text, tg[1], tg[2]))
    people_hit = (ev.fatalities or 0) > 0 or (ev.injured or 0) > 0 or \
        (target is not None and target.klass in ("civilians", "police", "military") and
         ev.target_type not in ("Business", "Religious Figures/Institutions", "Abortion Related",
                                "Educational Institution", "Utilities", "Government (General)", None)
         and target_tok is not None and target_tok.lemma_.lower() not in _property_words())
    ev.attack_type = gtd_attack_type({t.cue for t in inc.triggers}, ev.weapon,
                                     target is not None and target.armed, people_hit, text[lo:hi])
    ev.evidence.append(_ev("attack_type", text, decisive.start, decisive.end))

    ev.claimed = bool(inc.strong) and all(t.claimed for t in inc.strong)
    if ev.claimed:
        ev.evidence.append(_ev("claimed", text, decisive.start, decisive.end))
    ev.confidence = _confidence(ev, inc, anchor, agent, lead=inc is first_incident)
    ev.notes = _note(ev)
    ev.event_id = make_event_id(article.id, decisive.start, sub)
    return ev


def _armed_victim(inc: Incident, country: str | None) -> Actor | None:
    """An armed actor the incident's violence hit: the one shot, killed or wounded
    ("a municipal police officer was shot dead", "killed one ranger", "two pro-government
    militia members were killed"); None when those hit are civilians or unnamed."""
    for t in inc.triggers:
        if t.family != "violence" or t.cue not in ("kill", "injure", "attack"):
            continue
        _, victim = _agent_and_target(t.head)
        if victim is None or victim.pos_ == "PRON":
            continue
        actor = _actor_from(victim, country)
        if actor is not None and actor.armed and actor.klass != "named" or \
                actor is not None and actor.klass == "named" and victim.dep_ in ("nsubjpass", "dobj"):
            return actor
    return None


def _claimant(doc, inc: Incident, sents: list, country: str | None) -> Actor | None:
    """A named group that says it did it ("The Taliban said their fighters had planted the
    device", "Al-Shabaab claimed responsibility"), in the incident or the two sentences after."""
    cues = _cues()
    deeds = set(cues["claimed_deeds"])
    last = min(len(sents) - 1, max(inc.sents) + 2)
    for si in range(min(inc.sents), last + 1):
        for tok in sents[si]:
            lemma = tok.lemma_.lower()
            if lemma not in cues["claim_verbs"] and lemma not in ("say", "admit"):
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            named = actors_mod.find_named(_phrase_text(subj))
            if not named or named[0][3] not in (2, 3, 4):
                continue
            if any(t.lemma_.lower() in deeds for t in doccache.subtree(tok) if t.i != tok.i):
                s, e = _phrase_span(subj)
                return Actor(named[0][2], named[0][3], "named", True, s, e, _text(doc)[s:e], country)
    return None


def _set_associated(ev: Event, inc: Incident, sents: list, text: str, country: str | None,
                    a2: Actor | None) -> None:
    """ACLED's associated actors: who the protesters or rioters are ("medical interns
    protested" -> Health Workers), and who the civilian victims are (journalists, farmers)."""
    lead = sents[min(inc.sents)]
    if ev.event_type in ("Protests", "Riots"):
        grp = actors_mod.find_social_group(lead.text, country, lead.start_char)
        if grp is not None:
            ev.assoc_actor_1 = grp.name
            ev.evidence.append(_ev("assoc_actor_1", text, grp.start, grp.end))
    elif ev.event_type == "Violence against civilians" or (a2 is not None and a2.klass == "civilians"):
        where = (a2.text, a2.start) if a2 is not None and a2.start >= 0 and a2.text else (lead.text, lead.start_char)
        grp = actors_mod.find_social_group(where[0], country, where[1])
        if grp is not None and ev.actor2 and ev.actor2.startswith("Civilians"):
            ev.assoc_actor_2 = grp.name
            ev.evidence.append(_ev("assoc_actor_2", text, grp.start, grp.end))


def _inherit_group(agent: Actor | None, agent_tok, doc) -> Actor | None:
    """'The militants' in an article about one named group are that group; 'unidentified
    gunmen' stay unidentified."""
    if agent is None or agent.klass != "armed" or agent_tok is None:
        return agent
    phrase = _phrase_text(agent_tok).lower()
    if any(w in phrase for w in _cues()["unidentified_words"]):
        return agent
    key = "_strife_named_groups"
    if key not in doc.user_data:
        doc.user_data[key] = [(n, i) for _, _, n, i in actors_mod.find_named(_text(doc)) if i in (2, 3)]
    named = doc.user_data[key]
    if not named:
        return agent
    names = [n for n, _ in named]
    top = max(set(names), key=names.count)
    if names.count(top) < 2 and len(set(names)) > 1:
        return agent
    inter = dict(named)[top]
    return Actor(top, inter, "named", True, agent.start, agent.end, agent.text, agent.country)


@lru_cache(maxsize=None)
def _property_words() -> frozenset[str]:
    return frozenset({"house", "home", "car", "vehicle", "building", "office", "church", "mosque", "clinic",
                      "store", "shop", "property", "door", "window", "residence", "truck", "headquarters"})


def _roles_for_type(event_type: str, sub: str, agent: Actor | None, target: Actor | None,
                    country: str | None, inc: Incident, doc) -> tuple[Actor | None, Actor | None]:
    """ACLED's actor conventions per type: protesters and rioters are their own actor1,
    violence against civilians has civilians as actor2."""
    cls = actors_mod.class_actor
    if event_type == "Protests":
        a2 = None
        if sub != "Peaceful protest":
            a2 = next((a for a in (agent, target) if a is not None and a.klass in ("police", "military", "government")), None) \
                or _find_class_in(inc, doc, ("police", "military"), country) or cls("police", country)
        return cls("protesters", country), a2
    if event_type == "Riots":
        a2 = target if target is not None and target.klass != "rioters" else None
        if a2 is None and agent is not None and agent.klass in ("police", "military"):
            a2 = agent
        if a2 is None:
            a2 = _find_class_in(inc, doc, ("police", "military"), country)
        if a2 is None and sub == "Mob violence":
            a2 = cls("civilians", country)
        return cls("rioters", country), a2
    if event_type == "Violence against civilians":
        a1 = agent if agent is not None and agent.klass not in ("civilians",) else None
        if a1 is None:
            a1 = cls("armed", country)
        return a1, cls("civilians", country)
    if sub == "Arrests":
        a1 = agent if agent is not None and agent.klass in ("police", "military", "government", "named") else \
            cls("police", country)
        return a1, target if target is not None and target is not a1 else cls("civilians", country)
    a1 = agent
    if a1 is None and event_type == "Battles":
        a1 = cls("armed", country)
    if a1 is None and sub in ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade",
                              "Shelling/artillery/missile attack"):
        a1 = cls("armed", country)
    if a1 is not None and a1.klass == "civilians" and event_type in ("Battles", "Explosions/Remote violence"):
        a1, target = cls("armed", country), target
    a2 = target if target is not None and (a1 is None or target.name != a1.name) else None
    if event_type == "Strategic developments" and sub in ("Change to group/activity", "Headquarters or base established",
                                                         "Other", "Agreement"):
        a2 = a2 if sub == "Agreement" else None
    return a1, a2


_TERRITORY_SUBTYPES = frozenset(("Non-state actor overtakes territory", "Government regains territory"))
_PHRASE_HEAD_DEPS = frozenset(("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr"))


def _opponent(a1: Actor, sub: str, inc: Incident, doc, country: str | None,
              location: str | None) -> Actor | None:
    """The other side of a battle whose trigger named only one ("its militants have been
    battling security forces"): the first armed actor other than actor1 in the incident's
    sentences. For territory taken or retaken, also in other sentences about the same
    place ("bodies of Iraqi soldiers lying in the streets of Ramadi"); the side that lost
    a town to a non-state group is the state's forces."""
    sents = _sents(doc)
    order = sorted(inc.sents)
    if sub in _TERRITORY_SUBTYPES and location:
        name = location.lower()
        order += [si for si, st in enumerate(sents) if si not in inc.sents and name in st.text.lower()]
    state_only = sub == "Non-state actor overtakes territory"
    state_a1 = a1.inter in (1, 8)
    speakers = set(places_mod.event_cues()["speaker_verbs"])
    for si in order:
        found: list[tuple[int, int, Actor]] = []   # (rank, position, actor)
        for t in sents[si]:
            if t.pos_ not in ("NOUN", "PROPN") or t.dep_ not in _PHRASE_HEAD_DEPS:
                continue
            if t.dep_ == "nsubj" and t.head.lemma_.lower() in speakers:
                continue   # "a military officer said": a source, not a side
            # the noun with what stands before it ("Iraq's military"), each conjunct on its own
            lo = min([t.i] + [c.left_edge.i for c in t.lefts])
            s, e = doc[lo].idx, t.idx + len(t.text)
            a = actors_mod.normalise_actor(doc[lo:t.i + 1].text, head=t.lemma_, country=country, start=s, end=e)
            if a is None or not a.armed or a.name == a1.name or a.klass == a1.klass == "armed":
                continue
            state = a.inter in (1, 8)
            if state_only and not state or state_a1 and state and a.country == a1.country:
                continue
            rank = 0 if (state or a.klass == "named") else 1
            found.append((rank, t.i, a))
        if found:
            return min(found, key=lambda f: (f[0], f[1]))[2]
    return None


def _find_class_in(inc: Incident, doc, classes: tuple[str, ...], country: str | None) -> Actor | None:
    sents = _sents(doc)
    for si in inc.sents:
        for t in sents[si]:
            if t.pos_ in ("NOUN", "PROPN"):
                a = actors_mod.normalise_actor(t.text, head=t.lemma_, country=country,
                                               start=t.idx, end=t.idx + len(t.text))
                if a is not None and a.klass in classes:
                    return a
    return None


def _set_date(ev: Event, doc, article: Article, inc: Incident, sents: list, first: bool = False) -> None:
    text = _text(doc)
    found = []
    doc.user_data["_strife_published"] = article.published
    for si in sorted(inc.sents):
        found = _dates_in(sents[si])
        if found:
            found = sorted(found, key=lambda d: _date_rank(doc, d, inc, si))
            break
    if found:
        d = found[0]
        ev.event_date, ev.date_precision = d.date, d.precision
        ev.evidence.append(_ev("event_date", text, d.start, d.end))
        # "over the past 72 hours" in a report filed the day after its story: the span ends
        # on the story's day, not on the publication date
        story = _story_date(doc, article) if d.precision == "week" and article.published and \
            d.date == article.published[:10] else None
        if story is not None and d.date > story.date >= _days_before(d.date, SPAN_DAYS):
            ev.event_date = story.date
            ev.evidence.append(_ev("event_date:story_date", text, story.start, story.end))
        return
    if first:
        # the lead incident takes a date stated before it ("09/17/2016: An explosive device...")
        lead = [d for d in dates_mod.find_dates(doc[: sents[inc.sents[0]].start], article.published)]
        if lead:
            d = lead[0]
            ev.event_date, ev.date_precision = d.date, d.precision
            ev.evidence.append(_ev("event_date", text, d.start, d.end))
            return
    story = _story_date(doc, article)
    if story is not None:
        ev.event_date = story.date
        ev.date_precision = "week" if story.precision == "day" else story.precision
        ev.evidence.append(_ev("event_date:story_date", text, story.start, story.end))
        return
    if article.published:
        ev.event_date, ev.date_precision = article.published[:10], "week"
        s = sents[inc.sents[0]]
        ev.evidence.append(_ev("event_date:publication_fallback", text, s.start_char, s.start_char))


SPAN_DAYS = 6   # a week-precision date covers the week that ends on it
DATELINE_CHARS = 80   # a parenthesised date this close to the start is the story's dateline



def _date_rank(doc, d, inc: Incident, si: int) -> int:
    """0 for a date inside a trigger's clause ("ambushed a bus last week"), 2 for the date of a
    statement ("police said on Monday"), 1 otherwise."""
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None:
        return 1
    tok = span.root
    text = _text(doc)
    if d.start <= DATELINE_CHARS and text[d.start - 1:d.start] == "(" and text[d.end:d.end + 1] == ")":
        return 2   # a dateline, "MAIDUGURI, Nigeria (June 5) -": when the story was filed
    speakers = set(places_mod.event_cues()["speaker_verbs"])
    gov = tok.head.head if tok.head.pos_ == "ADP" else tok.head
    said = gov.lemma_.lower() in speakers or gov.lemma_.lower() in _cues()["statement_nouns"]
    for t in inc.triggers:
        v = _clause_verb(t.head)
        if t.sent_index == si and not said and v.lemma_.lower() not in speakers and \
                tok.i in {x.i for x in doccache.subtree(v)}:
            return 0
    return 2 if said else 1


def _days_before(iso: str, days: int) -> str:
    import datetime as dt   # noqa: PLC0415
    return (dt.date.fromisoformat(iso[:10]) - dt.timedelta(days=days)).isoformat()


def _dates_compatible(a: Event, b: Event) -> bool:
    """Can two dated events be one incident? A day inside the other's week, month or year."""
    if not a.event_date or not b.event_date:
        return True
    if a.date_precision == b.date_precision == "day":
        return a.event_date == b.event_date
    for x, y in ((a, b), (b, a)):
        if x.date_precision == "week" and _days_before(x.event_date, SPAN_DAYS) <= y.event_date[:10] <= x.event_date:
            return True
        if x.date_precision == "month" and x.event_date[:7] == y.event_date[:7]:
            return True
        if x.date_precision == "year" and x.event_date[:4] == y.event_date[:4]:
            return True
    return a.event_date == b.event_date


PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}


def _own_date(ev: Event) -> bool:
    """Was the date read from the incident's own text (or the one it follows), not a fallback?"""
    return any(e.field in ("event_date", "event_date:previous_incident") for e in ev.evidence)


def _story_date(doc, article: Article):
    """The day-precision date the article names most often (cached on the Doc)."""
    key = "_strife_story_date"
    if doc.user_data.get(key, 0) != 0:
        return doc.user_data[key]
    days = [d for d in dates_mod.find_dates(doc, article.published) if d.precision == "day"]
    best = None
    if days:
        counts: dict[str, int] = {}
        for d in days:
            counts[d.date] = counts.get(d.date, 0) + 1
        top = max(counts, key=lambda k: (counts[k], k))
        best = next(d for d in days if d.date == top)
    doc.user_data[key] = best
    return best


def _confidence(ev: Event, inc: Incident, anchor: Trigger, agent: Actor | None, lead: bool = False) -> float:
    """A score in 0..1 from how much of the record the text supports.

    This raw score orders events (a strong trigger with actor, date and place first; a
    casualty word alone, or a claim, last); `calibrated_confidence` turns it into a measured
    probability that the event type is right.
    """
    score = 0.35 if anchor.strength >= 2 else 0.2
    if len(inc.strong) >= 2:
        score += 0.05
    if agent is not None:
        score += 0.15
    if ev.event_date and not any(e.field.startswith("event_date:") for e in ev.evidence):
        score += 0.15
    if ev.location:
        score += 0.1
    if ev.fatalities or ev.injured:
        score += 0.05
    if lead:   # the incident a report opens with is the one it is about
        score += 0.1
    if ev.claimed:
        score -= 0.15
    return round(max(0.05, min(0.95, score)), 3)


def _perpetrator_names(triggers: list[Trigger]) -> set[str]:
    """Surnames of the people who carried out the incidents ("Hesham Hadayet opened fire",
    "An assailant, identified as Dennis Marx, opened fire"), lower case."""
    names: set[str] = set()
    for t in triggers:
        if not t.valid or t.strength < 2 or t.family != "violence":
            continue
        agent, _ = _agent_and_target(t.head)
        if agent is None:
            continue
        # the agent's own name, or one given beside it ("an assailant, Dennis Marx,",
        # "a man identified as Oren Kask"); not names inside a clause about it
        named = [agent]
        for c in agent.children:
            if c.dep_ == "appos" or (c.dep_ in ("acl", "relcl") and c.lemma_.lower() in ("identify", "name", "call")):
                named.extend(doccache.subtree(c))
        for tok in named:
            if tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN" and \
                    (tok.i + 1 >= len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I"):
                names.add(tok.lower_)   # the last word of the name
    return names


def _mark_named_perpetrators(triggers: list[Trigger], counts_by_sent: dict[int, list]) -> None:
    """A person counted as killed or hurt who is named as the attacker ("Hadayet was killed
    by security guards") is one of the perpetrators."""
    names = None
    for cs in counts_by_sent.values():
        for c in cs:
            if c.perpetrators or c.role not in ("killed", "injured") or c.quantity.best != 1 or not c.who:
                continue
            if names is None:
                names = _perpetrator_names(triggers)
            if c.who.split()[-1].lower() in names:
                c.perpetrators = True


# per-Doc caches that depend on the publication date
_DATE_CACHES = ("_strife_dates", "_strife_story_date", "_strife_reference_date")


def extract_events(doc, article: Article, places: list[Place], settings: Settings) -> list[Event]:
    """Every distinct incident in the article, as event records with evidence."""
    if doc.user_data.get("_strife_published", article.published) != article.published:
        for key in _DATE_CACHES:   # read against another publication date before
            doc.user_data.pop(key, None)
    doc.user_data["_strife_published"] = article.published
    triggers = find_triggers(doc)
    place_spans = [(p.start, p.end) for p in places]
    for t in triggers:
        t.valid, t.reason = check_trigger(t, doc, article.published, place_spans)
        if t.valid:
            t.claimed = _is_claim(t.head)
    sents = _sents(doc)
    counts_by_sent: dict[int, list] = {}
    # a headline glued to the first sentence restates the body's toll: never add the two
    title = (article.title or "").strip()
    headline_end = len(title) if title and _text(doc).startswith(title) and len(title) < len(_text(doc)) else 0
    # sentences with an incident trigger are grouped and read for counts; a sentence with
    # only a casualty count ("An adult was treated at a hospital") may add to the one before
    told = {t.sent_index for t in triggers if t.valid}
    count_only: set[int] = set()
    for si, s in enumerate(sents):
        if si not in told:
            if not told or not numbers_mod.names_a_role(s):
                continue
            count_only.add(si)
        cs = numbers_mod.find_counts(s)
        if headline_end and s.start_char < headline_end:
            body = [c for c in cs if c.start >= headline_end]
            cs = body if any(c.role in {b.role for b in body} for c in cs if c.end <= headline_end) or \
                not any(c.end <= headline_end for c in cs) else cs
        for c in cs:
            c.sent_text = s.text   # read by _aggregate (perpetrators already in a total)
        if cs:
            counts_by_sent[si] = cs
    _mark_named_perpetrators(triggers, counts_by_sent)
    incidents = group_incidents(doc, triggers, counts_by_sent, place_spans, places,
                                count_only=count_only & set(counts_by_sent))
    hint = _label_hint(doc)

    def build(k: int, inc: Incident) -> Event:
        return build_event(doc, article, places, inc, settings, counts_by_sent,
                           label_hint=hint if k == 0 else None, first_incident=incidents[0])

    built = [(inc, build(k, inc)) for k, inc in enumerate(incidents)]
    _inherit_context(built, doc, sents, places)
    built = _merge_same_incident(built, build, doc, sents)
    events: list[Event] = []
    seen: set[str] = set()
    for inc, ev in built:
        if ev.confidence < settings.min_event_confidence or ev.event_id in seen:
            continue
        seen.add(ev.event_id)
        ev.confidence = calibrated_confidence(ev.confidence)
        events.append(ev)
    return events


@lru_cache(maxsize=None)
def _calibration() -> tuple[tuple[float, float], ...]:
    return tuple((float(x), float(y)) for x, y in read_json("events/confidence.json")["points"])


def calibrated_confidence(raw: float) -> float:
    """The share of events with this raw score whose type was right on dev data
    (`data/events/confidence.json`), interpolated; order-preserving."""
    pts = _calibration()
    if raw <= pts[0][0]:
        return pts[0][1]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if raw <= x1:
            return round(y0 + (y1 - y0) * (raw - x0) / (x1 - x0), 3)
    return pts[-1][1]


def _follows(prev: Incident, inc: Incident, doc, sents: list) -> bool:
    """Is `inc` told right after `prev`, in the same stretch of text ("Later, three suicide
    bombers ...")?"""
    a, b = max(prev.sents), min(inc.sents)
    return 0 < b - a <= 2 and _same_block(doc, sents, a, b)


LOCATION_FIELDS = ("location", "admin1", "admin2", "country", "country_code", "latitude", "longitude",
                   "geonameid", "geo_precision")


def _inherit_context(built: list[tuple[Incident, Event]], doc, sents: list, places: list[Place] = ()) -> None:
    """An incident told right after another, with no date or town of its own, happened on the
    same day and in the same town as the one before it (the paragraph has set both)."""
    text = _text(doc)
    for (p_inc, prev), (inc, ev) in zip(built, built[1:]):
        if not _follows(p_inc, inc, doc, sents):
            continue
        if not _own_date(ev) and _own_date(prev) and prev.date_precision == "day":
            ev.evidence = [e for e in ev.evidence if not e.field.startswith("event_date")]
            ev.event_date, ev.date_precision = prev.event_date, prev.date_precision
            s = sents[min(inc.sents)]
            ev.evidence.append(_ev("event_date:previous_incident", text, s.start_char, s.start_char))
        own_town = ev.geo_precision is not None and ev.geo_precision <= 2
        subsite = set(_cues()["subsite_nouns"])
        lo, hi = sents[min(inc.sents)].start_char, sents[max(inc.sents)].end_char
        # a town of its own that the gazetteer does not know ("battles in Nebai") is not the last one
        own_town = own_town or any(p.latitude is None and lo <= p.start < hi and
                                   p.text.split()[-1].lower() not in subsite for p in places)
        if not own_town and prev.geo_precision is not None and prev.geo_precision <= 2 and \
                (ev.country is None or ev.country == prev.country) and \
                (ev.admin1 is None or ev.admin1 == prev.admin1):
            for name in LOCATION_FIELDS:
                setattr(ev, name, getattr(prev, name))
            s = sents[min(inc.sents)]
            ev.evidence.append(_ev("location:previous_incident", text, s.start_char, s.start_char))
        ev.notes = _note(ev)


# sub-types where a region-level report of the same actor's move is the located one retold
VAGUE_RETELLING = frozenset({"Change to group/activity", "Headquarters or base established",
                             "Non-state actor overtakes territory", "Government regains territory",
                             "Non-violent transfer of territory"})


def _same_site(a: Event, b: Event) -> bool:
    if a.location is None or b.location is None:
        return False
    if min(a.geo_precision or 3, b.geo_precision or 3) > 2:
        return False   # two guesses from the article's main place say nothing
    if (a.geonameid is not None and a.geonameid == b.geonameid) or a.location == b.location:
        return True
    # "militiamen arrived at a base in Anbar" retells "militia amassing at Habbaniya (Anbar)"
    vague, exact = (a, b) if (a.geo_precision or 3) > (b.geo_precision or 3) else (b, a)
    return a.sub_event_type in VAGUE_RETELLING and (vague.geo_precision or 3) >= 3 and \
        vague.actor1 is not None and vague.actor1 == exact.actor1 and \
        vague.admin1 is not None and vague.admin1 == exact.admin1


def _merge_same_incident(built: list[tuple[Incident, Event]], build, doc, sents: list
                         ) -> list[tuple[Incident, Event]]:
    """One incident told in several paragraphs ("ISIS took Ramadi ..." ... "the militants
    seized the government headquarters in Ramadi") is one event: same sub-type, same site,
    compatible dates, both claimed or both reported; a "separate" or "another" incident stays apart."""
    out = list(built)
    k = 0
    while k < len(out):
        inc, ev = out[k]
        j = k + 1
        while j < len(out):
            inc2, ev2 = out[j]
            if ev.sub_event_type == ev2.sub_event_type and ev.claimed == ev2.claimed and \
                    _same_site(ev, ev2) and _dates_compatible(ev, ev2) and \
                    not _separate_marker(sents[min(inc2.sents)]):
                both = Incident(sorted(inc.triggers + inc2.triggers, key=lambda t: (t.start, -t.strength)),
                                sorted(set(inc.sents) | set(inc2.sents)))
                merged = build(k, both)
                best = min((ev, ev2), key=lambda e: (not _own_date(e), PRECISION_RANK.get(e.date_precision, 4)))
                if (best.event_date, best.date_precision) != (merged.event_date, merged.date_precision):
                    merged.evidence = [e for e in merged.evidence if not e.field.startswith("event_date")] + \
                        [e for e in best.evidence if e.field.startswith("event_date")]
                    merged.event_date, merged.date_precision = best.event_date, best.date_precision
                if (merged.geo_precision or 3) > (ev.geo_precision or 3):
                    for name in LOCATION_FIELDS:
                        setattr(merged, name, getattr(ev, name))
                merged.notes = _note(merged)
                inc, ev = both, merged
                out[k] = (inc, ev)
                del out[j]
                continue
            j += 1
        k += 1
    return out


def _separate_marker(sent) -> bool:
    low = doccache.span_lower(sent)
    return bool(re.search(r"\b(another|separate|separately|second|elsewhere)\b", low))
