"""Casualty and other counts: number words, ranges and qualifiers -> low / best / high.

`parse_quantity` reads one number phrase; `find_counts` finds the number phrases in a parsed
sentence and attaches each to a role (killed, injured, displaced, abducted, arrested) from
nearby role words and the dependency parse. The words live in `strife/data/numbers/`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any, Iterable

from ..data import read_json
from ..nlp import doccache
from ..nlp.retrie import finditer_fast, trie_pattern

ROLES = ("killed", "injured", "displaced", "abducted", "arrested")


@dataclass
class Quantity:
    """A parsed amount: best estimate and optional bounds."""

    best: int
    low: int | None = None
    high: int | None = None


@dataclass
class Count:
    """A number attached to a role ("killing at least 10 police" -> killed, low 10, best 10)."""

    role: str                 # one of ROLES
    quantity: Quantity
    start: int                # char span of the number phrase in the cleaned text
    end: int
    text: str
    sentence_start: int       # char offset of the sentence it is in
    who: str = ""             # head noun counted ("police", "soldiers", "people")
    perpetrators: bool = False  # the attackers themselves ("the bomber was also killed")
    subset: bool = False      # "including five children", "among them" -> never added
    implicit: bool = False    # no number written: "a man was shot dead" -> 1
    source: str = ""          # which rule attached it, e.g. "rule:left", "rule:dep"
    score: float = 1.0
    summary: bool = False     # a report total: "3 fatalities.", "death toll rose to 25"
    restated: bool = False    # "the two victims": repeats a number given before
    additional: bool = False  # "four others", "also", "another": adds to earlier counts


# --------------------------------------------------------------------------- lexicon

@dataclass(frozen=True)
class _Lexicon:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    multiples: dict[str, int]
    fixed: dict[str, int]
    vague: dict[str, int]
    qualifier: dict[str, str]          # phrase -> "low" | "high" | "best"
    qualifier_re: re.Pattern
    quantity_re: re.Pattern            # a full quantity phrase inside running text
    range_re: re.Pattern
    role_of: dict[str, str]            # role phrase -> role (or "either")
    role_re: re.Pattern
    perpetrators: frozenset[str]
    reflexives: frozenset[str]
    negators: frozenset[str]
    subset_before_re: re.Pattern
    toll_words: frozenset[str]
    units_after: frozenset[str]
    before: frozenset[str]
    street_words: frozenset[str]
    age_words: frozenset[str]
    zero_words: dict[str, str]
    months: frozenset[str]
    qualifier_words: frozenset[str]
    coded_as_re: re.Pattern
    coded_as: dict[str, str]
    summary_before_re: re.Pattern
    restating_re: re.Pattern
    affliction_verbs: frozenset[str]
    affliction_nouns: frozenset[str]
    bodily_harm: frozenset[str]
    body_parts: frozenset[str]
    body_harm_verbs: frozenset[str]
    resultative_kill: frozenset[str]
    kinship: frozenset[str]
    besides: tuple[tuple[str, ...], ...]


def _alt(phrases: Iterable[str]) -> str:
    """A regex matching any of the phrases, longest first, words separated by flexible
    whitespace (built as a prefix tree: much faster than a plain alternation)."""
    return trie_pattern(phrases, space=r"\s+")


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    words = read_json("numbers/number_words.json")
    quals = read_json("numbers/qualifiers.json")
    roles = read_json("numbers/roles.json")
    ignore = read_json("numbers/ignore.json")

    qualifier = {p: kind for kind in ("low", "high", "best") for p in quals[kind]}
    word_alt = _alt(list(words["units"]) + list(words["tens"]) + list(words["scales"]))
    # "and" joins number words only after a scale word: "two hundred and fifty".
    word_seq = (
        rf"(?:{word_alt})(?:(?:\s*-\s*|\s+|(?:(?<=hundred)|(?<=thousand)|(?<=million))"
        rf"\s+and\s+)(?:{word_alt}))*"
    )
    digits = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d,]\d)"
    core = (
        rf"(?:{_alt(list(words['fixed']) + list(words['vague']))}"
        rf"|(?:{digits}|{word_seq})(?:\s+(?:{_alt(words['scales'])}))?"
        rf"(?:\s+(?:{_alt(words['multiples'])})s?)?)"
    )
    rng = (
        rf"(?:between\s+(?P<a1>{core})\s+and\s+(?P<b1>{core})"
        rf"|from\s+(?P<a2>{core})\s+to\s+(?P<b2>{core})"
        rf"|(?P<a3>{digits})\s*(?:-|–|—)\s*(?P<b3>{digits})"
        rf"|(?P<a4>{core})\s+(?:to|or)\s+(?P<b4>{core}))"
    )
    qual_alt = _alt(qualifier)
    quantity = rf"(?<![\w$£€])(?:(?:{qual_alt})\s+)?(?:{rng}|{core})(?![\w%])"

    role_of: dict[str, str] = {}
    for role in ROLES + ("either",):
        for p in roles[role]:
            role_of[p.lower()] = role
    subset_alt = _alt(roles["subset_before"])
    zero_words = {w: role for role, ws in ignore["zero_words"].items() for w in ws}
    coded = {p: role for role, ps in roles["coded_as"].items() for p in ps}
    return _Lexicon(
        units=words["units"], tens=words["tens"], scales=words["scales"],
        multiples=words["multiples"], fixed=words["fixed"], vague=words["vague"],
        qualifier=qualifier,
        qualifier_re=re.compile(rf"^(?P<q>{qual_alt})\s+(?P<rest>.+)$", re.I),
        quantity_re=re.compile(quantity, re.I),
        range_re=re.compile(rf"^{rng}$", re.I),
        role_of=role_of,
        role_re=re.compile(rf"(?<![\w-])(?:{_alt(list(role_of) + list(zero_words))})(?![\w-])", re.I),
        perpetrators=frozenset(w.lower() for w in roles["perpetrator_nouns"]),
        reflexives=frozenset(roles["reflexives"]),
        negators=frozenset(roles["negators"]),
        subset_before_re=re.compile(
            rf"(?:^|\W)(?:{subset_alt})(?:\s+(?:were|was|are|is|being))?[\s:,]*$", re.I),
        toll_words=frozenset(roles["toll_words"]),
        units_after=frozenset(w.lower() for w in ignore["units_after"]),
        before=frozenset(w.lower() for w in ignore["before"]),
        street_words=frozenset(w.lower() for w in ignore["street_words"]),
        age_words=frozenset(w.lower() for w in ignore["age_words"]),
        zero_words=zero_words,
        months=frozenset(ignore["months"]),
        qualifier_words=frozenset(w for p in qualifier for w in p.split()) | frozenset(
            w for p in list(words["units"]) + list(words["tens"]) + list(words["scales"]) for w in [p]),
        coded_as_re=re.compile(rf"(?:{_alt(coded)})\s*$", re.I),
        coded_as=coded,
        summary_before_re=re.compile(rf"(?:^|\W)(?:{_alt(roles['summary_before'])})\s*$", re.I),
        restating_re=re.compile(rf"(?:^|\W)(?:{_alt(roles['restating_determiners'])})\s*$", re.I),
        affliction_verbs=frozenset(roles["affliction_verbs"]),
        affliction_nouns=frozenset(roles["affliction_nouns"]),
        bodily_harm=frozenset(roles["bodily_harm_nouns"]),
        body_parts=frozenset(roles.get("body_part_nouns", ())),
        body_harm_verbs=frozenset(roles.get("body_harm_verbs", ())),
        resultative_kill=frozenset(roles.get("resultative_kill_verbs", ())),
        kinship=frozenset(roles.get("kinship_nouns", ())),
        besides=tuple(tuple(p.split()) for p in roles["besides_phrases"]),
    )


# --------------------------------------------------------------------------- parsing

_SPACE = re.compile(r"\s+")
MAX_NUMBER_CHARS = 40   # longer digit strings are serials or noise, never a count


def _words_to_int(text: str, lex: _Lexicon) -> int | None:
    """'two hundred and fifty' -> 250; None when the words are not one number."""
    parts = [p for p in re.split(r"[\s-]+", text) if p and p != "and"]
    if not parts:
        return None
    total = current = 0
    last = ""          # kind of the previous word: unit | tens | scale
    for p in parts:
        if p in lex.units:
            if last in ("unit",) or (last == "tens" and lex.units[p] >= 10):
                return None
            current += lex.units[p]
            last = "unit"
        elif p in lex.tens:
            if last in ("unit", "tens"):
                return None
            current += lex.tens[p]
            last = "tens"
        elif p in lex.scales:
            scale = lex.scales[p]
            if current == 0:
                current = 1
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
            last = "scale"
        else:
            return None
    return total + current


def _core_value(text: str, lex: _Lexicon) -> tuple[int, bool] | None:
    """Value of a number without qualifier, and whether it is a vague word."""
    t = text.strip().lower()
    t = re.sub(r"\s+of$", "", t)
    if t in lex.vague:
        return lex.vague[t], True
    if t in lex.fixed:
        return lex.fixed[t], False
    if t + " of" in lex.fixed:
        return lex.fixed[t + " of"], False
    mult = 1
    m = re.match(rf"^(.*?)\s+({'|'.join(map(re.escape, lex.multiples))})s?$", t)
    if m:
        t, mult = m.group(1), lex.multiples[m.group(2)]
    scale = 1
    m = re.match(rf"^([\d.,]+)\s+({'|'.join(map(re.escape, lex.scales))})$", t)
    if m:
        t, scale = m.group(1), lex.scales[m.group(2)]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", t):
        if len(t) > MAX_NUMBER_CHARS:
            return None                # a digit string, not a count (and int() refuses 4,300+ digits)
        value = Fraction(t.replace(",", "")) * scale   # exact: no float rounds 10**21 - 1
        if value.denominator != 1:
            return None
        return int(value) * mult, False
    if scale != 1:
        return None
    n = _words_to_int(t, lex)
    if n is None:
        return None
    return n * mult, False


def parse_quantity(text: str) -> Quantity | None:
    """'at least 10' -> Quantity(10, low=10); 'two dozen' -> 24; 'between 10 and 15' -> ..."""
    hit = _parse_quantity_cached(text)
    return None if hit is None else Quantity(*hit)


@lru_cache(maxsize=16384)
def _parse_quantity_cached(text: str) -> tuple[int, int | None, int | None] | None:
    q = _parse_quantity(text)    # the same phrases ("two", "at least 10") recur: parse each once
    return None if q is None else (q.best, q.low, q.high)


def _parse_quantity(text: str) -> Quantity | None:
    if not text:
        return None
    lex = _lexicon()
    t = _SPACE.sub(" ", text.strip().lower()).strip(" .,;:!?")
    kind = ""
    m = lex.qualifier_re.match(t)
    if m and _parse_unqualified(m.group("rest"), lex) is not None:
        kind = lex.qualifier[_SPACE.sub(" ", m.group("q"))]
        t = m.group("rest")
    q = _parse_unqualified(t, lex)
    if q is None:
        return None
    if q.low is not None and q.high is not None and q.low != q.high:
        return q                      # a range keeps its own bounds
    n = q.best
    if kind == "low":
        return Quantity(n, low=n)
    if kind == "high":
        return Quantity(n, high=n)
    if kind == "best":
        return Quantity(n)
    return q


def _parse_unqualified(t: str, lex: _Lexicon) -> Quantity | None:
    m = lex.range_re.match(t)
    if m:
        a = next(m.group(g) for g in ("a1", "a2", "a3", "a4") if m.group(g))
        b = next(m.group(g) for g in ("b1", "b2", "b3", "b4") if m.group(g))
        va, vb = _core_value(a, lex), _core_value(b, lex)
        if va and vb and va[0] < vb[0]:
            # ACLED counts the low end of a range ("8-10 residents" -> 8).
            return Quantity(va[0], low=va[0], high=vb[0])
    v = _core_value(t, lex)
    if v is None:
        return None
    n, vague = v
    return Quantity(n, low=n) if vague else Quantity(n)


# --------------------------------------------------------------------------- finding

_SKIP_RIGHT = frozenset(
    "were was are is have has had been being be reportedly also later all allegedly "
    "confirmed reported subsequently were/are people persons others other more "
    "additional further total in all , had been".split()
)
_PASS_VERBS = frozenset(
    "be leave result cause include claim report confirm number rise reach stand climb "
    "bring put say find discover".split()
)
_NON_PERSON_PRON = frozenset("it its they them their who which that what this these those".split())
_PERSON_PRON = frozenset("he him she her".split())
_NONE_SKIP_ENTS = frozenset(("TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"))
_RANGE_WORDS = frozenset("between and to or from".split())
_PARTITIVE_WHOLE = frozenset(
    "victim victims dead killed injured wounded casualty casualties fatality fatalities "
    "whom hostages detainees".split()
)
# wholes whose part that died is a new count of the dead: the hurt, the held
_LATER_DEATH = re.compile(r"\b(?:died|succumbed)\b[^.;]{0,30}\b(?:injuries|wounds|injury|wound)\b", re.I)
_FATE_WHOLE = frozenset("injured wounded hurt hostages captives abductees".split())


def _sentences(span) -> list:
    """Sentences of a Doc/Span; a stub the parser split off ("14" before "Al Shabaab
    militants were killed") is joined to the sentence after it."""
    try:
        sents = list(span.sents)
    except (AttributeError, ValueError):     # no sentence boundaries set
        return [span[:]]
    out = []
    pending = None
    for sent in sents:
        if pending is not None:
            sent = sent.doc[pending.start:sent.end]
            pending = None
        if len(sent) <= 3 and sent[-1].text not in (".", "!", "?") and sent is not sents[-1]:
            pending = sent
            continue
        out.append(sent)
    if pending is not None:
        out.append(pending)
    return out


def find_counts(span) -> list[Count]:
    """Every role-attached count in a spaCy Doc or Span."""
    lex = _lexicon()
    out: list[Count] = []
    for sent in _sentences(span):
        out.extend(_sentence_counts(sent, lex))
    out.sort(key=lambda c: (c.start, c.role))
    return out


def _role_anchors(sent, lex: _Lexicon) -> dict[int, tuple[str, Any]]:
    """Token index -> (role, anchor span) for each role phrase in the sentence."""
    doc = sent.doc
    anchors: dict[int, tuple[str, Any]] = {}
    base = sent.start_char
    for m in finditer_fast(lex.role_re, doccache.text_of(sent)):
        phrase = _SPACE.sub(" ", m.group(0).lower())
        role = lex.role_of.get(phrase) or ("zero:" + lex.zero_words[phrase])
        sp = doc.char_span(base + m.start(), base + m.end(), alignment_mode="expand")
        if sp is None:
            continue
        for tok in sp:
            anchors.setdefault(tok.i, (role, sp))
    lemmas = doccache.lower_lemmas(doc)
    for tok in doccache.span_tokens(sent):
        lemma = lemmas[tok.i]
        if not (lemma in lex.affliction_verbs or lemma in lex.resultative_kill or lemma in lex.body_harm_verbs):
            continue   # (the cheap test first)
        if tok.i in anchors or tok.pos_ not in ("VERB", "AUX"):
            continue
        if lemma in lex.affliction_verbs and _afflicted(tok, lex):
            anchors[tok.i] = ("injured", doc[tok.i:tok.i + 1])
        elif lemma in lex.resultative_kill and _killed_object(tok):
            anchors[tok.i] = ("killed", doc[tok.i:tok.i + 1])    # "shot a senator dead"
        elif lemma in lex.body_harm_verbs and _harmed_owner(tok, lex) is not None:
            anchors[tok.i] = ("injured", doc[tok.i:tok.i + 1])   # "burned the clerk's fingers"
    return anchors


def _killed_object(verb) -> bool:
    """'shot a senator dead', 'beat the driver to death': an object, then 'dead' or 'to
    death' after it (the words joined to the verb, 'shot dead', are role phrases already)."""
    obj = next((c for c in doccache.children(verb) if c.dep_ == "dobj"), None)
    if obj is None:
        return False
    for c in doccache.children(verb):
        if c.i <= obj.i:
            continue
        if c.lower_ == "dead" and c.dep_ in ("oprd", "acomp", "xcomp", "advmod", "ccomp", "dep", "amod"):
            return True
        if c.lower_ == "to" and c.dep_ in ("prep", "dative") and \
                any(g.lower_ == "death" and g.dep_ == "pobj" for g in doccache.children(c)):
            return True
    return False


def _harmed_owner(verb, lex: _Lexicon):
    """The person whose body part the verb harms ("burned the employee's fingers",
    "shot him in the leg" is left to the role words), or None."""
    for c in doccache.children(verb):
        if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in lex.body_parts:
            owner = next((p for p in doccache.children(c) if p.dep_ == "poss"), None)
            if owner is not None and (owner.pos_ in ("NOUN", "PROPN") or owner.lower_ in ("his", "her")):
                return owner
    return None


_AFFLICTION_PATH = frozenset(("dobj", "pobj", "prep", "conj", "acomp", "advcl", "attr", "oprd", "appos"))


def _afflicted(verb, lex: _Lexicon) -> bool:
    """The verb's objects name an injury or an illness: 'suffered minor injuries',
    'contracted the skin form of anthrax', 'tested positive for ricin'."""
    frontier, depth = [verb], 0
    while frontier and depth < 6:
        nxt = []
        for t in frontier:
            for c in doccache.children(t):
                if c.dep_ not in _AFFLICTION_PATH or (c.dep_ == "advcl" and c.pos_ != "ADJ"):
                    continue
                if c.pos_ in ("NOUN", "PROPN") and (c.lemma_.lower() in lex.affliction_nouns
                                                    or c.lower_ in lex.affliction_nouns):
                    if verb.lemma_.lower() == "test" and not any(g.lower_ == "positive" for g in doccache.children(verb)):
                        return False      # "tested negative for", "were tested for"
                    return not any(d.lower_ in lex.negators for d in doccache.children(c))
                nxt.append(c)
        frontier, depth = nxt, depth + 1
    return False


def _is_negated(tok, sent, lex: _Lexicon, window: int = 4) -> bool:
    lo = max(sent.start, tok.i - window)
    for t in sent.doc[lo:tok.i]:
        if t.lower_ in lex.negators or (t.lower_ == "one" and t.i > 0 and t.nbor(-1).lower_ == "no"):
            return True
    return False


def _counted_noun(last, sent, lex: _Lexicon):
    """The noun a number counts ("10 police" -> police), or None ("killing 10")."""
    doc = sent.doc
    if last.dep_ in ("nummod", "quantmod", "amod", "compound") and last.head.i > last.i \
            and last.head.i - last.i <= 5 and last.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return last.head
    # Fall back to the run of adjectives/nouns right after the number.
    noun = None
    for t in doc[last.i + 1: min(sent.end, last.i + 5)]:
        if t.pos_ in ("ADJ", "NOUN", "PROPN") or t.text == "-":
            if t.pos_ in ("NOUN", "PROPN"):
                noun = t
            continue
        break
    return noun


_CAUSATIVE = frozenset(("cause", "leave", "force", "compel", "prompt", "drive"))   # "forced 800 to flee"
_IRREALIS = frozenset("to would could might may should will can must".split())
_REPORTED = frozenset(("have", "has", "had", "having"))


def _anchor_role(tok, anchors) -> str | None:
    a = anchors.get(tok.i)
    if a is None or a[0].startswith("zero:"):
        return None
    return a[0]


_BACKGROUND = frozenset(
    "for over against after following mark marking honor honour mourn mourning commemorate "
    "commemorating protest protesting condemn condemning denounce denouncing avenge avenging "
    "retaliation revenge anniversary investigate investigating probe".split()
)


def _background(tok) -> bool:
    """A death named as the reason or background of another event: 'protest against the
    death of', 'in retaliation for the killing of', 'marking the death of'."""
    if tok.pos_ != "NOUN":
        return False
    h = tok
    for _ in range(3):
        if h.head.i == h.i:
            break
        h = h.head
        if h.lower_ in _BACKGROUND or h.lemma_.lower() in _BACKGROUND:
            return True
    return False


def _irrealis(tok) -> bool:
    """'intended to kill', 'would have been killed': not a reported outcome."""
    for t in (tok, tok.head) if tok.dep_ in ("conj", "xcomp") else (tok,):
        auxes = [c.lower_ for c in doccache.children(t) if c.dep_ in ("aux", "auxpass")]
        if any(a in _IRREALIS for a in auxes) and not (
                "to" in auxes and any(a in _REPORTED for a in auxes)) and not (
                auxes == ["to"] and t.head.lemma_.lower() in _CAUSATIVE):
            return True            # but "claimed to have killed 17 soldiers" is reported,
                                   # and so is "causing the clerk to suffer burns"
    return False


_INTRANSITIVE = frozenset(
    "die dies died dying dead perish perished drown drowned lost lose losing".split()
)
_BLOCK_DEPS = frozenset(("agent", "nsubj", "csubj", "npadvmod", "poss"))


def _role_by_dependency(start_tok, anchors, max_hops: int = 5) -> tuple[str, Any] | None:
    """Walk up from the counted word to a role word it is the victim of. Agents ("by two
    armed men") and subjects of active verbs ("several men shot dead the owner") are not."""
    tok = start_tok
    for _ in range(max_hops):
        if tok.head.i == tok.i:
            return None
        rel, tok = tok.dep_, tok.head
        if rel == "agent" or (rel == "pobj" and tok.lower_ == "by"):
            return None                   # "wounded by two gunmen", "died in attacks by 150 rebels": the doers
        role = _anchor_role(tok, anchors)
        if role and role != "either":
            if rel == "nsubj" and tok.lower_ not in _INTRANSITIVE and tok.pos_ in ("VERB", "AUX") \
                    and tok.lemma_.lower() not in _lexicon().affliction_verbs:
                return None
            return role, tok
        if rel in _BLOCK_DEPS and tok.pos_ in ("VERB", "AUX"):
            if rel == "nsubj" and tok.lemma_.lower() == "be":
                pass                      # "3 soldiers were among the dead"
            else:
                return None
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() not in _PASS_VERBS:
            # an object shared with a conjoined role verb: "shot and killed two students"
            # and a passive subject: "two civilians were shot and killed"
            if rel in ("dobj", "nsubjpass"):
                for c in doccache.children(tok):
                    if c.dep_ == "conj" and not any(d.dep_ in ("nsubj", "nsubjpass") for d in doccache.children(c)):
                        role = _anchor_role(c, anchors)
                        if role and role != "either":
                            return role, c
            return None
        # "left 50 people injured", "resulted in 1 tribesman killed"
        for c in doccache.children(tok):
            if c.dep_ in ("acl", "amod", "oprd", "xcomp", "ccomp") and c.i > start_tok.i:
                role = _anchor_role(c, anchors)
                if role and role != "either":
                    return role, c
    return None


def _sentence_counts(sent, lex: _Lexicon) -> list[Count]:
    doc = sent.doc
    base = sent.start_char
    text = doccache.text_of(sent)
    anchors = _role_anchors(sent, lex)
    counts: list[Count] = []
    used_nouns: set[int] = set()
    used_anchor_heads: set[int] = set()

    for m in finditer_fast(lex.quantity_re, text):
        q = parse_quantity(m.group(0))
        if q is None:
            continue
        sp = doc.char_span(base + m.start(), base + m.end(), alignment_mode="expand")
        if sp is None or len(sp) == 0:
            continue
        first, last = sp[0], sp[-1]
        if _skip_number(m, sp, q, sent, lex):
            continue
        if _is_negated(first, sent, lex, window=3):
            continue
        if _coordinating_both(sp):
            continue
        noun = _counted_noun(last, sent, lex)
        if noun is not None and (noun.lower_ in lex.units_after or noun.lemma_.lower() in lex.units_after
                                 or noun.lower_ in lex.bodily_harm):
            continue                      # "40 km", "numerous cuts", "two gunshot wounds"
        if noun is None and _partitive_of_things(last, sent, lex):
            continue                      # "in one of several related incidents"
        before_text = text[:m.start()]
        role, how, anchor = _attach(sp, noun, sent, anchors, lex, before_text)
        if role is None and counts and lex.subset_before_re.search(before_text[-40:]):
            role, how = counts[-1].role, "subset"      # "...; among them were two officers"
        if role is None or (anchor is not None and (_irrealis(anchor) or _background(anchor))):
            continue
        if re.search(r"(?:^|\W)(?:as|so|too|how)\s*$", before_text) and q.low is not None:
            continue                      # "as many as possible", "so many"
        after_text = text[m.end():m.end() + 40].lower()
        additional = bool(re.match(r"^\s*(?:other|others|more|additional|further)\b", after_text)) \
            or (anchor is not None and any(c.lower_ in ("also", "too") and c.dep_ == "advmod" for c in doccache.children(anchor))) \
            or bool(re.search(r"\b(?:also|another|additional|further|more)\b", text[max(0, m.start() - 25):m.start()].lower())) \
            or bool(re.search(r"^[^,.;]{0,30}\balso\b", after_text))
        subset = _is_subset(sp, noun, sent, before_text, lex, role)
        summary = how in ("noun", "toll", "coded") or bool(lex.summary_before_re.search(before_text))
        restated = bool(lex.restating_re.search(before_text)) and not summary
        who_tok = noun
        perps = bool(noun is not None and (noun.lower_ in lex.perpetrators))
        if noun is not None:
            used_nouns.add(noun.i)
        used_nouns.add(last.i)
        if anchor is not None:
            used_anchor_heads.add(anchor.i)
        counts.append(Count(
            role=role, quantity=q, start=base + m.start(), end=base + m.end(),
            text=m.group(0), sentence_start=base, who=who_tok.text if who_tok is not None else "",
            perpetrators=perps, subset=subset, source=f"rule:{how}",
            score=0.9 if how in ("left", "right", "noun", "coded") else 0.75,
            summary=summary, restated=restated, additional=additional,
        ))

    counts.extend(_zero_counts(sent, anchors, lex))
    counts.extend(_implicit_counts(sent, anchors, used_nouns, lex, counts))
    counts.extend(_suicide_attackers(sent, counts))
    return counts


_SUICIDE_ACTS = frozenset("detonate blow explode self-detonate ram".split())   # set off his charge
_SURVIVED = re.compile(r"\b(?:fail\w*|arrest\w*|captur\w*|detain\w*|defus\w*|surviv\w*|before (?:he|she|they) could|"
                       r"was shot|were shot|overpowered|prevented|foiled|thwarted|would-be)\b", re.I)


# the story tells the attackers' fate itself: counted there, or they lived
_ATTACKERS_TOLD = re.compile(
    r"\b(?:himself|herself|themselves|(?:suicide )?bombers?|assailants?|attackers?|perpetrators?|gunm[ae]n)\b"
    r"[^.;]{0,40}\b(?:killed|died|dead|perished|survived|injured|wounded|arrested|captured)\b"
    r"|\b(?:killed|died|dead|killing)\b[^.;]{0,60}\b(?:including|along with|besides|in addition to|and) "
    r"(?:the |both |all )?(?:suicide )?(?:bombers?|assailants?|attackers?|perpetrators?)\b"
    r"|\bin addition to the (?:suicide )?(?:bombers?|assailants?|attackers?)", re.I)


def _suicide_attackers(sent, counts: list[Count]) -> list[Count]:
    """'A suicide bomber detonated his vest, killing 12': the bomber died too (GTD's nkill
    counts the attackers). One per bomber who blew himself up, unless the sentence already
    counts the attackers ("blew himself up", "the bomber was also killed") or says the
    attack failed or the bomber was caught."""
    if not any(w in ("bomber", "bombers") for w in doccache.lower_lemmas(sent.doc)[sent.start:sent.end]):
        return []   # no bomber named: nothing to add (the test the loop below starts with)
    if any(c.perpetrators for c in counts) or _SURVIVED.search(doccache.text_of(sent)) or \
            _ATTACKERS_TOLD.search(doccache.doc_text(sent.doc)):
        return []
    out: list[Count] = []
    for tok in sent:
        if tok.lemma_.lower() not in ("bomber", "bombers") or tok.dep_ != "nsubj" or \
                tok.head.lemma_.lower() not in _SUICIDE_ACTS:
            continue
        if not any(c.lower_ in ("suicide", "suicide-bomber") for c in doccache.children(tok)) and \
                "suicide" not in tok.lower_:
            continue
        n = 1
        nums = [c for c in doccache.children(tok) if c.dep_ == "nummod"]
        if nums:
            q = parse_quantity(nums[0].text)
            if q is None or q.low is not None or q.high is not None:
                continue
            n = q.best
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _IRREALIS for c in doccache.children(tok.head)):
            continue
        start, end = _noun_phrase_span(tok)
        out.append(Count(role="killed", quantity=Quantity(n), start=start, end=end,
                         text=doccache.doc_text(sent.doc)[start:end], sentence_start=sent.start_char,
                         who=tok.text, perpetrators=True, implicit=True, source="rule:suicide", score=0.6))
    return out


