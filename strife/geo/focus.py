"""Story focus: the country (and first-level area) a story is about.

Scored from the dateline (where the story was filed), the headline and lead, the countries
and demonyms the text names, the actors whose nationality is known (data/geo/
actor_countries.tsv: "Houthis" -> Yemen) and, once places are resolved, the places named
and how often. A user's `country_hint` overrides it. The focus is a prior for resolving
ambiguous names, decides which far-away places need explicit support before an event is
put there, and gives a country to every event that names none.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..events import actors as actors_mod
from ..data import read_lines
from ..models import LOCATION_FIELDS, Article, Event, Mention, Place
from ..nlp.retrie import finditer_fast, trie_pattern
from . import places as places_mod
from .places import _MODIFIER_AFTER as _NAMED_MODIFIER
from .places import plain_name

# --- calibration (by hand on dev data; behaviour in tests/geo/test_focus.py)
HINT_WEIGHT = 20.0          # a user's hint outweighs anything a story says
DATELINE_WEIGHT = 1.5       # the filing place: evidence for the focus, not the incident place
COUNTRY_NAME_WEIGHT = 0.5   # each mention of a country or demonym ("Iraqi forces")
LEAD_FACTOR = 2.0           # headline, dateline paragraph and lead count double
PLACE_WEIGHT = 1.0          # a resolved town or area (each distinct name)
REPEAT_WEIGHT = 0.25        # each further mention of the same name or actor
STORY_SHARE = 0.5           # a country this close to the leading one is one of the story's
MIN_FOCUS_WEIGHT = 0.5      # less evidence than this: no focus
SUPPORT_POP = 1_000_000     # a city this big needs no other support to be a place of the story
WEAK_PLACE_FACTOR = 0.5     # places found only as proper-noun runs
CLUE_WEIGHT = 0.5           # an area or big town named inside another name ("Khulna University")
MODIFIER_WEIGHT = 0.25      # a country name used as a modifier ("US dollar", "Turkey-backed")
SENTENCE_OVER_FOCUS = 0.5   # evidence in an event's sentence this strong outvotes the story's focus
FOREIGN_BUREAU_SHARE = 0.25  # what a dateline (and its town named again) keeps when the body points elsewhere
FOREIGN_BUREAU_MIN = 1.0     # ... and the other country has at least this much evidence of its own
_MODIFIER_AFTER = re.compile(r"(?:[-–]|\s+[a-z])")
_OF_BEFORE = re.compile(r"\bof\s+$")
_LED_AFTER = re.compile(r"[-–](?:led|backed|supported|sponsored|funded|allied|aligned)\b", re.I)


@dataclass
class Focus:
    """Where a story is: its leading country, first-level area and every country it is about."""

    country_code: str | None = None
    country: str | None = None
    admin1: str | None = None
    confidence: float = 0.0                     # the leading country's share of all evidence
    source: str = "none"                        # "hint", "story" or "none"
    countries: dict[str, float] = field(default_factory=dict)   # ISO2 -> weight
    evidence: list[Mention] = field(default_factory=list)
    named: set[str] = field(default_factory=set)  # countries the text names outright

    def story_countries(self) -> set[str]:
        """The countries the story is about: the leading one, and others close to it that
        the text names outright or supports with more than one name."""
        if not self.countries:
            return set()
        top = max(self.countries.values())
        out = {cc for cc, w in self.countries.items()
               if w >= STORY_SHARE * top and (cc in self.named or self._items[cc] >= 2)}
        if self.country_code:
            out.add(self.country_code)
        return out

    _items: Counter = field(default_factory=Counter, repr=False)

    def to_dict(self) -> dict:
        return {"country": self.country, "country_code": self.country_code, "admin1": self.admin1,
                "confidence": round(self.confidence, 3), "source": self.source,
                "countries": {k: round(v, 2) for k, v in sorted(self.countries.items(), key=lambda kv: -kv[1])}}


class UnknownCountryError(ValueError):
    """A country hint that names no country strife knows."""


def country_code_of(hint: str | None) -> str | None:
    """ISO alpha-2 code for a hint given as a code ("YE") or a name ("Yemen", "yemeni")."""
    if not hint:
        return None
    s = hint.strip()
    if len(s) == 2 and s.isalpha() and actors_mod.country_name(s.upper()):
        return s.upper()
    found = actors_mod.find_countries(s)
    if found and found[0].code and found[0].end - found[0].start >= len(s) - 1:
        return found[0].code
    raise UnknownCountryError(f"unknown country {hint!r}: give an ISO 3166 code such as 'YE' "
                              "or a country name such as 'Yemen'")


def with_country_hint(items, hint: str | None):
    """Articles from `items` with `hint` as their country hint where they carry none
    (dead letters pass through)."""
    for item in items:
        if hint and isinstance(item, Article) and not item.country_hint:
            item.country_hint = hint
        yield item


# ---------------------------------------------------------------- actor nationality

@lru_cache(maxsize=1)
def _actor_table() -> tuple[dict[str, tuple[str, float]], re.Pattern[str], re.Pattern[str]]:
    """(term -> (ISO2, weight), pattern for words in any case, pattern for acronyms as written)."""
    table: dict[str, tuple[str, float]] = {}
    for line in read_lines("geo/actor_countries.tsv"):
        term, cc, weight = (line.split("\t") + ["1.0"])[:3]
        table[term] = (cc, float(weight))
    lower = [t for t in table if t == t.lower()]
    cased = [t for t in table if t != t.lower()]
    any_case = re.compile(r"(?<!\w)(" + trie_pattern(lower) + r")(?!\w)", re.I)
    as_written = re.compile(r"(?<!\w)(" + trie_pattern(cased) + r")(?!\w)")
    return table, any_case, as_written


def actor_countries(text: str, offset: int = 0) -> list[Mention]:
    """Names in `text` that tie it to a country ("Houthis", "Al Shabaab", "upazila"), in order.

    The label is "focus:actor:CC", the score the table's weight."""
    table, any_case, as_written = _actor_table()
    upper = text.isupper()
    out: list[Mention] = []
    for m in finditer_fast(any_case, text):   # any_case.finditer(text), faster
        term = m.group(1).lower()
        if term in table:
            cc, w = table[term]
            out.append(Mention(f"focus:actor:{cc}", offset + m.start(1), offset + m.end(1), m.group(1), w, "actor_countries"))
    for m in (as_written.finditer(text) if not upper else ()):
        cc, w = table[m.group(1)]
        out.append(Mention(f"focus:actor:{cc}", offset + m.start(1), offset + m.end(1), m.group(1), w, "actor_countries"))
    if upper:   # all-caps text: acronyms match any word written the same way
        lowered = {t.upper(): t for t in table if t != t.lower()}
        for m in re.finditer(r"(?<![\w-])([A-Z0-9][A-Z0-9()-]{1,12})(?![\w-])", text):
            t = lowered.get(m.group(1))
            if t is not None:
                cc, w = table[t]
                out.append(Mention(f"focus:actor:{cc}", offset + m.start(1), offset + m.end(1), m.group(1), w, "actor_countries"))
    out.sort(key=lambda m: (m.start, -m.end))
    # a word inside a longer name found by the other pattern is that name ("Maoist" in "CPN Maoist")
    kept: list[Mention] = []
    for m in out:
        if kept and m.end <= kept[-1].end:
            continue
        kept.append(m)
    return kept


