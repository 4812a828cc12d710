"""Toponyms: find place names in a Doc, resolve them against the gazetteer, locate events.

Find, then decide: `propose_toponyms` lists candidate spans (spaCy GPE/LOC/FAC entities,
admin phrases, demonyms, and proper-noun runs whatever their label); `resolve_toponyms`
picks a gazetteer entry for each with the article as context (countries and areas it
mentions, population, feature type, nearness to the other places); weak proposals that
resolve poorly are dropped. `locate_event` picks the place tied to an incident's clause.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..data import read_json, read_lines
from ..models import Article, Evidence, Location, Place
from ..nlp import doccache
from ..nlp.truecase import is_upper_case
from ..settings import Settings
from .distance import EARTH_RADIUS_KM, haversine_km, offset_point
from .gazetteer import (
    ALIAS,
    ALTERNATE,
    PRIMARY,
    Entry,
    Gazetteer,
    fold,
    normalize,
    open_gazetteer,
)

# --- calibration (tuned on dev data by hand; see tests/geo/test_places.py for behaviour)
POPULATION_WEIGHT = 0.5      # per decade of population
ALIAS_BONUS = 3.0            # a name from data/places/aliases.tsv ("U.S.", "Ky.")
PRIMARY_BONUS = 0.5          # the entry's own name, not an alternate
LOOSE_PENALTY = 1.5          # matched only after folding transliteration variants
PREFER_BONUS = 2.5           # an admin phrase asked for this feature type
COUNTRY_CONTEXT = 3.0        # entry lies in the article's leading country (scaled by share)
ADMIN_CONTEXT = 1.5          # entry lies in a first-level area the article names
QUALIFIER_BONUS = 4.0        # "Oxford, North Carolina": the entry lies in the named area
NEAR_BONUS = 1.0             # entry within NEAR_KM of another place in the article
NEAR_KM = 250.0
LIST_BONUS = 2.0             # "Benin, Ghana, Niger and Senegal": list members are the same kind of place
LIST_COUNTRY_BONUS = 2.0     # "attacks in Chalatenango, San Antonio and Carolina": list members share a country
NO_POINT_PENALTY = 3.0       # entries with no coordinates rarely help anyone
CITY_AREA_KM = 50.0         # a capital this close to the centre of its same-named area is that area
CITY_OVER_AREA_POP = 50_000  # a city this big beats a same-named district of its own country
WEAK_MIN_SCORE = 3.5         # weak proposals (not GPE/LOC/FAC) need this much evidence
WEAK_MIN_POP = 1_000
WEAK_ALT_MIN_POP = 100_000     # weak proposals match alternate names of towns this big only
STRONG_LABELS = ("GPE", "LOC", "FAC")
NOT_PLACE_LABELS = ("DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY")
WEAK_MIN_SHARE = 0.5            # ... or lie in a country at least half as present as the leading one
WEAK_ANY_COUNTRY_POP = 100_000   # weak proposals outside the article's countries need this many people
MAX_SPAN_TOKENS = 6
UPPER_SHORT_CHARS = 3          # in all-caps text, names this short are not placed
DATELINE_SHARE = 0.5            # the filing place counts half towards the article's main place
LONE_MIN_POP = 10_000           # a weak name after "in" with nothing else in the text: a town this big
LOWER_DOC_MAX_CAPS = 0.01       # a story with fewer capitals than this share of its letters is lower-case
LOWER_MIN_CHARS = 4             # in lower-case text, shorter words after "in" are not looked up
LOWER_MIN_POP = 20_000          # ... and a town must be this big to count
CLUE_MIN_POP = 100_000          # a town named inside another name is a clue to the story's country
STRANGER_MAX_POP = 10_000       # a town this small, abroad, with nothing else pointing there, is no match


@dataclass
class Proposal:
    """A span that may be a toponym, before resolution."""

    start: int
    end: int
    text: str
    source: str
    strong: bool
    lookup: str = ""                       # the name to look up (defaults to text)
    prefer: tuple[str, ...] = ()           # feature codes an admin phrase asks for
    country_code: str | None = None        # demonyms: the country they name
    after_place_prep: bool = False         # follows "in", "near", "at"...
    best_score: float = 0.0                # score of the chosen entry (set by resolution)
    contained: bool = False                # resolved inside the area named with it ("Hinche, Centre")
    contains: bool = False                 # resolved as the area of a place named with it
    entries: list[Entry] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.lookup or self.text


# ---------------------------------------------------------------- data

@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in read_lines("places/demonyms.tsv"):
        word, cc = line.split("\t")[:2]
        out[word] = cc
        out[word + "s"] = cc
    return out


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lines("places/common_words.txt"))


WELL_KNOWN_TOWN_POP = 100_000    # a town this big is a name worth capitalising in all-caps text


def well_known_place(gaz: Gazetteer):
    """`is_place(name) -> bool` for truecasing all-caps stories (nlp.truecase): is the name,
    as written or in lower case, a country, a first-level area or a town of 100,000 people
    or more by its own or curated name (not an alternate spelling), and no common word?"""
    answers: dict[str, bool] = {}

    def is_place(name: str) -> bool:
        hit = answers.get(name)
        if hit is None:
            hit = answers[name] = name.lower() not in common_words() and gaz.known(name) and any(
                e.exact and e.match != ALTERNATE and e.has_point
                and (e.is_country or e.feature_code == "ADM1"
                     or (e.feature_class == "P" and e.population >= WELL_KNOWN_TOWN_POP))
                for e in gaz.lookup(name))
        return hit

    return is_place


@lru_cache(maxsize=1)
def not_place_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lines("places/not_place_heads.txt"))


@lru_cache(maxsize=1)
def feature_priors() -> dict[str, float]:
    return {k: float(v) for k, v in read_json("places/feature_priors.json").items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def event_cues() -> dict:
    return read_json("places/event_cues.json")


@lru_cache(maxsize=1)
def _admin_phrase_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[str, ...]], frozenset[str]]:
    spec = read_json("places/admin_phrases.json")
    heads = {k: tuple(v) for k, v in spec["heads"].items()}
    lower_only = set(spec.get("lowercase_only", ()))
    alt = "|".join(sorted(heads, key=len, reverse=True))
    titled = "|".join(sorted((h.title() for h in heads if h not in lower_only), key=len, reverse=True))
    # Arabic articles: joined by a hyphen ("al-Anbar"), or by a space where the article is
    # not also an English word ("al Anbar", but not "at Michigan")
    article = r"(?:(?:al|ad|as|ash|an|ar|el|at|az)-|(?:al|el|ash|ar|ad|az)\s)"
    word = rf"{article}?[A-Z][\w'’]*(?:-(?:[a-z]{{1,3}}-)?[A-Za-z][\w'’]*)*"
    name = rf"{word}(?:\s+(?:(?:al|ad|as|ash|an|ar|el|at|az|de|del|da)[-\s])?{word}){{0,3}}"
    before = re.compile(rf"\b({name})\s+({alt}|{titled})\b")
    after = re.compile(rf"\b({alt}|{titled}) of ({name})")
    return before, after, heads, frozenset(spec.get("keep_head", ()))


@lru_cache(maxsize=1)
def _area_heads() -> frozenset[str]:
    """Words that name a kind of area ("town", "district"), from data/places/admin_phrases.json."""
    return frozenset(read_json("places/admin_phrases.json")["heads"])


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    return frozenset(read_json("places/admin_phrases.json").get("not_names", ()))


def _prior(e: Entry) -> float:
    p = feature_priors()
    if e.feature_code in p:
        return p[e.feature_code]
    return p.get("class:" + e.feature_class, p.get("default", 0.0))


# ---------------------------------------------------------------- proposing

_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
_OPEN_BRACKET = re.compile(r"\s*\(\s*")
_IN_BRACKET_GAP = re.compile(r"\s*(?:district|province|region|state|county|LGA)?\s*,\s*")
# the bracket may end in a name the tagger missed: "(Poonch district, J&K)"
_CLOSE_BRACKET = re.compile(r"\s*(?:district|province|region|state|county|LGA)?\s*(?:,[^(),]{1,30})?\)")
_OWNER = re.compile(r"(.+?)(?:'s|’s)\s+(?=[A-Z])")   # "Manipur's " in "Manipur's Imphal West district"


def _trim(doc, start_tok: int, end_tok: int, widen: bool = True) -> tuple[int, int]:
    """Drop a leading article and trailing punctuation/possessives from a token range, and
    widen it over hyphen-joined name parts ("KwaZulu-Natal", "Guinea-Bissau")."""
    toks = doccache.tokens(doc)
    while (widen and start_tok >= 2 and toks[start_tok - 1].text == "-" and not toks[start_tok - 1].whitespace_
           and not toks[start_tok - 2].whitespace_ and toks[start_tok - 2].is_alpha
           and toks[start_tok - 2].text[:1].isupper()):
        start_tok -= 2
    while (widen and end_tok + 1 < len(toks) and toks[end_tok].text == "-" and not toks[end_tok - 1].whitespace_
           and not toks[end_tok].whitespace_ and toks[end_tok + 1].is_alpha
           and toks[end_tok + 1].text[:1].isupper()):
        end_tok += 2
    while start_tok < end_tok and toks[start_tok].lower_ in ("the", "a", "an"):
        start_tok += 1
    while end_tok > start_tok and (toks[end_tok - 1].is_punct or toks[end_tok - 1].tag_ == "POS"
                                   or toks[end_tok - 1].lower_ in ("'s", "’s")):
        end_tok -= 1
    return start_tok, end_tok


# words between a place preposition and a name ("in the district headquarters Rajbiraj")
_BEFORE_NAME_WORDS = frozenset(("the", "city", "town", "village", "of", "province", "region", "both", "either",
                                "district", "headquarters", "capital", "township", "municipality"))


def _after_place_prep(doc, start_tok: int) -> bool:
    """True after "in", "near", "at"..., or in a list after such a place ("in Darfur and Malakal")."""
    toks = doccache.tokens(doc)
    tok = toks[start_tok]
    if tok.dep_ == "conj" and tok.head.ent_type_ in STRONG_LABELS and tok.head.i < start_tok:
        return _after_place_prep(doc, tok.head.i)
    preps = event_cues()["place_prepositions"]
    i = start_tok - 1
    heads, directions = _containment_words()
    if i >= 1 and toks[i].lower_ == "of" and toks[i - 1].lower_ in heads:
        # "on the island of Kalymnos", "in the northern countryside of Ar-Raqqa"
        i -= 1
        while i >= 0 and (toks[i].lower_ in heads or toks[i].lower_ in directions
                          or toks[i].lower_ in _BEFORE_NAME_WORDS):
            if toks[i].lower_ == "of":
                break
            i -= 1
        return i >= 0 and toks[i].lower_ in preps and toks[i].lower_ != "of"
    while i >= 0 and toks[i].lower_ in _BEFORE_NAME_WORDS:
        if toks[i].lower_ == "of" and i == start_tok - 1:
            break
        i -= 1
    return i >= 0 and toks[i].lower_ in preps and toks[i].lower_ != "of"


@lru_cache(maxsize=1)
def _containment_words() -> tuple[frozenset[str], frozenset[str]]:
    """(place heads, directions) of data/places/containment.json: "the northern countryside"."""
    spec = read_json("places/containment.json")
    return frozenset(spec["place_heads"]), frozenset(spec["directions"])


def _person_tokens(doc) -> set[str]:
    """Given names and surnames of people the article names in full ("John Kerry")."""
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2:
            out.update(t.text for t in ent if t.is_alpha)
    return out


def _name_span(doc, s: int, e: int, widen: bool = True) -> tuple[int, int, int, int, str] | None:
    """(first token, end token, start char, end char, text) of the trimmed range, or None
    when it is empty, too long, or does not look like a name."""
    s, e = _trim(doc, s, e, widen)
    if s >= e or e - s > MAX_SPAN_TOKENS:
        return None
    toks = doccache.tokens(doc)
    start_char, last = toks[s].idx, toks[e - 1]
    end_char = last.idx + len(last.text)
    text = doccache.doc_text(doc)[start_char:end_char]
    if not any(ch.isupper() for ch in text[:1]) and not text[:1].isdigit():
        # "al-Anbar" and the like may start lower-case; most lower-case spans are not names
        if not _ARABIC_ARTICLE.match(text):
            return None
    return s, e, start_char, end_char, text


_ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|as|an|ar)-")


def _proposal(doc, s: int, e: int, source: str, strong: bool, widen: bool = True,
              **kw) -> Proposal | None:
    found = _name_span(doc, s, e, widen)
    if found is None:
        return None
    s, e, start_char, end_char, text = found
    return Proposal(start_char, end_char, text, source, strong,
                    after_place_prep=_after_place_prep(doc, s), **kw)


def _known_parts(doc, s: int, e: int, source: str, strong: bool, known) -> list[Proposal]:
    """The span itself if the gazetteer knows it, else its longest known sub-spans
    ("Edmonton" in "Edmonton Police Service", "U.S." in "U.S. Centers")."""
    s, e = _trim(doc, s, e)
    whole = _proposal(doc, s, e, source, strong)
    if whole is None:
        return []
    if known(whole.name) or e - s == 1:
        return [whole]
    out: list[Proposal] = []
    used = [False] * (e - s)
    toks = doccache.tokens(doc)
    for length in range(e - s - 1, 0, -1):
        for i in range(s, e - length + 1):
            if any(used[i - s:i - s + length]):
                continue
            if toks[i].is_punct or toks[i + length - 1].is_punct:
                continue
            found = _name_span(doc, i, i + length, widen=False)
            if found is None or not known(found[4]):   # the gazetteer first: most parts are unknown
                continue
            # "Kandahar" in "Kandahar city" stays as strong as the entity; "Edmonton" in
            # "Edmonton Police Service" does not
            rest = [t for t in toks[s:e] if t.i < i or t.i >= i + length]
            rest_lower = all(not t.text[:1].isupper() for t in rest)
            ps, _, start_char, end_char, text = found
            # a name with only an area word beside it ("Kawkareik Town") is the name itself,
            # though no stronger than the entity spaCy saw
            whole_name = all(t.lower_ in _area_heads() for t in rest)
            out.append(Proposal(start_char, end_char, text, source if whole_name else source + ":part",
                                strong and (length > 1 or rest_lower),
                                after_place_prep=_after_place_prep(doc, ps)))
            for k in range(i - s, i - s + length):
                used[k] = True
    return out or [whole]


@lru_cache(maxsize=1)
def street_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lines("places/street_heads.txt"))


def _town_of_compound(name: str, known) -> str | None:
    """The town in a hyphenated "Town-Quarter" name the gazetteer does not know as a whole
    ("Mogadishu-Wadajir"), or None."""
    if "-" not in name or " " in name or known(name):
        return None
    first, _, rest = name.partition("-")
    if len(first) < 4 or not first[:1].isupper() or not rest[:1].isupper() or not known(first):
        return None
    return first


# a name sharing the plural head of the name after it: "San Diego and Arturo Prat streets"
_SHARED_HEAD = re.compile(r"\s*(?:,|and|AND)\s+(?:[A-Z][\w'’.-]*\s+){1,4}([A-Za-z]+s)\b")
_FOLLOWER = re.compile(r"\s*(?:[IVXivx]{1,4}\s+)?([A-Za-z]+)")   # "Juan Pablo II Boulevard": a pope's numeral


def names_a_street(text: str, end: int) -> bool:
    """Is the name ending at `end` part of a street's name ("O'Higgins Avenue", "San Diego and
    Arturo Prat streets", "Juan Pablo II Boulevard")?"""
    heads = street_heads()
    follower = _FOLLOWER.match(text, end, end + 20)
    if follower and follower.group(1).lower() in heads:
        return True
    shared = _SHARED_HEAD.match(text, end, end + 80)
    return bool(shared) and shared.group(1).lower() in heads


