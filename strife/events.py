"""Event extraction (first cut: one event per sentence with a trigger word).

The "Event extraction" issue replaces this with incident grouping, typing, actors,
numbers, dates and claims.
"""
from __future__ import annotations

from .data import read_json
from .models import Article, Event, Evidence, Place, make_event_id
from .settings import Settings
from . import places as places_mod


def extract_events(doc, article: Article, places: list[Place], settings: Settings) -> list[Event]:
    triggers: dict[str, list[str]] = read_json("triggers_basic.json")
    events: list[Event] = []
    for sent in doc.sents:
        lemmas = {t.lemma_.lower() for t in sent}
        for key, words in triggers.items():
            if lemmas & set(words):
                event_type, sub = key.split("|")
                ev = Event(article_id=article.id, event_type=event_type, sub_event_type=sub,
                           event_date=article.published,
                           date_precision="day" if article.published else None,
                           confidence=0.4)
                ev.event_id = make_event_id(article.id, sent.start_char, sub)
                ev.evidence.append(Evidence("sub_event_type", sent.start_char, sent.end_char, sent.text))
                ev.set_location(places_mod.locate_event(doc, article, places,
                                                        [(sent.start_char, sent.end_char)], settings))
                ev.notes = sent.text[:200]
                events.append(ev)
                break
    return events
