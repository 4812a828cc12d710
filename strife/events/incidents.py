"""Step 3: group the sentences that tell one incident and keep different incidents apart."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..geo import places as places_mod
from ..geo.distance import haversine_km
from ..models import Place
from ..nlp import doccache
from . import actors as actors_mod
from . import dates as dates_mod
from . import discourse
from .checks import _aggregate_sentence, aggregate_spans
from .lexicon import METHOD_CUES, METHOD_GROUP, _cues
from .phrases import _VICTIM_SUBJECT_VERBS, _weapon_nouns
from .text import _sents, _text
from .triggers import Trigger


@dataclass
class Incident:
    """The trigger mentions and sentences that tell one incident."""

    triggers: list[Trigger] = field(default_factory=list)
    sents: list[int] = field(default_factory=list)
    elsewhere: bool = False   # begun because its sentence names another site than the incident before

    @property
    def strong(self) -> list[Trigger]:
        return [t for t in self.triggers if t.strength >= 2]

    @property
    def families(self) -> set[str]:
        return {t.family for t in (self.strong or self.triggers)}

    @property
    def first(self) -> int:
        return min(self.sents)


COMPATIBLE = {
    "violence": {"violence", "territory", "property"},
    "territory": {"violence", "territory", "property"},
    "protest": {"protest", "arrest", "property", "violence"},
    "arrest": {"protest", "arrest", "property", "disrupted"},
    "property": {"property", "violence", "territory", "arrest", "protest"},
    "disrupted": {"disrupted", "arrest", "violence"},
    "change": {"change", "other"},
    "agreement": {"agreement"},
    "other": {"other", "change"},
}


def _sentence_places(sent, place_spans: list[tuple[int, int]]) -> set[str]:
    """Places below country level where the sentence puts something ("in X", "at X");
    countries and names used as epithets ("the 'Gateway of Baghdad'") do not tell sites apart.
    (Cached on the Doc per sentence and place list; callers get their own copy.)"""
    cache = sent.doc.user_data.setdefault("_strife_sentence_places", {})
    key = (sent.start, sent.end, tuple(place_spans))
    found = cache.get(key)
    if found is None:
        found = cache[key] = frozenset(_find_sentence_places(sent, place_spans))
    return set(found)


_REFERENCE_WORDS = frozenset("km kms kilometres kilometers kilometre kilometer miles mile away north south "
                             "east west northeast northwest southeast southwest".split())


def _find_sentence_places(sent, place_spans: list[tuple[int, int]]) -> set[str]:
    preps = set(_cues()["locative_preps"])
    doc = sent.doc
    lo, hi = sent.start_char, sent.end_char
    spans = [(s, e) for s, e in place_spans if lo <= s < hi]
    spans += [(e.start_char, e.end_char) for e in dates_mod.span_ents(sent) if e.label_ in ("GPE", "LOC", "FAC")]
    countries = {c.text.lower() for c in actors_mod.find_countries(doccache.text_of(sent))}
    speakers = set(places_mod.event_cues()["speaker_verbs"])
    dateline = doc.user_data.get("_strife_dateline")
    out = set()
    for s, e in spans:
        name = _text(doc)[s:e].lower()
        if name in countries or name.startswith("the "):
            continue
        if dateline is not None and dateline[0] <= s < dateline[1]:
            continue   # "NAIROBI, Kenya (AP) -": where the story was filed
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        if places_mod.opens_on_place(span):
            out.add(name)   # "Near Baquba, 65 km northeast of Baghdad, a bomb ..."
            continue
        # "a police spokesman in Gusau said": where the speaker is, not where it happened
        if any(a.dep_ in ("nsubj", "nsubjpass") and a.head.lemma_.lower() in speakers
               for a in [head, *head.ancestors]):
            continue
        # "told The Associated Press by phone from Mogadishu": where the speaker called from
        if head.dep_ == "pobj" and head.head.lower_ == "from" and \
                any(a.lemma_.lower() in speakers for a in head.head.ancestors):
            continue
        t, ok = head, False
        for _ in range(4):
            if t.dep_ == "pobj" and t.head.lower_ in preps:
                ok = t.head.lower_ != "of" or t.head.head.lemma_.lower() in ("city", "town", "village", "district", "province", "area")
                # "10 km from Medellin", "north from the capital": a reference point, not the site
                if t.head.lower_ in ("from", "away") and t.head.head.lower_ in _REFERENCE_WORDS:
                    ok = False
                break
            if t.dep_ in ("compound", "appos", "conj", "pobj", "prep") and t.head.i != t.i:
                t = t.head
                continue
            if t.dep_ in ("dobj", "nsubj", "nsubjpass"):
                ok = True
            break
        if ok:
            out.add(name)
    return out


@lru_cache(maxsize=None)
def _new_marker_pattern() -> re.Pattern[str]:
    # longest first: "also today" opens a new incident even where "also" only adds victims
    markers = sorted((m for m in _cues()["new_incident_markers"] if m != "another"), key=len, reverse=True)
    if not markers:
        return re.compile(r"(?!x)x")
    return re.compile(r"\W*(?:" + "|".join(re.escape(m) for m in markers) + r")\b")


_ADDING_STARTS = ("also", "in addition", "additionally", "second", "third")
_ORDINAL_MARKERS = frozenset(("another", "second", "third", "fourth"))


def _new_marker(sent, follow_up: bool = False, before: list = ()) -> bool:
    """Does the sentence open a new incident ("Later, ...", "In a separate attack", "another
    bomb")? In a `follow_up` sentence, which only adds people hit in the incident before
    ("In addition, a guard was shot and injured"), words that add ("also", "in addition")
    add victims, not incidents. "The second bomb" after "two bombs exploded" in the
    sentences `before` is one of the set told, not another incident."""
    head = doccache.span_lower(sent)[:40]
    m = _new_marker_pattern().match(head)
    if m and not (follow_up and m.group(0).strip(" \t\n,.;:").lower() in _ADDING_STARTS):
        return True
    for t in sent:
        low = t.lower_
        if low in _ORDINAL_MARKERS and ((low == "another" and t.dep_ == "det") or
                                        (low != "another" and t.dep_ == "amod")):
            if _marks_other_incident(t.head) and not one_of_set_told(t, before):
                return True   # "a second bomb", but not "a second soldier was hurt"
        if low in ("separately", "elsewhere"):
            return True
        if low in ("also", "later") and t.dep_ == "advmod" and t.head.dep_ == "ROOT" and not follow_up:
            return True
    return False


def _marks_other_incident(noun) -> bool:
    """'another attack', 'a second bomb', 'another village', 'a second group of gunmen' tell of
    another incident; 'another employee', 'a second soldier was wounded' add people hit in the
    same one, and 'another vehicle' one more thing hit."""
    lemma = noun.lemma_.lower()
    cues = _cues()
    if lemma in cues["anaphoric_nouns"] or lemma in cues["place_nouns"] or lemma in _weapon_nouns() or \
            lemma in _INCIDENT_WORDS:
        return True
    klass = actors_mod.class_of_phrase(noun.text, noun.lemma_)
    if klass is None or not klass.get("armed"):
        return False
    # an armed actor hit ("a second soldier was injured") adds a victim; one acting, an incident
    return noun.dep_ not in ("nsubjpass", "dobj", "pobj", "appos")


def one_of_set_told(ordinal, before: list) -> bool:
    """'The second explosion took place at a bank' after 'two bombs exploded in the north of
    the city': a definite ordinal names one of a set the sentences `before` told as a plural
    or a count of the same kind of thing, so it is part of that incident, not another."""
    noun = ordinal.head
    if not before or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return False
    kinds = set(_cues()["set_member_nouns"])
    lemma = noun.lemma_.lower()
    if lemma not in kinds:
        return False
    for s in before:
        for t in s:
            if t.lemma_.lower() in kinds and t.tag_ in ("NNS", "NNPS") and t.lower_ != t.lemma_.lower() and \
                    not any(c.lower_ in ("another", "other", "more") for c in t.children):
                return True   # "two bombs", "the explosions", "bombs went off"
    return False


_INCIDENT_WORDS = frozenset(("device", "bomb", "incident", "attempt", "wave", "round", "day", "night",
                             "gunman", "shooter", "attacker", "assailant", "bomber"))


_BLAST_NOUNS = frozenset(("explosion", "blast", "detonation"))
_EXPLOSIVE_METHODS = frozenset(("bomb", "grenade", "shelling"))


def _blast_told_back(strong: list[Trigger], methods_before: set[str]) -> bool:
    """'The grenade ... Two people were killed in the explosion': "the explosion" points back
    at the blast of any explosive told before, it is no other method."""
    told = [t for t in strong if t.cue in METHOD_CUES]
    return bool(told) and bool(methods_before & _EXPLOSIVE_METHODS) and all(
        t.head.lemma_.lower() in _BLAST_NOUNS and
        any(c.lower_ in ("the", "this", "that") for c in t.head.children) for t in told)


def _vague(count) -> bool:
    """'The explosion injured many people': a count with no number of its own is no toll that
    sets the sentence apart from the incident it points back at."""
    words = count.text.lower().split()
    return bool(words) and words[0] in _cues()["vague_count_words"]


def _weapon_told_back(sent, inc: Incident) -> bool:
    """'According to the source, the grenade was thrown at 0630': a definite weapon noun ("the
    grenade", "the car bomb") that the incident told before already named is that incident."""
    told = {t.head.lemma_.lower() for t in inc.triggers}
    weapons = _weapon_nouns()
    for t in sent:
        lemma = t.lemma_.lower()
        if t.pos_ == "NOUN" and lemma in weapons and lemma in told and \
                any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children):
            return True
    return False


def _pointed_back(strong: list[Trigger]) -> bool:
    """'The air force bombed the area ... As a result of this bombing three died': every
    strong trigger is a deed noun with a demonstrative ("this bombing", "that raid"), which
    points at the incident just told whatever method its own word would name."""
    return bool(strong) and all(
        t.head.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("this", "that", "these", "those")
                                      for c in t.head.children) for t in strong)