def _partitive_of_things(last, sent, lex: _Lexicon) -> bool:
    """'one of several incidents', 'two of the attacks': a part of things, not people."""
    doc = sent.doc
    if last.i + 1 >= sent.end or doc[last.i + 1].lower_ != "of":
        return False
    whole = next((c for c in doc[last.i + 1].children if c.dep_ == "pobj"), None)
    if whole is None:
        whole = next((t for t in doc[last.i + 2: min(sent.end, last.i + 8)]
                      if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
    return whole is not None and (whole.lower_ in lex.units_after or whole.lemma_.lower() in lex.units_after)


def _coordinating_both(sp) -> bool:
    """'both civilians and military', 'both a child and his mother': "both" marks a
    coordination there, it is not a count of two."""
    if len(sp) != 1 or sp[0].lower_ != "both":
        return False
    tok = sp[0]
    if tok.dep_ == "preconj":
        return True
    before = doccache.doc_text(tok.doc)[doccache.sent_of(tok).start_char:tok.idx]
    if before.rfind("(") > before.rfind(")"):
        return True                   # "Two employees, A and B (both mailroom workers)"
    head = tok.head if tok.dep_ in ("det", "predet") else tok
    return any(c.dep_ == "cc" and c.lower_ in ("and", "as") for c in doccache.children(head)) or \
        any(c.dep_ == "conj" for c in doccache.children(head))


def _skip_number(m, sp, q: Quantity, sent, lex: _Lexicon) -> bool:
    """Numbers that are dates, ages, money, units, years, times or labels."""
    doc = sent.doc
    first, last = sp[0], sp[-1]
    raw = m.group(0)
    after = doccache.text_of(sent)[m.end():m.end() + 12].lower()
    if re.match(r"^(?:\s*-\s*|\s+)?(?:year|yr|month|week|day|hour|minute|strong|"
                r"storey|story|meter|metre|km|mile|foot|kilo|ton)", after) or \
            re.match(r"^\s*-\s*(?:member|man|men)\b", after):
        return True                       # "a 30-member team", "a five-man cell"; "five members of" counts
    if _clock_time(first, last, raw, sent, lex):
        return True
    if re.match(r"^(?:st|nd|rd|th|s|%|:\d|/\d|\.\d)\b", after) or after.startswith(("%", ":", "/", "'s")):
        return True
    if m.start() >= 2 and doccache.text_of(sent)[m.start() - 1] == "-" and doccache.text_of(sent)[m.start() - 2].isalpha():
        return True                       # "Barrio-18", "MiG-29"
    if re.fullmatch(r"(?:approximately|about|around|roughly|some)?\s*[0-2]\d[0-5]\d", raw.strip().lower()) and \
            re.search(r"\b(?:at|by|until|till|from|before|after)\s*$",
                      doccache.text_of(sent)[max(0, m.start() - 10):m.start()].lower()):
        return True                       # a clock time: "exploded at approximately 1100"
    if first.i > sent.start and doc[first.i - 1].lower_.rstrip(".") in lex.months:
        return True
    if last.dep_ == "nummod" and last.head.i < last.i and last.head.pos_ == "PROPN":
        return True                       # a name with a number: "Motel 6", "Apollo 11"
    if re.match(r"^(?:an?\s+)?unknown\s+number", raw.strip().lower()) or \
            re.search(r"\bunknown\s*$", doccache.text_of(sent)[max(0, m.start() - 12):m.start()].lower()):
        return True                       # "an unknown number of civilians": no count
    if last.i + 1 < sent.end and doc[last.i + 1].lower_.rstrip(".") in lex.months:
        return True
    for tok in (first, last):
        if tok.ent_type_ == "DATE":
            # the tagger calls "Between 5 and 8" a DATE too: only a date word counts
            ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
            words = [t.lower_ for t in ent] if ent is not None else []
            if any(t.isalpha() and t not in _RANGE_WORDS and t not in lex.qualifier_words
                   for t in words) or any(re.fullmatch(r"\d{4}", t) for t in words):
                return True
        elif tok.ent_type_ in _NONE_SKIP_ENTS:
            return True
    if first.i > sent.start:
        prev = doc[first.i - 1]
        if prev.lower_ in lex.before or prev.text in ("$", "#", "№"):
            return True
        if prev.lower_ in ("'s", "’s") and prev.i > 0 and doc[prev.i - 1].lower_ == "brigade":
            return True
    nxt = doc[last.i + 1] if last.i + 1 < sent.end else None
    if first.i > sent.start and re.fullmatch(r"\d{1,3}", raw.strip()):
        # an age after a name: "Donald Smart, 49," / "Donald Smart 49"
        prev = doc[first.i - 1]
        if prev.text == "," and first.i - 2 >= sent.start:
            prev = doc[first.i - 2]
        if prev.pos_ == "PROPN" and (nxt is None or nxt.is_punct):
            return True
        # "Saturnino Palomino, 25, was injured": set off by commas after a name (read as a noun)
        if prev.pos_ == "NOUN" and doc[first.i - 1].text == "," and nxt is not None and nxt.text == "," \
                and int(raw.strip()) <= 110 and last.dep_ == "appos" and last.head.i == prev.i:
            return True
    if nxt is not None and nxt.lower_ in lex.units_after and not (nxt.dep_ == "compound" and nxt.head.i > nxt.i):
        return True
    if _street_number(last, sent, lex) or _second_age(first, sent, lex):
        return True
    stripped = raw.strip().replace(",", "")
    if re.fullmatch(r"\d{4}", stripped) and 1800 <= int(stripped) <= 2100:
        return not (nxt is not None and nxt.pos_ == "NOUN" and nxt.lower_ not in lex.units_after)
    if re.fullmatch(r"\d{4}s", stripped):
        return True
    return False


STREET_NAME_WORDS = 4   # capitalised words between a house number and its street word


def _street_number(last, sent, lex: _Lexicon) -> bool:
    """A house number: '10 West Bulnes Street', '45 Calle Real' - the number is followed by a
    capitalised name that ends in (or starts with) a street word, the street word itself
    maybe in lower case ('at 10 West Bulnes street': wire copy in capitals, truecased)."""
    doc = sent.doc
    words = []
    for k in range(last.i + 1, min(sent.end, last.i + 1 + STREET_NAME_WORDS)):
        t = doc[k]
        if words and t.lower_ in lex.street_words:
            return True
        if (not t.text[:1].isupper() and t.text != ".") or t.pos_ in ("ADP", "VERB", "AUX", "DET", "CCONJ"):
            break
        words.append(t.lower_.rstrip("."))
    return any(w in lex.street_words for w in words)


def _second_age(first, sent, lex: _Lexicon) -> bool:
    """The later ages of a list: '(aged 19 and 21)', 'ages 14, 15 and 17'."""
    doc = sent.doc
    k = first.i - 1
    for _ in range(6):
        if k < sent.start or doc[k].lower_ not in (",", "and", "or", "to", "-"):
            return False
        k -= 1
        if k < sent.start or not doc[k].like_num:
            return False
        k -= 1
        if k >= sent.start and doc[k].lower_ in lex.age_words:
            return True
    return False


_CLOCK_BEFORE = frozenset("at around about approximately approx. approx by after before until till from "
                          "circa since".split())
_CLOCK_AFTER = frozenset("hours hrs hr h local gmt utc".split())


def _clock_time(first, last, raw: str, sent, lex: _Lexicon) -> bool:
    """A 24-hour clock time, not a count: "on Wednesday night around 2300", "at 0930 hours"
    (four digits, a valid hour and minute, told after "at"/"around"... or before "hours",
    and counting no noun: "around 1500 people" is a count)."""
    digits = raw.strip().split()[-1]
    if not re.fullmatch(r"\d{4}", digits) or int(digits[:2]) > 23 or int(digits[2:]) > 59:
        return False
    doc = sent.doc
    nxt = doc[last.i + 1] if last.i + 1 < sent.end else None
    if nxt is not None and nxt.lower_ in _CLOCK_AFTER:
        return True
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.lower_ not in lex.units_after:
        return False
    words = raw.strip().lower().split()
    prev = words[-2] if len(words) > 1 else (doc[first.i - 1].lower_ if first.i > sent.start else "")
    return prev in _CLOCK_BEFORE or digits.startswith("0")


def _attach(sp, noun, sent, anchors, lex: _Lexicon, before_text: str):
    """(role, rule name, anchor token) for a number phrase, or (None, '', None)."""
    doc = sent.doc
    first, last = sp[0], sp[-1]
    mc = lex.coded_as_re.search(before_text)
    if mc:
        return lex.coded_as[_SPACE.sub(" ", mc.group(0).strip().lower())], "coded", None
    # 0. the counted noun is itself a role word: "3 fatalities", "two dead"
    if noun is not None:
        role = _anchor_role(noun, anchors)
        if role and role != "either":
            return role, "noun", noun
    # 1. a role word right before: "killing at least 10", "wounding 15", "death toll of 25"
    j = first.i - 1
    hops = 0
    while j >= sent.start and hops < 3:
        t = doc[j]
        role = _anchor_role(t, anchors)
        if role and role != "either":
            anchor_text = anchors[t.i][1].text.lower()
            is_toll = anchor_text.split()[-1] in lex.toll_words
            via_of = hops == 1 and doc[j + 1].lower_ == "of"
            if t.pos_ in ("VERB", "AUX") or t.tag_ in ("VBG", "VBD", "VBN") or is_toll or via_of:
                if hops == 0 or is_toll or via_of or t.pos_ == "VERB":
                    after = _role_right_after(noun if noun is not None and noun.i > last.i else last, sent, anchors)
                    if is_toll and after is not None:
                        return after[0], "right", after[1]   # "a toll of 1 person wounded"
                    return role, ("toll" if is_toll else "left"), t
        if t.lower_ in ("rose", "reached", "stood", "climbed", "risen", "jumped", "increased"):
            # "the death toll from Monday's bombing rose to 31": the verb's subject is the toll
            for c in doccache.children(t):
                if c.dep_ == "nsubj" and c.lower_ in lex.toll_words and _anchor_role(c, anchors) == "killed":
                    return "killed", "toll", c
        if t.lower_ not in ("of", "at", "to", "rose", "reached", "stood", "climbed", "hit",
                            "has", "had", "risen", "is", "was", "now", "jumped", "increased"):
            break
        j -= 1
        hops += 1
    # 2. a role word right after the number or its noun: "3 fatalities", "10 were killed"
    k = (noun.i if noun is not None and noun.i > last.i else last.i) + 1
    steps = 0
    while k < sent.end and steps < 5:
        t = doc[k]
        role = _anchor_role(t, anchors)
        if role and role != "either":
            if _active_doer(noun if noun is not None else last, t, anchors[t.i][1]):
                return None, "", None     # "Two gunmen killed a policeman": the doers
            return role, "right", t
        if t.lower_ in _SKIP_RIGHT or t.pos_ == "ADV" or t.dep_ == "auxpass" or t.dep_ == "aux":
            k += 1
            steps += 1
            continue
        break
    # 3. the dependency parse: "10 people, including three children, were killed"
    start = noun if noun is not None else last
    found = _role_by_dependency(start, anchors)
    if found:
        return found[0], "dep", found[1]
    # 4. "Among the dead were 3 soldiers"
    mm = re.search(r"among\s+the\s+(\w+)\s+(?:were|was|are|is)?\s*$", before_text, re.I)
    if mm and mm.group(1).lower() in lex.role_of and lex.role_of[mm.group(1).lower()] != "either":
        return lex.role_of[mm.group(1).lower()], "among", None
    return None, "", None


def _role_right_after(tok, sent, anchors):
    """(role, token) of a role word right after the counted word ('1 person wounded')."""
    k = tok.i + 1
    if k < sent.end:
        role = _anchor_role(sent.doc[k], anchors)
        if role and role != "either":
            return role, sent.doc[k]
    return None


def _active_doer(tok, verb, phrase) -> bool:
    """Is `tok` the subject of `verb` used actively on an object ("Two gunmen killed a
    policeman", "three men stabbed a student")? Then it counts the doers. An object inside
    the role `phrase` itself ("two people lost their lives") is no other victim."""
    if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ in ("auxpass", "nsubjpass") for c in doccache.children(verb)):
        return False
    lex = _lexicon()
    if verb.lemma_.lower() in lex.affliction_verbs:
        return False                      # "two people suffered injuries": they were hurt
    objs = [c for c in doccache.children(verb) if c.dep_ == "dobj" and not (phrase.start <= c.i < phrase.end)]
    if not objs or any(o.lower_ in lex.reflexives for o in objs):
        return False                      # "the two attackers killed themselves"
    t = tok
    for _ in range(4):
        if t.dep_ == "nsubj" and t.head.i == verb.i:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


_INCLUDING = frozenset(("including", "incl.", "includes", "included"))


def _in_inclusion_list(tok, sent) -> bool:
    """A later item of a list opened by "including" ("including two children, five women
    and one man, were killed"): no verb stands between the number and the "including"."""
    for t in reversed(sent.doc[sent.start:tok.i]):
        if t.lower_ in _INCLUDING:
            return True
        if t.pos_ in ("VERB", "AUX") or t.text in (";", ":"):
            return False
    return False


def _is_subset(sp, noun, sent, before_text: str, lex: _Lexicon, role: str = "") -> bool:
    doc = sent.doc
    if lex.subset_before_re.search(before_text[-40:]):
        return True
    if _in_inclusion_list(sp[0], sent):
        return True
    tok = noun if noun is not None else sp[-1]
    for _ in range(3):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.lower_ in ("including", "among", "includes", "included"):
            return True
        if tok.pos_ == "VERB":
            break
    # partitive: "two of the victims", "three of whom"
    last = sp[-1]
    if last.i + 2 < sent.end and doc[last.i + 1].lower_ == "of":
        rest = doc[last.i + 2: min(sent.end, last.i + 6)]
        if role == "killed" and any(t.lower_ in _FATE_WHOLE for t in rest):
            return False                  # "two of the wounded died", "five of the 10 hostages were killed"
        if role == "killed" and _LATER_DEATH.search(doccache.text_of(sent)[last.idx - sent.start_char:]):
            return False                  # "three were injured; two of the victims died of their injuries"
        # "Six Jesuits, five of them Spaniards, were killed": set off by a comma, a part of the count before
        if rest[0].lower_ in ("them", "those", "these") and sp[0].i > sent.start and doc[sp[0].i - 1].text == ",":
            return True
        for t in rest:
            if t.lower_ in _PARTITIVE_WHOLE or t.like_num:
                return True
            if t.pos_ in ("NOUN", "PROPN", "PRON"):
                break
    return False


def _zero_counts(sent, anchors, lex: _Lexicon) -> list[Count]:
    """'There were no casualties', 'no one was hurt', 'unharmed' -> 0 with evidence."""
    out: list[Count] = []
    seen: set[int] = set()
    for i, (role, asp) in sorted(anchors.items()):
        if asp.start in seen or i != asp.start:
            continue
        seen.add(asp.start)
        if role.startswith("zero:"):
            roles = [role[5:]]
        elif _is_negated(asp[0], sent, lex):
            roles = ["killed", "injured"] if role == "either" else [role]
        else:
            continue
        if any(t.like_num and not t.lower_ == "one" for t in sent.doc[max(sent.start, asp.start - 4):asp.start]):
            continue
        for r in roles:
            out.append(Count(
                role=r, quantity=Quantity(0), start=asp.start_char, end=asp.end_char,
                text=asp.text, sentence_start=sent.start_char, source="rule:zero", score=0.8,
            ))
    return out


_LOCATIVE = frozenset("in on at near around outside inside along across".split())
_PLACE_NOUNS = frozenset(
    "area vicinity outskirts village town city district region province road street highway".split())


def _place_phrase(noun) -> bool:
    """A noun naming where, not whom: "found dead on the Jandairis road, killed by...",
    "in the area of Inawan, presumably killed in airstrikes"."""
    if noun.ent_type_ in ("GPE", "LOC", "FAC") or noun.lemma_.lower() in _PLACE_NOUNS:
        return True
    if noun.dep_ == "pobj" and noun.head.lower_ in _LOCATIVE:
        return True
    return noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in _PLACE_NOUNS


def _besides(verb, lex: _Lexicon) -> list:
    """'In addition to the assailant, three civilians were injured': the assailant too."""
    out = []
    for c in doccache.children(verb):
        if c.dep_ != "prep":
            continue
        words, tok = [c.lower_], c
        while len(words) < 4:
            nxt = next((g for g in doccache.children(tok) if g.dep_ in ("pobj", "prep")), None)
            if nxt is None:
                break
            words.append(nxt.lower_)
            tok = nxt
            if tuple(words[:-1]) in lex.besides and nxt.dep_ == "pobj":
                out.append(nxt)
                break
    return out


def _victims(anchor_tok, lex: _Lexicon | None = None) -> list:
    """Arguments of a role word that name who was killed/hurt: subjects of passives,
    objects of actives, the noun an adjectival role word describes."""
    t = anchor_tok
    deps = {c.dep_: c for c in doccache.children(t)}
    found = []
    if lex is not None and t.pos_ in ("VERB", "AUX"):
        found.extend(_besides(t, lex))
    if lex is not None and t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lex.affliction_verbs:
        # the one who suffered: "two people suffered minor injuries", "X was diagnosed with"
        hit = deps.get("nsubjpass") or deps.get("nsubj")
        if hit is None and t.dep_ == "conj":
            hd = {c.dep_: c for c in doccache.children(t.head)}
            hit = hd.get("nsubjpass") or hd.get("nsubj")
        if hit is not None:
            found.append(hit)
    elif t.dep_ == "pobj" and t.head.lower_ == "among":
        # "Among the dead was Colonel X"
        verb = t.head.head
        found.extend(c for c in doccache.children(verb) if c.dep_ in ("nsubj", "attr") and c.i > t.i)
    elif "nsubjpass" in deps:
        found.append(deps["nsubjpass"])
    elif "dobj" in deps:
        found.append(deps["dobj"])
    elif t.lemma_.lower() in ("die", "perish", "dead", "drown", "succumb") and "nsubj" in deps:
        found.append(deps["nsubj"])
    elif t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN"):
        if not _place_phrase(t.head):
            found.append(t.head)
    elif t.dep_ == "conj" and "nsubj" in deps and t.tag_ == "VBN" and \
            not any(c.dep_ in ("aux", "auxpass") for c in doccache.children(t)):
        # a gapped passive: "the assailants were killed and a security guard wounded"
        found.append(deps["nsubj"])
    elif t.dep_ == "amod" and t.tag_ in ("VBN", "JJ") and t.head.pos_ in ("NOUN", "PROPN") and t.head.i > t.i:
        # "the injured police officer"
        found.append(t.head)
    elif t.dep_ == "conj":
        # "shot and killed X", "fled the scene but were located and killed"
        h, passive = t, any(c.dep_ == "auxpass" for c in doccache.children(t))
        for _ in range(2):
            if h.dep_ != "conj":
                break
            h = h.head
            passive = passive or any(c.dep_ == "auxpass" for c in doccache.children(h))
            hd = {c.dep_: c for c in doccache.children(h)}
            wanted = ("nsubjpass", "nsubj") if passive or t.lemma_.lower() in _INTRANSITIVE \
                else ("nsubjpass", "dobj")    # "contracted anthrax and died": the subject died
            hit = next((hd[d] for d in wanted if d in hd), None)
            if hit is not None:
                found.append(hit)
                break
    elif t.lower_ == "death" and t.head.lower_ in ("to", "near"):
        # "stabbed a journalist to death", "beat a young man to death"
        verb = t.head.head
        vd = {c.dep_: c for c in doccache.children(verb)}
        hit = next((vd[d] for d in ("nsubjpass", "dobj") if d in vd), None)
        if hit is not None:
            found.append(hit)
    elif t.pos_ == "NOUN" and any(c.dep_ == "poss" for c in doccache.children(t)) and t.lower_ in ("death", "killing", "murder"):
        found.extend(c for c in doccache.children(t) if c.dep_ == "poss")     # "resulting in his death"
    elif t.pos_ == "NOUN" and any(c.dep_ == "prep" and c.lower_ == "of" for c in doccache.children(t)):
        # "resulted in the death of Tamerlan Tsarnaev"
        of = next(c for c in doccache.children(t) if c.dep_ == "prep" and c.lower_ == "of")
        found.extend(c for c in doccache.children(of) if c.dep_ == "pobj")
    elif t.dep_ in ("acomp", "oprd") or t.lower_ == "dead":
        h = t.head
        hd = {c.dep_: c for c in doccache.children(h)}
        for d in ("nsubjpass", "nsubj", "dobj"):
            if d in hd:
                found.append(hd[d])
                break
    if not found and t.pos_ in ("VERB", "AUX"):
        before = _subject_before(t)
        if before is not None:
            found.append(before)
    elif t.pos_ in ("VERB", "AUX") and len(found) == 1 and found[0].pos_ == "PROPN" and \
            found[0].ent_type_ in ("GPE", "LOC") and found[0].dep_ in ("nsubjpass", "nsubj"):
        before = _subject_before(t, place_subject=True)   # the place the parser made the subject
        if before is not None and before.i != found[0].i:
            found = [before]
    out = []
    for v in found:
        if v.lower_ in ("who", "that") and t.dep_ == "relcl":
            v = t.head                    # "Alexander Bonds, who was killed"
        if lex is not None and v.lemma_.lower() in lex.body_parts and \
                not any(c.dep_ == "prep" and c.lower_ == "of" for c in doccache.children(v)):   # "the head of the office"
            owner = next((p for p in doccache.children(v) if p.dep_ == "poss"), None)
            if owner is None:
                continue
            v = owner                     # "burned the employee's fingers": the employee
        out.append(v)
        # "a boy and son of a trader" is one person; "a boy and his father" two
        out.extend(c for c in v.conjuncts if c.i > v.i and not _appositive_name(v, c) and not (
            lex is not None and c.lemma_.lower() in lex.kinship and
            not any(d.dep_ in ("det", "poss") for d in doccache.children(c)) and
            c.i + 1 < len(c.doc) and c.doc[c.i + 1].lower_ == "of"))
    return out


_NOT_PERSON_ENTS = frozenset(("GPE", "LOC", "FAC", "DATE", "TIME", "ORG", "NORP", "CARDINAL", "QUANTITY"))


_HERDS = frozenset("cattle livestock sheep goat goats cow cows camel camels buffalo".split())


def _head_of_office(v) -> bool:
    """'the head of the customs office' is a person; '50 head of cattle' are animals."""
    return v.lower_ == "head" and any(
        c.dep_ == "prep" and c.lower_ == "of" and
        any(g.dep_ == "pobj" and g.lower_ not in _HERDS for g in doccache.children(c))
        for c in doccache.children(v))


def _appositive_name(v, c) -> bool:
    """A name the parser joined to an office as a second conjunct ("the Director of the
    office, Gholam Faruq,"): set off by a comma, with no "and" anywhere: the same person."""
    return c.pos_ == "PROPN" and (v.pos_ != "PROPN" or any(d.dep_ == "det" for d in doccache.children(v))) and \
        c.left_edge.i > 0 and \
        c.doc[c.left_edge.i - 1].text == "," and len(v.conjuncts) == 1 and \
        not any(d.dep_ == "cc" for d in doccache.children(v)) and not any(d.dep_ == "cc" for d in doccache.children(c))


def _subject_before(verb, place_subject: bool = False):
    """The subject of a passive the parser left without one: the noun right before its
    auxiliary, past a comma ("former Imam, Nuri Ramazanov, was shot and killed", "a police
    major, identified as A. B., was killed"). The first of a coordination stands for all."""
    h = verb
    while h.dep_ == "conj" and h.head.pos_ in ("VERB", "AUX"):
        h = h.head
    kids = doccache.children(h)
    if not place_subject and any(c.dep_ in ("nsubj", "nsubjpass", "csubjpass", "expl") for c in kids):
        return None   # (with `place_subject` the parser's subject is a place: "in Arakan, ..., a priest was shot")
    aux = [c for c in kids if c.dep_ in ("auxpass", "aux") and c.i < h.i]
    if not any(c.dep_ == "auxpass" for c in kids) or not aux:
        return None
    doc = verb.doc
    j = min(c.i for c in aux) - 1
    sent = doccache.sent_of(verb)
    if j >= sent.start and doc[j].text == ",":
        j -= 1
    if j < sent.start:
        return None
    tok = doc[j]
    named = tok.pos_ == "PROPN" and doc[tok.left_edge.i - 1].lower_ in ("as", "named", "called")
    if tok.pos_ not in ("NOUN", "PROPN") or (tok.ent_type_ in _NOT_PERSON_ENTS and not named):
        return None   # but a name "identified as" the tagger read as an organisation is a person
    for _ in range(3):   # a name beside its office ("the Director of X, A. B.,") is the office's
        if tok.dep_ == "conj" and tok.head.pos_ == tok.pos_ and tok.head.ent_type_ not in _NOT_PERSON_ENTS:
            tok = tok.head
        elif tok.dep_ == "appos" and tok.head.pos_ in ("NOUN", "PROPN") and \
                tok.head.ent_type_ not in _NOT_PERSON_ENTS:
            tok = tok.head
        else:
            break
    return tok


def _implicit_counts(sent, anchors, used: set[int], lex: _Lexicon, numeric: list[Count]) -> list[Count]:
    """'a man was shot dead' -> killed 1; 'killing himself' -> killed 1, perpetrators."""
    out: list[Count] = []
    seen_anchor: set[int] = set()
    ordered = sorted(anchors.items(), key=lambda kv: (kv[1][0] != "killed", kv[0]))
    for i, (role, asp) in ordered:
        if role not in ROLES or asp.start in seen_anchor:
            continue
        seen_anchor.add(asp.start)
        head = asp[-1] if asp[-1].lower_ == "death" else asp.root
        if _is_negated(asp[0], sent, lex) or _irrealis(head) or _background(head):
            continue
        if head.lower_ in ("toll", "tolls"):
            continue                      # "a heavy toll of human lives and credibility": no count
        for v in _victims(head, lex):
            if asp.start <= v.i < asp.end:
                continue                  # "fleeing the fighting": a word of the role phrase itself
            if _names_counted(v, used):
                continue                  # "killing one security guard, Stephen Tyrone"
            if v.lemma_.lower() == "number":
                continue                  # "an unknown number of civilians"
            if v.i in used or (v.pos_ != "PROPN" and any(
                    c.dep_ == "nummod" or (c.like_num and c.tag_ == "CD") for c in doccache.children(v))):
                continue
            lower = v.lower_
            n = 1
            if v.tag_ in ("NNS", "NNPS") and any(c.lower_ == "both" and not _coordinating_both(sent.doc[c.i:c.i + 1])
                                                 for c in doccache.children(v)):
                n = 2
            elif v.tag_ in ("NNS", "NNPS"):
                named = [a for a in doccache.children(v) if a.dep_ == "appos" and a.pos_ == "PROPN"]
                if named:          # "killed spectators Martin Richard and Lingzi Lu"
                    for a in named:
                        for person in [a] + [c for c in a.conjuncts if c.i > a.i]:
                            if person.i in used:
                                continue
                            used.add(person.i)
                            st, en = _noun_phrase_span(person)
                            out.append(Count(
                                role=role, quantity=Quantity(1), start=st, end=en,
                                text=doccache.doc_text(sent.doc)[st:en], sentence_start=sent.start_char,
                                who=person.text, implicit=True, source="rule:implicit", score=0.7))
                    continue
            if v.tag_ in ("NNS", "NNPS") and n == 1 and v.pos_ == "NOUN":
                n = _antecedent_number(v, lex) or 1   # "Two gunmen ... The gunmen were killed"
            elif v.lemma_.lower() in _PAIR_NOUNS and not any(c.lower_ == "of" for c in doccache.children(v)):
                n = 2                             # "shot and killed a married couple"
            perps = False
            if lower in lex.reflexives:
                perps = True
            elif lower in ("another", "one") or (lower in _ANOTHER and v.dep_ in ("nsubj", "nsubjpass")):
                pass                              # "two were wounded and the third was killed"
            elif lower == "them" and _them_counted(v, used, lex):
                n = _them_counted(v, used, lex)   # "fired on two brothers ..., killing them"
            elif lower in _PERSON_PRON or lower in ("his", "her"):
                pass
            elif lower in _NON_PERSON_PRON or v.pos_ == "PRON" and lower not in ("someone", "somebody"):
                continue
            elif (v.tag_ in ("NNS", "NNPS") and n == 1) or (v.pos_ != "PROPN" and lower in lex.units_after
                                                            and not _head_of_office(v)):
                continue
            elif v.pos_ == "PROPN" and v.ent_type_ in ("GPE", "LOC", "FAC") and not _person_slot(v):
                continue
            elif v.pos_ not in ("NOUN", "PROPN"):
                continue
            if any(c.lower_ in lex.negators for c in doccache.children(v)):
                continue
            if role == "injured" and n == 1 and _died_next(v, sent):
                continue                  # counted once, as killed: "X was wounded. He died later."
            if lower in lex.perpetrators or v.lemma_.lower() in lex.perpetrators:
                perps = True
            if lower == "his" or lower == "her":
                lower = "he"
            restated = not perps and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
                                         for c in doccache.children(v))
            additional = any(c.lower_ in _ANOTHER for c in doccache.children(v)) or \
                any(c.lower_ in ("also", "too") for c in doccache.children(head)) or \
                any(c.lower_ == "also" for c in sent.doc[v.i + 1:head.i]) or \
                bool(_ADDING_OPENER.match(doccache.text_of(sent)))
            used.add(v.i)
            start, end = _noun_phrase_span(v)
            out.append(Count(
                role=role, quantity=Quantity(n), start=start, end=end,
                text=doccache.doc_text(sent.doc)[start:end], sentence_start=sent.start_char, who=v.text,
                perpetrators=perps, implicit=True, source="rule:implicit", score=0.7,
                restated=restated, additional=additional,
                subset=_implicit_subset(v, sent),
            ))
    return out


