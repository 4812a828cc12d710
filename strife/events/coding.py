"""Step 4: the ACLED event type and sub-type of an incident, from its cues and actors."""
from __future__ import annotations

from ..nlp import doccache
from .actors import Actor
from .incidents import Incident
from .lexicon import EVENT_TYPE_OF, METHOD_SUBTYPES, _cues
from .phrases import _actor_from, _agent_and_target
from .triggers import Trigger

PROTEST_GROUPS = {"protest"}


def _someone_else(t: Trigger, taken: set[str]) -> bool:
    """'abducted 80 students, killing a police officer': the killing names a victim of its own,
    by a noun that is not the one seized ('kidnapped a chief and killed him' names him)."""
    victims = [o for o in doccache.children(t.head) if o.dep_ in ("dobj", "nsubjpass")]
    return bool(victims) and all(o.pos_ in ("NOUN", "PROPN") and o.lemma_.lower() not in taken
                                 for o in victims)


def _at_crowd(t: Trigger) -> bool:
    """An excessive-force cue that names the crowd it fired on ("opened fire on protesters"),
    not only the ammunition ("live rounds")."""
    return any(w in t.text.lower() for w in _cues()["crowd_target_words"])


def classify_incident(inc: Incident, agent: Actor | None, target: Actor | None,
                      label_hint: str | None = None) -> tuple[str, Trigger]:
    """ACLED sub-type of an incident, and the trigger that decided it."""
    lead_sent = min(t.sent_index for t in (inc.strong or inc.triggers))
    later_ok = {"protest", "riot", "intervention", "excessive", "arrest", "kill", "injure", "mob"}
    trigs = [t for t in inc.triggers if t.sent_index == lead_sent or t.cue in later_ok]
    cues = {t.cue for t in trigs}
    anchor_sent = lead_sent
    first = [t for t in trigs if t.sent_index == anchor_sent] or trigs
    by = {c: [t for t in trigs if t.cue == c] for c in cues}

    def pick(*names: str) -> Trigger:
        for t in first:
            if t.cue in names:
                return t
        for t in trigs:
            if t.cue in names:
                return t
        return trigs[0]

    if label_hint and label_hint in EVENT_TYPE_OF:
        return label_hint, pick(*cues) if cues else trigs[0]
    crowd = agent is not None and agent.klass in ("rioters",)
    if "intervention" in cues or "arrest" in cues:
        # police action counts only when aimed at the protest, not an arrest it is about
        keep = [t for t in trigs if t.cue not in ("intervention", "arrest") or _aimed_at_protest(t)]
        if "protest" in cues and len(keep) < len(trigs):
            trigs = keep
            cues = {t.cue for t in trigs}
    if "protest" in cues:
        # violence told inside what the protest is about ("for the replacement of a burnt
        # transformer", "the family of a constable who was shot dead") is no rioting
        told = [t for t in trigs if t.cue not in ("riot", "destroy", "attack", "clash", "kill") or _told_as_deed(t)]
        tcues = {t.cue for t in told}
        if "riot" in tcues or ("destroy" in tcues and _rioting(told)) or \
                (tcues & {"attack", "clash"} and _rioting(told)):
            return "Violent demonstration", pick("riot", "protest")
        if "excessive" in cues or ("kill" in cues and ("intervention" in cues or _state_shoots(trigs))):
            return "Excessive force against protesters", pick("excessive", "kill", "protest")
        if any(t.cue in ("intervention", "arrest") for t in trigs if t.cue != "intervention" or _aimed_at_protest(t)):
            return "Protest with intervention", pick("protest")
        return "Peaceful protest", pick("protest")
    if "excessive" in cues and any(_at_crowd(t) for t in by["excessive"]) and not crowd:
        # "security forces opened fire on protesters": force against a protest the cue names
        return "Excessive force against protesters", pick("excessive")
    if "mob" in cues:
        return "Mob violence", pick("mob")
    if "riot" in cues and not (cues & {"air", "shelling", "ied", "suicide"}):
        if crowd and not any(t.head.lemma_.lower() in ("riot", "rioter", "rioting") for t in by["riot"]):
            return "Mob violence", pick("riot")
        return "Violent demonstration", pick("riot")
    civil_agent = agent is not None and agent.klass in ("civilians", "rioters", "protesters")
    if "disrupted" in cues:
        # weapons seized in the fighting the sentence tells are spoils of the battle
        seized_in_fight = "clash" in cues and all(
            t.head.lemma_.lower() in _cues()["inventory_verbs"] and
            any(c.cue == "clash" and c.sent_index == t.sent_index for c in trigs) for t in by["disrupted"])
        if not seized_in_fight and not all(_aircraft_downed(t) for t in by["disrupted"]):
            return "Disrupted weapons use", pick("disrupted")
        cues = cues | {"clash"}   # "the rebels shot down an army helicopter": fighting
    methods = [t for t in first if t.cue in dict(METHOD_SUBTYPES)] or \
        [t for t in trigs if t.cue in dict(METHOD_SUBTYPES)]
    if methods and _light_arms_fight(methods):
        methods, cues = [], cues | {"rpg"}   # "attacked the post with rifles and rocket launchers"
    # an explicit clash or small-arms exchange in the lead sentence is a battle even when
    # artillery or a mine is named in it; air strikes and suicide bombs keep their method
    if methods and any(t.cue == "clash" for t in first) and \
            not any(t.cue in ("air", "suicide", "chemical") for t in methods):
        methods = []
    if methods:
        order = [c for c, _ in METHOD_SUBTYPES]
        if "suicide" in {t.cue for t in methods}:
            best = next(t for t in methods if t.cue == "suicide")
        elif "chemical" in {t.cue for t in methods}:
            best = next(t for t in methods if t.cue == "chemical")
        else:
            # the method named first, air before shelling when both are in one phrase
            best = min(methods, key=lambda t: (t.start, order.index(t.cue)))
            # "military planes and helicopter gunships bombed towns": the aircraft did the bombing
            flown = _bombed_by_aircraft(methods)
            if flown is not None:
                best = flown
        sub = dict(METHOD_SUBTYPES)[best.cue]
        # an "attack" that merely uses an explosive word in passing stays remote violence
        return sub, best
    if "capture" in cues or "regain" in cues:
        trig = pick("regain", "capture")
        state = agent is not None and agent.inter in (1, 8)
        if trig.cue == "regain" or state:
            if state or agent is None:
                return "Government regains territory", trig
        return "Non-state actor overtakes territory", trig
    if "sexual" in cues:
        return "Sexual violence", pick("sexual")
    if "abduct" in cues:
        if agent is not None and agent.klass in ("police",) and "arrest" in cues:
            return "Arrests", pick("arrest")
        # "seized the mayor and shot him", "kidnapped a chief and killed him": ACLED codes the
        # killing (GTD keeps the hostage taking, see gtd.py)
        taken = {t.sent_index for t in by["abduct"]}
        harm = set(_cues()["abducted_then_harmed_verbs"])
        taken_lemmas = {o.lemma_.lower() for t in by["abduct"]
                        for o in doccache.children(t.head) if o.dep_ in ("dobj", "nsubjpass")}
        killed = [t for c in ("kill", "attack") for t in by.get(c, ())
                  if t.sent_index in taken and t.head.pos_ == "VERB" and
                  (c == "kill" or t.head.lemma_.lower() in harm) and not _someone_else(t, taken_lemmas)]
        if killed:
            return "Attack", killed[0]
        return "Abduction/forced disappearance", pick("abduct")
    violent = cues & {"clash", "attack", "kill", "injure", "rpg"}
    if "loot" in cues and not (violent & {"clash", "attack"}):
        return "Looting/property destruction", pick("loot")
    if violent:
        trig = pick("clash", "rpg", "attack", "kill", "injure")
        # unarmed people fighting each other or the police are rioters, not a battle
        if crowd or (civil_agent and not (target is not None and target.klass in ("named", "armed", "gang", "militia"))
                     and not (agent is not None and agent.klass == "civilians" and _armed_deed(trigs))):
            return "Mob violence", trig
        if "clash" in cues or "rpg" in cues:
            if target is not None and not target.armed and target.klass not in ("named",) \
                    and not (agent is not None and agent.klass in ("civilians",)):
                return "Attack", trig
            return "Armed clash", trig
        if target is not None and target.armed:
            return "Armed clash", trig
        if agent is not None and agent.klass in ("civilians",) and target is None:
            return "Attack", trig
        return "Attack", trig
    # an arson told before the arrest it led to is the arson ("set fire to a factory ... police
    # arrested a man"); an arrest told first is the arrest ("arrested two men for torching")
    if "arrest" in cues and not ("destroy" in cues and pick("destroy").start < pick("arrest").start):
        return "Arrests", pick("arrest")
    if "destroy" in cues:
        if crowd:
            return "Mob violence", pick("destroy")
        if target is not None and target.klass in ("military", "police") and \
                (agent is None or agent.armed and agent.klass != target.klass) and \
                (target.text or "").lower().split()[-1:] and \
                target.text.lower().split()[-1] in _cues()["military_equipment_nouns"]:
            # "guerrillas destroyed two army tanks", "an army helicopter was damaged": fighting
            # between armed sides, not looting
            return "Armed clash", pick("destroy")
        return "Looting/property destruction", pick("destroy")
    if "agreement" in cues:
        return "Agreement", pick("agreement")
    if "hq" in cues:
        return "Headquarters or base established", pick("hq")
    if "withdraw" in cues:
        return "Non-violent transfer of territory", pick("withdraw")
    if "change" in cues:
        return "Change to group/activity", pick("change")
    return "Other", trigs[0]