def _violent_death(inc: Incident, sents) -> bool:
    """Does a story's only casualty mention say the people were killed or hurt, or name
    violence beside the death ("died" alone is no conflict event)?"""
    if any(t.head.lemma_.lower() not in ("die", "death", "dead", "pass") for t in inc.triggers):
        return True   # killed, wounded, bodies, and every trigger of another kind
    if any(tok.lemma_.lower() in ("find", "discover", "recover") for si in inc.sents for tok in sents[si]):
        return True   # "a man was found dead on a road": ACLED codes bodies found
    return any(discourse.violence_named(sents[si]) for si in inc.sents)


def _only_totals(inc: Incident, sents) -> bool:
    """Is every trigger of the incident inside the stretch of its sentence that sums many
    ("during ten years of war more than 70,000 have been killed")? "Gunmen killed five
    villagers on Monday, bringing the number killed this year to 300" keeps its five."""
    for t in inc.triggers:
        spans = aggregate_spans(sents[t.sent_index])
        if not any(a <= t.start < b for a, b in spans):
            return False
    return bool(inc.triggers)


def _damage_told_back(strong: list[Trigger]) -> bool:
    """'It also destroyed a telephone booth', 'the plane was damaged by the flames': every
    strong trigger is a destroy/damage verb whose doer is the blast told before (a pronoun
    "it" or a blast noun), so the sentence tells that incident's damage, not another one."""
    if not strong or any(t.family != "property" for t in strong):
        return False
    causers = set(_cues()["damage_causer_nouns"])
    for t in strong:
        verb = t.head
        doers = [c for c in verb.children if c.dep_ == "nsubj"]
        doers += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not doers and _definite_thing_damaged(verb):
            continue   # "it was also reported that the building was destroyed": by the attack told
        if not doers or not all(d.lemma_.lower() in causers or d.lower_ in causers for d in doers):
            return False
    return True