_PAIR_NOUNS = frozenset(("couple",))
_ANTECEDENT_WINDOW = 80       # tokens back to look for "two gunmen" behind "the gunmen"


def _antecedent_number(v, lex: _Lexicon) -> int | None:
    """The number an earlier mention gave a definite plural: "Two assailants opened fire
    ... The assailants were killed" -> 2."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in doccache.children(v)):
        return None
    doc = v.doc
    lemma = v.lemma_.lower()
    for u in reversed(doc[max(0, v.i - _ANTECEDENT_WINDOW):v.i]):
        if u.lemma_.lower() != lemma or u.tag_ not in ("NNS", "NNPS"):
            continue
        nums = [c for c in doccache.children(u) if c.dep_ == "nummod"]
        if not nums:
            continue
        q = parse_quantity(doc[nums[0].left_edge.i:nums[0].i + 1].text)
        if q is not None and q.best >= 2 and q.low is None and q.high is None:
            return q.best
        return None
    return None


_ANOTHER = frozenset("another second third fourth fifth".split())
_ADDING_OPENER = re.compile(r"^\W*(?:in addition|additionally|also|moreover|furthermore)\b", re.I)
_DIED = frozenset(("die", "succumb", "pass"))


def _died_next(v, sent) -> bool:
    """The one hurt here is said to die in the next sentence ("She died on October 31st",
    "Smith later succumbed to his injuries"): the death is the count, not the injury."""
    doc = sent.doc
    if sent.end >= len(doc):
        return False
    nxt = doc[sent.end].sent
    names = {v.lower_} | ({"he", "she"} if v.pos_ in ("NOUN", "PROPN") or v.lower_ in _PERSON_PRON else set())
    for t in nxt:
        if t.dep_ == "nsubj" and t.lower_ in names and t.head.lemma_.lower() in _DIED:
            return True
    return False


def _them_counted(v, used: set[int], lex: _Lexicon) -> int:
    """'Militants opened fire on two brothers, ..., killing them': the number of the plural
    noun "them" stands for, earlier in the sentence (0 when there is none to take)."""
    sent = doccache.sent_of(v)
    for u in reversed(sent.doc[sent.start:v.i]):
        if u.tag_ != "NNS":
            continue
        if u.i in used or u.lower_ in lex.perpetrators or u.lemma_.lower() in lex.perpetrators:
            return 0
        nums = [c for c in doccache.children(u) if c.dep_ == "nummod"]
        if not nums:
            continue                      # "two brothers, who were members of the party, ..."
        if nums[0].i in used:
            return 0
        q = parse_quantity(nums[0].text)
        return q.best if q is not None and q.low is None and q.high is None and q.best >= 2 else 0
    return 0


def _names_counted(v, used: set[int]) -> bool:
    """A name set off by a comma right after a noun already counted is that noun's name."""
    if v.dep_ == "appos" and v.head.i in used:
        return True
    tok = v
    for _ in range(4):                    # "two tribesmen, identified as A and B,"; not "a farmer and his son"
        if tok.dep_ == "conj" or tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() not in ("identify", "name", "call", "know"):
            break                         # another clause: "four others wounded before Page was shot"
        if tok.i in used and tok.pos_ in ("NOUN", "PROPN", "NUM"):
            return True
    if v.pos_ != "PROPN":
        return False
    i = v.left_edge.i
    doc = v.doc
    return i >= 2 and doc[i - 1].text == "," and doc[i - 2].i in used


