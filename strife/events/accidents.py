"""Accidents told in parts: "Seven militants were killed in two accidental explosions ...
Four militants were killed when their vehicle touched off an IED". The story names the
explosions accidental once, then tells each; the ones it tells after are those accidents,
not attacks (ACLED codes an accidental detonation as disrupted weapons use).
"""
from __future__ import annotations

from ..models import Event, Evidence
from .lexicon import EVENT_TYPE_OF
from .text import _text

DISRUPTED = "Disrupted weapons use"
ACCIDENT_WORDS = ("accident", "prematur")          # "accidental explosions", "exploded prematurely"
PARTS = frozenset({"Remote explosive/landmine/IED", "Grenade"})


def _plural_accident(ev: Event, doc) -> Evidence | None:
    """The trigger of an accident told as several ("two accidental explosions"), if `ev` is one."""
    trig = next((e for e in ev.evidence if e.field == "event_type"), None)
    if ev.sub_event_type != DISRUPTED or trig is None or \
            not any(w in trig.text.lower() for w in ACCIDENT_WORDS):
        return None
    span = doc.char_span(trig.start, trig.end, alignment_mode="expand")
    if span is None:
        return None
    head = span.root
    many = head.tag_ in ("NNS", "NNPS") or any(
        c.dep_ == "nummod" and c.lower_ not in ("one", "1") for c in head.children)
    return trig if many else None


def recode_accident_parts(events: list[Event], doc) -> None:
    """Explosions told after a plural accident of the same story, on its day, with no attacker
    named, are parts of it: recoded as disrupted weapons use."""
    text = _text(doc)
    summary: tuple[Event, Evidence] | None = None
    for ev in sorted(events, key=lambda e: min((x.start for x in e.evidence if x.field == "event_type"),
                                               default=0)):
        trig = _plural_accident(ev, doc)
        if trig is not None and summary is None:
            summary = (ev, trig)
            continue
        if summary is None or ev.sub_event_type not in PARTS:
            continue
        first, cue = summary
        if ev.event_date and first.event_date and ev.event_date != first.event_date:
            continue
        if ev.actor1 and not ev.actor1.startswith("Unidentified"):
            continue
        ev.sub_event_type = DISRUPTED
        ev.event_type = EVENT_TYPE_OF[DISRUPTED]
        ev.evidence.append(Evidence("sub_event_type:accident", cue.start, cue.end, text[cue.start:cue.end]))