def _definite_thing_damaged(verb) -> bool:
    """A passive damage verb with no doer whose subject is a thing the story has named ("the
    building was destroyed", "its windows were shattered"), in a sentence naming no day."""
    subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if _dates_in(verb.sent):
        return False   # "a month ago the same post had been destroyed": a deed of its own day
    return len(subj) == 1 and subj[0].pos_ == "NOUN" and \
        any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their")
            for c in subj[0].children)


def _damage_told_before(incidents: list[Incident], sent, strong: list[Trigger], place_spans,
                        places_of: dict, coords, areas) -> Incident | None:
    """'The airstrip in Chilanga was almost destroyed ... [other incidents] ... It admits that
    the airstrip in Chilanga was damaged': damage to a definite thing, with no doer and no day,
    that an earlier incident's damage already named, at no other site, is that incident told
    again, however far back it was told."""
    if not strong or any(t.family != "property" or t.head.pos_ != "VERB" or
                         any(c.dep_ in ("nsubj", "agent") for c in doccache.children(t.head)) or
                         not _definite_thing_damaged(t.head) for t in strong):
        return None
    things = {c.lemma_.lower() for t in strong for c in doccache.children(t.head) if c.dep_ == "nsubjpass"}
    sp = _sentence_places(sent, place_spans)
    for inc in reversed(incidents):
        damaged = {c.lemma_.lower() for t in inc.triggers if t.family in ("property", "violence")
                   for c in doccache.children(t.head) if c.dep_ in ("nsubjpass", "dobj") and c.pos_ == "NOUN"}
        if things & damaged:
            return None if _far_apart(sp, places_of.get(id(inc), set()), coords, areas) else inc
    return None