_PREFIXES: dict = {}   # id(demonym table) -> (table, every prefix of its names)


def _demonym_prefixes(table: dict) -> frozenset[str]:
    entry = _PREFIXES.get(id(table))
    if entry is None or entry[0] is not table:
        entry = _PREFIXES[id(table)] = (table, frozenset(k[:n] for k in table for n in range(1, len(k) + 1)))
    return entry[1]


def propose_toponyms(doc, known=lambda name: True) -> list[Proposal]:
    """Candidate toponym spans in a Doc, not yet resolved, without overlaps.

    `known(name)` says whether the gazetteer has a name; spans it does not know are
    searched for known sub-spans.
    """
    out: list[Proposal] = []
    doc_text = doccache.doc_text(doc)  # Doc.text joins every token: compute it once
    taken = [False] * (len(doc_text) + 1)
    heads = not_place_heads()
    table = demonyms()

    def claim(p: Proposal | None) -> None:
        if p is None or any(taken[p.start:p.end]):
            return
        follower = re.match(r"\s*([A-Za-z]+)", doc_text[p.end:p.end + 20])
        if follower and follower.group(1).lower() in heads:     # "Marburg virus"
            return
        for i in range(p.start, p.end):
            taken[i] = True
        out.append(p)

    # 1. admin phrases: "Anbar province", "the province of Anbar", "Metcalfe County"
    before, after, admin_heads, keep_head = _admin_phrase_patterns()
    for m in before.finditer(doc_text):
        head = m.group(2).lower()
        name, start = m.group(1), m.start()
        first = name.split()[0]
        if first in _not_names():       # "The state", "Neighbouring Anbar province"
            name = name[len(first):].lstrip()
            start = m.end(1) - len(name)
        owner = _OWNER.match(name)
        if owner and known(" ".join(name.split()[:2])):
            owner = None      # "Cox's Bazar town": the possessive is part of the name
        if owner:   # "Narathiwat's Muang district": the owner is a place, and it qualifies the rest
            if owner.group(1).split()[0] not in _not_names():
                claim(Proposal(start, start + len(owner.group(1)), owner.group(1), "admin_phrase:owner", True,
                               prefer=("ADM1", "ADM2", "PCLI")))
            start += owner.end()
            name = name[owner.end():]
        if not name or (name.lower() in common_words() and len(name.split()) == 1):
            continue
        lookup = f"{name} {m.group(2)}" if head in keep_head else name
        town = _town_of_compound(name, known)
        if town:      # "Mogadishu-Wadajir district": a district of a city, named after both
            claim(Proposal(start, start + len(town), town, "admin_phrase:town", True))
            continue
        claim(Proposal(start, m.end(), doc_text[start:m.end()], "admin_phrase", True, lookup=lookup,
                       prefer=admin_heads[head]))
    for m in after.finditer(doc_text):
        head = m.group(1).lower()
        if m.group(2).split()[0] in _not_names():
            continue
        claim(Proposal(m.start(2), m.end(2), m.group(2), "admin_phrase", True, prefer=admin_heads[head]))

    # 2. named entities spaCy calls places; two touching ones join when the gazetteer knows
    # the whole ("the Democratic Republic of the" + "Congo", "Democratic Republic" of the "Congo")
    ents = [ent for ent in doc.ents if ent.label_ in STRONG_LABELS and ent.text not in table]
    i = 0
    while i < len(ents):
        ent, end = ents[i], ents[i].end
        gap = [t.lower_ for t in doc[end:ents[i + 1].start]] if i + 1 < len(ents) else None
        if gap in ([], ["of"], ["of", "the"]):
            s, e = _trim(doc, ent.start, ents[i + 1].end)
            if s < e and known(doc[s:e].text):
                end = ents[i + 1].end
                i += 1
        end = _known_extension(doc, ent.start, end, known)   # "Dera" + "Ismail Khan"
        for p in _known_parts(doc, ent.start, end, f"spacy:{ent.label_}", True, known):
            claim(p)
        i += 1

    # 3. demonyms: country context and country-level toponyms ("Iraqi forces")
    words = [t.text for t in doccache.tokens(doc)]
    spaces = [t.whitespace_ for t in doccache.tokens(doc)]
    starts = _demonym_prefixes(table)   # a word no demonym begins with starts none here
    i = 0
    while i < len(words):
        if words[i] not in starts:
            i += 1
            continue
        for n in (2, 1):
            if i + n > len(words):
                continue
            text = words[i] if n == 1 else words[i] + spaces[i] + words[i + 1]
            if text in table:
                span = doc[i:i + n]
                nxt = doc[i + n] if i + n < len(doc) else None
                if nxt is not None and nxt.is_title and known(f"{text} {nxt.text}"):
                    # "French Guiana", "Indian Ocean": a name, not a demonym
                    claim(_proposal(doc, i, i + n + 1, "name", True, widen=False))
                    i += n
                    break
                claim(Proposal(span.start_char, span.end_char, text, "demonym", True,
                               country_code=table[text]))
                i += n - 1
                break
        i += 1

    # 4. proper-noun runs, whatever their NER label (Samarra as NORP, Malaab as PERSON)
    for s, e, label in _joined_runs(doc, _proper_noun_runs(doc), known):
        if label in NOT_PLACE_LABELS and not _mislabelled_name(doc, s, e, label):
            continue
        for p in _known_parts(doc, s, e, f"propn:{label}", False, known):
            claim(p)

    # 5. a capitalised word after "in", "near", "at" that the tagger took for a common noun
    # ("checkpoint in Eastern Ghariyeh in Dar'a")
    toks = doccache.tokens(doc)
    for t in toks:
        if (t.pos_ in ("NOUN", "ADJ", "VERB") and not t.is_sent_start and t.text[:1].isupper()
                and any(ch.islower() for ch in t.text[1:]) and _wordlike(t.text)
                and not taken[t.idx] and _after_place_prep(doc, t.i)):
            claim(_proposal(doc, t.i, t.i + 1, "cap", False))
    return sorted(out, key=lambda p: p.start)


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    words = read_json("dates/words.json")
    return frozenset(words["months"]) | frozenset(words["weekdays"])


