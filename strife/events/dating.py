"""The date of an event: its own date, the story's date, or the publication date."""
from __future__ import annotations

from functools import lru_cache

from ..geo import places as places_mod
from ..models import Article, Event
from ..nlp import doccache
from . import dates as dates_mod
from . import discourse
from .checks import _clause_verb
from .incidents import Incident, _dates_in
from .lexicon import _cues
from .text import _ev, _text


def _set_date(ev: Event, doc, article: Article, inc: Incident, sents: list, first: bool = False) -> None:
    text = _text(doc)
    found = []
    doc.user_data["_strife_published"] = article.published
    for si in sorted(inc.sents):
        found = [d for d in _dates_in(sents[si]) if not _period_start(doc, d) and not _other_deed_date(doc, d, inc)]
        if found:
            found = sorted(found, key=lambda d: _date_rank(doc, d, inc, si))
            break
    if found:
        d = found[0]
        ev.event_date, ev.date_precision = d.date, d.precision
        ev.evidence.append(_ev("event_date", text, d.start, d.end))
        # "over the past 72 hours" in a report filed the day after its story: the span ends
        # on the story's day, not on the publication date
        story = _story_date(doc, article) if d.precision == "week" and article.published and \
            d.date == article.published[:10] else None
        if story is not None and d.date > story.date >= _days_before(d.date, SPAN_DAYS):
            ev.event_date = story.date
            ev.evidence.append(_ev("event_date:story_date", text, story.start, story.end))
        return
    if first:
        # the lead incident takes a date stated before it ("09/17/2016: An explosive device...")
        lead = [d for d in dates_mod.find_dates(doc[: sents[inc.sents[0]].start], article.published)]
        if lead:
            d = lead[0]
            ev.event_date, ev.date_precision = d.date, d.precision
            ev.evidence.append(_ev("event_date", text, d.start, d.end))
            return
    story = _story_date(doc, article)
    if story is not None:
        ev.event_date = story.date
        ev.date_precision = "week" if story.precision == "day" else story.precision
        ev.evidence.append(_ev("event_date:story_date", text, story.start, story.end))
        return
    if article.published:
        ev.event_date, ev.date_precision = article.published[:10], "week"
        s = sents[inc.sents[0]]
        ev.evidence.append(_ev("event_date:publication_fallback", text, s.start_char, s.start_char))


SPAN_DAYS = 6   # a week-precision date covers the week that ends on it
DATELINE_CHARS = 80   # a parenthesised date this close to the start is the story's dateline



def _date_rank(doc, d, inc: Incident, si: int) -> int:
    """0 for a date inside a trigger's clause ("ambushed a bus last week"), 2 for the date of a
    statement or a claim ("police said on Monday", "claimed on Tuesday"), 3 for the
    dateline's ("BOGOTA, Aug 20 (Reuters) - Gunmen ... on Friday": when the story was filed),
    1 otherwise."""
    dl = doc.user_data.get("_strife_dateline")
    if dl is not None and dl[0] <= d.start and d.end <= dl[1]:
        return 3
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None:
        return 1
    tok = span.root
    text = _text(doc)
    if d.start <= DATELINE_CHARS and text[d.start - 1:d.start] == "(" and text[d.end:d.end + 1] == ")":
        return 2   # a dateline, "MAIDUGURI, Nigeria (June 5) -": when the story was filed
    speakers = set(places_mod.event_cues()["speaker_verbs"])
    gov = tok.head.head if tok.head.pos_ == "ADP" else tok.head
    # a statement's or a claim's day ("claimed on Tuesday Sunday's bombing"): when it was told
    claimed = _cues()["claim_verbs"]
    said = gov.lemma_.lower() in speakers or gov.lemma_.lower() in _cues()["statement_nouns"] \
        or gov.lemma_.lower() in claimed or (   # "claimed responsibility on Tuesday"
            gov.dep_ == "dobj" and gov.head.lemma_.lower() in claimed)
    for t in inc.triggers:
        v = _clause_verb(t.head)
        if t.sent_index == si and not said and v.lemma_.lower() not in speakers and \
                tok.i in {x.i for x in doccache.subtree(v)}:
            return 0
    return 2 if said else 1


def _weeks_before(iso: str | None, published: str | None) -> bool:
    """Is the date more than `background_max_age_days` before publication?"""
    import datetime as dt  # noqa: PLC0415
    if not iso or not published:
        return False
    try:
        age = (dt.date.fromisoformat(published[:10]) - dt.date.fromisoformat(iso[:10])).days
    except ValueError:
        return False
    return age > int(discourse.rules()["background_max_age_days"])


PERIOD_OPENERS = frozenset(("since",))   # "from 27 to 28 April" is the incident's own span


def _period_start(doc, d) -> bool:
    """The date opens a period ('since the offensive began on 11 November', 'since 1 June'):
    when a total began counting, not the day of an incident."""
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None:
        return False
    text = _text(doc)
    if text[max(0, d.start - 6):d.start].strip().lower() in PERIOD_OPENERS:
        return True
    for a in span.root.ancestors:
        if a.lower_ in PERIOD_OPENERS and a.dep_ in ("prep", "mark"):
            return True
        if a.pos_ in ("VERB", "AUX"):   # "since the offensive began on 11 November"
            return any(c.lower_ == "since" and c.dep_ == "mark" for c in doccache.children(a))
    return False