def is_modifier(text: str, end: int, start: int | None = None) -> bool:
    """A name used as a modifier: followed by a hyphen or a lower-case word ("Saudi-led",
    "US dollar", "Turkey backed factions"), unless it ends a name ("the National Bank of
    Pakistan held ...") or follows a place preposition ("air raids in northern Yemen with
    no report of casualties")."""
    if start is not None and _OF_BEFORE.search(text, max(0, start - 4), start):
        return False
    if places_mod.country_modifier().match(text, end) or _NAMED_MODIFIER.match(text, end):
        return True       # "the U.S. Congress", "U.S. AMBASSADOR", "at the U.S. embassy"
    if start is not None and after_place_prep(text, start):
        return False
    return _MODIFIER_AFTER.match(text, end) is not None


_AFTER_PREP = re.compile(r"\b(?:in|inside|near|at|across|throughout|within|outside|around)\s+(?:the\s+)?"
                         r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?"
                         r"(?:(?:countryside|outskirts|suburbs?|town|city|village|district|province|governorate|"
                         r"region|area|state|county)\s+of\s+(?:the\s+)?)?$", re.I)


def after_place_prep(text: str, start: int) -> bool:
    """The name at `start` follows "in", "near", "at"... ("in Ar-Raqqa", "in the northern
    countryside of Aleppo"): the text uses it as a place."""
    return _AFTER_PREP.search(text, max(0, start - 60), start) is not None


