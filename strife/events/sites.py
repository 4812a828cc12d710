"""Sites: one event per place when a sentence tells one kind of incident at several places.

"Rebels attacked police posts in Ambo, Huarpacha and Kichki" is three incidents for ACLED
(one event per location) and for MUC (one template per place). The event built for the
incident is kept at its own place; each other place of the same coordinated list in the
trigger's sentence gets a copy of it there. Counts stay on the first event: how the dead
were spread over the places is not told, so the copies carry none (ACLED's rule when a toll
cannot be split is to keep it on one event rather than invent a division).

The parse does not coordinate every list, and the gazetteer lacks most villages, so the
surface text of the trigger's sentence is read too (`listed_sites`): "in A, B and C", "in the
towns of A, B and C", "in A and in B", "A, B and other towns", opened by a locative word
(data/events/sites.json). "Between A and B" and "the border of A and B" are one place, not a
list; a sentence with two lists is left alone. A listed village the gazetteer does not know
still gets its copy, under its own name, placed at the area the sentence or the story names
(or at a listed town that is known) with a coarser precision. When the event's own place was
borrowed from the dateline or another sentence, or is only the area around the list, the
list replaces it: the event moves to the first item.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..data import read_json
from ..geo import places as places_mod
from ..models import Event, Evidence, Location, Place, make_event_id
from ..nlp import doccache
from . import numbers as numbers_mod
from .record import _note
from .text import _ev, _text

MAX_SITES = 6   # a longer list is a summary of a region, not a list of incident sites
WELL_KNOWN_POP = 100_000   # a listed city abroad this big makes the list no list of incident sites


def _coordinated(a, b) -> bool:
    """Are two place tokens items of one list joined by 'and'/'or' ('in A, B and C')? A
    comma chain alone is ACLED's 'town, district, province' address, not a list."""
    for x, y in ((a, b), (b, a)):
        t, chain = y, [y]
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
            chain.append(t)
            if t.i == x.i:
                if any(a.lower_ == "between" for a in list(t.ancestors)[:3]):
                    return False   # "between the towns of A and B": one place, the road between
                return any(c.dep_ == "cc" and c.lower_ in ("and", "or") for m in chain for c in doccache.children(m))
    return False


def _encloses(pl: Place, own: Place) -> bool:
    """Is `pl` the same place or an area `own` lies in, by name?"""
    names = {n.lower() for n in (own.name, own.text, own.admin1, own.admin2) if n}
    return pl.geonameid == own.geonameid or (pl.name or pl.text).lower() in names or pl.text.lower() in names


@dataclass(frozen=True)
class Listed:
    """An item of a list of incident sites in the text: char offsets and its name."""

    start: int
    end: int
    name: str
    person: bool = False   # labelled a person's name by the entity model


@lru_cache(maxsize=1)
def _rules() -> dict:
    raw = read_json("events/sites.json")
    openers = sorted((tuple(o.split()) for o in raw["openers"]), key=len, reverse=True)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for o in openers:   # the openers a first word can begin, longest first as above
        by_first.setdefault(o[0] if o else "", []).append(o)
    return {
        "openers": openers,
        "openers_by_first": by_first,
        "place_nouns": frozenset(raw["place_nouns"]),
        "open": frozenset(raw["open_words"]),
        "one_place": frozenset(raw["one_place_words"]),
        "particles": frozenset(w for p in raw["particles"] for w in p.split()),
        "not_names": frozenset(raw["not_names"]) | frozenset(raw["place_nouns"]) | frozenset(raw["open_words"]),
        "max_words": int(raw["max_name_words"]),
        "max_sites": int(raw["max_sites"]),
    }


def _name_word(t, rules: dict) -> bool:
    low = t.lower_
    return t.is_alpha and t.text[:1].isupper() and low not in rules["not_names"] and \
        low not in STOP_WORDS and low not in rules["particles"]