def _mislabelled_name(doc, s: int, e: int, label: str) -> bool:
    """A one-word proper noun after "in", "near", "at" that spaCy called a DATE but that is no
    month or weekday: an unfamiliar town ("a bomb blast in Turbat")."""
    if label != "DATE" or e - s != 1:
        return False
    tok = doccache.tokens(doc)[s]
    return (tok.is_alpha and tok.is_title and tok.lower_ not in _calendar_words()
            and _after_place_prep(doc, s))


def _known_extension(doc, start: int, end: int, known, most: int = 3) -> int:
    """The end of the longest known name made by adding up to `most` capitalised words to an
    entity ("Dera" tagged alone in "Dera Ismail Khan"); `end` when there is none."""
    toks = doccache.tokens(doc)
    best, j = end, end
    while j < len(toks) and j - end < most and toks[j].is_title and toks[j].is_alpha \
            and not toks[j - 1].whitespace_ == "" and toks[j - 1].whitespace_ != "\n":
        j += 1
        s, e = _trim(doc, start, j, widen=False)
        if s < e and known(doccache.doc_text(doc)[toks[s].idx:toks[e - 1].idx + len(toks[e - 1].text)]):
            best = j
    return best


_WORDLIKE = re.compile(r"[A-Za-zÀ-ÿ][\w'’.]*$")


def _wordlike(text: str) -> bool:
    return bool(_WORDLIKE.match(text))


# lower-case words inside Romance place names: "Rio Grande do Sul", "Santiago de Cuba"
_NAME_JOINERS = frozenset(("de", "do", "da", "dos", "das", "del", "di", "du", "des", "la"))


def _joined_runs(doc, runs: list[tuple[int, int, str]], known) -> list[tuple[int, int, str]]:
    """Two proper-noun runs one joining word apart become one when the gazetteer knows the
    whole ("Rio Grande" + "do" + "Sul")."""
    toks = doccache.tokens(doc)
    out: list[tuple[int, int, str]] = []
    for run in runs:
        if out:
            s, e, label = out[-1]
            if (run[0] == e + 1 and toks[e].lower_ in _NAME_JOINERS and toks[e].is_lower
                    and known(doc[s:run[1]].text)):
                out[-1] = (s, run[1], label)
                continue
        out.append(run)
    return out


def _proper_noun_runs(doc) -> list[tuple[int, int, str]]:
    toks = doccache.tokens(doc)
    runs = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.pos_ == "PROPN" and t.text[:1].isupper() and _wordlike(t.text):   # "NDjamena" too
            j = i + 1
            while j < n and ((toks[j].pos_ == "PROPN" and _wordlike(toks[j].text))
                             or (toks[j].text == "-" and j + 1 < n and toks[j + 1].pos_ == "PROPN")):
                j += 1
            label = toks[i].ent_type_ or "NONE"
            runs.append((i, j, label))
            i = j
        else:
            i += 1
    return runs


# ---------------------------------------------------------------- resolving

@dataclass
class _Context:
    """What the rest of the article says: countries, areas and points, each distinct name once."""

    by_name: dict[str, tuple[str, float]] = field(default_factory=dict)   # name -> (country, weight)
    admin1: dict[tuple[str, str], str] = field(default_factory=dict)     # (country, admin1) -> name
    points: list[tuple[str, float, float]] = field(default_factory=list)  # (name, lat, lon)
    levels: dict[int, str] = field(default_factory=dict)                  # proposal -> level of its pick
    countries: dict[int, str] = field(default_factory=dict)               # proposal -> country of its pick
    lists: dict[int, list[int]] = field(default_factory=dict)             # proposal -> its list siblings
    members: set[tuple[str, str]] = field(default_factory=set)            # (country, admin1) of picked places
    prior: dict[str, float] = field(default_factory=dict)                 # country -> weight known before (geo.focus)
    # country totals per left-out name, worked out once (by_name is complete when scoring starts)
    _totals: dict[str, tuple[Counter, float]] = field(default_factory=dict, repr=False, compare=False)
    _by_lat: tuple[list[float], list[tuple[str, float, float]]] | None = field(default=None, repr=False,
                                                                                compare=False)

    def list_share(self, index: int, level: str) -> float:
        """Share of the list siblings of proposal `index` picked at this level."""
        sibs = [self.levels[j] for j in self.lists.get(index, ()) if j in self.levels]
        return sum(1 for lv in sibs if lv == level) / len(sibs) if sibs else 0.0

    def list_country_share(self, index: int, cc: str) -> float:
        """Share of the list siblings of proposal `index` picked in country `cc`."""
        sibs = [self.countries[j] for j in self.lists.get(index, ()) if j in self.countries]
        return sum(1 for c in sibs if c == cc) / len(sibs) if sibs else 0.0

    def alone(self, exclude: str) -> bool:
        """No country evidence at all but the name being scored (a one-line note)."""
        self.country_share("-", exclude)
        return self._totals[exclude][1] <= 0.0

    def country_share(self, cc: str, exclude: str) -> float:
        """Weight of `cc` relative to the leading country, leaving out the name being scored."""
        if not cc:
            return 0.0
        got = self._totals.get(exclude)
        if got is None:
            totals: Counter = Counter(self.prior)
            for name, (c, w) in self.by_name.items():
                if name != exclude:
                    totals[c] += w
            got = self._totals[exclude] = (totals, max(totals.values(), default=0.0))
        totals, top = got
        return totals[cc] / top if top else 0.0

    def near(self, name: str, lat: float, lon: float) -> bool:
        """Is a point of another name within NEAR_KM of (lat, lon)? A point more than NEAR_KM
        away in latitude alone is farther still (the great-circle distance is at least the
        north-south one): only the points in that band of latitude, found by bisection in the
        points sorted by latitude, get the haversine."""
        if self._by_lat is None or len(self._by_lat[1]) != len(self.points):
            ordered = sorted(self.points, key=lambda pt: pt[1])
            self._by_lat = ([pt[1] for pt in ordered], ordered)
        lats, ordered = self._by_lat
        # a band a little wider than the test below (rounding), which then decides exactly
        lo = bisect_left(lats, lat - _NEAR_LAT_DEG * 1.001 - 1e-9)
        hi = bisect_right(lats, lat + _NEAR_LAT_DEG * 1.001 + 1e-9)
        for k in range(lo, hi):
            other, plat, plon = ordered[k]
            if (other != name and abs(lat - plat) < _NEAR_LAT_DEG
                    and haversine_km(lat, lon, plat, plon) < NEAR_KM):
                return True
        return False


_NEAR_LAT_DEG = (NEAR_KM + 1.0) / (math.pi / 180 * EARTH_RADIUS_KM)   # 1 km spare for rounding


def _entry_score(e: Entry) -> float:
    """The part of `_score` that depends on the entry alone."""
    s = _prior(e) + POPULATION_WEIGHT * math.log10(e.population + 10)
    if e.match == 2:
        s += ALIAS_BONUS
    elif e.match == 0:
        s += PRIMARY_BONUS
    if not e.exact:
        s -= LOOSE_PENALTY
    if not e.has_point:
        s -= NO_POINT_PENALTY
    return s


