"""Actors: find who did what to whom, and name them as ACLED does.

Named groups come from an alias table (`data/actors/aliases.json`: ISIS / ISIL / Daesh ->
`Islamic State`); unnamed ones from actor classes (`data/actors/generic.json`: soldiers ->
`Military Forces of {country}`, gunmen -> `Unidentified Armed Group ({country})`). The
country comes from the event's place, else from a demonym inside the phrase ("Iraqi
soldiers"), else from country names and demonyms elsewhere in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from ..data import read_json, read_lines
from ..nlp.retrie import finditer_fast, trie_pattern

# ACLED inter codes
STATE, REBEL, POLITICAL_MILITIA, IDENTITY_MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = range(1, 9)


@dataclass(frozen=True)
class Actor:
    """An actor as ACLED names it, with the span of text it was read from."""

    name: str
    inter: int
    klass: str            # "named", "military", "police", "armed", "civilians", ...
    armed: bool
    start: int = -1
    end: int = -1
    text: str = ""
    country: str | None = None


@dataclass(frozen=True)
class CountryMention:
    name: str             # ACLED-style country name
    code: str | None      # ISO alpha-2 where known
    start: int
    end: int
    text: str
    demonym: bool


# ---------------------------------------------------------------- tables (loaded once)

@lru_cache(maxsize=None)
def _country_tables() -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
    """(lower-case name or demonym -> (ACLED name, ISO2), ISO2 -> ACLED name)."""
    names: dict[str, tuple[str, str | None]] = {}
    by_code: dict[str, str] = {}
    for c in pycountry.countries:
        display = getattr(c, "common_name", None) or c.name
        if "," in display:   # "Korea, Republic of": leave to the override table
            display = c.name.split(",")[0]
        by_code[c.alpha_2] = display
        for n in {c.name, display}:
            if "," not in n and "(" not in n:
                names.setdefault(n.lower(), (display, c.alpha_2))
    for line in read_lines("actors/countries.tsv"):
        code, acled, others = (line.split("\t") + ["", ""])[:3]
        by_code[code] = acled
        names[acled.lower()] = (acled, code)
        for o in filter(None, (x.strip() for x in others.split(","))):
            names[o.lower()] = (acled, code)
    acled_to_code = {v: k for k, v in by_code.items()}
    for line in read_lines("actors/demonyms.tsv"):
        dem, country = line.split("\t")
        names.setdefault("@" + dem.lower(), (country, acled_to_code.get(country)))
    return names, by_code


@lru_cache(maxsize=None)
def _country_regex() -> re.Pattern[str]:
    names, _ = _country_tables()
    keys = sorted((k.lstrip("@") for k in names), key=len, reverse=True)
    # demonyms also match plurals and hyphenated prefixes ("Iraqis", "Saudi-led")
    return re.compile(r"(?<![\w-])(" + trie_pattern(keys) + r")(?:s)?(?![\w])", re.I)


def country_name(code: str | None) -> str | None:
    """ACLED's spelling of a country from its ISO alpha-2 code."""
    if not code:
        return None
    return _country_tables()[1].get(code.upper())


def find_countries(text: str, offset: int = 0) -> list[CountryMention]:
    """Country names and demonyms in `text` ("Iraqi", "South Korea"), in order."""
    if len(text) > _CACHED_TEXT_LEN:   # a whole article: read once, not worth keeping
        return list(_scan_countries(text, offset))
    return list(_cached_countries(text, offset))


_CACHED_TEXT_LEN = 400   # phrases and sentences are cached; longer texts are scanned each time


@lru_cache(maxsize=4096)
def _cached_countries(text: str, offset: int) -> tuple[CountryMention, ...]:
    return _scan_countries(text, offset)


def _scan_countries(text: str, offset: int) -> tuple[CountryMention, ...]:
    names, _ = _country_tables()
    out: list[CountryMention] = []
    for m in finditer_fast(_country_regex(), text):
        key = m.group(1).lower()
        hit = names.get(key)
        demonym = False
        if hit is None or ("@" + key in names and key not in names):
            hit = names.get("@" + key)
            demonym = True
        if hit is None:
            continue
        out.append(CountryMention(hit[0], hit[1], offset + m.start(), offset + m.end(), m.group(0), demonym))
    return tuple(out)


@lru_cache(maxsize=None)
def _alias_table() -> tuple[tuple[re.Pattern[str], str, int, str], ...]:
    """(pattern, ACLED name, inter, lower-case alias) per alias, longest alias first."""
    entries = []
    for actor in read_json("actors/aliases.json")["actors"]:
        flags = 0 if actor.get("case") else re.I
        for alias in actor["aliases"]:
            pat = re.compile(r"(?<![\w])" + re.escape(alias) + r"(?![\w])", flags)
            entries.append((len(alias), pat, actor["name"], actor["inter"], alias.lower()))
    entries.sort(key=lambda e: -e[0])
    return tuple((p, n, i, low) for _, p, n, i, low in entries)