def _person_slot(v) -> bool:
    """A name the tagger calls a place but that is the one killed or hurt: the subject of
    a passive role verb or the object of an active one ("Akonjee and Uddin were killed");
    not the tail of a place chain ("New York, U.S.A. was ...")."""
    if "." in v.text or (v.i >= 2 and v.doc[v.i - 1].text == "," and v.doc[v.i - 2].ent_type_ in ("GPE", "LOC")):
        return False
    while v.dep_ == "conj":
        v = v.head
    return v.dep_ in ("nsubjpass", "dobj") and v.ent_type_ != "LOC" and v.head.pos_ in ("VERB", "AUX")


def _implicit_subset(v, sent) -> bool:
    before = doccache.doc_text(sent.doc)[sent.start_char:v.idx].lower()
    return bool(re.search(r"among\s+the\s+\w+\s+(?:were|was|is|are)?\s*[\w.,' ]{0,40}$", before)) \
        or any(a.lower_ in ("including", "among") for a in list(v.ancestors)[:2])


def _noun_phrase_span(v) -> tuple[int, int]:
    left = v
    for c in v.lefts:
        if c.dep_ in ("det", "amod", "compound", "poss", "nmod") and c.i < left.i:
            left = c
    return left.idx, v.idx + len(v.text)


# --------------------------------------------------------------------------- totals