_DESCRIPTIVE_DEPS = frozenset(("amod", "relcl", "acl", "pcomp", "compound", "nmod", "appos", "poss"))
_BACKGROUND_PREPS = frozenset(("after", "against", "over", "of", "for", "about", "following", "since"))


def _told_as_deed(t: Trigger) -> bool:
    """Is the trigger a deed the sentence reports, not a word describing someone or
    something ("a burnt transformer", "culprits torching their stock", "the riots in the
    prisons last week" after "after")?"""
    x = t.head
    for _ in range(10):
        if x.dep_ == "amod":   # "blocked the road with burning tyres": the burning is done
            n = x.head
            while n.dep_ == "conj" and n.head.i != n.i:
                n = n.head
            if n.dep_ == "pobj" and n.head.lower_ == "with":
                x = n.head.head
                continue
        if x.dep_ in _DESCRIPTIVE_DEPS:
            return False
        if x.dep_ == "pobj" and x.head.lower_ in _BACKGROUND_PREPS:
            return False
        if x.dep_ == "ROOT" or x.head.i == x.i:
            return True
        x = x.head
    return True


def _aimed_at_protest(t: Trigger) -> bool:
    """A dispersal or arrest by police, or of the protesters ("they were detained")."""
    if t.cue == "intervention":
        h = t.head   # "the crowd dispersed in the evening": they left, nobody broke them up
        if h.pos_ == "VERB" and not any(c.dep_ in ("dobj", "nsubjpass", "agent") for c in doccache.children(h)):
            subj = next((c for c in doccache.children(h) if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lemma_.lower() in _cues()["crowd_nouns"]:
                return False
        return True
    if t.head.pos_ != "VERB":   # "his arrest" names a grievance, not police action
        return False
    agent, target = _agent_and_target(t.head)
    a = _actor_from(agent, None)
    if a is not None and a.klass in ("police", "military", "government"):
        return True
    if target is not None:
        lemma = target.lemma_.lower()
        if lemma in ("they", "protester", "protestor", "demonstrator", "participant", "activist",
                     "organiser", "organizer", "marcher", "student", "worker", "some", "several", "many"):
            return True
        if target.pos_ == "NUM" or any(c.pos_ == "NUM" for c in doccache.children(target)):
            return True
    return agent is None and target is None
 

def _state_shoots(trigs: list[Trigger]) -> bool:
    for t in trigs:
        if t.cue in ("kill", "attack"):
            a, _ = _agent_and_target(t.head)
            actor = _actor_from(a, None)
            if actor is not None and actor.klass in ("police", "military"):
                return True
    return False


def _rioting(trigs: list[Trigger]) -> bool:
    """Do the protesters themselves turn violent (not the police against them)?"""
    for t in trigs:
        if t.cue in ("destroy", "attack", "riot"):
            a, _ = _agent_and_target(t.head)
            actor = _actor_from(a, None)
            if actor is None or actor.klass not in ("police", "military"):
                return True
    return False


_ARMED_DEEDS = frozenset(("shoot", "gun", "assassinate", "murder", "execute", "machinegun", "machine-gun", "snipe"))


def _armed_deed(trigs: list[Trigger]) -> bool:
    """'two men on a motorcycle shot him', 'was murdered by four people': a shooting or a
    murder by unnamed people is an armed group's attack, not a mob's violence."""
    return any(t.head.lemma_.lower() in _ARMED_DEEDS or t.text.lower().startswith(("shot", "gunned", "opened fire"))
               for t in trigs if t.cue == "attack")


def _aircraft_downed(t: Trigger) -> bool:
    """'shot down an army helicopter', 'a plane was shot down': a manned aircraft downed (a
    drone or a missile shot down is disrupted weapons use)."""
    planes = _cues()["manned_aircraft_nouns"]
    return t.head.lemma_.lower() == "shoot" and any(
        c.dep_ in ("dobj", "nsubjpass") and (c.lower_ in planes or c.lemma_.lower() in planes)
        for c in doccache.children(t.head))


def _light_arms_fight(methods: list[Trigger]) -> bool:
    """Every weapon named is a shoulder-fired launcher ('RPG-7 rocket launchers', 'grenade
    launchers') and the sentence names small arms beside it ('with rifles and rocket
    launchers'): infantry fighting, not shelling."""
    cues = _cues()
    launchers = cues["light_launcher_nouns"]
    for t in methods:
        words = t.text.lower().split()
        after = t.head.doc[t.head.i + 1] if t.head.i + 1 < len(t.head.doc) else None
        if not (words[-1] in launchers or (after is not None and after.lower_ in launchers)):
            return False
    sent = doccache.sent_of(methods[0].head)
    arms = cues["small_arms_words"]
    low = sent.text.lower()
    return any(tok.lower_ in arms for tok in sent) or any(" " in w and w in low for w in arms)


def _bombed_by_aircraft(methods: list) -> object | None:
    """An air trigger inside the subject of a bombing verb ("planes and gunships bombed the
    villages"): the bombing was from the air."""
    for t in methods:
        if t.cue != "ied" or t.head.pos_ != "VERB":
            continue
        subj = {w.i for c in doccache.children(t.head) if c.dep_ == "nsubj" for w in c.subtree}
        for a in methods:
            if a.cue == "air" and a.head.i in subj:
                return a
    return None