@lru_cache(maxsize=None)
def _regional_aliases() -> dict[str, frozenset[str]]:
    """Lower-case alias -> the countries (lower-case names) in whose events alone it names its actor."""
    out: dict[str, frozenset[str]] = {}
    for actor in read_json("actors/aliases.json")["actors"]:
        if actor.get("countries"):
            for alias in actor["aliases"]:
                out[alias.lower()] = frozenset(c.lower() for c in actor["countries"])
    return out


@lru_cache(maxsize=None)
def _generic_classes() -> list[dict]:
    classes = read_json("actors/generic.json")["classes"]
    for c in classes:
        c["_terms"] = sorted((t for t in c["terms"] if not t.endswith("_no")), key=len, reverse=True)
    return classes


def _word_pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?![\w])")


@lru_cache(maxsize=None)
def _class_patterns() -> tuple[tuple, dict[str, dict], tuple]:
    """Compiled once: (multi-word terms longest first as (term, pattern, class), head word ->
    first class listing it, per class (its terms, one pattern for any of them))."""
    classes = _generic_classes()
    multi = sorted(((t, c) for c in classes for t in c["_terms"] if " " in t), key=lambda x: -len(x[0]))
    heads: dict[str, dict] = {}
    for c in classes:
        for t in c["_terms"]:
            heads.setdefault(t, c)
    anywhere = tuple((tuple(c["_terms"]), re.compile(r"(?<![\w-])(?:" + trie_pattern(c["_terms"]) + r")(?![\w])"), c)
                     for c in classes if c["_terms"])
    return tuple((t, _word_pattern(t), c) for t, c in multi), heads, anywhere


def generic_class(name: str) -> dict:
    """The actor-class record called `name` ("military", "civilians", ...)."""
    for c in _generic_classes():
        if c["class"] == name:
            return c
    raise KeyError(f"unknown actor class {name!r}; see strife/data/actors/generic.json")


# ---------------------------------------------------------------- naming

def find_named(text: str, country: str | None = None) -> list[tuple[int, int, str, int]]:
    """Named actors in `text`: (start, end, ACLED name, inter), longest alias first, no overlaps.
    With the event's `country` known, an alias that names its actor only in other countries
    ("Maoists" outside India) is left out."""
    found = list(_scan_named(text)) if len(text) > _CACHED_TEXT_LEN else list(_cached_named(text))
    regional = _regional_aliases()
    if country and regional:
        low = country.lower()
        found = [f for f in found if low in regional.get(text[f[0]:f[1]].lower(), (low,))]
    return found


@lru_cache(maxsize=4096)
def _cached_named(text: str) -> tuple[tuple[int, int, str, int], ...]:
    return _scan_named(text)


@lru_cache(maxsize=None)
def _alias_index() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """(first word of an alias -> positions in `_alias_table()`, aliases without a word).

    An alias matches only where each of its words stands whole in the text (the alias is
    bounded by non-word characters and its words by its own), so the aliases worth trying
    are those whose first word is one of the text's words."""
    by_word: dict[str, list[int]] = {}
    always: list[int] = []
    for k, (_pat, _name, _inter, alias) in enumerate(_alias_table()):
        words = _WORD.findall(alias)
        if words:
            by_word.setdefault(words[0], []).append(k)
        else:
            always.append(k)
    return {w: tuple(ks) for w, ks in by_word.items()}, tuple(always)


_WORD = re.compile(r"\w+")


def _scan_named(text: str) -> tuple[tuple[int, int, str, int], ...]:
    taken: list[tuple[int, int]] = []
    out = []
    low = text.lower()
    table = _alias_table()
    by_word, always = _alias_index()
    ks = set(always)
    for w in set(_WORD.findall(low)):
        ks.update(by_word.get(w, ()))
    for k in sorted(ks):   # the table's order: longest alias first
        pat, name, inter, alias = table[k]
        if alias not in low:   # cheap test first: most aliases are absent
            continue
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if _word_in_capitals(pat, text, m):
                continue
            taken.append((m.start(), m.end()))
            out.append((m.start(), m.end(), name, inter))
    out.sort()
    return tuple(out)


_ACRONYM_MAX = 3   # "IS", "US": short case-sensitive aliases that are also English words
_CAPITALS_WINDOW = 40