def _name_end(toks: list, k: int, rules: dict, upper: bool = False) -> int:
    """Where a place name starting at toks[k] ends (k when none starts there): capitalised
    words, with particles inside ("San Jose de las Flores") or opening it ("El Zapotal");
    in a story sent in capitals, also a first word truecasing left in lower case ("santo
    Tomas")."""
    j, words, end = k, 0, k
    if upper and k + 1 < len(toks) and toks[k].is_alpha and toks[k].text.islower() and \
            toks[k].lower_ not in rules["not_names"] and toks[k].lower_ not in STOP_WORDS and \
            _name_word(toks[k + 1], rules):
        j = k + 1
    while j < len(toks) and words < rules["max_words"]:
        t = toks[j]
        if _name_word(t, rules):
            words += 1
            j += 1
            end = j
        elif t.lower_ in rules["particles"] and (j > k or t.text[:1].isupper()):
            j += 1
        elif t.text in ("-", "'") and j > k and t.idx == toks[j - 1].idx + len(toks[j - 1].text):
            j += 1    # "Tingo-Maria" (the tokenizer splits the hyphen)
        else:
            break
    return end


def _opened_at(toks: list, i: int, rules: dict, lows: list[str] | None = None) -> tuple[int, bool]:
    """Index of the first item when a list of places may open at toks[i] ("in", "in the
    towns of", "the villages of"), else -1; and whether a place noun opened it. `lows`: the
    tokens' lower-case forms, when the caller has them."""
    n = len(toks)
    low = lows[i: i + 8] if lows is not None else [t.lower_ for t in toks[i: i + 8]]
    by_first = rules["openers_by_first"]
    candidates = by_first.get(low[0], ()) if low and "" not in by_first else rules["openers"]
    for opener in candidates:
        if tuple(low[: len(opener)]) == opener:
            j = i + len(opener)
            break
    else:
        if low[:1] and low[0] in rules["place_nouns"] and low[0].endswith("s") and low[1:2] == ["of"]:
            return i + 2, True
        return -1, False
    if j < n and toks[j].lower_ == "the":
        j += 1
    for skip in (0, 1):   # "in the towns of", "in the nearby towns of"
        if j + skip + 1 < n and toks[j + skip].lower_ in rules["place_nouns"] and toks[j + skip + 1].lower_ == "of":
            return j + skip + 2, True
    return j, False


def _lower_name_at(toks: list, k: int, rules: dict) -> bool:
    """In a story sent in capitals, is toks[k] a village name truecasing left in lower case
    ("in the towns of Ambo, Huayllay and quilcas.")? One unknown-looking noun closing the list."""
    t = toks[k]
    low = t.lower_
    nxt = toks[k + 1].lower_ if k + 1 < len(toks) else "."
    return t.is_alpha and len(low) >= 4 and t.pos_ in ("PROPN", "NOUN", "ADJ", "X") and \
        low not in rules["not_names"] and low not in STOP_WORDS and nxt in (",", ".", ";", "and", "or")


def _items(toks: list, k: int, rules: dict, upper: bool = False) -> tuple[list[tuple[int, int]] | None, int]:
    """The items of a list starting at toks[k] and the index after it; None when what
    follows is no list ("in A" alone, or a comma chain with no 'and' that is an address)."""
    n = len(toks)
    e = _name_end(toks, k, rules, upper)
    if e == k:
        return None, k + 1
    items, j, joined, open_end = [(k, e)], e, False, False
    while True:
        s = j
        comma = s < n and toks[s].text == ","
        s += comma
        conj = s < n and toks[s].lower_ in ("and", "or")
        s += conj
        if not comma and not conj:
            break
        if conj and s < n and toks[s].lower_ in ("in", "at", "near"):
            s += 1     # "in A and in B"
        if conj and s < n and toks[s].lower_ in rules["open"]:
            open_end = True   # "A, B and other towns"
            break
        e = _name_end(toks, s, rules, upper)
        if e == s and upper and _lower_name_at(toks, s, rules):   # ", huaylluni and"
            e = s + 1
        if e == s:
            open_end = conj and len(items) >= 3   # "in A, B, C and north [words indistinct]"
            break
        items.append((s, e))
        j = e
        if conj:
            joined = True
            break
    if len(items) < 2 or not (joined or open_end):
        return None, j
    return items, j