def _score(p: Proposal, e: Entry, ctx: _Context, index: int, qualifier: list[Entry],
           bases: dict[int, float] | None = None) -> float:
    """`bases` keeps `_entry_score` per entry (by id(): the entries outlive the call that
    passes it) across the rounds of `resolve_toponyms`."""
    if bases is None:
        s = _entry_score(e)
    else:
        s = bases.get(id(e))
        if s is None:
            s = bases[id(e)] = _entry_score(e)
    if p.prefer and e.feature_code in p.prefer:
        s += PREFER_BONUS
    name = normalize(p.name)
    s += COUNTRY_CONTEXT * ctx.country_share(e.country_code, name)
    if e.feature_code != "ADM1" and ctx.admin1.get((e.country_code, e.admin1_code), name) != name:
        s += ADMIN_CONTEXT
    if qualifier and any(_within(e, q) for q in qualifier):
        s += QUALIFIER_BONUS
    if ctx.lists.get(index):
        s += LIST_BONUS * ctx.list_share(index, _level(e))
        if not e.is_country:
            s += LIST_COUNTRY_BONUS * ctx.list_country_share(index, e.country_code)
    if e.has_point and ctx.points and not e.is_country and e.feature_code != "CONT":
        if ctx.near(name, e.latitude, e.longitude):
            s += NEAR_BONUS
    return s


def _level(e: Entry) -> str:
    """The kind of place, for list coherence: country, adm1, adm2, city, region or other."""
    if e.is_country:
        return "country"
    if e.feature_code == "ADM1":
        return "adm1"
    if e.feature_code.startswith("ADM"):
        return "adm2"
    if e.feature_class == "P":
        return "city"
    if e.feature_code in ("CONT", "RGN"):
        return "region"
    return e.feature_class or "other"


_LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:and|or|&))\s*$")


def _lists(proposals: list[Proposal], text: str) -> dict[int, list[int]]:
    """Proposals in one written list ("Benin, Ghana, Niger and Senegal"): index -> siblings.

    Only lists of three or more, or joined by "and"/"or": two names joined by a comma are
    more often a place and its area ("Oxford, North Carolina").
    """
    out: dict[int, list[int]] = {}
    if not text:
        return out
    chain = [0] if proposals else []
    joined = False

    def close() -> None:
        if len(chain) >= 3 or (len(chain) == 2 and joined):
            for i in chain:
                out[i] = [j for j in chain if j != i]

    for i in range(1, len(proposals)):
        gap = text[proposals[i - 1].end:proposals[i].start]
        if _LIST_GAP.fullmatch(gap) and len(gap) <= 8:
            chain.append(i)
            joined = joined or gap.strip(" ,") != ""
        else:
            close()
            chain, joined = [i], False
    if chain:
        close()
    return out


def _weak_ok(e: Entry) -> bool:
    """A name spaCy did not tag as a place may match an entry's alternate names only when
    the entry is a country, a first-level area or a big town ("DRC", "Calcutta"), not
    "Bell" for Bell County or "Farms" for a hamlet that lists it among its names."""
    return (e.match != ALTERNATE or e.is_country or e.feature_code == "ADM1"
            or (e.feature_class == "P" and e.population >= WEAK_ALT_MIN_POP))


def _area_of_name(e: Entry, name: str) -> bool:
    """The entry is a district named `name` and an area word ("Lakki Marwat" for Lakki Marwat
    District): its own name, though the gazetteer lists the short form as an alternate."""
    if e.feature_code not in ("ADM2", "ADM3"):
        return False
    full, base = normalize(e.name), normalize(name)
    # districts only: "Johnson" is not Johnson County (counties are named after people)
    return full == base + " district"


def _weak_loose_ok(e: Entry) -> bool:
    """After "in", "near", "of", a name spaCy did not tag may match a spelling variant of a
    first-level area or a big town ("in Ar-Raqqa" for Ar Raqqah)."""
    return e.feature_code == "ADM1" or (e.feature_class == "P" and e.population >= WEAK_ALT_MIN_POP)


def _plausible(entries: list[Entry]) -> list[Entry]:
    """When a name is a country's or an area's own name, places that merely list it among
    their alternate names drop out ("Iraq" is never Arak, Iran)."""
    if any((e.is_country or e.feature_code == "ADM1") and e.match != 1 and e.exact for e in entries):
        return [e for e in entries if e.match != 1 or e.is_country or e.feature_code == "ADM1"]
    return entries


def _within(e: Entry, area: Entry) -> bool:
    """True when `e` lies in `area` (a country or first-level area)."""
    if area.is_country:
        return e.country_code == area.country_code and e.id != area.id
    if area.feature_code == "ADM1":
        return e.country_code == area.country_code and e.admin1_code == area.admin1_code and e.id != area.id
    return False


def _prefer_city(p: Proposal, best: Entry, entries: list[Entry], ctx: _Context | None = None,
                 indices: tuple[int, ...] = ()) -> Entry:
    """Mosul the city, not Mosul district; Baghdad the capital, not Baghdad governorate.

    A same-named town of the same country beats a district if it is big, and beats a
    first-level area only if it is the national capital and the area is little more than
    the city (New York, Washington and Quebec stay the state and the province), unless an admin phrase ("Baghdad province") asked for the area.
    """
    if best.feature_code not in ("ADM1", "ADM2", "ADM3") or p.prefer:
        return best
    if best.feature_code == "ADM1" and ctx is not None and _area_unsupported(best, ctx, indices):
        for e in entries:
            if e.feature_code == "PPLC" and e.exact and e.match == 0 and e.country_code == best.country_code:
                return e
    for e in entries:
        if e.feature_class != "P" or e.country_code != best.country_code or not e.exact:
            continue
        if best.feature_code != "ADM1" and e.population >= CITY_OVER_AREA_POP:
            return e
        if (e.feature_code == "PPLC" and best.has_point and e.has_point
                and haversine_km(e.latitude, e.longitude, best.latitude, best.longitude) < CITY_AREA_KM):
            return e
    return best


def _area_unsupported(area: Entry, ctx: _Context, indices: tuple[int, ...]) -> bool:
    """Nothing in the article points at the area rather than the same-named capital:
    no list of areas around it, no place picked inside it ("Washington" is the capital
    unless the article names Seattle or lists states)."""
    if any(ctx.list_share(i, "adm1") > 0 for i in indices):
        return False
    return (area.country_code, area.admin1_code) not in ctx.members


def resolve_toponyms(proposals: list[Proposal], gaz: Gazetteer, text: str = "",
                     prior: dict[str, float] | None = None) -> list[tuple[Proposal, Entry | None, float]]:
    """Pick an entry for each proposal with the article as context; (proposal, entry, confidence).

    `text` is the text the proposals' offsets point into (it shows which names form lists);
    `prior` weighs countries the story is known to be about (geo.focus: hint, dateline, actors).
    """
    prior = dict(prior or {})
    cache: dict[str, list[Entry]] = {}
    for p in proposals:
        if p.country_code:
            c = gaz.country(p.country_code)
            p.entries = [c] if c else []
            continue
        key = p.name
        if key not in cache:
            cache[key] = _plausible(gaz.lookup(key))
        p.entries = cache[key] if p.strong else [e for e in cache[key] if (e.exact and _weak_ok(e))
                                                 or (p.after_place_prep and _weak_loose_ok(e))
                                                 or (e.exact and _area_of_name(e, key))]

    # "Oxford, North Carolina", "Kindjandi (Gueskerou, Diffa)", "Maan town in Hama": the
    # outer name qualifies the inner one, unless the inner is inside a longer list
    # ("Virginia, Washington, West Virginia and Wyoming")
    lists = _lists(proposals, text)
    pairs = _containment_pairs(proposals, text, lists)
    qualifiers: dict[int, list[Entry]] = defaultdict(list)
    for inner, outer in pairs:
        qualifiers[inner] += [e for e in proposals[outer].entries if _is_area(e)]

    ctx = _Context(lists=lists, prior=prior)
    bases: dict[int, float] = {}    # _entry_score per entry, kept over the rounds
    picks: list[Entry | None] = [None] * len(proposals)
    confidences = [0.0] * len(proposals)
    previous: list[Entry | None] | None = None
    for _ in range(3):
        for i, p in enumerate(proposals):
            if not p.entries:
                picks[i], confidences[i] = None, 0.0
                continue
            scored = sorted(((_score(p, e, ctx, i, qualifiers.get(i, []), bases), e) for e in p.entries),
                            key=lambda t: -t[0])
            best_score, best = scored[0]
            best = _prefer_city(p, best, p.entries, ctx, (i,))
            picks[i] = best
            total = sum(math.exp(s - best_score) for s, _ in scored[:10])
            confidences[i] = 1.0 / total   # softmax share of the winner
            p.best_score = best_score
        settled = previous is not None and all(a is b for a, b in zip(picks, previous))
        previous = list(picks)
        ctx = _context(proposals, picks, text)
        ctx.lists, ctx.prior = lists, prior
        _one_sense_per_name(proposals, picks, ctx, qualifiers, bases)
        if settled:   # the same picks as the round before: the same context, so every later round repeats this one
            break
    if pairs:
        _contain(proposals, picks, pairs, ctx, qualifiers, bases, cache)
    _drop_list_strangers(proposals, picks, ctx)
    return [(p, picks[i], confidences[i]) for i, p in enumerate(proposals)]