def _word_in_capitals(pat: re.Pattern[str], text: str, m: re.Match[str]) -> bool:
    """In upper-case text ("THE SITUATION IS CALM") a short case-sensitive alias is a word,
    not an acronym, unless it stands in brackets after the name it abbreviates."""
    if pat.flags & re.I or len(m.group(0)) > _ACRONYM_MAX:
        return False
    around = text[max(0, m.start() - _CAPITALS_WINDOW): m.end() + _CAPITALS_WINDOW]
    if any(c.islower() for c in around):
        return False
    bracketed = text[m.start() - 1: m.start()] in ("(", "[") and text[m.end(): m.end() + 1] in (")", "]")
    return not bracketed


def class_head(word: str, lemma: str) -> str:
    """The form of a head noun to look up: the word as written when a class lists it
    ("suspects" are armed, a "suspect" a civilian), else its lemma."""
    return word if word.lower() in _class_patterns()[1] else lemma


@lru_cache(maxsize=4096)
def class_of_phrase(phrase: str, head: str = "") -> dict | None:
    """The generic actor class of a noun phrase: a multi-word term first ("armed men",
    "security forces"), then its head word, then any class word in it."""
    words = phrase.lower()
    head = head.lower()
    multi, heads, anywhere = _class_patterns()
    for t, pat, c in multi:
        if t in words and pat.search(words):
            return c
    weak_heads = ("forces", "force", "personnel", "members", "group", "groups", "elements")
    if head and head not in weak_heads and head in heads:
        return heads[head]
    for _terms, pat, c in anywhere:
        if pat.search(words):   # one prefix-tree regex per class
            return c
    return None


def format_name(template: str, country: str | None) -> str:
    if country:
        return template.format(country=country)
    # no country known: drop the placeholder and its brackets / preposition
    return re.sub(r"\s*(\(\{country\}\)|of \{country\})", "", template).strip()


@lru_cache(maxsize=8192)
def normalise_actor(phrase: str, *, head: str = "", country: str | None = None,
                    start: int = -1, end: int = -1) -> Actor | None:
    """Name the actor in a noun phrase ACLED's way, or None when it names no actor.

    `country` is the country of the event; a demonym or country name in the phrase wins for
    state forces ("Iraqi soldiers" -> Military Forces of Iraq), and state forces of another
    country than the event's are external (inter 8).
    """
    named = find_named(phrase, country)
    if named:
        s, e, name, inter = named[0]
        return Actor(name, inter, "named", inter in (1, 2, 3, 4, 8), start, end, phrase, country)
    klass = class_of_phrase(phrase, head)
    if klass is None:
        # a people named by their demonym ("Palestinians", "Indian nationals") are civilians
        words = phrase.strip().split()
        if words and words[-1].lower().endswith("s"):
            own = find_countries(words[-1])
            if own and own[0].demonym:
                return Actor(format_name(generic_class("civilians")["template"], own[0].name), CIVILIANS,
                             "civilians", False, start, end, phrase, own[0].name)
        return None
    own = [c for c in find_countries(phrase)]
    actor_country = own[0].name if own else country
    inter = klass["inter"]
    if klass["class"] in ("military", "police", "government") and own and country and own[0].name != country:
        inter = EXTERNAL
    name = format_name(klass["template"], actor_country)
    return Actor(name, inter, klass["class"], bool(klass.get("armed")), start, end, phrase, actor_country)


def class_actor(klass_name: str, country: str | None, *, start: int = -1, end: int = -1,
                text: str = "") -> Actor:
    """An actor of a given class for the event's country ("Protesters (Kenya)")."""
    c = generic_class(klass_name)
    return Actor(format_name(c["template"], country), c["inter"], klass_name, bool(c.get("armed")),
                 start, end, text, country)


# ---------------------------------------------------------------- associated actors

@lru_cache(maxsize=None)
def _social_groups() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every social-group term (`data/actors/associated.json`), longest first."""
    to_template: dict[str, str] = {}
    for group in read_json("actors/associated.json")["groups"]:
        for term in group["terms"]:
            to_template.setdefault(term.lower(), group["template"])
    keys = sorted(to_template, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + trie_pattern(keys) + r")(?![\w-])", re.I)
    return pattern, to_template


def find_social_group(text: str, country: str | None, offset: int = 0) -> Actor | None:
    """The first social group named in `text`, as ACLED names associated actors
    ("medical interns" -> `Health Workers (Israel)`), or None."""
    pattern, to_template = _social_groups()
    m = pattern.search(text)
    if m is None:
        return None
    name = format_name(to_template[m.group(1).lower()], country)
    return Actor(name, PROTESTERS, "social", False, offset + m.start(), offset + m.end(), m.group(0), country)