def _anaphoric(sent) -> bool:
    """Does the sentence point back at an incident told before ("in the attack", "this
    bombing", "the shooting spree", "Tuesday night's attack", "the commander's murder")?"""
    return any(definite_mention(t) for t in sent)


def definite_mention(t, told_back: bool = False) -> bool:
    """Is the token an incident noun made definite by its determiner or a possessive noun ("the
    attack", "this bombing", "Tuesday's attack")? With `told_back`, also a deed's noun
    ("the murder of the judge", "the governor's assassination")."""
    cues = _cues()
    lemma = t.lemma_.lower()
    if lemma not in cues["anaphoric_nouns"] and lemma not in cues["retelling_nouns"] and \
            not (told_back and lemma in cues["told_back_nouns"]):
        return False
    phrase_head = t.head if t.dep_ == "compound" and t.head.i > t.i else t
    return any(c.lower_ in ("the", "this", "that", "these") or
               (c.dep_ == "poss" and c.pos_ != "PRON")   # "its attacks" may be a first mention
               for c in phrase_head.children)


def _follow_up(sent, trigs: list[Trigger], counts: list) -> bool:
    """Does the sentence only tell who else was hit in the incident told before it? Its
    counts are all perpetrators ("The gunman shot and killed himself", "Both assailants were
    killed in a shootout with police") or additions ("Two other guards were also wounded"),
    or it reports people hit as the subject of a passive or intransitive casualty verb
    ("In addition, a guard was shot and injured", "A passenger was also hurt")."""
    positive = [c for c in counts if c.quantity.best > 0 and not c.subset and c.role in ("killed", "injured")]
    if positive and all(c.perpetrators for c in positive):
        return True
    if positive and all(c.additional or c.perpetrators for c in positive):
        return True
    if not positive:
        return False
    root = sent.root
    if root.lemma_.lower() in _VICTIM_SUBJECT_VERBS and any(c.lower_ in ("also", "too") for c in root.children):
        return True   # "Four postal workers, who worked there, also contracted anthrax"
    heads = {t.head.i for t in trigs if t.cue in ("kill", "injure", "attack")}
    verbs = [root] + [c for c in root.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in root.children)
    intransitive = root.lemma_.lower() in ("die", "succumb", "suffer", "sustain")
    return (passive or intransitive) and any(v.i in heads for v in verbs)


def _perpetrator_fate(counts: list) -> bool:
    """All the people the sentence counts as hit are the attackers themselves."""
    positive = [c for c in counts if c.quantity.best > 0 and not c.subset and c.role in ("killed", "injured")]
    return bool(positive) and all(c.perpetrators for c in positive)


NEAR_KM = 30.0   # places closer than this are one site for grouping (a district of the same town)