def mention_country(m: Mention) -> str:
    return m.label.rsplit(":", 1)[-1]


# ---------------------------------------------------------------- scoring

def _front(article: Article) -> int:
    """End of the story's front (dateline and lead paragraph), where evidence counts double."""
    anatomy = getattr(article, "anatomy", None)
    if anatomy is not None and anatomy.lead is not None:
        return anatomy.lead[1]
    cut = article.text.find("\n\n")
    return cut if cut > 0 else min(len(article.text), 400)


@dataclass
class Prior:
    """Country evidence known before places are resolved."""

    weights: dict[str, float]          # ISO2 -> weight: hint, dateline, country names, actors
    resolution: dict[str, float]       # the part place resolution does not see itself (no names)
    evidence: list[Mention]
    named: set[str]                    # countries the text names outright


def prior_countries(article: Article, gaz=None) -> Prior:
    """Country evidence known before places are resolved: hint, dateline, country names,
    demonyms and actors."""
    weights: dict[str, float] = defaultdict(float)
    evidence: list[Mention] = []
    named: set[str] = set()
    text = article.text
    front = _front(article)
    hint = getattr(article, "country_hint", None)
    if hint:
        cc = country_code_of(hint)
        if cc:
            weights[cc] += HINT_WEIGHT
            named.add(cc)
            evidence.append(Mention(f"focus:hint:{cc}", 0, 0, "", 1.0, "hint"))
    anatomy = getattr(article, "anatomy", None)
    dateline = anatomy.dateline if anatomy is not None else None
    if dateline is not None:
        cc = _dateline_country(dateline.place, gaz)
        if cc:
            weights[cc] += DATELINE_WEIGHT
            evidence.append(Mention(f"focus:dateline:{cc}", dateline.place_start, dateline.place_end,
                                    dateline.place, 1.0, "dateline"))
    resolution = dict(weights)      # place resolution counts the country names it resolves itself
    title = article.title or ""
    seen: Counter = Counter()
    for m, factor in [(c, 1.0) for c in actors_mod.find_countries(text)] + \
                     [(c, LEAD_FACTOR) for c in actors_mod.find_countries(title)]:
        if not m.code:
            continue
        if dateline is not None and dateline.start <= m.start < dateline.end and factor == 1.0:
            continue                       # the dateline counted once, as the filing place
        key = (m.code, m.text.lower())
        w = COUNTRY_NAME_WEIGHT if not seen[key] else COUNTRY_NAME_WEIGHT * REPEAT_WEIGHT
        seen[key] += 1
        if factor == 1.0 and m.start < front:
            w *= LEAD_FACTOR
        if factor == 1.0 and ((not m.demonym and is_modifier(text, m.end, m.start))
                              or (m.demonym and _LED_AFTER.match(text, m.end))):
            # "the US dollar", "Saudi-led coalition": no sign the story is there
            w = MODIFIER_WEIGHT * COUNTRY_NAME_WEIGHT
        else:
            named.add(m.code)
        weights[m.code] += w * factor
    for src, factor in ((text, 1.0), (title, LEAD_FACTOR)):
        for m in actor_countries(src):
            cc = mention_country(m)
            key = (cc, m.text.lower())
            w = m.score if not seen[key] else m.score * REPEAT_WEIGHT
            seen[key] += 1
            if src is text and m.start < front:
                w *= LEAD_FACTOR
            weights[cc] += w * factor
            resolution[cc] = resolution.get(cc, 0.0) + w * factor
            if src is text:
                evidence.append(m)
    return Prior(dict(weights), resolution, evidence, named)


