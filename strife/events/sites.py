"""Sites: one event per place when a sentence tells one kind of incident at several places.

"Rebels attacked police posts in Ambo, Huarpacha and Kichki" is three incidents for ACLED
(one event per location) and for MUC (one template per place). The event built for the
incident is kept at its own place; each other place of the same coordinated list in the
trigger's sentence gets a copy of it there. Counts stay on the first event: how the dead
were spread over the places is not told, so the copies carry none (ACLED's rule when a toll
cannot be split is to keep it on one event rather than invent a division).
"""
from __future__ import annotations

import copy

from ..geo import places as places_mod
from ..models import Event, Place, make_event_id
from ..nlp import doccache
from .record import _note
from .text import _ev, _text

MAX_SITES = 6   # a longer list is a summary of a region, not a list of incident sites


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
                return any(c.dep_ == "cc" and c.lower_ in ("and", "or") for m in chain for c in m.children)
    return False


def _encloses(pl: Place, own: Place) -> bool:
    """Is `pl` the same place or an area `own` lies in, by name?"""
    names = {n.lower() for n in (own.name, own.text, own.admin1, own.admin2) if n}
    return pl.geonameid == own.geonameid or (pl.name or pl.text).lower() in names or pl.text.lower() in names


def split_by_site(events: list[Event], doc, places: list[Place]) -> list[Event]:
    """Each event whose own place is one of a coordinated list of mapped places, plus one
    copy per other place of the list."""
    if not places or not events:
        return events
    text = _text(doc)
    out: list[Event] = []
    for ev in events:
        out.append(ev)
        loc_ev = next((e for e in ev.evidence if e.field == "location"), None)
        trig = next((e for e in ev.evidence if e.field == "event_type"), None)
        if loc_ev is None or trig is None or ev.geo_precision != 1:
            continue
        own = next((p for p in places if p.start == loc_ev.start and p.end == loc_ev.end), None)
        if own is None:
            continue
        tok = places_mod._place_token(doc, own)
        if tok is None:
            continue
        sent = doccache.sent_of(tok)
        if not sent.start_char <= trig.start < sent.end_char:
            continue    # the place was found elsewhere than the trigger's sentence
        others = []
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
            continue
        for pl in others:
            twin = copy.deepcopy(ev)
            twin.evidence = [e for e in twin.evidence if not e.field.startswith(
                ("location", "fatalities", "injured", "displaced", "site"))]
            twin.site = None   # the named spot was in the first place of the list
            for name in ("fatalities", "injured"):
                setattr(twin, name, 0)
                setattr(twin, name + "_low", None)
                setattr(twin, name + "_high", None)
            twin.displaced = twin.displaced_low = twin.displaced_high = None
            for name in ("location", "admin1", "admin2", "country", "country_code", "latitude",
                         "longitude", "geonameid", "geo_precision"):
                setattr(twin, name, None)
            twin.set_location(places_mod._location(pl, 1, None, ""))
            twin.evidence.append(_ev("location:listed_with", text, own.start, own.end))
            twin.event_id = make_event_id(ev.article_id, pl.start, ev.sub_event_type)
            twin.notes = _note(twin)
            out.append(twin)
    return out
