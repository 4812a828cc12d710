"""Site: the named street, building, venue or landmark where an incident happened.

The gazetteer knows towns; a report often names the spot inside one ("a bakery on Rue Victor
Hugo", "at the Rolando cafe in Calle del Correo", "outside the Grand Hotel"). GTD keeps it
as "location details", and analysts search for it. Find, then decide: `find_sites` proposes
the named sites of a sentence by general patterns (a proper name opened or closed by a
street or venue word, data/events/venues.json); `site_of` picks, for one incident, the
site its trigger's clause ties to it ("at/on/outside/of the X", "the X bombing"), else one
named elsewhere in the incident's sentences, never one where somebody only spoke, lived or
travelled. `carry_sites` gives an event that refers back to an incident ("the bomb", "the
Rolando bombing") the site of the earlier event of the same kind at the same place.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..data import read_json
from ..geo import places as places_mod
from ..models import Event, Evidence, Place
from ..nlp import doccache
from .text import _ev, _sents, _text


@dataclass(frozen=True)
class Site:
    """A named site in the text: offsets into the cleaned text, and its head token."""

    start: int
    end: int
    text: str
    head: int          # token index of the name's head (what the parse attaches)


@lru_cache(maxsize=1)
def _spec() -> dict:
    raw = read_json("events/venues.json")
    particles = [tuple(p.split()) for p in raw["particles"]]
    return {
        "lead": frozenset(raw["lead_heads"]),
        "tail": frozenset(raw["tail_heads"]),
        "particles": sorted(particles, key=len, reverse=True),
        "particle_starts": frozenset(p[0] for p in particles if p),
        "lead_or_tail": frozenset(raw["lead_heads"]) | frozenset(raw["tail_heads"]),
        "preps": frozenset(p for p in raw["site_preps"] if " " not in p),
        "not_site": frozenset(raw["not_site_verbs"]),
        "max": int(raw["max_name_tokens"]),
    }


def _proper(tok) -> bool:
    """A word of a name: a proper noun, or a capitalised word in mixed-case text."""
    if tok.pos_ == "PROPN":
        return True
    t = tok.text
    return t[:1].isupper() and not t.isupper() and tok.pos_ in ("NOUN", "ADJ") and tok.i > doccache.sent_of(tok).start


def _particle_at(toks, i: int, end: int) -> int:
    """Length of a name particle ("del", "de la") starting at toks[i], or 0."""
    spec = _spec()
    if i + 1 < end and toks[i].lower_ not in spec["particle_starts"]:
        return 0
    for p in spec["particles"]:
        n = len(p)
        if i + n < end and tuple(t.lower_ for t in toks[i:i + n]) == p:
            return n
    return 0


def _names(sent) -> list[tuple[int, int]]:
    """Runs of name words (token index ranges) in a sentence, particles inside them allowed."""
    toks = doccache.span_tokens(sent)
    out: list[tuple[int, int]] = []
    i, end = 0, len(toks)
    while i < end:
        if not _proper(toks[i]):
            i += 1
            continue
        j = i + 1
        while j < end:
            if _proper(toks[j]):
                j += 1
                continue
            n = _particle_at(toks, j, end)
            if n and j + n < end and _proper(toks[j + n]):
                j += n + 1
                continue
            break
        out.append((toks[i].i, toks[j - 1].i + 1))
        i = j
    return out


def find_sites(doc, sent, places: list[Place] = ()) -> list[Site]:
    """The named sites of one sentence: a name opened by a street or venue word ("Rue Victor
    Hugo", "Cafeteria Rolando") or closed by one ("Oxford Street", "the Rolando cafe",
    "Victor Hugo street", "the Oklahoma City federal building"). A name that is itself a
    gazetteer place ("Port Said") is a town, not a site."""
    spec = _spec()
    text = _text(doc)
    town_spans = {(p.start, p.end) for p in places if p.latitude is not None}
    out: list[Site] = []
    for a, b in _names(sent):
        first, last = doc[a], doc[b - 1]
        start, end, head = None, None, b - 1
        if b - a >= 2 and first.lower_ in spec["lead_or_tail"]:
            start, end = first.idx, last.idx + len(last.text)      # "Rue Victor Hugo", "Church of X"
        elif b - a >= 2 and last.lower_ in spec["tail"]:
            start, end = first.idx, last.idx + len(last.text)      # "Oxford Street", "Grand Hotel"
        else:
            # the head noun after the name, with at most one modifier between:
            # "the Rolando cafe", "the Oklahoma City federal building"
            for k in (b, b + 1):
                if k >= sent.end or doc[k].lower_ not in spec["tail"] or doc[k].pos_ not in ("NOUN", "PROPN"):
                    continue
                if k == b + 1 and doc[b].pos_ not in ("ADJ", "NOUN"):
                    break
                start, end, head = first.idx, doc[k].idx + len(doc[k].text), k
                break
        if start is None or b - a > spec["max"] or (start, end) in town_spans:
            continue
        out.append(Site(start, end, text[start:end], head))
    return out


def _clause_tied(doc, site: Site, trigger) -> bool:
    """Is the site attached to the trigger's clause: a modifier of the trigger noun ("the
    Cafeteria Rolando bombing"), or the object of a place preposition under the trigger or
    its verb ("targeted a bakery on Rue Victor Hugo", "the bombing of the X building")? The
    way up crosses no other verb ("who had been held in Baidoa prison") and no preposition
    that is not about place ("protested against burials in the X cemetery")."""
    tok = doc[site.head]
    anchors = {trigger.i, trigger.head.i}
    preps = _spec()["preps"]
    tied = tok.dep_ == "compound" and tok.head.i == trigger.i
    for steps in range(10):
        if tok.i in anchors and steps:
            return tied
        if tok.dep_ == "prep":
            if tok.lower_ not in preps:
                return False
            tied = True
        elif steps and tok.pos_ in ("VERB", "AUX"):
            return False
        if tok.dep_ == "compound" and tok.head.i == trigger.i:
            tied = True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _where_someone_was(doc, site: Site) -> bool:
    """Is the site where someone spoke, lived, worked or travelled ("told reporters at the
    Serena Hotel", "checked into the Dreamland Motel")?"""
    tok = doc[site.head]
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX"):
            return tok.lemma_.lower() in _spec()["not_site"]
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def site_of(doc, spans: list[tuple[int, int]], trigger_start: int,
            places: list[Place] = ()) -> tuple[Site, bool] | None:
    """The site of the incident told in `spans` (sentence char offsets), whose trigger starts
    at `trigger_start`: one tied to the trigger's clause first, then one in the trigger's
    sentence, then one in the incident's other sentences; the nearest to the trigger wins.
    The flag says whether the trigger's clause ties the site to the incident."""
    trig = next((t for t in doccache.tokens(doc) if t.idx <= trigger_start < t.idx + len(t.text)), None)
    best: tuple[int, int, Site] | None = None
    for sent in _sents(doc):
        if not any(s <= sent.start_char and sent.end_char <= e for s, e in spans):
            continue
        own = trig is not None and sent.start <= trig.i < sent.end
        for site in find_sites(doc, sent, places):
            if _where_someone_was(doc, site):
                continue
            rank = 2 if own and _clause_tied(doc, site, trig) else (1 if own else 0)
            if rank == 0 and not _in_site_phrase(doc, site):
                continue   # in another sentence only "at/on/outside the X" names a site
            dist = abs(site.start - trigger_start)
            if best is None or (rank, -dist) > (best[0], -best[1]):
                best = (rank, dist, site)
    return (best[2], best[0] == 2) if best is not None else None


def _in_site_phrase(doc, site: Site) -> bool:
    """Is the site the object of a place preposition ("at the Oxford Street bus station")?"""
    tok = doc[site.head]
    return tok.dep_ == "pobj" and tok.head.lower_ in _spec()["preps"] - {"of"}


def set_site(ev: Event, doc, spans: list[tuple[int, int]], trigger_start: int,
             places: list[Place] = ()) -> None:
    """Fill the event's `site` and its evidence. A site tied to the incident's clause that
    names its town ("the bombing of the Oklahoma City federal building") also puts the event
    in that town, over another town of the sentence ("a truck rented in Junction City")."""
    found = site_of(doc, spans, trigger_start, places)
    if found is None:
        return
    site, tied = found
    text = _text(doc)
    ev.site = site.text
    ev.evidence.append(_ev("site", text, site.start, site.end))
    if not tied or not _names_its_town(doc, site, places) or _placed_by_clause(doc, site, trigger_start, places):
        return
    town = next((p for p in places if site.start <= p.start and p.end <= site.end and p.latitude is not None
                 and p.in_focus and places_mod._specificity(p) >= 3), None)
    if town is None or town.geonameid == ev.geonameid:
        return
    ev.evidence = [e for e in ev.evidence if not e.field.startswith("location")]
    ev.set_location(places_mod._location(town, 1, None, ""))
    ev.evidence.append(_ev("location:site", text, town.start, town.end))


_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def _placed_by_clause(doc, site: Site, trigger_start: int, places: list[Place]) -> bool:
    """Does the trigger's clause name a town of its own ("fired a rocket at the Moscow Cultural
    Center in Kaspiisk")? Then a town in the site's name is only part of its name."""
    trig = next((t for t in doccache.tokens(doc) if t.idx <= trigger_start < t.idx + len(t.text)), None)
    if trig is None:
        return False
    for p in places:
        if p.latitude is None or site.start <= p.start < site.end:
            continue
        tok = places_mod._place_token(doc, p)
        if tok is not None and tok.sent == trig.sent and \
                _clause_tied(doc, Site(p.start, p.end, p.text, tok.i), trig):
            return True
    return False


def _names_its_town(doc, site: Site, places: list[Place]) -> bool:
    """Does the site's name say which town it is in: one definite site ("the Oklahoma City
    federal building", not "a Lima restaurant"), not a route between towns ("the
    Pereira-Cartago pipeline"), and with no other place in its own phrase ("the Pacific
    pipeline in Mulalo")?"""
    head = doc[site.head]
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in doccache.children(head)):
        return False
    if "-" in site.text or "/" in site.text:
        return False
    lo = min(t.idx for t in head.subtree)
    hi = max(t.idx + len(t.text) for t in head.subtree)
    return not any(lo <= p.start and p.end <= hi and not (site.start <= p.start and p.end <= site.end)
                   for p in places if p.latitude is not None)


def _refers_back(doc, start: int) -> bool:
    """Does the trigger at `start` name an incident already told: a definite or possessed
    noun ("the bomb", "the Rolando bombing", "Friday's attack")?"""
    tok = next((t for t in doc if t.idx <= start < t.idx + len(t.text)), None)
    if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE) for c in doccache.children(tok))


def carry_sites(events: list[Event], doc) -> None:
    """An event without a site whose trigger refers back to an incident gets the site of the
    earlier event of the same sub-type at the same place (one incident told twice)."""
    text = _text(doc)
    for k, ev in enumerate(events):
        if ev.site:
            continue
        trig = next((e for e in ev.evidence if e.field == "event_type"), None)
        if trig is None or not _refers_back(doc, trig.start):
            continue
        for prev in events[:k]:
            if prev.site and prev.sub_event_type == ev.sub_event_type and \
                    (prev.geonameid, prev.location) == (ev.geonameid, ev.location):
                src = next(e for e in prev.evidence if e.field == "site")
                ev.site = prev.site
                ev.evidence.append(Evidence("site:coreferent", src.start, src.end, text[src.start:src.end]))
                break
