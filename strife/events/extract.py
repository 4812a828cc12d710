"""Event extraction end to end: triggers -> checks -> incidents -> records, then the
story-level passes (merging retellings of one incident, inheriting context)."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import budget
from ..data import read_json
from ..models import LOCATION_FIELDS, Article, Event, Place
from ..nlp import doccache
from ..nlp.truecase import is_upper_case
from ..settings import Settings
from . import discourse
from . import numbers as numbers_mod
from .accidents import recode_accident_parts
from .checks import _is_claim, check_trigger
from .dating import PRECISION_RANK, _dates_compatible, _days_before, _own_date
from .incidents import DATED_APART_DAYS, Incident, _anaphoric, _dates_in, _same_block, definite_mention, group_incidents, one_of_set_told
from .lexicon import _cues
from .phrases import _agent_and_target
from .sites import split_by_site
from .record import _label_hint, _note, build_event, calibrated_confidence
from .text import _ev, _sents, _text
from .triggers import Trigger, find_triggers
from .venues import carry_sites


def _perpetrator_names(triggers: list[Trigger]) -> set[str]:
    """Surnames of the people who carried out the incidents ("Hesham Hadayet opened fire",
    "An assailant, identified as Dennis Marx, opened fire"), lower case."""
    names: set[str] = set()
    for t in triggers:
        if not t.valid or t.strength < 2 or t.family != "violence":
            continue
        agent, _ = _agent_and_target(t.head)
        if agent is None:
            continue
        # the agent's own name, or one given beside it ("an assailant, Dennis Marx,",
        # "a man identified as Oren Kask"); not names inside a clause about it
        named = [agent]
        for c in agent.children:
            if c.dep_ == "appos" or (c.dep_ in ("acl", "relcl") and c.lemma_.lower() in ("identify", "name", "call")):
                named.extend(doccache.subtree(c))
        for tok in named:
            if tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN" and \
                    (tok.i + 1 >= len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I"):
                names.add(tok.lower_)   # the last word of the name
    return names


def _mark_named_perpetrators(triggers: list[Trigger], counts_by_sent: dict[int, list]) -> None:
    """A person counted as killed or hurt who is named as the attacker ("Hadayet was killed
    by security guards") is one of the perpetrators."""
    names = None
    for cs in counts_by_sent.values():
        for c in cs:
            if c.perpetrators or c.role not in ("killed", "injured") or c.quantity.best != 1 or not c.who:
                continue
            if names is None:
                names = _perpetrator_names(triggers)
            if c.who.split()[-1].lower() in names:
                c.perpetrators = True


# per-Doc caches that depend on the publication date
_DATE_CACHES = ("_strife_dates", "_strife_story_date", "_strife_reference_date")


def extract_events(doc, article: Article, places: list[Place], settings: Settings) -> list[Event]:
    """Every distinct incident in the article, as event records with evidence."""
    if doc.user_data.get("_strife_published", article.published) != article.published:
        for key in _DATE_CACHES:   # read against another publication date before
            doc.user_data.pop(key, None)
    doc.user_data["_strife_published"] = article.published
    anatomy = getattr(article, "anatomy", None)
    dateline = anatomy.dateline if anatomy is not None else None
    doc.user_data["_strife_dateline"] = (dateline.start, dateline.end) if dateline is not None else None
    triggers = find_triggers(doc)
    place_spans = [(p.start, p.end) for p in places]
    for t in triggers:
        budget.check()
        t.valid, t.reason = check_trigger(t, doc, article.published, place_spans)
        if t.valid:   # the discourse stage: news, or a name, month, non-conflict death, background
            sent = doccache.sent_of(t.head)
            why = discourse.news_status(t, sent, _dates_in(sent), article.published, place_spans)
            if why:
                t.valid, t.reason = False, why
        if t.valid:
            t.claimed = _is_claim(t.head)
    # "announced eight people died of the disease": what was announced is no incident either
    not_conflict = {t.sent_index for t in triggers if not t.valid and t.reason == discourse.NOT_CONFLICT}
    for t in triggers:
        if t.valid and t.family == "other" and t.strength < 2 and t.sent_index in not_conflict:
            t.valid, t.reason = False, discourse.NOT_CONFLICT
    # "were killed in attacks across the country last week": the attacks of that total
    discourse.share_verb_status(triggers)
    # "The bomber, who blew himself up in the foyer, also died" after a 2017 bombing: history too
    discourse.told_back_to_history(triggers, _sents(doc), _text(doc), _dates_in, article.published)
    counts_by_sent: dict[int, list] = {}
    # a headline glued to the first sentence restates the body's toll: never add the two
    title = (article.title or "").strip()
    headline_end = len(title) if title and _text(doc).startswith(title) and len(title) < len(_text(doc)) else 0
    sents = _sents(doc)
    if not headline_end and sents:   # "7 militants killed in blasts KANDAHAR, Oct. 3 (Xinhua) -- Seven ..."
        headline_end = _glued_dateline(_text(doc)[: sents[0].end_char])
    # sentences with an incident trigger are grouped and read for counts; a sentence with
    # only a casualty count ("An adult was treated at a hospital") may add to the one before
    told = {t.sent_index for t in triggers if t.valid}
    # ... unless the sentence tells background ("the same base was attacked in March, when nine died")
    past = {t.sent_index for t in triggers if not t.valid and discourse.background_reason(t.reason)}
    # deaths of disease, accidents or disasters are nobody's toll, whatever else the sentence tells
    unharmed_by_conflict = {t.sent_index for t in triggers if not t.valid and t.reason == discourse.NOT_CONFLICT} - \
        {t.sent_index for t in triggers if t.valid and t.family in ("violence", "protest", "property")}
    count_only: set[int] = set()
    for si, s in enumerate(sents):
        budget.check()
        if si not in told:
            if not told or si in past or not numbers_mod.names_a_role(s):
                continue
            count_only.add(si)
        cs = numbers_mod.find_counts(s)
        if headline_end and s.start_char < headline_end:
            body = [c for c in cs if c.start >= headline_end]
            cs = body if any(c.role in {b.role for b in body} for c in cs if c.end <= headline_end) or \
                not any(c.end <= headline_end for c in cs) else cs
        if si in unharmed_by_conflict:   # "announced eight people died of the disease"
            cs = [c for c in cs if c.role not in ("killed", "injured")]
        for c in cs:
            c.sent_text = s.text   # read by _aggregate (perpetrators already in a total)
        if cs:
            counts_by_sent[si] = cs
    _mark_named_perpetrators(triggers, counts_by_sent)
    incidents = group_incidents(doc, triggers, counts_by_sent, place_spans, places,
                                count_only=count_only & set(counts_by_sent))
    hint = _label_hint(doc)

    def build(k: int, inc: Incident) -> Event:
        budget.check()
        return build_event(doc, article, places, inc, settings, counts_by_sent,
                           label_hint=hint if k == 0 else None, first_incident=incidents[0])

    built = [(inc, build(k, inc)) for k, inc in enumerate(incidents)]
    _inherit_context(built, doc, sents, places)
    built = _merge_same_incident(built, build, doc, sents, places)
    events: list[Event] = []
    seen: set[str] = set()
    for inc, ev in built:
        if ev.confidence < settings.min_event_confidence or ev.event_id in seen:
            continue
        seen.add(ev.event_id)
        ev.confidence = calibrated_confidence(ev.confidence)
        events.append(ev)
    upper = is_upper_case((article.raw or "")[:2000])   # read truecased: the capitals say little
    events = discourse.review_events(split_by_site(events, doc, places, upper), article.published)
    recode_accident_parts(events, doc)
    carry_sites(events, doc)
    return events


def _glued_dateline(first_sentence: str) -> int:
    """Where a wire dateline ("(Xinhua) --") sits inside the first sentence, after a headline
    the text runs into it; 0 when there is none or it opens the text."""
    m = _agency_dash().search(first_sentence)
    return m.start() if m and first_sentence[: m.start()].strip() else 0


@lru_cache(maxsize=None)
def _agency_dash() -> re.Pattern[str]:
    names = sorted(read_json("read/anatomy.json")["agencies"], key=len, reverse=True)
    return re.compile(r"\((?:" + "|".join(map(re.escape, names)) + r")\)\s*(?:--|\u2014|\u2013)\s", re.I)


def _follows(prev: Incident, inc: Incident, doc, sents: list) -> bool:
    """Is `inc` told right after `prev`, in the same stretch of text ("Later, three suicide
    bombers ...")?"""
    a, b = max(prev.sents), min(inc.sents)
    return 0 < b - a <= 2 and _same_block(doc, sents, a, b)




def _inherit_context(built: list[tuple[Incident, Event]], doc, sents: list, places: list[Place] = ()) -> None:
    """An incident told right after another, with no date or town of its own, happened on the
    same day and in the same town as the one before it (the paragraph has set both)."""
    text = _text(doc)
    for (p_inc, prev), (inc, ev) in zip(built, built[1:]):
        if not _follows(p_inc, inc, doc, sents):
            continue
        if not _own_date(ev) and _own_date(prev) and prev.date_precision == "day":
            ev.evidence = [e for e in ev.evidence if not e.field.startswith("event_date")]
            ev.event_date, ev.date_precision = prev.event_date, prev.date_precision
            s = sents[min(inc.sents)]
            ev.evidence.append(_ev("event_date:previous_incident", text, s.start_char, s.start_char))
        own_town = ev.geo_precision is not None and ev.geo_precision <= 2
        subsite = set(_cues()["subsite_nouns"])
        lo, hi = sents[min(inc.sents)].start_char, sents[max(inc.sents)].end_char
        # a town of its own that the gazetteer does not know ("battles in Nebai") is not the last one
        own_town = own_town or any(p.latitude is None and lo <= p.start < hi and
                                   p.text.split()[-1].lower() not in subsite for p in places)
        if not own_town and prev.geo_precision is not None and prev.geo_precision <= 2 and \
                (ev.country is None or ev.country == prev.country) and \
                (ev.admin1 is None or ev.admin1 == prev.admin1):
            for name in LOCATION_FIELDS:
                setattr(ev, name, getattr(prev, name))
            s = sents[min(inc.sents)]
            ev.evidence.append(_ev("location:previous_incident", text, s.start_char, s.start_char))
        ev.notes = _note(ev)


# sub-types where a region-level report of the same actor's move is the located one retold
VAGUE_RETELLING = frozenset({"Change to group/activity", "Headquarters or base established",
                             "Non-state actor overtakes territory", "Government regains territory",
                             "Non-violent transfer of territory"})


def _same_site(a: Event, b: Event) -> bool:
    if a.location is None or b.location is None:
        return False
    if min(a.geo_precision or 3, b.geo_precision or 3) > 2:
        return False   # two guesses from the article's main place say nothing
    if (a.geonameid is not None and a.geonameid == b.geonameid) or a.location == b.location:
        return True
    # "militiamen arrived at a base in Anbar" retells "militia amassing at Habbaniya (Anbar)"
    vague, exact = (a, b) if (a.geo_precision or 3) > (b.geo_precision or 3) else (b, a)
    return a.sub_event_type in VAGUE_RETELLING and (vague.geo_precision or 3) >= 3 and \
        vague.actor1 is not None and vague.actor1 == exact.actor1 and \
        vague.admin1 is not None and vague.admin1 == exact.admin1


def _merge_same_incident(built: list[tuple[Incident, Event]], build, doc, sents: list,
                         places: list[Place] = ()) -> list[tuple[Incident, Event]]:
    """One incident told in several paragraphs ("ISIS took Ramadi ..." ... "the militants
    seized the government headquarters in Ramadi") is one event: same sub-type, same site,
    compatible dates, both claimed or both reported; a "separate" or "another" incident stays apart."""
    out = list(built)
    k = 0
    while k < len(out):
        inc, ev = out[k]
        j = k + 1
        while j < len(out):
            inc2, ev2 = out[j]
            if ev.sub_event_type != ev2.sub_event_type and \
                    (_named_back(inc2, ev2) or _killing_named_back(inc2, ev2, ev)) and \
                    ev.event_type in VIOLENT_TYPES and ev2.event_type in VIOLENT_TYPES and \
                    _retold(ev, ev2, inc2, sents) and _dates_compatible(ev, ev2) and \
                    not _separate_marker(sents[min(inc2.sents)], [sents[x] for x in inc.sents]):
                del out[j]   # "the attack took place on Bernal Avenue": the incident told above
                continue
            if ev.sub_event_type == ev2.sub_event_type and ev.claimed != ev2.claimed and \
                    _same_site(ev, ev2) and _dates_compatible(ev, ev2) and \
                    not ev2.fatalities and not ev2.injured and \
                    not _separate_marker(sents[min(inc2.sents)], [sents[x] for x in inc.sents]):
                # a claim and a report of one incident ("ISIS took Ramadi" ... "claimed its
                # fighters held the base"; "the ALF claimed the arson" ... "the fire destroyed
                # the plant"), the later adding no toll: the first told stays
                del out[j]
                continue
            if ev.sub_event_type == ev2.sub_event_type and ev.claimed == ev2.claimed and \
                    (_same_site(ev, ev2) or (_retold(ev, ev2, inc2, sents) and
                                             (not inc2.elsewhere or
                                              (_placed_around(ev2, ev) and not _unknown_site(inc2, places, sents))))) and \
                    (_dates_compatible(ev, ev2) or (_same_site(ev, ev2) and _day_guessed(ev2))) and \
                    not _separate_marker(sents[min(inc2.sents)], [sents[x] for x in inc.sents]) and not _dated_apart(ev, ev2, inc2, sents):
                both = Incident(sorted(inc.triggers + inc2.triggers, key=lambda t: (t.start, -t.strength)),
                                sorted(set(inc.sents) | set(inc2.sents)))
                merged = build(k, both)
                best = min((ev, ev2), key=lambda e: (not _own_date(e), PRECISION_RANK.get(e.date_precision, 4)))
                if (best.event_date, best.date_precision) != (merged.event_date, merged.date_precision):
                    merged.evidence = [e for e in merged.evidence if not e.field.startswith("event_date")] + \
                        [e for e in best.evidence if e.field.startswith("event_date")]
                    merged.event_date, merged.date_precision = best.event_date, best.date_precision
                if (merged.geo_precision or 3) > (ev.geo_precision or 3) or _placed_around(merged, ev):
                    for name in LOCATION_FIELDS:
                        setattr(merged, name, getattr(ev, name))
                merged.notes = _note(merged)
                inc, ev = both, merged
                out[k] = (inc, ev)
                del out[j]
                continue
            j += 1
        k += 1
    return out


@lru_cache(maxsize=None)
def _anaphoric_nouns() -> frozenset[str]:
    return frozenset(_cues()["anaphoric_nouns"])


@lru_cache(maxsize=None)
def _second_incident_nouns() -> frozenset[str]:
    return frozenset(_cues()["second_incident_nouns"])


VIOLENT_TYPES = frozenset({"Battles", "Violence against civilians", "Explosions/Remote violence", "Riots"})


def _named_back(inc: Incident, ev: Event) -> bool:
    """Is the incident only a definite mention of one told before ("the attack", "this
    assault", "the governor's murder"), adding no one hurt and no claim?"""
    strong = [t for t in inc.triggers if t.strength >= 2]
    if not strong or ev.fatalities or ev.injured or ev.claimed:
        return False
    return all(t.head.pos_ == "NOUN" and definite_mention(t.head) for t in strong)


def _killing_named_back(inc: Incident, ev: Event, first: Event) -> bool:
    """Is the incident only a definite mention of a killing ("the murder of the judge", "the
    governor's assassination"), adding no one hurt, after an incident in which people were
    killed by hand or gun (not a blast: "the murder of the priests" retells no bombing)?"""
    strong = [t for t in inc.triggers if t.strength >= 2]
    if not strong or ev.fatalities or ev.injured or ev.claimed:
        return False
    if not first.fatalities or first.event_type not in ("Violence against civilians", "Battles"):
        return False
    return all(t.head.pos_ == "NOUN" and definite_mention(t.head, told_back=True) for t in strong)


def _own_place(ev: Event, inc: Incident, sents: list) -> bool:
    """Was the event's place read from its own sentences?"""
    lo, hi = sents[min(inc.sents)].start_char, sents[max(inc.sents)].end_char
    return any(e.field == "location" and lo <= e.start < hi for e in ev.evidence)


def _retold(first: Event, later: Event, later_inc: Incident, sents: list) -> bool:
    """A later mention of the same kind of incident with no day and no place of its own
    ("the two bombs exploded minutes apart", "the attack was a warning") retells the one
    told before it: it is coreferent, not a new incident. A place of its own that only
    repeats or encloses the first one's ("the murdered diplomat ... of the embassy in
    Guatemala" after "was murdered in zone 10 of Guatemala City") does not make it another."""
    if _own_place(later, later_inc, sents) and not _within(later, first):
        return False
    if any(e.field == "event_date" for e in later.evidence) and later.event_date != first.event_date:
        return False   # "the toll from Monday's bombing rose to 31" names the same day: the same one
    return later.country is None or first.country is None or later.country == first.country


def _dated_apart(first: Event, later: Event, later_inc: Incident, sents: list) -> bool:
    """The lead incident has no date of its own (it is the story's news); a later one told with
    a day of its own some days earlier ("Guerrillas attacked his home 5 days ago with
    explosives") and not pointing back at it ("the attack", "this bombing") is an earlier incident."""
    if _own_date(first) or not first.event_date or not later.event_date or later.date_precision != "day":
        return False
    if not any(e.field == "event_date" for e in later.evidence):
        return False
    if later.event_date[:10] > _days_before(first.event_date, DATED_APART_DAYS):
        return False
    return not any(_anaphoric(sents[si]) for si in later_inc.sents)


def _within(later: Event, first: Event) -> bool:
    """Is `later`'s place the first one's, or an area that holds it (its admin area or country)?"""
    if later.country is None or later.country != first.country:
        return False
    if later.location == first.location or \
            (later.geonameid is not None and later.geonameid == first.geonameid):
        return True
    if later.location == later.country:
        return True
    coarser = (later.geo_precision or 3) > (first.geo_precision or 3)
    return coarser and later.admin1 is not None and later.admin1 == first.admin1 and \
        later.location in (later.admin1, later.admin2)


def _day_guessed(later: Event) -> bool:
    """Is the later mention dated only by the day the story names most often (no day of its
    own: "the air force is bombing the area" after "the air force bombed the area this
    morning")? That guess does not keep it apart from the incident told at its site before."""
    return not _own_date(later) and any(x.field == "event_date:story_date" for x in later.evidence)


def _placed_around(later: Event, first: Event) -> bool:
    """Is `later` placed only at the country or an area that holds the first one's town
    ("the ELN kidnapped them ... in Colombia" after "kidnapped on 12 February in Antioquia")?"""
    if later.location is None or later.location == first.location or later.country != first.country:
        return False
    return later.location == later.country or later.location in (first.admin1, first.admin2)


def _unknown_site(inc: Incident, places: list[Place], sents: list) -> bool:
    """Do the incident's sentences put something at a place the gazetteer lacks ("attacked
    facilities in Huarpacha and Kichki, in Huanuco Department")? Then an area-level place is
    no retelling. A facility or part of a town ("La Aurora Airport") is no other site."""
    cues = _cues()
    inside = set(cues["subsite_nouns"]) | set(cues["facility_site_nouns"])
    preps = set(cues["locative_preps"])
    spans = [(sents[si].start_char, sents[si].end_char) for si in inc.sents]
    for p in places:
        if p.latitude is not None or p.text.split()[-1].lower() in inside or \
                not any(lo <= p.start < hi for lo, hi in spans):
            continue
        span = sents[0].doc.char_span(p.start, p.end, alignment_mode="expand")
        t = span.root if span is not None else None
        for _ in range(6):
            if t is None or t.dep_ not in ("conj", "compound", "appos", "pobj") or t.head.i == t.i:
                break
            if t.dep_ == "pobj":
                if t.head.lower_ in preps:
                    return True
                break
            t = t.head
    return False


@lru_cache(maxsize=1)
def _separate_pattern() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _cues()["separate_markers"]) + r")\b")


def _separate_marker(sent, before: list = ()) -> bool:
    """"another", "a separate attack", "elsewhere", "meanwhile", "a second bomb" (not "the
    second secretary", nor "the second explosion" after "two bombs" told in the sentences
    `before`)."""
    low = doccache.span_lower(sent)
    if _separate_pattern().search(low):
        return True
    kinds = _anaphoric_nouns() | _second_incident_nouns()
    for m in re.finditer(r"\bsecond ([\w-]+)(?: ([\w-]+))?", low):
        if m.group(1) not in kinds and m.group(2) not in kinds:
            continue
        tok = next((t for t in sent if t.idx - sent.start_char == m.start()), None)
        if tok is None or not one_of_set_told(tok, before):
            return True
    return False