def listed_sites(sent, upper: bool = False) -> list[list[Listed]]:
    """Lists of incident sites in a sentence, read from its surface ("in A, B and C", "in
    the towns of A and B", "in A and in B", "A, B and other towns"). A list after a word
    that makes its items one place ("between A and B", "the border of A and B") is none;
    nor is a list of people. `upper`: the story was sent in capitals (read truecased), where
    the entity labels of single words are unreliable."""
    rules = _rules()
    toks = doccache.span_tokens(sent)
    lows = [t.lower_ for t in toks]
    text = doccache.doc_text(sent.doc)
    out: list[list[Listed]] = []
    i = 0
    while i < len(toks):
        k, by_noun = _opened_at(toks, i, rules, lows)
        if k < 0:
            i += 1
            continue
        items, end = _items(toks, k, rules, upper)
        if items is None:
            i += 1
            continue
        around = {t.lower_ for t in toks[max(0, i - 3): k]} | {t.lower_ for t in toks[end: end + 1]}
        after = toks[end] if end < len(toks) else None
        if after is not None and after.pos_ == "NOUN" and after.lower_ not in rules["place_nouns"] and \
                not after.text[:1].isupper():
            i = end   # "at the Soviet and Chinese embassies": the names qualify a noun
            continue
        listed: list[Listed] = []
        for a, b in items:
            span = toks[a: b]
            start, stop = span[0].idx, span[-1].idx + len(span[-1].text)
            name = text[start:stop]
            name = name if name[:1].isupper() else name.title()
            if name.lower() not in {x.name.lower() for x in listed}:
                # after "the villages of" a person label is wrong; in capitals a lone word's is no evidence
                person = any(t.ent_type_ == "PERSON" for t in span) and not by_noun and not (upper and len(span) == 1)
                listed.append(Listed(start, stop, name, person))
        if len(listed) >= 2 and not around & rules["one_place"]:
            out.append(listed)
        i = end
    return out


def _overlapping(places: list[Place], it: Listed) -> Place | None:
    return next((p for p in places if p.start < it.end and it.start < p.end and
                 p.source not in ("demonym", "credit", "dateline")), None)


def _known(pl: Place | None) -> bool:
    return pl is not None and pl.latitude is not None and pl.in_focus


def _area_location(pl: Place) -> Location:
    spec = places_mod._specificity(pl)
    return places_mod._location(pl, 1 if spec >= 3 else (3 if spec <= 1 else 2), None, "")


def _twin(ev: Event, loc: Location, anchor_start: int, first: Evidence | None, text: str) -> Event:
    """A copy of `ev` at another site of its list, with no counts of its own."""
    twin = copy.deepcopy(ev)
    twin.evidence = [e for e in twin.evidence if not e.field.startswith(
        ("location", "fatalities", "injured", "displaced", "site"))]
    twin.site = None   # the named spot was in the first place of the list
    for name in ("fatalities", "injured"):
        setattr(twin, name, 0)
        setattr(twin, name + "_low", None)
        setattr(twin, name + "_high", None)
    twin.displaced = twin.displaced_low = twin.displaced_high = None
    twin.set_location(loc)   # every place field, the unknown ones None
    if first is not None:
        twin.evidence.append(_ev("location:listed_with", text, first.start, first.end))
    twin.event_id = make_event_id(ev.article_id, anchor_start, ev.sub_event_type)
    twin.notes = _note(twin)
    return twin


def _parse_twins(ev: Event, doc, places: list[Place], text: str) -> list[Event]:
    """Copies of `ev` at the other places of a list the parse coordinates with its own."""
    loc_ev = next((e for e in ev.evidence if e.field == "location"), None)
    trig = next((e for e in ev.evidence if e.field == "event_type"), None)
    if loc_ev is None or trig is None or ev.geo_precision != 1:
        return []
    own = next((p for p in places if p.start == loc_ev.start and p.end == loc_ev.end), None)
    if own is None:
        return []
    tok = places_mod._place_token(doc, own)
    if tok is None:
        return []
    sent = doccache.sent_of(tok)
    if not sent.start_char <= trig.start < sent.end_char:
        return []    # the place was found elsewhere than the trigger's sentence
    others: list[Place] = []
    for pl in places:
        if pl is own or pl.latitude is None or not pl.in_focus or pl.country_code != own.country_code or \
                pl.source in ("demonym", "dateline", "credit") or \
                not sent.start_char <= pl.start < sent.end_char:
            continue
        t = places_mod._place_token(doc, pl)
        if t is not None and _coordinated(tok, t) and places_mod._specificity(pl) >= 3 and \
                not _encloses(pl, own) and not any(_encloses(pl, o) for o in others):
            others.append(pl)
    if not others or len(others) + 1 > MAX_SITES:
        return []
    return [_twin(ev, places_mod._location(pl, 1, None, ""), pl.start, own, text) for pl in others]