def _dateline_country(place: str, gaz) -> str | None:
    """The country of a dateline's place: a country it names ("KABUL, Afghanistan",
    "MOSCOW (USSR)"), else the biggest town of that name (datelines name cities)."""
    parts = [p.strip() for p in re.split(r"[,()]", place) if p.strip()]
    for part in parts[1:]:
        found = actors_mod.find_countries(part)
        if found and found[0].code:
            return found[0].code
    if gaz is None or not parts:
        return None
    entries = [e for e in gaz.lookup(parts[0]) if e.feature_class == "P" and e.exact]
    if not entries:   # a district town the gazetteer knows only as its district ("Noakhali")
        entries = [e for e in gaz.lookup(parts[0]) if e.exact and e.match != 1
                   and e.feature_code in ("ADM1", "ADM2", "ADM3")]
    if not entries:
        return None
    best = max(entries, key=lambda e: (e.feature_code == "PPLC", e.population))
    return best.country_code or None


def story_focus(article: Article, places: list[Place], prior: Prior | None = None,
                clues: list[Place] = ()) -> Focus:
    """The story's focus from the prior evidence, the resolved places and the clues (areas
    and big towns named inside other names: "Khulna University")."""
    prior = prior if prior is not None else prior_countries(article)
    weights, evidence, named = prior.weights, prior.evidence, prior.named
    weights = defaultdict(float, weights)
    items: Counter = Counter()
    for m in evidence:
        items[m.label.rsplit(":", 1)[-1]] += 1
    for cc in named:
        items[cc] += 1
    anatomy = getattr(article, "anatomy", None)
    front = _front(article)
    seen: Counter = Counter()
    admin1s: dict[str, Counter] = defaultdict(Counter)
    dateline = anatomy.dateline if anatomy is not None else None
    filed_in = {(pl.name or pl.text).lower() for pl in places if pl.source == "dateline" and not
                (pl.feature_code or "").startswith("PCL")}
    filed_weight = 0.0      # the filing town named again in the body ("published in Bonn today")
    for pl in places:
        if not pl.country_code or pl.source == "demonym" or (pl.feature_code or "").startswith("PCL"):
            continue
        if pl.source in ("dateline", "credit"):
            continue               # the filing place counted once, above; a credit line is not the story
        key = (pl.name or pl.text).lower()
        w = PLACE_WEIGHT if not seen[key] else PLACE_WEIGHT * REPEAT_WEIGHT
        if pl.source.startswith("propn") and (pl.source.endswith(":part")
                                              or not after_place_prep(article.text, pl.start)):
            w *= WEAK_PLACE_FACTOR     # a proper noun spaCy did not call a place, nor the text
        if not seen[key]:
            items[pl.country_code] += 1
        seen[key] += 1
        if pl.start < front:
            w *= LEAD_FACTOR
        weights[pl.country_code] += w
        if key in filed_in:
            filed_weight += w
        if pl.admin1:
            admin1s[pl.country_code][pl.admin1] += 1
    for pl in clues:
        if not pl.country_code:
            continue
        key = (pl.name or pl.text).lower()
        weights[pl.country_code] += CLUE_WEIGHT * (1.0 if not seen[key] else REPEAT_WEIGHT)
        seen[key] += 1
        if pl.admin1 and not admin1s.get(pl.country_code):
            admin1s[pl.country_code][pl.admin1] += 0.5
    if dateline is not None and _names_its_country(dateline.place):
        _discount_foreign_bureau(weights, evidence, filed_weight)
    focus = Focus(countries={k: v for k, v in weights.items() if v > 0}, evidence=evidence, named=named)
    focus._items = items
    if not focus.countries:
        return focus
    cc, top = max(focus.countries.items(), key=lambda kv: kv[1])
    if top < MIN_FOCUS_WEIGHT:
        return focus
    focus.country_code = cc
    focus.country = actors_mod.country_name(cc)
    focus.confidence = top / sum(focus.countries.values())
    focus.source = "hint" if any(m.source == "hint" for m in evidence) else "story"
    if admin1s.get(cc):
        focus.admin1 = admin1s[cc].most_common(1)[0][0]
    return focus