def names_a_role(sent) -> bool:
    """A cheap test: could the sentence hold a count (a role word, or a verb of suffering
    such as "suffered", "contracted")? `find_counts` finds nothing where this is False."""
    lex = _lexicon()
    if lex.role_re.search(doccache.text_of(sent)):
        return True
    return any(t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lex.affliction_verbs for t in sent)


def is_perpetrator_noun(word: str) -> bool:
    """'assailant', 'gunmen', 'suicide bomber': a word for the attackers themselves."""
    return word.lower() in _lexicon().perpetrators


def total(counts: Iterable[Count], role: str) -> Quantity | None:
    """A simple total for one role over a report, or None when the role is not mentioned.

    An analyst's coded total ("Fatalities coded as 18") wins; else the largest report total
    ("3 fatalities.", "the death toll rose to 25"); else the counts added up (perpetrators
    included, subsets and restatements left out, one implicit count per person named);
    0 when only "no casualties" is reported."""
    rows = [c for c in counts if c.role == role and not c.subset]
    positive = [c for c in rows if c.quantity.best > 0]
    coded = [c for c in rows if c.source == "rule:coded"]
    if coded:
        return coded[-1].quantity
    if not positive:
        return Quantity(0) if rows else None
    summaries = [c for c in positive if c.summary]
    if summaries:
        return max(summaries, key=lambda c: c.quantity.best).quantity
    explicit = [c for c in positive if not c.implicit and not c.restated]
    if len(explicit) >= 3:   # "killed nine villagers, two in their homes and seven in the market": a breakdown
        head, parts = min(explicit, key=lambda c: c.start), sorted(explicit, key=lambda c: c.start)[1:]
        if sum(c.quantity.best for c in parts) == head.quantity.best and not any(c.who for c in parts):
            explicit = [head]
    if not explicit:
        restated = [c for c in positive if c.restated and not c.implicit]
        explicit = [max(restated, key=lambda c: c.quantity.best)] if restated else []
    implicit: dict[str, Count] = {}
    others = len(explicit) + sum(1 for c in positive if c.implicit and not c.restated)
    for c in positive:
        if c.implicit and c.restated and (explicit or any(
                o.implicit and not o.restated and o.sentence_start == c.sentence_start and o.start < c.start
                for o in positive)):
            continue              # "a person was killed and the body was found": one person
        if c.implicit:
            key = c.who.lower()
            if key in _PERSON_PRON and (explicit or implicit):
                continue
            implicit.setdefault(key, c)
    chosen = explicit + list(implicit.values())
    return _add(chosen)


def _add(chosen: list[Count]) -> Quantity:
    best = sum(c.quantity.best for c in chosen)
    low = sum(c.quantity.low if c.quantity.low is not None else c.quantity.best for c in chosen) \
        if any(c.quantity.low is not None for c in chosen) else None
    high = sum(c.quantity.high if c.quantity.high is not None else c.quantity.best for c in chosen) \
        if any(c.quantity.high is not None for c in chosen) else None
    return Quantity(best, low=low, high=high)