def _ev_location(ev: Event, precision: int | None = None) -> Location:
    return Location(location=ev.location, admin1=ev.admin1, admin2=ev.admin2, country=ev.country,
                    country_code=ev.country_code, latitude=ev.latitude, longitude=ev.longitude,
                    geonameid=ev.geonameid, geo_precision=precision or ev.geo_precision)


def _listed_twins(ev: Event, events: list[Event], doc, places: list[Place], text: str, upper: bool,
                  lists_by_sent: dict) -> list[Event]:
    """Copies of `ev` at the other sites of a list read from its sentence's surface (see the
    module doc); `ev` itself moves to the first site when its own place is not in the list
    and was borrowed from elsewhere or is only an area."""
    trig = next((e for e in ev.evidence if e.field == "event_type"), None)
    span = doc.char_span(trig.start, trig.end, alignment_mode="expand") if trig is not None else None
    if span is None or not len(span):
        return []
    sent = doccache.sent_of(span[0])
    if sent.start not in lists_by_sent:
        lists_by_sent[sent.start] = listed_sites(sent, upper)
    lists = lists_by_sent[sent.start]
    if len(lists) != 1 or len(lists[0]) > _rules()["max_sites"]:
        return []   # two lists in one sentence: which incident went where is not told
    items = lists[0]

    def trig_at(e: Event) -> int:
        return next((v.start for v in e.evidence if v.field == "event_type"), -1)

    told_here = [e for e in events if sent.start_char <= trig_at(e) < sent.end_char]
    before = [e for e in told_here if trig_at(e) < items[0].start]
    if before:
        owner = max(before, key=trig_at)
    elif _fronted(sent, items):
        owner = min(told_here, key=trig_at)   # "In A, B and C, rebels burned ..."
    else:
        return []   # "shooting in A and B worsened after the air force bombed the area": another clause's list
    if owner is not ev:
        return []   # the list belongs to the incident told just before it
    found = [(it, _overlapping(places, it)) for it in items]
    people = [it for it, pl in found if it.person and pl is None]
    if 2 * len(people) > len(found):
        return []   # "the homes of A and B": people, not places
    if not upper:
        found = [(it, pl) for it, pl in found if it not in people]
    known = [(it, pl) for it, pl in found if _known(pl)]
    if any(places_mod._specificity(pl) == 0 for _, pl in known) or \
            any(pl is not None and pl.latitude is not None and not pl.in_focus and
                pl.population >= WELL_KNOWN_POP for _, pl in found):
        return []   # countries, or cities abroad: a summary, not incident sites
    # a small town abroad of the same name is the gazetteer's guess: a village it lacks
    found = [(it, pl if pl is None or pl.in_focus else None) for it, pl in found]
    # an area the gazetteer gave a listed name it does not bear is the area the village lies in
    found = [(it, None if _known(pl) and places_mod._specificity(pl) < 3 and not _bears(pl, it.name) else pl)
             for it, pl in found]
    countries = {pl.country_code for _, pl in known}
    if len(countries) > 1 or (ev.country_code and known and ev.country_code not in countries and
                              ev.geo_precision == 1):
        return []
    # "in Pereira, Risaralda and Cali": a region holding another item is part of an address
    found = [(it, pl) for it, pl in found if not (_known(pl) and places_mod._specificity(pl) < 3 and any(
        _known(o) and o is not pl and _encloses(pl, o) for _, o in found))]
    if len(found) < 2:
        return []
    loc_ev = next((e for e in ev.evidence if e.field == "location"), None)
    own = next((p for p in places if loc_ev is not None and p.start == loc_ev.start and p.end == loc_ev.end), None)
    mine = next((k for k, (it, _) in enumerate(found)
                 if loc_ev is not None and it.start < loc_ev.end and loc_ev.start < it.end), None)
    borrowed = loc_ev is None or not sent.start_char <= loc_ev.start < sent.end_char or \
        (own is not None and own.source == "dateline")
    # a place named after the list qualifies it ("in A, B and C, on the outskirts of X")
    area = own is None or places_mod._specificity(own) < 3 or own.start >= items[-1].end or \
        bool(countries and own.country_code not in countries)   # a speaker's town abroad
    if mine is None and not borrowed and not area:
        return []   # the clause has a town of its own besides the list
    country = next(iter(countries)) if countries else ev.country_code
    if country is None:
        return []
    anchor = _anchor(ev, sent, places, found, country)

    def site_location(it: Listed, pl: Place | None) -> Location | None:
        if _known(pl):
            return _area_location(pl)
        if anchor is None:
            return None
        return Location(location=it.name, admin1=anchor.admin1, admin2=anchor.admin2,
                        country=anchor.country, country_code=anchor.country_code,
                        latitude=anchor.latitude, longitude=anchor.longitude, geonameid=None,
                        geo_precision=max(2, anchor.geo_precision or 3),
                        evidence=[Evidence("location", it.start, it.end, it.name)])

    if mine is None:   # the list replaces a place borrowed from elsewhere, or the area around it
        mine, loc = next(((k, loc) for k, (it, pl) in enumerate(found)
                          if (loc := site_location(it, pl)) is not None), (None, None))
        if loc is None:
            return []
        ev.evidence = [e for e in ev.evidence if not e.field.startswith("location")]
        ev.set_location(loc)
        ev.notes = _note(ev)
    first = next(e for e in ev.evidence if e.field == "location")
    taken = {(e.event_type, (e.location or "").lower()) for e in events}
    twins = []
    for k, (it, pl) in enumerate(found):
        if k == mine:
            continue
        loc = site_location(it, pl)
        if loc is None or (ev.event_type, (loc.location or "").lower()) in taken:
            continue   # no place to put it, or the story tells that site's incident apart
        twins.append(_twin(ev, loc, it.start, first, text))
    return twins