def _names_its_country(place: str) -> bool:
    """The dateline spells out its country ("CARACAS (VENEZUELA)", "KABUL, Afghanistan"), as
    wire services do for a bureau outside the country they mostly report on; a bare home
    town ("SAN SALVADOR") is not discounted."""
    parts = [p.strip() for p in re.split(r"[,()]", place) if p.strip()]
    return any(c.code for part in parts[1:] for c in actors_mod.find_countries(part))


def _discount_foreign_bureau(weights: dict[str, float], evidence: list[Mention], filed_weight: float) -> None:
    """A story filed by a bureau abroad ("BONN (WEST GERMANY) -- Kohl wrote to the Colombian
    president ..."): when the body, leaving out the dateline and its town named again, says
    more about another country than about the dateline's, the dateline is only a hint."""
    dl = next((m.label.rsplit(":", 1)[-1] for m in evidence if m.source == "dateline"), None)
    if not dl or dl not in weights:
        return
    filed = DATELINE_WEIGHT + filed_weight
    body = weights[dl] - filed
    other = max((w for cc, w in weights.items() if cc != dl), default=0.0)
    if other >= FOREIGN_BUREAU_MIN and other > body:
        weights[dl] = body + filed * FOREIGN_BUREAU_SHARE


# ---------------------------------------------------------------- places and events

_DIRECTION = r"(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
_PLACE_PREP = re.compile(r"\b(?:in|inside|near|at|across|throughout|within)\s+(?:the\s+)?"
                         r"(?:" + _DIRECTION + r"\s+)?$", re.I)


def is_upper_text(text: str) -> bool:
    """All-caps text (wire copy, radio transcripts): case says nothing about names."""
    letters = "".join(filter(str.isalpha, text[:2000]))   # filter/map: the loops run in C
    return bool(letters) and sum(map(str.isupper, letters)) >= 0.9 * len(letters)


_SENTENCE_END = re.compile(r"[.!?]\s+(?=[\"“A-Z])|\n")


def _sentence(text: str, start: int, end: int) -> str:
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)), default=max(0, start - 400))
    m = _SENTENCE_END.search(text, end)
    return text[lo:m.start() + 1 if m else len(text)]


