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

from .data import read_json, read_lines

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
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?:s)?(?![\w])", re.I)


def country_name(code: str | None) -> str | None:
    """ACLED's spelling of a country from its ISO alpha-2 code."""
    if not code:
        return None
    return _country_tables()[1].get(code.upper())


def find_countries(text: str, offset: int = 0) -> list[CountryMention]:
    """Country names and demonyms in `text` ("Iraqi", "South Korea"), in order."""
    names, _ = _country_tables()
    out: list[CountryMention] = []
    for m in _country_regex().finditer(text):
        key = m.group(1).lower()
        hit = names.get(key)
        demonym = False
        if hit is None or ("@" + key in names and key not in names):
            hit = names.get("@" + key)
            demonym = True
        if hit is None:
            continue
        out.append(CountryMention(hit[0], hit[1], offset + m.start(), offset + m.end(), m.group(0), demonym))
    return out


@lru_cache(maxsize=None)
def _alias_table() -> tuple[list[tuple[re.Pattern[str], str, int]], ...]:
    entries = []
    for actor in read_json("actors/aliases.json")["actors"]:
        flags = 0 if actor.get("case") else re.I
        for alias in actor["aliases"]:
            pat = re.compile(r"(?<![\w])" + re.escape(alias) + r"(?![\w])", flags)
            entries.append((len(alias), pat, actor["name"], actor["inter"]))
    entries.sort(key=lambda e: -e[0])
    return tuple((p, n, i) for _, p, n, i in entries),


@lru_cache(maxsize=None)
def _generic_classes() -> list[dict]:
    classes = read_json("actors/generic.json")["classes"]
    for c in classes:
        c["_terms"] = sorted((t for t in c["terms"] if not t.endswith("_no")), key=len, reverse=True)
    return classes


def generic_class(name: str) -> dict:
    """The actor-class record called `name` ("military", "civilians", ...)."""
    for c in _generic_classes():
        if c["class"] == name:
            return c
    raise KeyError(f"unknown actor class {name!r}; see strife/data/actors/generic.json")


# ---------------------------------------------------------------- naming

def find_named(text: str) -> list[tuple[int, int, str, int]]:
    """Named actors in `text`: (start, end, ACLED name, inter), longest alias first, no overlaps."""
    taken: list[tuple[int, int]] = []
    out = []
    for pat, name, inter in _alias_table()[0]:
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append((m.start(), m.end(), name, inter))
    out.sort()
    return out


def class_of_phrase(phrase: str, head: str = "") -> dict | None:
    """The generic actor class of a noun phrase: a multi-word term first ("armed men",
    "security forces"), then its head word, then any class word in it."""
    words = phrase.lower()
    head = head.lower()
    multi = sorted(((t, c) for c in _generic_classes() for t in c["_terms"] if " " in t),
                   key=lambda x: -len(x[0]))
    for t, c in multi:
        if re.search(r"(?<![\w])" + re.escape(t) + r"(?![\w])", words):
            return c
    weak_heads = ("forces", "force", "personnel", "members", "group", "groups", "elements")
    if head and head not in weak_heads:
        for c in _generic_classes():
            if head in c["_terms"]:
                return c
    for c in _generic_classes():
        for t in c["_terms"]:
            if re.search(r"(?<![\w])" + re.escape(t) + r"(?![\w])", words):
                return c
    return None


def format_name(template: str, country: str | None) -> str:
    if country:
        return template.format(country=country)
    # no country known: drop the placeholder and its brackets / preposition
    return re.sub(r"\s*(\(\{country\}\)|of \{country\})", "", template).strip()


def normalise_actor(phrase: str, *, head: str = "", country: str | None = None,
                    start: int = -1, end: int = -1) -> Actor | None:
    """Name the actor in a noun phrase ACLED's way, or None when it names no actor.

    `country` is the country of the event; a demonym or country name in the phrase wins for
    state forces ("Iraqi soldiers" -> Military Forces of Iraq), and state forces of another
    country than the event's are external (inter 8).
    """
    named = find_named(phrase)
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
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])", re.I)
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