def _bears(pl: Place, name: str) -> bool:
    """Does the resolved place bear the listed name ("Junin" for "Junín")?"""
    a, b = (places_mod.plain_name(pl.name or pl.text) or "").lower(), name.lower()
    return a in b or b in a


def _fronted(sent, items: list[Listed]) -> bool:
    """Does a list with no trigger before it set the place of the clause that follows ("In A
    and B, rebels burned ...", "reported that in A and B the rebels ...", "in A, B and C,
    where the rebels blew up ...")? Not a list inside another clause ("shooting in A and B
    worsened after the air force bombed the area")."""
    toks = list(sent)
    k = next((i for i, t in enumerate(toks) if t.idx >= items[0].start), 0)
    rules = _rules()
    j = k - 1
    while j > 0 and (toks[j].lower_ in rules["place_nouns"] or toks[j].lower_ in ("of", "the")):
        j -= 1
    if not any(t.pos_ in ("VERB", "AUX") for t in toks[:j]):
        return True
    if j > 0 and toks[j].pos_ == "ADP" and toks[j - 1].lower_ == "that":
        return True
    e = next((i for i, t in enumerate(toks) if t.idx >= items[-1].end), len(toks))
    return [t.lower_ for t in toks[e: e + 2]] == [",", "where"]


def _anchor(ev: Event, sent, places: list[Place], found: list, country: str) -> Location | None:
    """Where to put a listed village the gazetteer does not know: the area the sentence names
    ("in Junin department"), else the area the event is placed in, else a listed town that
    is known (its point, not its districts), else the story's place for the event."""
    listed = {id(pl) for _, pl in found if pl is not None}
    areas = [p for p in places if sent.start_char <= p.start < sent.end_char and id(p) not in listed and
             _known(p) and p.source not in ("demonym", "credit", "dateline") and p.country_code == country and
             places_mod._specificity(p) in (1, 2)]
    if areas:
        return _area_location(areas[0])
    if ev.country_code == country and ev.geo_precision is not None and ev.geo_precision >= 2:
        return _ev_location(ev)
    town = next((pl for _, pl in found if _known(pl) and places_mod._specificity(pl) >= 3), None)
    if town is not None:
        loc = places_mod._location(town, 3, None, "")
        loc.admin1 = loc.admin2 = None   # the village may lie in another district
        return loc
    if ev.country_code == country and ev.latitude is not None:
        return _ev_location(ev, 3)
    return None


_SHARE_IN = re.compile(r"\bin\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})")
_WORDS_BEFORE = re.compile(r"([\w-]+)\s+(?:([a-z]+)\s+)?$")


def _share_count(before: str) -> tuple[int, bool] | None:
    """The number right before 'in X' ("two in B": (2, False)), or before a noun ("three
    peasants in A": (3, True))."""
    m = _WORDS_BEFORE.search(before[-40:])
    if m is None:
        return None
    if m.group(2) is None:
        q = numbers_mod.parse_quantity(m.group(1))
        return (q.best, False) if q is not None and q.best > 0 else None
    for word, noun in ((m.group(2), False), (m.group(1), True)):
        q = numbers_mod.parse_quantity(word)
        if q is not None and q.best > 0:
            return q.best, noun
    return None