def mark_places(article: Article, places: list[Place], focus: Focus) -> None:
    """Flag places outside the story's countries that nothing ties to the story: they stay
    in the place list but no event is put there ("Tieba" in China in a Malian story)."""
    story = focus.story_countries()
    text = article.text
    upper = is_upper_text(text)
    # the focus rests on who acts (actors, demonyms) and no place of the story's country is
    # named: the places named are where it happened ("Boko Haram ... in Kindjandi (Diffa)")
    placed = {pl.country_code for pl in places if pl.country_code and pl.latitude is not None
              and pl.source.startswith("spacy:") and _own_name(pl)
              and (pl.feature_code in ("ADM1", "PPLA", "PPLC") or pl.population >= SUPPORT_POP)}
    if focus.country_code and focus.source == "story" and placed and focus.country_code not in placed \
            and not upper:
        story = story | placed
    for pl in places:
        if not pl.country_code or pl.source == "demonym":
            continue
        if pl.source == "dateline" and story and pl.country_code not in story:
            pl.in_focus = False    # "ROME (ITALY), 11 JAN 90 --" on a Salvadoran story: where it was filed
            continue
        if places_mod.names_a_street(text, pl.end):
            pl.in_focus = False    # "Bernardo O'Higgins Avenue": a street, not the region of that name
            continue
        if (pl.feature_code or "").startswith("PCL") and is_modifier(text, pl.end, pl.start):
            pl.in_focus = False    # "Saudi aircraft", "the US dollar": not where anything happened
            continue
        if not story:
            continue
        if pl.country_code in story and pl.country_code == focus.country_code:
            continue
        if pl.source.endswith(":part") and text[max(0, pl.start - 4):pl.start].lower() in (" de ", "del "):
            pl.in_focus = False    # "Horcones de Berlin canton": a local name, not Germany's capital
            continue
        if pl.feature_code == "PPLC" and _own_name(pl) and _PLACE_PREP.search(text, max(0, pl.start - 30), pl.start):
            continue           # "13 persons died in San Salvador": a national capital named outright
        if pl.country_code in story and not upper and not (pl.feature_code or "").startswith("PCL"):
            continue           # (in all-caps text, surnames and words pass for towns: "WALKER")
        if (pl.feature_code or "").startswith("PCL"):
            if not _PLACE_PREP.search(text, max(0, pl.start - 30), pl.start):
                pl.in_focus = False    # "the U.S. ambassador", "extradited to the United States"
            continue
        if pl.population >= SUPPORT_POP and not upper and _own_name(pl):
            continue           # a big city named outright (all-caps text hides which words are names)
        sentence = _sentence(text, pl.start, pl.end)
        base = text.find(sentence, max(0, pl.start - len(sentence)))
        if any(c.code == pl.country_code and not (pl.start <= base + c.start < pl.end)
               for c in actors_mod.find_countries(sentence)):
            continue           # "in Najran, Saudi Arabia": its country is named beside it (not inside: "Lake Chad")
        pl.in_focus = False


def _own_name(pl: Place) -> bool:
    """The text is the place's own name, not one of its alternate names ("Tirah" is listed
    among Tehran's names)."""
    return (plain_name(pl.text) or "").lower() == (plain_name(pl.name) or "").lower()


def _put_at_main_place(ev: Event, text: str) -> bool:
    """The event was put at the story's main place (geo_precision 3), a place its own
    sentences do not name."""
    if ev.geo_precision != 3:
        return False
    loc = [e for e in ev.evidence if e.field == "location"]
    own = [e for e in ev.evidence if e.field in ("event_type", "sub_event_type") and e.end > e.start]
    if not loc or not own:
        return False
    sent = _sentence(text, own[0].start, own[0].end)
    base = text.find(sent, max(0, own[0].start - len(sent)))
    return not (base <= loc[0].start and loc[0].end <= base + len(sent))


def _countries_named(ev: Event, text: str) -> set[str]:
    """Countries named outright (not as demonyms or modifiers) in the event's own sentence."""
    own = [e for e in ev.evidence if e.field in ("event_type", "sub_event_type") and e.end > e.start]
    if not own:
        return set()
    sent = _sentence(text, own[0].start, own[0].end)
    return {c.code for c in actors_mod.find_countries(sent)
            if c.code and not c.demonym and _PLACE_PREP.search(sent, max(0, c.start - 30), c.start)}


def _abroad_at_capital(ev: Event, places: list[Place]) -> bool:
    """The event was put at a country or a national capital."""
    codes = {pl.feature_code or "" for pl in places if ev.geonameid is not None and pl.geonameid == ev.geonameid}
    return any(c.startswith("PCL") or c == "PPLC" for c in codes)


_PART_OF = re.compile(r"\b" + _DIRECTION + r"\s+$", re.I)   # "southeastern Guatemala"


def _part_of_country(ev: Event, text: str) -> bool:
    """Is the event placed at a part of the country ("in a town in southeastern Guatemala"),
    a place of its own rather than a country named where reactions happen?"""
    loc = next((e for e in ev.evidence if e.field == "location" and e.end > e.start), None)
    return loc is not None and bool(_PART_OF.search(text[max(0, loc.start - 20):loc.start]))


