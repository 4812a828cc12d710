"""Actor roles of an incident: actor1/actor2, associated actors, claimants, opponents."""
from __future__ import annotations

from functools import lru_cache

from ..geo import places as places_mod
from ..models import Event
from ..nlp import doccache
from . import actors as actors_mod
from .actors import Actor
from .incidents import Incident
from .lexicon import _cues
from .phrases import _actor_from, _agent_and_target, _phrase_span, _phrase_text
from .text import _ev, _sents, _text


def _armed_victim(inc: Incident, country: str | None) -> Actor | None:
    """An armed actor the incident's violence hit: the one shot, killed or wounded
    ("a municipal police officer was shot dead", "killed one ranger", "two pro-government
    militia members were killed"); None when those hit are civilians or unnamed."""
    for t in inc.triggers:
        if t.family != "violence" or t.cue not in ("kill", "injure", "attack"):
            continue
        _, victim = _agent_and_target(t.head)
        if victim is None or victim.pos_ == "PRON":
            continue
        actor = _actor_from(victim, country)
        if actor is not None and actor.armed and actor.klass != "named" or \
                actor is not None and actor.klass == "named" and victim.dep_ in ("nsubjpass", "dobj"):
            return actor
    return None


def _claimant(doc, inc: Incident, sents: list, country: str | None) -> Actor | None:
    """A named group that says it did it ("The Taliban said their fighters had planted the
    device", "Al-Shabaab claimed responsibility"), in the incident or the two sentences after."""
    cues = _cues()
    deeds = set(cues["claimed_deeds"])
    last = min(len(sents) - 1, max(inc.sents) + 2)
    for si in range(min(inc.sents), last + 1):
        for tok in sents[si]:
            lemma = tok.lemma_.lower()
            if lemma not in cues["claim_verbs"] and lemma not in ("say", "admit"):
                continue
            subj = next((c for c in doccache.children(tok) if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            named = actors_mod.find_named(_phrase_text(subj), country)
            if not named or named[0][3] not in (2, 3, 4):
                continue
            if any(t.lemma_.lower() in deeds for t in doccache.subtree(tok) if t.i != tok.i):
                s, e = _phrase_span(subj)
                return Actor(named[0][2], named[0][3], "named", True, s, e, _text(doc)[s:e], country)
    return None


def _set_associated(ev: Event, inc: Incident, sents: list, text: str, country: str | None,
                    a2: Actor | None) -> None:
    """ACLED's associated actors: who the protesters or rioters are ("medical interns
    protested" -> Health Workers), and who the civilian victims are (journalists, farmers)."""
    lead = sents[min(inc.sents)]
    if ev.event_type in ("Protests", "Riots"):
        grp = actors_mod.find_social_group(lead.text, country, lead.start_char)
        if grp is not None:
            ev.assoc_actor_1 = grp.name
            ev.evidence.append(_ev("assoc_actor_1", text, grp.start, grp.end))
    elif ev.event_type == "Violence against civilians" or (a2 is not None and a2.klass == "civilians"):
        where = (a2.text, a2.start) if a2 is not None and a2.start >= 0 and a2.text else (lead.text, lead.start_char)
        grp = actors_mod.find_social_group(where[0], country, where[1])
        if grp is not None and ev.actor2 and ev.actor2.startswith("Civilians"):
            ev.assoc_actor_2 = grp.name
            ev.evidence.append(_ev("assoc_actor_2", text, grp.start, grp.end))


def _inherit_group(agent: Actor | None, agent_tok, doc) -> Actor | None:
    """'The militants' in an article about one named group are that group; 'unidentified
    gunmen' stay unidentified."""
    if agent is None or agent.klass != "armed" or agent_tok is None:
        return agent
    phrase = _phrase_text(agent_tok).lower()
    if any(w in phrase for w in _cues()["unidentified_words"]):
        return agent
    key = "_strife_named_groups"
    if key not in doc.user_data:
        doc.user_data[key] = [(n, i) for _, _, n, i in actors_mod.find_named(_text(doc)) if i in (2, 3)]
    named = doc.user_data[key]
    if not named:
        return agent
    names = [n for n, _ in named]
    top = max(dict.fromkeys(names), key=names.count)   # ties: the first named (not set order)
    if names.count(top) < 2 and len(set(names)) > 1:
        return agent
    inter = dict(named)[top]
    return Actor(top, inter, "named", True, agent.start, agent.end, agent.text, agent.country)


@lru_cache(maxsize=None)
def _property_words() -> frozenset[str]:
    return frozenset({"house", "home", "car", "vehicle", "building", "office", "church", "mosque", "clinic",
                      "store", "shop", "property", "door", "window", "residence", "truck", "headquarters"})


def _roles_for_type(event_type: str, sub: str, agent: Actor | None, target: Actor | None,
                    country: str | None, inc: Incident, doc) -> tuple[Actor | None, Actor | None]:
    """ACLED's actor conventions per type: protesters and rioters are their own actor1,
    violence against civilians has civilians as actor2."""
    cls = actors_mod.class_actor
    if event_type == "Protests":
        a2 = None
        if sub != "Peaceful protest":
            a2 = next((a for a in (agent, target) if a is not None and a.klass in ("police", "military", "government")), None) \
                or _find_class_in(inc, doc, ("police", "military"), country) or cls("police", country)
        return cls("protesters", country), a2
    if event_type == "Riots":
        # the police or army firing on the crowd are the other side, whoever the dead were
        a2 = _state_shooter(inc, country)
        if a2 is not None:
            return cls("rioters", country), a2
        a2 = target if target is not None and target.klass != "rioters" else None
        if a2 is None and agent is not None and agent.klass in ("police", "military"):
            a2 = agent
        if a2 is None:
            a2 = _find_class_in(inc, doc, ("police", "military"), country)
        if a2 is None and sub == "Mob violence":
            a2 = cls("civilians", country)
        return cls("rioters", country), a2
    if event_type == "Violence against civilians":
        a1 = agent if agent is not None and agent.klass not in ("civilians",) else None
        if a1 is None:
            a1 = cls("armed", country)
        return a1, cls("civilians", country)
    if sub == "Arrests":
        a1 = agent if agent is not None and agent.klass in ("police", "military", "government", "named") else \
            cls("police", country)
        return a1, target if target is not None and target is not a1 else cls("civilians", country)
    a1 = agent
    if a1 is None and event_type == "Battles":
        a1 = cls("armed", country)
    if a1 is None and sub in ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade",
                              "Shelling/artillery/missile attack"):
        a1 = cls("armed", country)
    if a1 is not None and a1.klass == "civilians" and event_type in ("Battles", "Explosions/Remote violence"):
        a1, target = cls("armed", country), target
    a2 = target if target is not None and (a1 is None or target.name != a1.name) else None
    if event_type == "Strategic developments" and sub in ("Change to group/activity", "Headquarters or base established",
                                                         "Other", "Agreement"):
        a2 = a2 if sub == "Agreement" else None
    return a1, a2


_TERRITORY_SUBTYPES = frozenset(("Non-state actor overtakes territory", "Government regains territory"))
_PHRASE_HEAD_DEPS = frozenset(("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr"))


def _opponent(a1: Actor, sub: str, inc: Incident, doc, country: str | None,
              location: str | None) -> Actor | None:
    """The other side of a battle whose trigger named only one ("its militants have been
    battling security forces"): the first armed actor other than actor1 in the incident's
    sentences. For territory taken or retaken, also in other sentences about the same
    place ("bodies of Iraqi soldiers lying in the streets of Ramadi"); the side that lost
    a town to a non-state group is the state's forces."""
    sents = _sents(doc)
    order = sorted(inc.sents)
    if sub in _TERRITORY_SUBTYPES and location:
        name = location.lower()
        order += [si for si, st in enumerate(sents) if si not in inc.sents and name in st.text.lower()]
    state_only = sub == "Non-state actor overtakes territory"
    state_a1 = a1.inter in (1, 8)
    speakers = set(places_mod.event_cues()["speaker_verbs"])
    for si in order:
        found: list[tuple[int, int, Actor]] = []   # (rank, position, actor)
        for t in sents[si]:
            if t.pos_ not in ("NOUN", "PROPN") or t.dep_ not in _PHRASE_HEAD_DEPS:
                continue
            if t.dep_ == "nsubj" and t.head.lemma_.lower() in speakers:
                continue   # "a military officer said": a source, not a side
            # the noun with what stands before it ("Iraq's military"), each conjunct on its own
            lo = min([t.i] + [c.left_edge.i for c in t.lefts])
            s, e = doc[lo].idx, t.idx + len(t.text)
            a = actors_mod.normalise_actor(doc[lo:t.i + 1].text, head=t.lemma_, country=country, start=s, end=e)
            if a is None or not a.armed or a.name == a1.name or a.klass == a1.klass == "armed":
                continue
            state = a.inter in (1, 8)
            if state_only and not state or state_a1 and state and a.country == a1.country:
                continue
            rank = 0 if (state or a.klass == "named") else 1
            found.append((rank, t.i, a))
        if found:
            return min(found, key=lambda f: (f[0], f[1]))[2]
    return None


_SHOOTING_CUES = frozenset({"attack", "kill", "injure", "clash", "intervention", "excessive"})


def _state_shooter(inc: Incident, country: str | None) -> Actor | None:
    """Police or soldiers who fire on, kill or wound people in the incident ("police opened
    fire on the mob", "two were killed in police firing", "shot dead by police")."""
    for t in inc.triggers:
        if not t.valid or t.cue not in _SHOOTING_CUES:
            continue
        agent, _ = _agent_and_target(t.head)
        if agent is None and t.head.dep_ == "pobj":   # "killed in police firing"
            agent = next((c for c in doccache.children(t.head) if c.dep_ in ("compound", "amod", "poss")), None)
        a = _actor_from(agent, country)
        if a is not None and a.klass in ("police", "military"):
            return a
    return None


def _find_class_in(inc: Incident, doc, classes: tuple[str, ...], country: str | None) -> Actor | None:
    sents = _sents(doc)
    for si in inc.sents:
        for t in sents[si]:
            if t.pos_ in ("NOUN", "PROPN"):
                a = actors_mod.normalise_actor(t.text, head=t.lemma_, country=country,
                                               start=t.idx, end=t.idx + len(t.text))
                if a is not None and a.klass in classes:
                    return a
    return None