ANOTHER_TIME_OPENERS = frozenset(("after", "before", "following", "until", "till"))


def _other_deed_date(doc, d, inc: Incident) -> bool:
    """The date is another deed's, told in a clause of its own: a relative or participle
    clause ("the movement, which on 25 January claimed the killing, claimed today's bomb",
    "a group calling itself the '9 May' forces") or a clause
    after "after"/"before" ("killed 8 days after taking office on 1 June"), whose verb tells
    none of the incident's triggers."""
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not t.is_punct]
    root = next((t for t in words if not span.start <= t.head.i < span.end or t.head.i == t.i), None)
    if root is None:
        return False
    verb = next((a for a in root.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.dep_ not in ("relcl", "acl", "pcomp", "advcl"):
        return False
    own = {_clause_verb(t.head).i for t in inc.triggers} | {t.head.i for t in inc.triggers}
    if verb.i in own:
        return False
    if any(t.head.i in {x.i for x in doccache.subtree(verb)} for t in inc.triggers):
        return False   # the clause holds one of the incident's own triggers
    if verb.dep_ in ("relcl", "acl"):
        # "a group calling itself the '9 May' forces": a clause about another thing; but
        # "claimed the attack on Judge Diaz, who was murdered on Friday 28 July": the clause
        # tells the incident's own deed, done to the one its trigger names
        return not _victim_clause(verb, inc)
    opener = verb.head if verb.dep_ == "pcomp" else next(
        (c for c in doccache.children(verb) if c.dep_ == "mark"), None)
    return opener is not None and opener.lower_ in ANOTHER_TIME_OPENERS


def _victim_clause(verb, inc: Incident) -> bool:
    """A relative clause with a violent verb on a noun inside one of the incident's trigger
    nouns' phrases ("the attack on Judge Diaz, who was murdered on 28 July")."""
    if verb.lemma_.lower() not in _violent_verbs():
        return False
    return any(t.head.pos_ == "NOUN" and verb.head.i in {x.i for x in doccache.subtree(t.head)}
               for t in inc.triggers)


@lru_cache(maxsize=1)
def _violent_verbs() -> frozenset[str]:
    """Single-word terms of the violence cues (triggers.json): murder, kill, shoot, ..."""
    from .phrases import _triggers  # noqa: PLC0415
    _index, data = _triggers()
    return frozenset(term.lower() for cue in data["cues"].values() if cue.get("family") == "violence"
                     for term in cue["terms"] if " " not in term and "*" not in term)


def _days_before(iso: str, days: int) -> str:
    import datetime as dt  # noqa: PLC0415
    return (dt.date.fromisoformat(iso[:10]) - dt.timedelta(days=days)).isoformat()


def _dates_compatible(a: Event, b: Event) -> bool:
    """Can two dated events be one incident? A day inside the other's week, month or year."""
    if not a.event_date or not b.event_date:
        return True
    if a.date_precision == b.date_precision == "day":
        return a.event_date == b.event_date and not _other_day_part(a, b)
    for x, y in ((a, b), (b, a)):
        if x.date_precision == "week" and _days_before(x.event_date, SPAN_DAYS) <= y.event_date[:10] <= x.event_date:
            return True
        if x.date_precision == "month" and x.event_date[:7] == y.event_date[:7]:
            return True
        if x.date_precision == "year" and x.event_date[:4] == y.event_date[:4]:
            return True
    return a.event_date == b.event_date


def _day_part(ev: Event) -> str | None:
    """The part of the day its own date names ("this morning" -> morning), if any."""
    groups = dates_mod._words()["day_part_groups"]
    for e in ev.evidence:
        if e.field == "event_date":
            for word in e.text.lower().replace("-", " ").split():
                if word in groups:
                    return groups[word]
    return None


def _other_day_part(a: Event, b: Event) -> bool:
    """Same day, told as two parts of it ("this morning" ... "this afternoon"): two incidents.
    A night and a morning may be one incident running until dawn."""
    pa, pb = _day_part(a), _day_part(b)
    return pa is not None and pb is not None and pa != pb and {pa, pb} != {"morning", "night"}


PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}


def _own_date(ev: Event) -> bool:
    """Was the date read from the incident's own text (or the one it follows), not a fallback?"""
    return any(e.field in ("event_date", "event_date:previous_incident") for e in ev.evidence)


def _story_date(doc, article: Article):
    """The day-precision date the article names most often (cached on the Doc), among those
    not weeks before publication: a story's own day is recent, and an old date it names
    ('the offensive launched on 10 November', 'arrested on 24 November' in a January story)
    dates its background, never an incident that has no date of its own."""
    key = "_strife_story_date"
    if doc.user_data.get(key, 0) != 0:
        return doc.user_data[key]
    days = [d for d in dates_mod.find_dates(doc, article.published)
            if d.precision == "day" and not _weeks_before(d.date, article.published)
            and not _period_start(doc, d)]
    best = None
    if days:
        counts: dict[str, int] = {}
        for d in days:
            counts[d.date] = counts.get(d.date, 0) + 1
        top = max(counts, key=lambda k: (counts[k], k))
        best = next(d for d in days if d.date == top)
    doc.user_data[key] = best
    return best