def _drop_list_strangers(proposals: list[Proposal], picks: list[Entry | None], ctx: _Context) -> None:
    """List members placed abroad when the list's other members lie in one country (two or
    more, and more of them than abroad), and nothing outside the list speaks of that other
    country, are villages the gazetteer lacks that share a name with a town elsewhere
    ("Chalatenango, San Antonio and Ciudad Barrios" is not San Antonio, Texas): they are left
    unplaced rather than moving the story abroad."""
    done: set[int] = set()
    strangers: list[int] = []
    for i, sibs in ctx.lists.items():
        if i in done:
            continue
        members = [i, *sibs]
        done.update(members)
        family = {normalize(proposals[j].name) for j in members}
        outside = {picks[j].country_code for j in range(len(proposals)) if picks[j] is not None
                   and normalize(proposals[j].name) not in family} | {c for c, w in ctx.prior.items() if w}
        placed = [j for j in members if picks[j] is not None and not picks[j].is_country
                  and picks[j].country_code and not proposals[j].country_code]
        counts = Counter(picks[j].country_code for j in placed)
        if not counts:
            continue
        weight = {c: n + (1 if c in outside else 0) for c, n in counts.items()}
        home = max(weight, key=lambda c: (weight[c], counts[c]))
        if counts[home] < 2:
            continue
        strangers += [j for j in placed if picks[j].country_code != home and
                      picks[j].country_code not in outside and weight[picks[j].country_code] < weight[home]]
    for j in strangers:
        picks[j] = None


def _is_area(e: Entry) -> bool:
    return e.is_country or e.feature_code in ("ADM1", "ADM2")


def _containment_pairs(proposals: list[Proposal], text: str, lists: dict[int, list[int]]) -> list[tuple[int, int]]:
    """(inner, outer) proposal indices where the text says the inner place lies in the outer
    one: "Hinche, Centre", "Kindjandi (Gueskerou, Diffa)", "Maan town in Hama countryside",
    "Yala's Yaha district"."""
    pairs: list[tuple[int, int]] = []
    in_gap, actor_after = _in_gap_pattern(), _actor_after_pattern()
    for i in range(len(proposals) - 1):
        a, b = proposals[i], proposals[i + 1]
        if i + 1 in lists.get(i, ()) and i - 1 in lists.get(i, ()):
            continue
        gap = text[a.end:b.start]
        if i + 1 in lists.get(i, ()) and "," not in gap:
            continue          # "Aleppo and Idlib": a list, not an area and its town
        if 0 < b.start - a.end <= 3 and "," in gap:
            if not actor_after.match(text, b.end):   # "Poonch district, Pakistan troops"
                pairs.append((i, i + 1))
        elif gap in ("'s ", "’s "):   # "Yala's Yaha district"
            pairs.append((i + 1, i))
        elif in_gap.fullmatch(gap):
            pairs.append((i, i + 1))
    # "Kindjandi (Gueskerou, Diffa)", "northern Yemen (Al Jawf)": the names in brackets
    # qualify the name before them, and that name (a country or area) qualifies them
    for i in range(len(proposals) - 1):
        if not _bracket_after(text[proposals[i].end:proposals[i + 1].start]):
            continue
        inside = [i + 1]
        while inside[-1] + 1 < len(proposals) and _IN_BRACKET_GAP.fullmatch(
                text[proposals[inside[-1]].end:proposals[inside[-1] + 1].start]):
            inside.append(inside[-1] + 1)
        if not _CLOSE_BRACKET.match(text, proposals[inside[-1]].end):
            continue
        if len(inside) == 1 and _acronym_of(proposals[i + 1].text, text[max(0, proposals[i].start - 60):proposals[i].end]):
            continue      # "Nepali Congress (NC)": the bracket spells out a name, it is no area
        for j in inside:
            pairs.append((i, j))
            pairs.append((j, i))      # resolved below: whichever way round the areas nest
    return pairs


def _bracket_after(gap: str) -> bool:
    """The gap between a name and the first name in brackets after it: "Kindjandi (",
    "Bafut subdivision (", "Shahpur sector area (": place heads may stand before the bracket."""
    m = _OPEN_BRACKET.search(gap)
    if m is None or m.end() != len(gap):
        return False
    heads, _ = _containment_words()
    words = gap[:m.start()].split()
    return len(words) <= 2 and all(w.lower() in heads or w.lower() in _area_heads() for w in words)


def _acronym_of(short: str, before: str) -> bool:
    """`short` is the initials of the capitalised words that end `before` ("NC" after
    "Nepali Congress")."""
    letters = short.replace(".", "")
    if not (letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 6):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", before)]
    initials = "".join(w[0] for w in words[-len(letters):] if w[0].isupper())
    return initials.upper() == letters


@lru_cache(maxsize=1)
def _actor_after_pattern() -> re.Pattern[str]:
    nouns = read_json("places/containment.json")["actor_nouns"]
    return re.compile(rf"\s+(?:{'|'.join(sorted(map(re.escape, nouns), key=len, reverse=True))})\b", re.I)


@lru_cache(maxsize=1)
def _in_gap_pattern() -> re.Pattern[str]:
    spec = read_json("places/containment.json")
    heads = "|".join(sorted(map(re.escape, spec["place_heads"]), key=len, reverse=True))
    ways = "|".join(sorted(map(re.escape, spec["directions"]), key=len, reverse=True))
    return re.compile(rf"\s+(?:(?:(?:{heads})\s+){{0,2}}(?:{'|'.join(spec['in_words'])})"
                      rf"|(?:(?:{heads})\s+){{1,2}}(?:{'|'.join(spec['of_words'])}))\s+(?:the\s+)?"
                      rf"(?:(?:{ways})\s+)?(?:(?:{heads})\s+(?:{'|'.join(spec['of_words'])})\s+)?", re.I)


def _nests(inner: Entry, outer: Entry) -> bool:
    """`inner` lies in `outer` (a country, first- or second-level area), or both are
    towns of one country (the gazetteer lists some areas as their main town)."""
    if inner.id == outer.id or not inner.country_code or inner.country_code != outer.country_code:
        return False
    if outer.is_country:
        return not inner.is_country
    if outer.feature_code == "ADM1":
        return inner.feature_code != "ADM1" and inner.admin1_code == outer.admin1_code
    if outer.feature_code == "ADM2":
        return (inner.feature_code not in ("ADM1", "ADM2") and inner.admin1_code == outer.admin1_code
                and (not outer.admin2_code or inner.admin2_code == outer.admin2_code))
    if outer.feature_class == "P":   # "al Antariyeh neighbourhood in Qamishli": near a big town
        return (inner.feature_class in ("P", "S", "T", "H", "L", "V") and not inner.feature_code.startswith("ADM")
                and outer.population >= CITY_OVER_AREA_POP and inner.has_point and outer.has_point
                and haversine_km(inner.latitude, inner.longitude, outer.latitude, outer.longitude) <= CITY_AREA_KM)
    return False


def _contain(proposals: list[Proposal], picks: list[Entry | None], pairs: list[tuple[int, int]],
             ctx: _Context, qualifiers: dict[int, list[Entry]], bases: dict[int, float],
             cache: dict[str, list[Entry]]) -> None:
    """Make each written "inner in outer" pair agree: the pair of entries with the best
    summed score among those that nest. When none nest and the outer name is an area, the
    inner one is a place the gazetteer lacks ("Maan town in Hama": not Maan, Jordan) and is
    left unplaced, so the event goes to the enclosing area."""
    outer_of: dict[int, int] = {}
    both = set(pairs)
    for inner, outer in pairs:
        if (outer, inner) not in both:      # brackets go both ways: no chain through them
            outer_of.setdefault(inner, outer)
    # outermost pairs first: "Joynagar village in Jagannathpur upazila of Sylhet district"
    # settles Jagannathpur in Sylhet before Joynagar in Jagannathpur; brackets go both ways,
    # the direction that nests is kept (the area is the outer one)
    for inner, outer in reversed(pairs):
        a, b = proposals[inner], proposals[outer]
        if not a.entries or a.country_code or b.source == "demonym":
            continue      # "about Aleppo in Turkish": a language, not an area
        ea, eb = picks[inner], picks[outer]
        k, steps = outer, 0
        while eb is None and k in outer_of and outer_of[k] != inner and steps < 3:
            k, steps = outer_of[k], steps + 1        # an unknown name: the area around it
            eb, b = picks[k], proposals[k]
        if eb is None and not (b.entries or cache.get(b.name)):
            continue
        if ea is not None and ea.is_country and ea.exact:
            continue      # "Russia, U.S. officials": a country lies in no other place
        if ea is not None and eb is not None and (ea.id == eb.id or _nests(ea, eb)):
            a.contained = b.contains = True
            continue
        if ea is not None and eb is not None and _nests(eb, ea):
            continue
        # the outer name is an area: its spelling variants count ("Manubah" for La Manouba)
        outer_entries = b.entries if b.strong or b.country_code else b.entries + [
            e for e in cache.get(b.name, ()) if _weak_loose_ok(e) and e not in b.entries]
        best: tuple[float, Entry, Entry] | None = None
        for x in a.entries:
            for y in outer_entries:
                if _nests(x, y):
                    s = (_score(a, x, ctx, inner, qualifiers.get(inner, []), bases)
                         + _score(b, y, ctx, outer, qualifiers.get(outer, []), bases))
                    if best is None or s > best[0]:
                        best = (s, x, y)
        if best is not None:
            _repick(proposals, picks, inner, best[1])
            _repick(proposals, picks, outer, best[2])
            a.contained = b.contains = True
            continue
        # "Villa Nueva (Mendoza)", "Shahpur sector (Poonch district, J&K)": an area in brackets
        # says where the name before it lies, whatever the size of a same-named town abroad
        bracket = (outer, inner) in both and a.start < b.start and eb is not None and ea is not None \
            and eb.feature_code in ("ADM1", "ADM2") and eb.exact and ea.country_code != eb.country_code \
            and {y.country_code for y in cache.get(b.name, ()) if _is_area(y)} == {eb.country_code}
        if bracket and _small(ea, a):
            _repick(proposals, picks, inner, eb if eb.has_point and a.strong else None)
            continue
        if eb is not None and (eb.is_country or eb.feature_code == "ADM1" or (eb.feature_code == "ADM2" and b.contained)) \
                and (b.strong or b.after_place_prep or (eb.feature_code == "ADM1" and eb.exact and eb.match == PRIMARY
                                                      and (outer, inner) not in both)) \
                and not b.source.endswith(":part") and ea is not None and _small(ea, a) \
                and (not ea.exact or ea.match == ALTERNATE or (a.strong and ea.population < WEAK_ANY_COUNTRY_POP)):
            # a place the gazetteer lacks: a name of the story is put at the smallest known
            # area around it; a weak name matched only by a variant is no place at all
            _repick(proposals, picks, inner, eb if eb.has_point and a.strong else None)