def _continues(sent, inc_sents: list) -> bool:
    """'The rioters blocked ...', 'The attacker detonated ...': a definite subject that repeats
    a noun of the incident told just before continues that incident."""
    dets = set(_cues()["continuation_dets"])
    subj = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "NOUN" and
            any(c.dep_ == "det" and c.lower_ in dets for c in t.children)]
    if not subj:
        return False
    lemmas = {t.lemma_.lower() for s in inc_sents for t in s if t.pos_ in ("NOUN", "PROPN")}
    kinds = set(_cues()["anaphoric_nouns"])
    for t in subj:
        lemma = t.lemma_.lower()
        if lemma in lemmas and (lemma in kinds or actors_mod.class_of_phrase(t.text, t.lemma_) is not None):
            return True
        # "the attacker" after "a suicide bomber": any actor noun of the same class
        if actors_mod.class_of_phrase(t.text, t.lemma_) is not None and lemma in ("attacker", "assailant", "bomber",
                                                                                "gunman", "perpetrator"):
            return True
    return False


def _far_apart(new: set[str], known: set[str], coords: dict[str, tuple[float, float]],
               areas: frozenset[str] = frozenset()) -> bool:
    """Has the story moved to another site? Resolved places count by distance; an unresolved
    part of a town ("Kenyatta Avenue", "the Mirpur area") is no move, another unresolved name is.
    A region or country both sentences name (`areas`: "in Huanuco Department") is no common
    site when the new sentence also names a town of its own."""
    if new - areas and known - areas:
        new, known = new - areas, known - areas
    if not new or not known or new & known:
        return False
    # "New York" after "New York City", "Kabul" after "Kabul city": one name told shorter
    if any(n.startswith(k + " ") or k.startswith(n + " ") for n in new for k in known):
        return False
    subsite = set(_cues()["subsite_nouns"])
    if not coords or any(n not in coords and n.split()[-1] not in subsite for n in new):
        return True
    pn = [coords[n] for n in new if n in coords]
    pk = [coords[k] for k in known if k in coords]
    if not pn or not pk:
        return False
    return all(haversine_km(a[0], a[1], b[0], b[1]) > NEAR_KM for a in pn for b in pk)


_dates_in = dates_mod.dates_in


def _sentence_dates(sent) -> set[str]:
    """The days a sentence names, not counting the dateline's ("SAN SALVADOR, 3 JAN 90 --" is
    when the story was filed, not the day of the incident its lead tells)."""
    dl = sent.doc.user_data.get("_strife_dateline")
    return {d.date for d in _dates_in(sent) if d.precision == "day" and
            (dl is None or d.end <= dl[0] or d.start >= dl[1])}


DATED_APART_DAYS = 3   # a day told this many days before publication, beside an undated lead, is another incident


def _days_earlier(sent, published: str | None) -> bool:
    """Does the sentence date its deed some days before publication ("attacked his home 5 days
    ago") without pointing back at an incident told before ("the attack took place on Friday")?"""
    days = _sentence_dates(sent)
    if not days or not published or _anaphoric(sent):
        return False
    import datetime as dt  # noqa: PLC0415
    try:
        limit = (dt.date.fromisoformat(published[:10]) - dt.timedelta(days=DATED_APART_DAYS)).isoformat()
    except ValueError:
        return False
    return all(d[:10] <= limit for d in days)


def _opens_with_date(sent) -> bool:
    """'Last week, ...', 'Earlier Sunday, ...': a sentence that opens a new time frame."""
    found = _dates_in(sent)
    lead = sent[: min(len(sent), 4)]
    return any(d.start <= lead.end_char and d.start - sent.start_char <= 12 for d in found)