def _countries_of_actors(ev: Event, text: str) -> set[str]:
    """Countries the event's own sentence names in any way: names, demonyms, actors."""
    own = [e for e in ev.evidence if e.field in ("event_type", "sub_event_type") and e.end > e.start]
    if not own:
        return set()
    sent = _sentence(text, own[0].start, own[0].end)
    return ({c.code for c in actors_mod.find_countries(sent) if c.code}
            | {mention_country(m) for m in actor_countries(sent)})


def _unplace(ev: Event) -> None:
    for name in LOCATION_FIELDS:
        setattr(ev, name, None)
    ev.evidence = [e for e in ev.evidence if e.field != "location"]


def complete_events(events: list[Event], focus: Focus, places: list[Place], article: Article,
                    clues: list[Place] = ()) -> None:
    """A country for every event: its place's, else the nationality of the actors named in
    its sentences, else the story's focus. An event with no place of its own is put at a
    clue of its country named in its sentence ("students of Khulna University": Khulna,
    geo_precision 2 for a town, 3 for an area), else at the story's first-level area
    (geo_precision 3) when the focus has one."""
    text = article.text
    story = focus.story_countries() if focus.country_code else set()
    for ev in events:
        if ev.country and _put_at_main_place(ev, text):
            named = _countries_named(ev, text)
            if (named and ev.country_code not in named) or (story and ev.country_code != focus.country_code):
                # put at the story's most-named place, but its own sentence names another
                # country ("the assassinations in Colombia"), or that place lies outside the story
                _unplace(ev)
        if ev.country and story and ev.country_code not in story and _abroad_at_capital(ev, places) \
                and focus.country_code in _countries_of_actors(ev, text) and not _part_of_country(ev, text):
            # "students in Havana repudiated the murder of the Jesuits in El Salvador": a foreign
            # country or capital, where reactions and meetings happen, while the event's own
            # sentence names the story's country
            _unplace(ev)
            ev.country, ev.country_code = actors_mod.country_name(focus.country_code), focus.country_code
            continue
        if ev.country:
            continue
        spans = [(e.start, e.end) for e in ev.evidence if e.end > e.start]
        cc = None
        sent_span = None
        if spans:
            lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
            sent = _sentence(text, lo, hi)
            base = text.find(sent, max(0, lo - len(sent)))
            sent_span = (base, base + len(sent))
            votes: Counter = Counter()
            for m in actor_countries(sent, base):
                votes[mention_country(m)] += m.score
            for c in actors_mod.find_countries(sent):
                if c.code:
                    votes[c.code] += COUNTRY_NAME_WEIGHT
            if votes:
                best, w = votes.most_common(1)[0]
                if list(votes.values()).count(w) == 1 and (
                        w >= SENTENCE_OVER_FOCUS or not focus.country_code or best == focus.country_code):
                    cc = best   # a weak word ("tehsil", "township") does not outvote the story's focus
        cc = cc or focus.country_code
        if not cc:
            continue
        ev.country = actors_mod.country_name(cc)
        ev.country_code = cc
        clue = next((p for p in clues if p.country_code == cc and sent_span is not None
                     and sent_span[0] <= p.start and p.end <= sent_span[1]), None)
        if ev.latitude is None and clue is not None:
            ev.location = plain_name(clue.name) if clue.feature_code != "ADM1" else plain_name(clue.admin1)
            ev.admin1 = plain_name(clue.admin1)
            ev.latitude, ev.longitude, ev.geonameid = clue.latitude, clue.longitude, clue.geonameid
            ev.geo_precision = 3 if clue.feature_code == "ADM1" else 2
            continue
        if ev.latitude is None and cc == focus.country_code and focus.admin1:
            area = next((p for p in places if p.country_code == cc and p.feature_code == "ADM1"
                         and p.admin1 == focus.admin1 and p.latitude is not None), None)
            if area is not None:
                ev.location = ev.admin1 = area.admin1
                ev.latitude, ev.longitude, ev.geonameid = area.latitude, area.longitude, area.geonameid
                ev.geo_precision = 3