def _small(e: Entry, p: Proposal) -> bool:
    """A town, site or district, which an area can hold: not a country, sea or region (the
    Americas are not in Alaska), nor a first-level area unless the text calls it a town."""
    if not e.country_code or e.feature_code in ("CONT", "RGN", "OCN", "SEA", "GULF", "BAY"):
        return False
    if e.feature_code == "ADM1":
        return bool(p.prefer) and "ADM1" not in p.prefer
    return e.feature_class in ("P", "S", "L", "T", "V") or (e.feature_code.startswith("ADM") and not e.is_country)


def _repick(proposals: list[Proposal], picks: list[Entry | None], index: int, entry: Entry | None) -> None:
    """Pick `entry` for proposal `index` and for the other mentions of its name that had the
    same pick (one sense per name)."""
    old, name = picks[index], normalize(proposals[index].name)
    for k, p in enumerate(proposals):
        if k == index or (picks[k] is old and old is not None and not p.country_code and normalize(p.name) == name):
            picks[k] = entry


def _one_sense_per_name(proposals: list[Proposal], picks: list[Entry | None], ctx: _Context,
                        qualifiers: dict[int, list[Entry]], bases: dict[int, float] | None = None) -> None:
    """A name means one place throughout an article: "Santa Ana, California" settles the
    later bare "Santa Ana". The entry with the best summed score over all mentions wins."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(proposals):
        if p.entries and not p.country_code and not p.prefer:
            groups[normalize(p.name)].append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        totals: dict[int, float] = defaultdict(float)
        by_id: dict[int, Entry] = {}
        for i in members:
            for e in proposals[i].entries:
                totals[e.id] += _score(proposals[i], e, ctx, i, qualifiers.get(i, []), bases)
                by_id[e.id] = e
        qualified = [i for i in members if qualifiers.get(i) and picks[i] is not None
                     and any(_within(picks[i], q) for q in qualifiers[i])]
        winner = picks[qualified[0]] if qualified else by_id[max(totals, key=totals.__getitem__)]
        winner = _prefer_city(proposals[members[0]], winner, proposals[members[0]].entries, ctx,
                              tuple(members))
        for i in members:
            picks[i] = winner


def _gap(a: Proposal, b: Proposal) -> str:
    return " , " if b.start - a.end <= 3 else ""


# a country name used for something of that country, not a place of the story: "the US
# dollar", "Turkey-backed", "the US embassy"
_MODIFIER_AFTER = re.compile(r"(?:[-–](?:led|backed|supported|sponsored|funded|allied|aligned)\b|\s+(?:dollars?|currency|"
                             r"embassy|ambassador|envoy|consulate|treasury|sanctions|exchange rate)\b)", re.I)


@lru_cache(maxsize=1)
def country_modifier() -> re.Pattern[str]:
    """A noun right after a country's name that makes it a modifier ("the U.S. president",
    "Pakistan troops"): data/geo/country_modifiers.txt, any case."""
    words = sorted(read_lines("geo/country_modifiers.txt"), key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?:[-–]|\s+)(?:{alt})\b", re.I)


def _context(proposals: list[Proposal], picks: list[Entry | None], text: str = "") -> _Context:
    ctx = _Context()
    for i, (p, e) in enumerate(zip(proposals, picks)):
        if e is None:
            continue
        ctx.levels[i] = _level(e)
        if e.country_code and not e.is_country:
            ctx.countries[i] = e.country_code
        if not p.strong:
            continue
        if e.is_country and text and not p.country_code and \
                (_MODIFIER_AFTER.match(text, p.end) or country_modifier().match(text, p.end)) \
                and not text[max(0, p.start - 3):p.start].endswith("of "):
            continue     # "the US dollar", "Turkey-backed", "the US president": no sign the story is there
        if e.feature_class in ("P", "S") or e.feature_code.startswith("ADM") and e.feature_code != "ADM1":
            ctx.members.add((e.country_code, e.admin1_code))
        name = normalize(p.name)
        weight = 1.0 if (e.is_country or e.feature_code == "ADM1" or p.country_code) else 0.5
        if e.country_code:
            old = ctx.by_name.get(name)
            if old is None or old[1] < weight:
                ctx.by_name[name] = (e.country_code, weight)
        if e.feature_code == "ADM1":
            ctx.admin1.setdefault((e.country_code, e.admin1_code), name)
        if e.has_point and not e.is_country and e.feature_code not in ("CONT", "RGN"):
            ctx.points.append((name, e.latitude, e.longitude))
    return ctx


def _keep(p: Proposal, e: Entry | None, person_tokens: set[str], lower_words: set[str],
          ctx_share: float = 0.0, alone: bool = False) -> bool:
    """Drop common-word and person-name collisions, and weak proposals that resolve poorly."""
    if p.source == "demonym" or p.source == "admin_phrase":
        return e is not None or p.source == "admin_phrase"
    words = p.text.split()
    if len(words) == 1 and p.text in person_tokens and not p.after_place_prep:
        return False
    if p.strong:
        return True
    if e is None or not e.has_point:
        return False
    if len(words) == 1 and (p.text.lower() in common_words() or p.text.lower() in lower_words):
        return False
    if p.contained or p.contains:
        return True      # "Hinche, Centre": a town and its area that agree support each other
    score = p.best_score
    # a weak name must fit the article: one of its countries, an area, or a big city
    area = e.is_country or e.feature_code in ("ADM1", "CONT", "RGN")
    if p.source.endswith(":part") and not e.is_country and area and ctx_share < WEAK_MIN_SHARE:
        return False               # "Midlands" in "West Midlands" is not Midlands, Zimbabwe
    if not (area or ctx_share >= WEAK_MIN_SHARE or e.population >= WEAK_ANY_COUNTRY_POP):
        # a short note with nothing else to go by: "In Feni, pickets exploded ..."
        lone = (alone and p.after_place_prep and not p.source.endswith(":part")
                and (e.feature_class == "P" or e.feature_code in ("ADM2", "ADM3"))
                and e.population >= LONE_MIN_POP)
        if not lone:
            return False
    # hamlets need a place preposition; curated islands, seas and regions have no population
    if e.population < WEAK_MIN_POP and not (e.is_country or e.feature_code in ("ADM1", "ADM2", "CONT", "RGN")
                                            or e.match == ALIAS):
        return p.after_place_prep and score >= WEAK_MIN_SCORE - 1.0
    return score >= WEAK_MIN_SCORE or (p.after_place_prep and score >= WEAK_MIN_SCORE - 1.5)


# ---------------------------------------------------------------- public API

def find_places(doc, article: Article, settings: Settings,
                prior: dict[str, float] | None = None, clues: list[Place] | None = None) -> list[Place]:
    """Every toponym in the article, resolved against the gazetteer where possible;
    `prior` weighs the countries the story is known to be about (geo.focus). Names of areas
    and big towns inside other names ("Khulna University") are added to `clues` if given."""
    gaz = open_gazetteer(settings)
    # a story sent in capitals and truecased before parsing (nlp.truecase) is still one whose
    # short words ("LA", "US", "IS") cannot be told from abbreviations
    sent_upper = is_upper_case((article.raw or "")[:2000])
    return places_in_doc(doc, gaz, prior, getattr(article, "anatomy", None), sent_upper, clues)


_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def _clue(p: Proposal, e: Entry | None, person_tokens: set[str], upper: bool) -> bool:
    """A dropped name that still says where the story is: an area or a big town named inside
    another name ("Khulna University", "the Haryana Roadways", "Punjab police")."""
    if e is None or not e.has_point or e.is_country or p.strong or upper:
        return False
    if p.text in person_tokens or p.text.lower() in common_words() or len(p.text) <= UPPER_SHORT_CHARS:
        return False
    return e.feature_code == "ADM1" or (e.feature_class == "P" and e.population >= CLUE_MIN_POP)


def places_in_doc(doc, gaz: Gazetteer, prior: dict[str, float] | None = None,
                  anatomy=None, sent_upper: bool = False, clues: list[Place] | None = None) -> list[Place]:
    seen: dict[str, bool] = {}

    def known(name: str) -> bool:
        if name not in seen:
            seen[name] = gaz.known(name)
        return seen[name]

    proposals = propose_toponyms(doc, known)
    doc_text = doccache.doc_text(doc)
    spelled = _spelled_out_acronyms(proposals, doc_text)
    if spelled:     # "the District Commissioner (DC)": DC is the commissioner all through the text
        proposals = [p for p in proposals if p.text not in spelled]
    lower_doc = _lower_doc(doc)
    if lower_doc or sent_upper:   # a story in lower case (case shows no names), or one sent in
        # capitals, whose truecasing (nlp.truecase) leaves the names it did not know in lower case
        proposals = _add_lower_proposals(doc, proposals, known)
    resolved = resolve_toponyms(proposals, gaz, doccache.doc_text(doc), prior)
    ctx = _context([p for p, _, _ in resolved], [e for _, e, _ in resolved], doccache.doc_text(doc))
    ctx.prior = dict(prior or {})
    persons = _person_tokens(doc)
    lower = {t.text for t in doccache.tokens(doc) if t.is_lower and t.is_alpha}
    places: list[Place] = []
    upper = sent_upper or (lower == set() and _upper_doc(doc))
    for p, e, conf in resolved:
        share = ctx.country_share(e.country_code, normalize(p.name)) if e is not None else 0.0
        alone = e is not None and not p.strong and ctx.alone(normalize(p.name))
        if e is not None and (_unsupported_variant(p, e, share, ctx) or _small_town_abroad(p, e, share, ctx)):
            e = None    # "Madhba'a" is not Madaba, Jordan when nothing else points at Jordan
        if e is not None and p.prefer and e.feature_class == "P" and e.match == ALTERNATE \
                and not any(code.startswith("PPL") for code in p.prefer) \
                and normalize(e.name).startswith(normalize(p.name) + " "):
            e = None    # "Haveli district" is not the town Haveli Lakha, which lists "Haveli" among its names
        if p.source == "lower":
            if not _keep_lower(p, e):
                continue
        elif not _keep(p, e, persons, lower, share, alone):
            if clues is not None and _clue(p, e, persons, upper):
                marked = anatomy.marked_kind(p.start, p.end) if anatomy is not None else None
                if not marked:
                    if e.feature_code == "ADM1":    # "Khulna University": the town, if there is one
                        e = next((c for c in p.entries if c.feature_class == "P" and c.exact and c.has_point
                                  and c.country_code == e.country_code and c.population >= CITY_OVER_AREA_POP), e)
                    clues.append(_place(Place(start=p.start, end=p.end, text=p.text, score=conf,
                                              source="clue", in_focus=False), e, gaz))
            continue
        if upper and len(p.text) <= UPPER_SHORT_CHARS and p.text.isalpha() and p.source != "demonym":
            continue    # "US", "IS", "LA" in all-caps text: a word as often as an abbreviation
        if upper and " " not in p.text and p.text.lower() in common_words():
            continue    # "AT THE AIRPORT", "THE SUPREME COURT": in capitals the tagger cannot tell
        if (" " not in p.text and p.text.lower() in common_words()
                and _THE_BEFORE.search(doc_text, max(0, p.start - 4), p.start)):
            continue    # "the NDA government at the Centre", "a rally at the Capital": a common noun
        place = Place(start=p.start, end=p.end, text=p.text, score=conf,
                      source=(anatomy.marked_kind(p.start, p.end) if anatomy is not None else None) or p.source)
        if e is not None and e.has_point:
            _place(place, e, gaz)
        places.append(place)
    return places


_BRACKETED = re.compile(r"\(\s*$")


def _spelled_out_acronyms(proposals: list[Proposal], text: str) -> set[str]:
    """Short names written in brackets right after the words they abbreviate ("District
    Commissioner (DC)", "Tripura State Rifles (TSR)"): abbreviations of this text, not places."""
    out: set[str] = set()
    for p in proposals:
        if p.country_code or not _BRACKETED.search(text, max(0, p.start - 3), p.start) \
                or not text.startswith(")", p.end):
            continue
        before = text[max(0, p.start - 80):p.start].rstrip(" (")
        if _acronym_of(p.text, before):
            out.add(p.text)
    return out


def _unsupported_variant(p: Proposal, e: Entry, share: float, ctx: _Context) -> bool:
    """A small town matched only through a spelling variant, in a country nothing else in the
    article names, while the article does name other countries: an unknown village of the
    story, not a town abroad."""
    if e.exact or p.country_code or e.is_country or e.feature_class != "P":
        return False
    if e.population >= WEAK_ANY_COUNTRY_POP or p.contained or p.contains:
        return False
    return share <= 0.0 and not ctx.alone(normalize(p.name))


def _small_town_abroad(p: Proposal, e: Entry, share: float, ctx: _Context) -> bool:
    """A town of fewer than STRANGER_MAX_POP people in a country nothing else in the story
    names, while the story does point at some country (its dateline, other places, country
    names): a district or village of the story the gazetteer lacks that shares its name with
    a hamlet abroad ("LIMA ... in the Villa El Salvador district" is not Villa El Salvador,
    Argentina), left unplaced rather than moving the incident abroad."""
    if p.country_code or e.is_country or e.feature_class != "P" or e.population >= STRANGER_MAX_POP:
        return False
    if p.contained or p.contains:
        return False    # "Oxford, North Carolina": the text itself says where it lies
    return share <= 0.0 and not ctx.alone(normalize(p.name))


def _place(place: Place, e: Entry, gaz: Gazetteer) -> Place:
    """`place` resolved to gazetteer entry `e`."""
    place.name = e.name
    place.latitude, place.longitude = round(e.latitude, 5), round(e.longitude, 5)
    place.geonameid = e.geonameid
    place.country_code = e.country_code or None
    c = gaz.country(e.country_code) if e.country_code else None
    place.country = c.name if c else None
    place.admin1 = e.admin1 or None
    place.admin2 = e.admin2 or None
    place.feature_code = e.feature_code or None
    place.population = e.population
    return place


def _lower_doc(doc) -> bool:
    """A story written in lower case (some scraped and archived copies): almost no capitals."""
    letters = [c for c in doccache.doc_text(doc)[:3000] if c.isalpha()]
    return len(letters) >= 40 and sum(c.isupper() for c in letters) <= LOWER_DOC_MAX_CAPS * len(letters)


_LOWER_DATELINE = re.compile(r"(?m)^([a-z][a-z .'-]{2,30}?)\s*(?:,\s*[a-z]{3}\.? \d{1,2})?\s*:\s")


def _add_lower_proposals(doc, proposals: list[Proposal], known) -> list[Proposal]:
    """Names after a place preposition ("in ahmedabad", "near tral") and a line's opening
    "lucknow:" in a lower-case story, as weak proposals the gazetteer must know."""
    text = doccache.doc_text(doc)
    toks = doccache.tokens(doc)
    taken = [False] * (len(text) + 1)
    for p in proposals:
        for i in range(p.start, p.end):
            taken[i] = True
    preps = set(event_cues()["place_prepositions"]) - {"of", "by", "on", "over", "from"}
    stop = common_words()
    found: list[Proposal] = []

    def add(start: int, end: int) -> None:
        name = text[start:end]
        if any(taken[start:end]) or name in stop or not known(name):
            return
        for i in range(start, end):
            taken[i] = True
        found.append(Proposal(start, end, name, "lower", False, after_place_prep=True))

    for m in _LOWER_DATELINE.finditer(text):
        add(m.start(1), m.end(1))
    for i, t in enumerate(toks):
        if t.lower_ not in preps:
            continue
        j = i + 1
        if j < len(toks) and toks[j].lower_ == "the":
            continue               # "in the district": names take no article
        for n in (3, 2, 1):        # the longest name the gazetteer knows
            span = toks[j:j + n]
            if len(span) < n or not all(x.is_alpha and not x.is_stop for x in span):
                continue
            if n == 1 and len(span[0].text) < LOWER_MIN_CHARS:
                continue
            start, end = span[0].idx, span[-1].idx + len(span[-1].text)
            before = len(found)
            add(start, end)
            if len(found) > before:
                break
    return sorted(proposals + found, key=lambda p: p.start)


def _keep_lower(p: Proposal, e: Entry | None) -> bool:
    """A lower-case name is a place only when it is an area or a sizeable town: most words
    after "in" are not names ("in protest", "in custody")."""
    if e is None or not e.has_point or e.match == ALTERNATE:
        return False
    return (e.is_country or e.feature_code in ("ADM1", "ADM2")
            or (e.feature_class == "P" and e.population >= LOWER_MIN_POP))


def _upper_doc(doc) -> bool:
    letters = "".join(filter(str.isalpha, doccache.doc_text(doc)[:2000]))
    return bool(letters) and sum(map(str.isupper, letters)) >= 0.9 * len(letters)


# ---------------------------------------------------------------- events

_SPECIFICITY = {"P": 3, "S": 3, "H": 1, "T": 2, "L": 1, "V": 1, "R": 2, "U": 0}


def _specificity(pl: Place) -> int:
    fc = pl.feature_code or ""
    if fc.startswith("PCL") or fc in ("CONT", "RGN", "TERR"):
        return 0
    if fc == "ADM1":
        return 1
    if fc.startswith("ADM"):
        return 2
    return 3


@lru_cache(maxsize=1)
def _relative_pattern() -> tuple[re.Pattern[str], dict, dict, dict]:
    spec = read_json("places/relative.json")
    nums = "|".join(sorted(map(re.escape, spec["number_words"]), key=len, reverse=True))
    units = "|".join(sorted(map(re.escape, spec["units_km"]), key=len, reverse=True))
    bearings = "|".join(sorted((b.replace(" ", r"[\s-]") for b in spec["bearings"]), key=len, reverse=True))
    pat = re.compile(
        rf"(?P<num>\d+(?:[.,]\d+)?|{nums})\s*(?:-\s*)?(?P<unit>{units})\b\s*(?:\([^)]*\)\s*)?"
        rf"(?:to\s+the\s+|to\s+)?(?P<dir>{bearings})\s+of\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$",
        re.I)
    return pat, spec["number_words"], spec["units_km"], spec["bearings"]


def relative_offset(text_before: str) -> tuple[float, float, str] | None:
    """(km, bearing, phrase) when `text_before` ends with '20 miles east of'."""
    tail = text_before[-80:]
    # every match ends with "of " or "the " ("20 miles east of (the) "): a cheap test first
    if not tail[-1:].isspace() or not tail.rstrip()[-3:].lower().endswith(("of", "the")):
        return None
    pat, numbers, units, bearings = _relative_pattern()
    m = pat.search(tail)
    if not m:
        return None
    raw = m.group("num").lower().replace(",", ".")
    value = float(raw) if raw[0].isdigit() else float(numbers.get(raw, 0))
    km = value * units[m.group("unit").lower()]
    direction = re.sub(r"[\s-]+", "-", m.group("dir").lower())
    bearing = bearings.get(direction, bearings.get(direction.replace("-", ""), 0))
    return km, float(bearing), m.group(0).strip()


def _known_town(places: list[Place], named: str, lo: int, hi: int) -> Place | None:
    """The resolved place a relative phrase describes ("Haditha" in "Haditha, 240 km
    northwest of Baghdad"), if the gazetteer knows it and the story may hold it."""
    if not named:
        return None
    for pl in places:
        if (lo <= pl.start and pl.end <= hi and pl.latitude is not None and pl.in_focus
                and pl.source not in ("demonym", "dateline", "credit")
                and named.lower().endswith(pl.text.lower())):
            return pl
    return None


def _near_before(text_before: str) -> bool:
    tail = text_before[-40:].lower().rstrip()
    tail = re.sub(r"\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", "", tail + " ").rstrip()
    return any(tail.endswith(w) for w in event_cues()["near_words"])


def _place_token(doc, pl: Place):
    span = doc.char_span(pl.start, pl.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


OPENING_PREPOSITIONS = frozenset(("in", "near", "at", "outside", "around", "inside"))


def opens_on_place(span) -> bool:
    """Does the sentence open on this place after a place preposition, set off by a comma
    ("Near Baquba, 65 km northeast of Baghdad, a bomb ...")? The parser may hang such a
    name anywhere; the words say it is where the sentence's news happened."""
    doc = span.doc
    first = span.sent.start if span.sent is not None else span.start
    return span.start == first + 1 and doc[first].lower_ in OPENING_PREPOSITIONS and \
        span.end < len(doc) and doc[span.end].is_punct


def _tie(doc, pl: Place) -> tuple[float, bool]:
    """How strongly a place is tied to its clause as the incident's place; (score, excluded)."""
    tok = _place_token(doc, pl)
    if tok is None:
        return 0.0, False
    span = doc.char_span(pl.start, pl.end, alignment_mode="expand")
    if span is not None and opens_on_place(span):
        return 2.0, False
    cues = event_cues()
    speaker = set(cues["speaker_verbs"])
    head = tok.head
    # walk up: place -> preposition -> verb/noun it attaches to
    if tok.dep_ in ("pobj", "pcomp") and head.pos_ == "ADP":
        prep = head.lower_
        gov = head.head
        verb = gov if gov.pos_ in ("VERB", "AUX") else next((a for a in gov.ancestors if a.pos_ == "VERB"), None)
        if verb is not None and verb.lemma_.lower() in speaker:
            return -2.0, True
        if gov.pos_ in ("NOUN", "PROPN") and (gov.lemma_.lower() in cues["source_nouns"]
                                              or gov.lower_ in cues["source_nouns"]):
            return -2.0, True      # "according to family sources in Caracas", "the meeting in Caracas"
        if prep in cues["weak_prepositions"]:
            return 0.5, False
        if prep in cues["place_prepositions"]:
            return 2.0, False
        return 1.0, False
    if tok.dep_ in ("compound", "amod", "poss", "nmod"):
        if tok.head.lemma_.lower() in cues["role_nouns"]:
            return -2.0, True      # "the Middle East director", "a London doctor"
        return 0.5, False          # "Ramadi police", "Baghdad's outskirts"
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj") and tok.head.lemma_.lower() in speaker:
        return -2.0, True
    if tok.dep_ == "appos":
        return 0.5, False
    return 1.0, False


def _main_place(places: list[Place]) -> Place | None:
    """The article's main place: the most-mentioned, earliest, most specific resolved place."""
    weights: dict[str, float] = defaultdict(float)
    first: dict[str, Place] = {}
    for pl in places:
        if pl.latitude is None or pl.source in ("demonym", "credit") or not pl.in_focus:
            continue
        key = pl.name or pl.text
        weights[key] += (1.0 + _specificity(pl)) * (DATELINE_SHARE if pl.source == "dateline" else 1.0)
        first.setdefault(key, pl)
    if not weights:
        for pl in places:   # a country named only as an actor's nationality is no place of the story
            if pl.latitude is not None and pl.in_focus and pl.source != "demonym":
                return pl
        return None
    best = max(weights, key=lambda k: (weights[k], -first[k].start))
    return first[best]


def locate_event(doc, article: Article, places: list[Place], spans: list[tuple[int, int]],
                 settings: Settings) -> Location | None:
    """The place where the incident told in `spans` (char offsets) happened, or None.

    A place tied to the incident clause by "in/near/outside/at" wins, most specific first;
    a speaker's or traveller's place never does. "20 miles east of Ramadi" gives a point
    offset from Ramadi; "near Ramadi" anchors to Ramadi; both with geo_precision 2. With no
    place in the clause, the article's main place with geo_precision 3.
    """
    text = article.text
    best: tuple[float, Place, int, tuple[float, float] | None, str] | None = None
    for pl in places:
        if pl.latitude is None or pl.source in ("demonym", "dateline", "credit") or not pl.in_focus:
            continue     # a filing place, or a place outside the story that nothing ties to it
        if not any(s <= pl.start and pl.end <= e for s, e in spans):
            continue
        tie, excluded = _tie(doc, pl)
        if excluded:
            continue
        before = text[max(0, pl.start - 80):pl.start]
        rel = relative_offset(before)
        precision, point, phrase = 1, None, ""
        if rel is not None:
            km, bearing, phrase = rel
            point = offset_point(pl.latitude, pl.longitude, km, bearing)
            precision = 2
            tie += 1.0
            phrase = _named_before(before[:before.rfind(phrase)]) or ""
            town = _known_town(places, phrase, pl.start - len(before), pl.start)
            if town is not None:
                # "Haditha, 240 km northwest of Baghdad": the town is known, so the event is there
                pl, point, precision, phrase = town, None, 1, ""
        elif _near_before(before):
            precision = 2
        spec = _specificity(pl)
        if spec < 3:
            precision = max(precision, 3 if spec <= 1 else 2)
        score = tie + 1.5 * spec
        if best is None or score > best[0] or (score == best[0] and spec > _specificity(best[1])):
            best = (score, pl, precision, point, phrase)   # a tie goes to the more specific place
    if best is not None and best[2] == 1 and any(
            (pl.latitude is None or not pl.in_focus) and pl.source not in ("demonym", "dateline")
            and any(s <= pl.start and pl.end <= e for s, e in spans) for pl in places):
        # the clause also names a place we cannot put on the map (a village the gazetteer
        # lacks): the known town is the nearest enclosing place (ACLED's geo_precision 2)
        best = (best[0], best[1], 2, best[3], best[4])
    if best is None:
        main = _main_place(places)
        if main is None:
            return None
        return _location(main, 3, None, "")
    _, pl, precision, point, named = best
    return _location(pl, precision, point, named)


def plain_name(name: str | None) -> str | None:
    """A gazetteer name without diacritics and transliteration marks: 'Sāmarrā’' -> 'Samarra'."""
    if not name:
        return name
    return re.sub(r"[’‘ʼʻ`´]", "", fold(name))


_NAMED_BEFORE = re.compile(
    r"\b([A-Z][\w'’]*(?:[\s-][A-Z][\w'’]*){0,3})(?:\s+(?:army|air|military|police)?\s*"
    r"(?:base|camp|airbase|air base|village|town|district|checkpoint|dam|bridge))?"
    r"\s*[-–—,(]+\s*(?:about|around|some|roughly|nearly|just|approximately)?\s*$")


def _named_before(text: str) -> str | None:
    """The name a relative location describes: 'the Habbaniya army base - around [20 miles...]'."""
    m = _NAMED_BEFORE.search(text[-80:])
    if not m or m.group(1).lower() in common_words():
        return None
    return m.group(1)


def _location(pl: Place, precision: int, point: tuple[float, float] | None, named: str) -> Location:
    lat, lon = point if point is not None else (pl.latitude, pl.longitude)
    return Location(
        location=named or plain_name(pl.name or pl.text), admin1=plain_name(pl.admin1),
        admin2=plain_name(pl.admin2), country=pl.country,
        country_code=pl.country_code, latitude=round(lat, 5) if lat is not None else None,
        longitude=round(lon, 5) if lon is not None else None,
        geonameid=pl.geonameid if point is None else None, geo_precision=precision,
        evidence=[Evidence("location", pl.start, pl.end, pl.text)],
    )


# ---------------------------------------------------------------- batch listing

def place_records(parsed, settings: Settings):
    """For `strife places`: one {"article_id", "places": [...]} per article, dead letters as is.

    `parsed` yields (Doc, Article) pairs or DeadLetters (the CLI gets them from
    `pipeline.parse_articles`, the one batched `nlp.pipe` pass).

    Offsets point into the input text exactly as given (`Article.raw`: for JSONL the `text`
    field, for HTML the text trafilatura extracted), mapped back from the cleaned text.
    """
    from ..models import DeadLetter

    gaz = open_gazetteer(settings)
    for item in parsed:
        if isinstance(item, DeadLetter):
            yield item
            continue
        doc, article = item
        out = []
        for pl in places_in_doc(doc, gaz):
            d = pl.to_dict()
            d["start"], d["end"] = article.raw_span(pl.start, pl.end)
            d["text"] = article.raw[d["start"]:d["end"]] if article.raw else pl.text
            out.append(d)
        yield {"article_id": article.id, "places": out}