def group_incidents(doc, triggers: list[Trigger], counts_by_sent: dict[int, list],
                    place_spans: list[tuple[int, int]] = (), places: list[Place] = (),
                    count_only: set[int] = frozenset()) -> list[Incident]:
    """Sentences of one incident together; a new incident where the story moves on:
    a marker ("Later", "another"), another site, another method, another toll, another day.

    `count_only` sentences have casualty counts but no trigger ("The woman suffered cuts to
    her face"): one joins the violent incident told at most two sentences before it, in the
    same paragraph, when it names no date or place of its own; else it is left out."""
    sents = _sents(doc)
    by_sent: dict[int, list[Trigger]] = {}
    for t in triggers:
        if t.valid:
            by_sent.setdefault(t.sent_index, []).append(t)
    for si in count_only:
        by_sent.setdefault(si, [])
    incidents: list[Incident] = []
    weak_only: list[Incident] = []
    apart: list[Incident] = []   # deeds with no strong word that a marker tells apart
    last: Incident | None = None
    coords = {_text(doc)[p.start:p.end].lower(): (p.latitude, p.longitude) for p in places
              if p.latitude is not None and p.source != "demonym"}
    areas = frozenset(_text(doc)[p.start:p.end].lower() for p in places
                      if (p.feature_code or "").startswith(("ADM", "PCL")))
    places_of: dict[int, set[str]] = {}
    days: dict[int, set[str]] = {}

    # sentences naming a violent deed as what a protest is against ("struck to protest the
    # kidnapping of a court clerk"): that deed, told later, is its own incident, not the protest's
    grievances = {t.sent_index for t in triggers if not t.valid and t.family == "violence" and
                  (t.reason or "").startswith("grievance")}

    def compatible(inc: Incident, fams: set[str]) -> bool:
        if inc.families == {"protest"} and fams & {"violence"} and not fams & {"protest"} and \
                any(x in grievances for x in inc.sents):
            return False
        return any(fams & COMPATIBLE.get(f, {f}) for f in inc.families)

    def add(inc: Incident, si: int, trigs: list[Trigger]) -> None:
        inc.triggers.extend(trigs)
        inc.sents.append(si)
        places_of.setdefault(id(inc), set()).update(_sentence_places(sents[si], place_spans))
        days.setdefault(id(inc), set()).update(_sentence_dates(sents[si]))

    for si in sorted(by_sent):
        trigs = by_sent[si]
        sent = sents[si]
        strong = [t for t in trigs if t.strength >= 2]
        counts = counts_by_sent.get(si, [])
        if not trigs:   # a count-only sentence
            hit = [c for c in counts if c.quantity.best > 0 and not c.subset and
                   c.role in ("killed", "injured", "displaced")]
            if hit and last is not None and compatible(last, {"violence"}) and \
                    0 < si - max(last.sents) <= 2 and _same_block(doc, sents, max(last.sents), si) and \
                    not _dates_in(sent) and not _sentence_places(sent, place_spans) and \
                    not _new_marker(sent, follow_up=True) and not _aggregate_sentence(sent):
                add(last, si, [])
            continue
        if not strong:
            dup = _duplicate_of(incidents, counts, counts_by_sent)
            if dup is not None:
                add(dup, si, trigs)
                last = dup
            elif (last is not None or weak_only) and _new_marker(sent, follow_up=True) and _done_by_someone(trigs):
                inc = Incident([], [])   # "Hours earlier, gunmen had killed a police colonel": another deed
                add(inc, si, trigs)
                apart.append(inc)
            elif (latest := max([i for i in (last, *weak_only) if i is not None], key=lambda i: max(i.sents),
                                default=None)) is not None and \
                    _killed_days_before(sent, trigs, days.get(id(latest), set())):
                inc = Incident([], [])   # "Danilo Barillas, another party leader, was killed on 1 August"
                add(inc, si, trigs)
                apart.append(inc)
            elif last is not None and _next_told(by_sent, max(last.sents), si) and \
                    _same_block(doc, sents, max(last.sents), si):
                add(last, si, trigs)   # "Guerrillas attacked his home. Seven children were in. A niece was injured."
            else:
                inc = Incident([], [])
                add(inc, si, trigs)
                weak_only.append(inc)
            continue
        fams = {t.family for t in strong}
        prev = _damage_told_before(incidents, sent, strong, place_spans, places_of, coords, areas)
        if prev is not None and prev is not last:
            # "It admits that the airstrip in Chilanga was damaged": an aside about an incident
            # told further back; what follows is compared with the incident told last, as before
            add(prev, si, trigs)
            continue
        attach = False
        moved = False
        if last is not None and last.strong:
            last_strong = max(t.sent_index for t in last.strong)
            near = si - last_strong <= 2 and _same_block(doc, sents, last_strong, si)
            sp = _sentence_places(sent, place_spans)
            known = places_of.get(id(last), set())
            continues = _continues(sent, [sents[x] for x in last.sents])
            # "the gunmen also attacked the town hall in X": the same men at another site
            also = any(t.lower_ == "also" and t.dep_ == "advmod" for t in sent)
            # a site the incident's last placed sentence already named ("the area across from the
            # factory and Prados de Venecia in Soyapango" ... "In Prados de Venecia houses were
            # destroyed"); not one it named before the story moved on to another town
            placed = [x for x in last.sents if _sentence_places(sents[x], place_spans)]
            named = {n for n in sp if placed and n in doccache.span_lower(sents[max(placed)])}
            moved = _far_apart(sp, known | named, coords, areas) and (not continues or also)
            new_day = bool(_sentence_dates(sent)) and bool(days.get(id(last))) and \
                not (_sentence_dates(sent) & days[id(last)])
            if not days.get(id(last)) and _days_earlier(sent, doc.user_data.get("_strife_published")):
                new_day = True   # an undated lead is the story's news; "5 days ago" is an earlier deed
            methods_now = {METHOD_GROUP.get(t.cue, t.cue) for t in strong if t.cue in METHOD_CUES}
            methods_before = {METHOD_GROUP.get(t.cue, t.cue) for t in last.strong if t.cue in METHOD_CUES}
            other_method = bool(methods_now) and bool(methods_before) and not (methods_now & methods_before) \
                and not _blast_told_back(strong, methods_before) and not _pointed_back(strong)
            # who else was hit in the incident just told: the attackers themselves, more victims
            follow = compatible(last, {"violence"}) and _follow_up(sent, trigs, counts)
            # a toll of its own (not the attackers', not "also", not one person named) is another incident
            roles_now = {c.role for c in counts if c.quantity.best > 0 and not c.subset and not c.implicit
                         and not c.perpetrators and not c.additional and not _vague(c)}
            roles_before = {c.role for s2 in last.sents for c in counts_by_sent.get(s2, [])
                            if c.quantity.best > 0 and not c.subset and not c.implicit and not c.perpetrators}
            own_toll = not follow and bool(roles_now & roles_before) and \
                _duplicate_of([last], counts, counts_by_sent) is None
            new_day = new_day or _opens_with_date(sent)
            # a party's own claim stays apart from what others report
            claim_split = all(t.claimed for t in strong) != all(t.claimed for t in last.strong)
            before = [sents[x] for x in last.sents]
            marker = _new_marker(sent, follow_up=follow, before=before)
            damage_back = compatible(last, {"violence"}) and _damage_told_back(strong)
            if damage_back:   # "It also destroyed ...": the blast's damage, "also" adds no incident
                marker = _new_marker(sent, follow_up=True, before=before)
            if near and (compatible(last, fams) or continues) and not marker and not moved \
                    and not other_method and not own_toll and not new_day and not claim_split:
                attach = True
            # "This morning, a civilian employee was shot" after an afternoon attack: a new time frame, not more victims
            elif (_anaphoric(sent) or _weapon_told_back(sent, last) or (follow and not new_day) or damage_back) and \
                    compatible(last, fams) and \
                    (si - last_strong <= 6 or (damage_back and si - max(last.sents) <= 2)) and \
                    not marker and not moved and not own_toll and not claim_split and \
                    (not other_method or _perpetrator_fate(counts)):
                attach = True
        if not attach:
            dup = _duplicate_of(incidents, counts, counts_by_sent)
            if dup is not None and not _new_marker(sent, follow_up=_follow_up(sent, trigs, counts)) and \
                    compatible(dup, fams):
                last, attach = dup, True
        if not attach and last is not None and last.strong and not compatible(last, fams):
            # "some people were injured ... due to the blast" after a sentence about police
            # deployed: the blast is the last incident of its kind told, a few sentences up
            prev = _pointed_at(incidents, sent, si, fams, compatible, place_spans, places_of, coords, areas)
            if prev is not None:
                last, attach = prev, True
        if attach and last is not None:
            add(last, si, trigs)
        else:
            inc = Incident([], [], elsewhere=moved)
            add(inc, si, trigs)
            incidents.append(inc)
            last = inc
    # casualty reports without a trigger of their own: the incident they repeat, else the
    # lead incident (a toll told apart usually sums up the main story); dropped if no number
    for w in weak_only:
        has_count = any(c.quantity.best > 0 for s in w.sents for c in counts_by_sent.get(s, []))
        if not incidents:
            if _violent_death(w, sents) and not _only_totals(w, sents):
                incidents.append(w)   # "Two men were killed in the town": a report on its own
            continue                  # "former president Duarte has died": no sign of violence
        if not has_count:
            continue
        if _sums_up(w):
            continue   # "A series of attacks across Iraq killed nine": the attacks told are its parts
        lead = next((i for i in incidents if compatible(i, {"violence"})), None)
        if lead is None:
            incidents.append(w)
            continue
        if w.first < lead.first and _done_by_someone(w.triggers) and _new_marker(sents[lead.first]):
            incidents.append(w)   # "Gunmen killed a senator. Meanwhile, soldiers killed two rebels in a clash"
            continue
        for si in w.sents:
            add(lead, si, [t for t in w.triggers if t.sent_index == si])
    incidents.extend(apart)
    incidents.sort(key=lambda i: i.first)
    return incidents