def _shared_out_twins(ev: Event, doc, places: list[Place], text: str) -> list[Event]:
    """'killed three peasants in A, two in B and three in C': a toll shared out over places,
    each place with its own number, is one incident per place with that number (the numbers
    must add up to the event's toll, and a later item must leave its noun out)."""
    trig = next((e for e in ev.evidence if e.field == "event_type"), None)
    if trig is None or not ev.fatalities:
        return []
    span = doc.char_span(trig.start, trig.end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    sent = doccache.sent_of(span[0])
    start = trig.end
    tolls = [e for e in ev.evidence if e.field == "fatalities"]
    if tolls and not any(sent.start_char <= e.start < sent.end_char for e in tolls):
        # the toll was told in a later sentence of the incident ("It has murdered three
        # peasants in A, two in B and three in C"): share it out where it was told
        told = doc.char_span(tolls[0].start, tolls[0].end, alignment_mode="expand")
        if told is None or not len(told):
            return []
        sent = doccache.sent_of(told[0])
        if not all(sent.start_char <= e.start < sent.end_char for e in tolls):
            return []
        start = sent.start_char
    items = []
    for m in _SHARE_IN.finditer(text, start, sent.end_char):
        got = _share_count(text[sent.start_char:m.start()])
        if got is None:
            continue
        loc = _share_location(m, places, text)
        if loc is None:
            return []   # a share we cannot place: leave the toll whole
        items.append((got[0], loc))
    if len(items) < 2 or sum(n for n, _ in items) != ev.fatalities or \
            len({loc.country_code for _, loc in items}) != 1:
        return []
    (n0, loc0), rest = items[0], items[1:]
    ev.evidence = [e for e in ev.evidence if not e.field.startswith("location")]
    ev.set_location(loc0)
    ev.evidence.append(loc0.evidence[0])
    ev.fatalities, ev.fatalities_low, ev.fatalities_high = n0, None, None
    ev.notes = _note(ev)
    twins = []
    for n, loc in rest:
        twin = _twin(ev, loc, loc.evidence[0].start, ev.evidence[-1], text)
        twin.fatalities = n
        twin.notes = _note(twin)
        twins.append(twin)
    return twins


_ADDRESS_GAP = re.compile(r",\s+(?:(?:northern|southern|eastern|western|central|north|south|east|west)\s+)?$", re.I)


def _share_location(m, places: list[Place], text: str) -> Location | None:
    """Where the share named at `m` ('in X') lies: the place the gazetteer gives X, else X
    placed at the area its address names ('in Guachicono, southern Cauca department')."""
    start = m.start("name")
    pl = next((p for p in places if p.start == start), None)
    if pl is not None and _known(pl) and pl.in_focus:
        loc = _area_location(pl)
        loc.evidence = [_ev("location", text, pl.start, pl.end)]
        return loc
    end = pl.end if pl is not None else m.end("name")
    area = next((p for p in places if p.start > end and _known(p) and p.in_focus and
                 places_mod._specificity(p) < 3 and _ADDRESS_GAP.search(text[end:p.start])), None)
    if area is None:
        return None
    base = _area_location(area)
    return Location(location=text[start:end], admin1=base.admin1, admin2=base.admin2, country=base.country,
                    country_code=base.country_code, latitude=base.latitude, longitude=base.longitude,
                    geonameid=None, geo_precision=2, evidence=[_ev("location", text, start, end)])


def split_by_site(events: list[Event], doc, places: list[Place], upper: bool = False) -> list[Event]:
    """Each event told at a list of places, plus one copy per other place of the list: a
    list read from the sentence's surface (`listed_sites`), else one the parse coordinates
    among mapped places. `upper`: the story was sent in capitals."""
    if not events:
        return events
    text = _text(doc)
    lists_by_sent: dict = {}
    out: list[Event] = []
    for ev in list(events):
        out.append(ev)
        twins = _shared_out_twins(ev, doc, places, text) or \
            _listed_twins(ev, events, doc, places, text, upper, lists_by_sent) or \
            _parse_twins(ev, doc, places, text)
        out.extend(twins)
    return out