def _sums_up(inc: Incident) -> bool:
    """A toll whose doer is a series of incidents ("A series of attacks killed nine people",
    "a wave of bombings left 30 dead"): the sum of the incidents the story tells one by one."""
    series = set(_cues()["series_nouns"])
    for t in inc.triggers:
        verb = t.head
        subjects = [c for c in doccache.children(verb) if c.dep_ in ("nsubj", "nsubjpass")]
        if any(x.lemma_.lower() in series and any(c.lower_ == "of" for c in doccache.children(x)) for s in subjects
               for x in s.subtree):
            return True
    return False


def _killed_days_before(sent, trigs: list[Trigger], last_days: set[str]) -> bool:
    """A named person killed on a day before every day the incident just told names ("Lopez
    was shot dead today ... Barillas, another party leader, was killed on 1 August", "On
    Tuesday, gunmen killed Roberto Perez"): an earlier killing, not a death that follows from
    the incident told."""
    days = _sentence_dates(sent)
    if not days or not last_days or max(days) >= min(last_days):
        return False
    return any(t.cue == "kill" and t.head.pos_ == "VERB" and t.head.tag_ in ("VBN", "VBD") and
               t.head.lemma_.lower() not in ("die", "succumb") and
               any(c.dep_ in ("nsubjpass", "dobj") and c.pos_ == "PROPN" for c in doccache.children(t.head))
               for t in trigs)


def _done_by_someone(trigs: list[Trigger]) -> bool:
    """A violent deed told in the active voice with its doer ("gunmen had killed a colonel"),
    not a fate ("a colonel was killed", "two more died")."""
    return any(t.family == "violence" and t.head.pos_ == "VERB" and
               any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in t.head.children)
               for t in trigs)


def _pointed_at(incidents: list[Incident], sent, si: int, fams: set[str], compatible, place_spans,
                places_of: dict, coords, areas) -> Incident | None:
    """The latest incident, at most six sentences up, that a definite mention ("the blast",
    "this attack", "the grenade") in `sent` points back at: one of a compatible kind at no
    other site, with no marker of another incident in the sentence."""
    if _new_marker(sent):
        return None
    sp = _sentence_places(sent, place_spans)
    for inc in reversed(incidents):
        strong = [t.sent_index for t in inc.strong]
        if not strong or si - max(strong) > 6:
            return None
        if not compatible(inc, fams):
            continue
        if not (_anaphoric(sent) or _weapon_told_back(sent, inc)) or \
                _far_apart(sp, places_of.get(id(inc), set()), coords, areas):
            return None
        return inc
    return None


def _next_told(by_sent: dict, a: int, b: int) -> bool:
    """Is sentence b the next one after a with anything told (at most one quiet sentence between)?"""
    return 0 < b - a <= 2 and not any(s in by_sent for s in range(a + 1, b))


def _same_block(doc, sents, a: int, b: int) -> bool:
    """Sentences a..b lie in one paragraph or two adjacent ones."""
    between = _text(doc)[sents[a].end_char: sents[b].start_char]
    return between.count("\n\n") <= 1


def _duplicate_of(incidents: list[Incident], counts: list, counts_by_sent: dict[int, list]) -> Incident | None:
    """An earlier incident that already reports one of these (role, number) figures."""
    keys = {(c.role, c.quantity.best) for c in counts if c.quantity.best > 1 and not c.implicit}
    if not keys:
        return None
    for inc in incidents:
        for s in inc.sents:
            for c in counts_by_sent.get(s, []):
                if (c.role, c.quantity.best) in keys:
                    return inc
    return None
