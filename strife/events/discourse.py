"""Discourse: which mentions in a story tell its news.

A story reports one or a few incidents and wraps them in background: running totals, earlier
attacks, the names of armed groups, what is not conflict at all. The event extractor asks
this module three questions, each answered from the rules in `data/events/discourse.json`:

- `news_status(trigger, ...)`: does this trigger mention tell a reported incident, or is it
  part of an organisation's name, a month word, a non-conflict death, or background dated
  weeks before publication?
- `running_total(sentence)`: are the counts in this sentence a total over many incidents
  ("the toll in the riots now stands at 600", "killed since January")? `summed_counts`
  also counts the lines of a casualty tally ("partial results: ... 47 persons have died").
- `review_events(events, published)`: events dated well before publication (history) or
  with impossible dates are not news.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from ..data import read_json
from ..models import Event
from ..nlp import doccache
from ..nlp.retrie import AnyOf


@lru_cache(maxsize=None)
def rules() -> dict[str, Any]:
    return read_json("events/discourse.json")


@lru_cache(maxsize=None)
def _words(key: str) -> frozenset[str]:
    return frozenset(rules()[key])


@lru_cache(maxsize=None)
def _word_pattern(key: str) -> re.Pattern[str]:
    words = sorted(rules()[key], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


@lru_cache(maxsize=None)
def _total_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in rules()["total_patterns"])


def _iso(d: str | None) -> date | None:
    try:
        return date.fromisoformat(d) if d else None
    except ValueError:
        return None


# --- totals ---------------------------------------------------------------------------

def running_total(sent) -> bool:
    """Counts in this sentence sum many incidents ("since January", "the war has killed",
    "according to official figures"): they are no single incident's toll."""
    low = doccache.span_lower(sent)
    if running_total_text(low) or campaign_spans(sent):
        return True
    rest = _rest_of_sentence(sent, low)
    return bool(rest) and bool(running_total_text(low + " " + rest))


def summed_counts(sent) -> bool:
    """Are this sentence's counts sums over many incidents: a running total, or a line of a
    casualty tally (whose act, "47 persons have died", may still tell of the campaign)?"""
    return running_total(sent) or in_tally(sent)


def _rest_of_sentence(sent, low: str) -> str:
    """The next sentence when the parser cut this one short (no closing stop and no line
    break: "killed by the FMLN" | "[Farabundo Marti ...] in seven of the 14 departments."),
    else ''."""
    if "\n" in low[-2:] or low.rstrip()[-1:] in (".", "!", "?", "\"", ":", "") or sent.end >= len(sent.doc):
        return ""
    sents = doccache.sentences(sent.doc)
    k = doccache.sent_index(sent.doc[sent.end])
    return doccache.span_lower(sents[k]) if sents[k].start == sent.end else ""


def in_tally(sent) -> bool:
    """A line of a casualty tally: the sentence counts something and follows a heading that
    announces totals ("I would like to announce some partial results.", "Number of FMLN
    casualties up until this morning:") through at most `tally_max_sentences` sentences, each
    with a number ("The armed forces have sustained 177 dead ... Among the terrorists there
    are 655 dead ... As for the civilians, 47 persons have died")."""
    doc = sent.doc
    heads = doc.user_data.get("_strife_tally_heads")
    if heads is None:   # sentences that announce a tally, found once per Doc
        heads = doc.user_data["_strife_tally_heads"] = _tally_heads(doc)
    if not heads or not _counts_something(doccache.span_lower(sent)):
        return False
    sents = doccache.sentences(doc)
    k = doccache.sent_index(doc[sent.start])
    for j in range(k - 1, max(-1, k - 1 - int(rules()["tally_max_sentences"])), -1):
        if j in heads:
            return True
        if not _counts_something(doccache.span_lower(sents[j])):
            return False
    return False


def _tally_heads(doc) -> frozenset[int]:
    heading = _tally_heading()
    if not heading.search(doccache.doc_lower(doc) or doccache.text_of(doc).lower()):
        return frozenset()
    return frozenset(j for j, s in enumerate(doccache.sentences(doc))
                     if heading.search(doccache.span_lower(s)))


@lru_cache(maxsize=None)
def _tally_heading() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in rules()["tally_headings"]))


def _counts_something(low: str) -> bool:
    """A digit or a number word ("177", "forty", "hundreds")."""
    return bool(_number_word_pattern().search(low))


@lru_cache(maxsize=None)
def _number_word_pattern() -> re.Pattern[str]:
    words = read_json("numbers/number_words.json")
    names = [w.lower() for table in ("units", "tens", "scales") for w in words[table]]
    return re.compile(r"\d|(?<!\w)(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True))
                      + r")s?(?!\w)")


def subject_verb(verb):
    """The verb that holds `verb`'s subject: itself, or the first of the verbs it is
    coordinated with when it has none of its own ("X has lasted ten years and killed 70,000")."""
    while verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i and \
            not any(c.dep_ in ("nsubj", "nsubjpass") for c in doccache.children(verb)):
        verb = verb.head
    return verb


PERFECT_ONLY = frozenset(("kill", "cause", "take"))   # "the violence killed two on Monday" can be one incident


def campaign_spans(sent) -> list[tuple[int, int]]:
    """Clauses whose subject is a campaign, not an incident ('the offensive launched on 12
    November has resulted in 305 dead', 'the fighting and bombings have left 1,000 dead'):
    character spans of the clause, whose counts sum many incidents."""
    verbs, nouns = _words("campaign_verbs"), _words("campaign_nouns")
    out = []
    if verbs.isdisjoint(doccache.lower_lemmas(sent.doc)[sent.start:sent.end]):
        return out   # no campaign verb in the sentence (the loop's first test)
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma not in verbs or tok.pos_ not in ("VERB", "AUX"):
            continue
        clause = subject_verb(tok)   # "violence that has lasted ten years and killed 70,000"
        kids = doccache.children(tok)
        if lemma in PERFECT_ONLY and not any(c.dep_ == "aux" and c.lemma_.lower() == "have"
                                             for c in set(kids) | set(doccache.children(clause))):
            continue
        kids = doccache.children(clause)
        subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
        if subj is not None and subj.dep_ == "csubj":   # "the offensive launched on ... has resulted in"
            subj = next((c for c in doccache.children(subj) if c.dep_ in ("nsubj", "nsubjpass")), None)
        if clause.dep_ == "relcl" and (subj is None or subj.lower_ in ("that", "which", "who")):
            subj = clause.head            # "the offensive, which has left 600 dead"
        if subj is None:
            continue
        heads = [subj] + [c for c in subj.conjuncts]
        heads += [o for h in list(heads) for p in doccache.children(h) if p.dep_ == "prep" and p.lower_ == "of"
                  for o in doccache.children(p) if o.dep_ == "pobj"]   # "a problem of violence that has killed"
        if any(h.lemma_.lower() in nouns or h.lower_ in nouns for h in heads):
            out.append((_span(tok)[0], sent.end_char))
    return out


def running_total_text(low: str) -> bool:
    """Does the lower-cased text match any of the `total_patterns`? (Asked several times of
    each sentence: the answers are kept.)"""
    hit = _TOTALS_SEEN.get(low)
    if hit is None:
        if len(_TOTALS_SEEN) >= 4096:
            _TOTALS_SEEN.clear()
        hit = _TOTALS_SEEN[low] = _any_total_pattern().search(low)
    return hit


_TOTALS_SEEN: dict[str, bool] = {}


@lru_cache(maxsize=None)
def _any_total_pattern() -> AnyOf:
    return AnyOf(_total_patterns())    # each pattern tried only on sentences with its words


# --- trigger mentions -----------------------------------------------------------------

def _capitalised(tok) -> bool:
    t = tok.text
    return bool(t[:1].isupper())


def in_organisation_name(tok) -> bool:
    """'LIBERATION' in 'FARABUNDO MARTI NATIONAL LIBERATION FRONT', 'Resistance' in 'Islamic
    Resistance Movement': a capitalised word followed, within a few capitalised words, by the
    head of an organisation's name."""
    if not _capitalised(tok) or tok.is_sent_start and tok.text.istitle() and not tok.text.isupper():
        return False
    # in upper-case text every word is capitalised: only words that name groups count
    if tok.text.isupper() and len(tok.text) > 1 and tok.lower_ not in _words("org_name_words_upper_case"):
        return False
    heads = _words("org_name_heads")
    doc = tok.doc
    gap = int(rules()["org_name_max_gap"])
    for k in range(tok.i + 1, min(len(doc), tok.i + 1 + gap)):
        w = doc[k]
        if not w.is_alpha and w.text not in ("-", "'s"):
            break
        if not _capitalised(w):
            break
        if w.lower_ in heads:
            return True
    return False


def is_month_word(tok) -> bool:
    """'March' the month ('in March', 'March 28', '28 MARCH 1989'), not a march."""
    low = tok.lower_
    if low not in _words("month_words"):
        return False
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if tok.ent_type_ == "DATE":
        return True
    if prev is not None and (prev.like_num or prev.lower_ in _words("date_preps")):
        return True
    if nxt is not None and nxt.like_num:
        return True
    return False


def violence_named(sent) -> bool:
    """Does the sentence name violence ("shot", "bomb", "militants", "clashes")?"""
    return bool(_word_pattern("conflict_words").search(doccache.span_lower(sent)))


def not_conflict(trig, sent) -> bool:
    """A bare casualty word in a sentence about disease, an accident or a disaster, with no
    sign of violence ('eight people died of an unidentified disease')."""
    if trig.cue not in _words("casualty_cues"):
        return False
    if not _word_pattern("not_conflict_words").search(doccache.span_lower(sent)):
        return False
    return not violence_named(sent)


def _clause_verb(tok):
    v = tok
    while v.dep_ != "ROOT" and v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
        v = v.head
    return v


def _span(v) -> tuple[int, int]:
    sub = doccache.subtree(v)
    return sub[0].idx, sub[-1].idx + len(sub[-1].text)


def _clause_span(tok) -> tuple[int, int]:
    """Character span of the clause the trigger sits in (its verb's subtree)."""
    return _span(_clause_verb(tok))


def _dated_clause(tok, dates: list) -> list:
    """The dates of the innermost clause around the trigger that has any ('when nine died'
    takes the date of the clause it hangs from)."""
    return _dated_clause_verb(tok, dates)[0]


def _dated_clause_verb(tok, dates: list) -> tuple[list, Any]:
    """`_dated_clause`'s dates and the verb of the clause they were found in."""
    v = _clause_verb(tok)
    asides = _aside_spans(v, tok)   # inside the trigger's own clause, at every level
    for _ in range(6):
        lo, hi = _span(v)
        found = [d for d in dates if lo <= d.start and d.end <= hi and
                 not any(a <= d.start and d.end <= b for a, b in asides)]
        if found or v.dep_ == "ROOT" or v.head.i == v.i:
            return found, v
        v = _clause_verb(v.head)
    return [], v


def _aside_spans(v, tok) -> list[tuple[int, int]]:
    """Character spans of relative clauses inside the trigger's own clause (verb `v`) that are
    about something other than the trigger ("Barillas, ambassador during an administration
    which began in 1986, was gunned down"): their dates are not the trigger's. A clause the
    trigger's own clause hangs in ("officers who shot X" in "the company that foiled the 3
    October coup") keeps its dates; so does a participle ("the murder of X, perpetrated in
    1986"), which the parser may hang on the wrong noun."""
    out = []
    for t in doccache.subtree(v):
        if t.dep_ == "relcl" and t.i != v.i and t.head.i != tok.i and \
                not (t.left_edge.i <= tok.i <= t.right_edge.i):
            out.append((t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)))
    return out


def background_date(tok, dates: list, published: str | None) -> bool:
    """The trigger's clause is dated explicitly weeks before publication ('on 25 August' in a
    mid-October story, 'in 1985'; two weeks are enough for a pluperfect clause, 'during the
    second week of December there had been clashes' in a January story), and names no
    recent date."""
    pub = _iso(published)
    if pub is None or not dates:
        return False
    dl = tok.doc.user_data.get("_strife_dateline")
    if dl is not None:   # when the story was filed, not when its clause happened
        dates = [d for d in dates if not (dl[0] <= d.start and d.end <= dl[1])]
    found, verb = _dated_clause_verb(tok, dates)
    plup = _pluperfect(_clause_verb(tok)) or _pluperfect(verb)
    max_age = int(rules()["pluperfect_max_age_days" if plup else "background_max_age_days"])
    old = recent = False
    for d in found:
        when = _iso(d.range_start) or _iso(d.date)
        if when is None:
            continue
        if d.historical or (pub - when).days > max_age:
            old = True
        else:
            recent = True
    return old and not recent


def _pluperfect(v) -> bool:
    """Is the clause of verb `v` in the pluperfect ("had attacked", "there had been clashes")?"""
    return v.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in v.children)


def _dated(tok, dates: list) -> bool:
    lo, hi = _clause_span(tok)
    return any(lo <= d.start and d.end <= hi for d in dates)


def _such(tok) -> bool:
    """'such bombings', 'such attacks': acts of a kind, not one incident."""
    return any(c.dep_ in ("det", "predet", "amod") and c.lower_ == "such" for c in tok.children)


def generic_mention(tok, dates: list) -> str:
    """A kind of act rather than an incident: a bare noun with no determiner, number or
    owner ('engage in kidnapping', 'bombings and artillery attacks'), a modifier of such a
    plural ('artillery attacks'), acts of a kind ('such bombings have destroyed homes'), an
    owner's plural acts named as an object ('complained of the air force's bombings'), or a
    verb in the simple present ('terrorists who attack students'); headlines and dated
    clauses are exempt."""
    if tok.i < 25 or _dated(tok, dates):   # a headline or lead is told in the present
        return ""
    if tok.pos_ == "NOUN":
        if _such(tok):
            return "generic (such acts)"   # "such bombings have destroyed thousands of homes"
        if tok.tag_ == "NNS" and tok.dep_ == "pobj" and \
                any(c.dep_ == "poss" and c.pos_ != "PRON" for c in tok.children) and \
                not any(c.dep_ in ("det", "nummod", "predet") for c in tok.children):
            return "generic (a kind of act, not one incident)"   # "complained of the air force's bombings"
        if tok.tag_ == "NNS" and tok.dep_ == "dobj" and tok.head.tag_ in ("VBP", "VBZ") and \
                tok.head.lemma_.lower() not in _words("statement_verbs") and \
                not any(c.dep_ in ("aux", "auxpass") for c in tok.head.children) and \
                not any(c.dep_ in ("nummod", "det") for c in tok.children):
            return "habitual (simple present)"   # "we continuously experience their cowardly attacks"
        if any(c.dep_ in ("det", "poss", "nummod", "predet") for c in tok.children):
            return ""
        if tok.dep_ == "nsubjpass" and tok.head.tag_ == "VBN" and \
                any(c.dep_ == "auxpass" and c.lower_ in ("is", "are") for c in tok.head.children) and \
                not any(c.dep_ == "aux" for c in tok.head.children):
            return "generic (a kind of act, not one incident)"   # "missiles are classified as"
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.tag_ in ("VBD", "VBN"):
            return ""   # "bombings killed 20"
        if tok.dep_ == "dobj" and tok.head.tag_ == "VBD":
            return ""   # "terrorists threw bombs at the homes of candidates": done, in the past
        if _in_past_deed(tok):
            return ""   # "14 guerrillas were killed in clashes with troops": the clashes of that day
        if tok.dep_ == "compound":
            # "artillery attacks": the modifier is as generic as the plural it modifies
            head = tok.head
            if head.pos_ == "NOUN" and head.tag_ == "NNS" and head.i != tok.i and \
                    head.lemma_.lower() in _words("deed_nouns") and \
                    not any(c.dep_ in ("det", "poss", "nummod", "predet", "amod") for c in head.children) and \
                    head.dep_ in ("dobj", "conj", "pobj"):
                return "generic (a kind of act, not one incident)"
            return ""
        return "generic (a kind of act, not one incident)"
    if tok.pos_ == "VERB":
        verb = subject_verb(tok)   # "such bombings have yielded refugees and destroyed homes"
        if any(c.dep_ == "nsubj" and c.pos_ == "NOUN" and _such(c) for c in verb.children):
            return "generic (such acts)"   # "such bombings have destroyed thousands of homes"
    if _imperative(tok):
        return "imperative (a command, or 'take, for instance')"
    if tok.pos_ == "VERB" and tok.tag_ == "VBG":
        # "bands of toughs roam the streets, waving guns, beating politicians": a participle
        # takes the tense of the verb it hangs on
        head = tok
        while head.tag_ == "VBG" and head.dep_ in ("advcl", "conj", "xcomp") and head.head is not head:
            head = head.head
        # a bare "VB" with no "to" is a present verb the parser hung on the subject noun
        # ("Bands of toughs ... roam the streets": roam/VB/acl of "Bands")
        present = head.tag_ in ("VBP", "VBZ") or (head.tag_ == "VB" and head.dep_ in ("ROOT", "acl"))
        if head is not tok and head.i >= 25 and present \
                and not any(c.dep_ in ("aux", "auxpass", "mark") for c in head.children):
            return "habitual (simple present)"
    if tok.pos_ == "VERB" and tok.tag_ in ("VBP", "VBZ"):
        if any(c.dep_ in ("aux", "auxpass") for c in tok.children):
            return ""
        return "habitual (simple present)"
    if tok.pos_ == "VERB" and tok.tag_ == "VB" and tok.dep_ == "conj" and \
            not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        # "bandits, who raid villages, steal cattle and kidnap residents": a base form joined
        # to a bare present shares its tense
        head = tok.head
        while head.dep_ == "conj" and head.tag_ == "VB" and head.head.i != head.i:
            head = head.head
        if head.tag_ in ("VBP", "VBZ") and head.i >= 25 and \
                not any(c.dep_ in ("aux", "auxpass") for c in head.children):
            return "habitual (simple present)"
    return ""


def _in_past_deed(tok) -> bool:
    """A plural after 'in'/'during' (or 'as' before a captive noun) on a verb in the simple
    past or the pluperfect, active or passive ('were killed in clashes with troops', 'died in
    clashes', 'had seized the residents as hostages'): the acts of that one occasion. A
    present perfect ('have been killed in clashes') is left to the other tests: a total."""
    prep = tok.head
    if tok.dep_ != "pobj" or not (prep.lower_ in _words("past_deed_prepositions") or
                                  (prep.lower_ == "as" and tok.lemma_.lower() in _words("past_deed_as_nouns"))):
        return False
    verb = prep.head
    if verb.dep_ == "dobj" and verb.head.pos_ == "VERB":
        verb = verb.head   # "seized the residents as hostages", the phrase attached to the object
    if prep.dep_ != "prep" or verb.pos_ != "VERB":
        return False
    auxes = [c for c in doccache.children(verb) if c.dep_ in ("aux", "auxpass")]
    if not auxes and verb.dep_ == "conj" and verb.tag_ == "VBN":
        # "had entrenched themselves ... and had seized": the first verb's auxiliary
        auxes = [c for c in doccache.children(verb.head) if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBD":
        return not auxes
    # "were killed in clashes", "had seized the residents as hostages"
    return verb.tag_ == "VBN" and bool(auxes) and \
        all((c.dep_ == "auxpass" and c.lower_ in ("was", "were")) or (c.dep_ == "aux" and c.lower_ == "had")
            for c in auxes)


def _imperative(tok) -> bool:
    """A base-form verb opening its sentence with no subject and no auxiliary: a command or
    an aside ("Take, for instance, ..."; "Stop the killing"), not a report of an act."""
    if tok.tag_ != "VB" or tok.dep_ != "ROOT":
        return False
    sent = doccache.sent_of(tok)
    first = next((t for t in sent if not t.is_punct), None)
    return first is not None and first.i == tok.i and \
        not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl") for c in doccache.children(tok))


BACKGROUND = "background (dated weeks before publication)"
NOT_CONFLICT = "not conflict (disease, accident or disaster)"
RUNNING_TOTAL = "running total (deaths summed over many incidents)"
RECORD = "a party's record (no date)"   # "an army that murdered thousands": who a party is, no incident


def _dated_recently(sent, dates: list, published: str | None) -> bool:
    """The sentence names a day of its own within the week before publication ('on Monday'),
    not as the start of a period ('since Monday')."""
    pub = _iso(published)
    if pub is None:
        return False
    text = doccache.doc_text(sent.doc)
    for d in dates:
        when = _iso(d.date)
        if when is None or d.precision != "day" or not 0 <= (pub - when).days <= 7:
            continue
        before = text[max(0, d.start - 12): d.start].lower()
        if re.search(r"\b(since|from|till|until)\s+(\w+\s+)?$", before):
            continue
        if _told_on(sent, d.start):
            continue   # "had given a death toll of 514 on Monday evening": when it was told
        return True
    return False


def _told_on(sent, start: int) -> bool:
    """Is the date at `start` the day a figure was given, said or revised (its clause's verb
    is a statement verb), not the day of the deaths?"""
    tok = next((t for t in sent if t.idx <= start < t.idx + len(t.text)), None)
    while tok is not None and tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok is not None and tok.lemma_.lower() in _words("statement_verbs")


def total_mention(trig, sent, dates: list, published: str | None) -> bool:
    """A bare casualty word ('killed', 'died') in a sentence that sums many incidents ('80
    people have been killed in police firing so far'), with no recent day of its own: the
    count is a running total (see `tolls`), not an incident."""
    tok = trig.head
    # a passive act counts the dead when its subject is a number of people, not "a blogger"
    passive = tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children) and \
        any(c.dep_ == "nsubjpass" and (c.tag_ in ("NNS", "NNPS", "CD") or
                                       any(g.dep_ == "nummod" for g in c.children))
            for c in tok.children)
    if trig.cue not in _words("casualty_cues") and not passive:
        return False   # "1,000 of its members have been murdered since ...": a passive act counts the dead
    return running_total(sent) and not _dated_recently(sent, dates, published)


def background_reason(reason: str) -> bool:
    """Does this not-an-incident reason put the whole sentence outside the story's news (its
    counts belong to no incident told elsewhere)?"""
    return reason in (BACKGROUND, NOT_CONFLICT, RUNNING_TOTAL, RECORD, "history")


COMMENTARY = "commentary (no date, place or number of its own)"
TOLD_BACK = "background (told back to an earlier incident)"


def share_verb_status(triggers: list) -> None:
    """'47 civilians were killed in attacks across the country last week': a bare plural deed
    noun after a preposition on a killing verb that sums many incidents (or is history)
    belongs to that sum, whatever the noun alone would say."""
    by_head = {t.head.i: t for t in triggers}
    for t in triggers:
        tok = t.head
        if not t.valid or tok.dep_ != "pobj" or tok.head.dep_ != "prep" or tok.tag_ != "NNS" or \
                any(c.dep_ in ("det", "nummod", "poss") for c in doccache.children(tok)):
            continue   # "wounded in two clashes between guerrillas and soldiers" names its clashes
        verb = by_head.get(tok.head.head.i)
        if verb is not None and not verb.valid and verb.reason in (RUNNING_TOTAL, BACKGROUND, "history"):
            t.valid, t.reason = False, verb.reason


def told_back_to_history(triggers: list, sents: list, text: str, dates_of, published: str | None) -> None:
    """'... the 2016 bombing of a concert hall, which killed 19 people. The bomber, who blew
    himself up in the lobby, also died.': a sentence with no date of its own whose subject is
    'the bomber' (told_back_doer_nouns), right after violence told only as history (dated
    weeks before publication, in the same paragraph), tells that history too.
    `dates_of(sent)` lists a sentence's dates."""
    by_sent: dict[int, list] = {}
    for t in triggers:
        by_sent.setdefault(t.sent_index, []).append(t)
    old = {id(t) for t in triggers if not t.valid}   # as found before this step: no chains
    doers = _words("told_back_doer_nouns")
    for si in sorted(by_sent):
        now = [t for t in by_sent[si] if t.valid and t.family == "violence"]
        if not now or dates_of(sents[si]):
            continue
        prev = next((p for p in range(si - 1, max(-1, si - 3), -1)
                     if any(t.family == "violence" for t in by_sent.get(p, ()))), None)
        if prev is None or "\n\n" in text[sents[prev].end_char: sents[si].start_char]:
            continue
        before = [t for t in by_sent[prev] if t.family == "violence"]
        if not all(id(t) in old for t in before):
            continue
        if not all((t.reason or "") in (BACKGROUND, "history") for t in before) and \
                not any(background_date(t.head, dates_of(sents[prev]), published) for t in before):
            continue   # "helping to plan the 2016 bombing": whatever else it is, dated long ago
        if not any(tok.lemma_.lower() in doers and tok.dep_ in ("nsubj", "nsubjpass") and
                   any(c.dep_ == "det" and c.lower_ == "the" for c in doccache.children(tok))
                   for tok in sents[si]):
            continue
        for t in by_sent[si]:
            if t.valid:
                t.valid, t.reason = False, TOLD_BACK



def _anchored(sent, dates: list, place_spans) -> bool:
    """Does the sentence tie what it says to this world: a date, a place, a number?"""
    if dates:
        return True
    lo, hi = sent.start_char, sent.end_char
    if any(lo <= s < hi for s, _ in place_spans):
        return True
    return any(t.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME") or t.like_num and t.dep_ in ("nummod", "quantmod") or any(ch.isdigit() for ch in t.text)
               for t in sent)


def commentary(trig, sent, dates: list, place_spans=()) -> bool:
    """Talk about violence rather than a report of it: with no date, place or number of its
    own, a sentence in the first or second person ('we are not bombing'), negated or taking
    a stance ('he denied that the army is bombing', 'we want an end to the bomb explosions'),
    or naming the act as a kind ('the arrests, the bombings') or in the present tense ('a
    regime which is bombing the cities')."""
    tok = trig.head
    if _anchored(sent, dates, place_spans):
        return False
    if any(t.lower_ in _words("commentary_persons") for t in sent):
        return True
    if sent.text.rstrip(" \"'\u201d)").endswith("?"):
        return True   # "Is it because he was a communist and therefore murdered?"
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no")
           for a in (tok, *tok.ancestors) for c in a.children):
        return True   # "we are not bombing", "cannot continue to finance ... bombing"
    stance = _words("commentary_stance_verbs")
    if any(a.lemma_.lower() in stance for a in tok.ancestors):
        return True
    if tok.tag_ == "VBZ" and any(a.dep_ == "relcl" for a in (tok, *tok.ancestors)):
        return True   # "a government which murders its critics": what it does, not a deed
    if tok.i < 25:   # a headline or lead names its incident in the present
        return False
    if tok.tag_ == "NNS" and not any(c.dep_ in ("nummod", "poss") for c in tok.children) and \
            _clause_verb(tok).tag_ not in ("VBD", "VBN"):   # "threw stones", "clashes were reported"
        return True
    if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.lower_ in ("is", "are", "am") for c in tok.children) \
            and not any(c.dep_ == "aux" for c in tok.children):
        return True   # "suspects are immediately executed": what happens, not what happened
    if tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("have", "has", "'ve") for c in tok.children) and \
            any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in tok.children):
        return True   # "they have killed many people": a record held against them, no deed told
    if tok.pos_ == "VERB":
        if tok.tag_ == "VBZ":   # not VBP: the tagger reads "set", "hit", "put" as present
            return True
        if tok.tag_ == "VBG" and tok.dep_ == "relcl" and \
                any(c.dep_ == "aux" and c.lower_ in ("is", "are", "am") for c in tok.children):
            return True   # "a regime which is bombing the cities"
    return False


ONGOING = "ongoing (present progressive, no time of its own)"
QUESTION = "question"
WHAT_IT_IS = "what an act is (subject of 'is'), not a report"


def ongoing_mention(tok, dates: list) -> bool:
    """A deed told as going on, with no day or time of its own ("the air force is bombing
    the neighbourhoods", "our members are being murdered", "the army keeps bombing", "they
    continue to machinegun and bomb the civilian population"): a state of affairs, a charge
    or a complaint, not a report of one incident. The lead is exempt (a headline is told in
    the present)."""
    if tok.i < 25 or tok.pos_ != "VERB" or _dated(tok, dates) or _timed(tok):
        return False
    aux = _words("ongoing_aux")
    kids = doccache.children(tok)
    if tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in aux for c in kids):
        return True   # "is bombing"
    if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.lower_ == "being" for c in kids) and \
            any(c.dep_ == "aux" and c.lower_ in aux for c in kids):
        return True   # "are being murdered"
    if tok.tag_ == "VBN" and tok.dep_ == "acl" and any(c.dep_ == "auxpass" and c.lower_ == "being" for c in kids) and \
            not any(c.dep_ == "aux" for c in kids) and tok.head.dep_ in ("attr", "nsubj") and \
            tok.head.head.lemma_.lower() == "be" and tok.head.head.tag_ in ("VBP", "VBZ"):
        return True   # "there are officers being killed on the battlefields"
    if tok.tag_ == "VBG" and tok.dep_ in ("dobj", "xcomp") and tok.head.lemma_.lower() in _words("ongoing_verbs") and \
            tok.head.tag_ in ("VBP", "VBZ") and not any(c.dep_ in ("aux", "auxpass") for c in doccache.children(tok.head)) \
            and not _dated(tok.head, dates):
        return True   # "the army keeps bombing" (the gerund read as the object)
    verb = subject_verb(tok)   # "continue to machinegun and bomb": the verb the infinitive hangs on
    if verb.dep_ in ("xcomp", "ccomp") and verb.tag_ in ("VB", "VBG") and verb.head.i != verb.i:
        head = verb.head
        if head.lemma_.lower() in _words("ongoing_verbs") and head.tag_ in ("VBP", "VBZ") and \
                not any(c.dep_ in ("aux", "auxpass") for c in doccache.children(head)) and not _dated(head, dates):
            return True
    return False


def _timed(tok) -> bool:
    """Does the trigger's clause name a time of day ('at this time of the night', 'this
    morning', 'tonight')? A deed going on at such a time is reported live."""
    words = _words("ongoing_time_words")
    return any(t.lower_ in words for t in doccache.subtree(_clause_verb(tok)))


def what_it_is(tok, dates: list) -> bool:
    """Deeds named as the subject of 'are' ("the kidnappings are an attempt to justify a strong
    hand", "those bombs are bombs supplied by the embassy", "the missiles are aggressions"):
    what acts are or mean, said of acts told elsewhere or of none. One incident ("this attack
    is part of a campaign") may be the story's own; the lead and dated clauses are exempt."""
    if tok.i < 25 or tok.pos_ != "NOUN" or _dated(tok, dates):
        return False
    node = tok
    while node.dep_ == "conj" and node.head.pos_ == "NOUN" and node.head.i != node.i:
        node = node.head   # "the setting of explosives and the kidnappings are"
    verb = node.head
    plural = node.tag_ == "NNS" or any(c.dep_ == "conj" for c in doccache.children(node))
    if not (plural and node.dep_ == "nsubj" and verb.lemma_.lower() == "be"):
        return False
    preds = [c for c in doccache.children(verb) if c.dep_ in ("attr", "acomp")]
    # "torture, murder and disappearances were methods adopted by the government": kinds, in any tense
    return bool(preds) and (verb.tag_ == "VBP" or any(c.lemma_.lower() in _words("kind_nouns") for c in preds))


def question(tok, sent) -> bool:
    """An incident named in a question ("do you think that this attack was committed by ...?",
    "has he forgotten the assassinations ...?") is asked about, not reported; the lead is
    exempt, and so is a deed told by a verb ("how can they talk of peace when people are
    being murdered?" still tells the murders)."""
    return tok.i >= 25 and tok.pos_ == "NOUN" and sent.text.rstrip(" \"'\u201d)]\n").endswith("?")


def news_status(trig, sent, dates: list, published: str | None, place_spans=()) -> str:
    """'' when the trigger mention can tell an incident of this story, else why not."""
    tok = trig.head
    if in_organisation_name(tok):
        return "part of an organisation's name"
    if is_month_word(tok):
        return "month name"
    if not_conflict(trig, sent):
        return NOT_CONFLICT
    if background_date(tok, dates, published):
        return BACKGROUND
    if total_mention(trig, sent, dates, published):
        return RUNNING_TOTAL
    if commentary(trig, sent, dates, place_spans):
        return COMMENTARY
    if question(tok, sent):
        return QUESTION
    if trig.family in _words("ongoing_families") and ongoing_mention(tok, dates):
        return ONGOING
    if what_it_is(tok, dates):
        return WHAT_IT_IS
    return generic_mention(tok, dates)


# --- events ---------------------------------------------------------------------------

def _explicit_date(ev: Event) -> bool:
    return any(e.field == "event_date" for e in ev.evidence)


def review_events(events: list[Event], published: str | None) -> list[Event]:
    """Drop events whose own explicit date lies weeks before publication (history told as
    background); clear impossible dates (before `oldest_year`, or after publication) and
    tolls no single incident has (over `max_incident_fatalities`)."""
    pub = _iso(published)
    max_age = int(rules()["background_max_age_days"])
    oldest = int(rules()["oldest_year"])
    out = []
    for ev in events:
        when = _iso(ev.event_date)
        if when is not None and (when.year < oldest or (pub is not None and (when - pub).days > 1)):
            ev.event_date, ev.date_precision = None, None
            ev.evidence = [e for e in ev.evidence if not e.field.startswith("event_date")]
            when = None
        if when is not None and pub is not None and _explicit_date(ev) and (pub - when).days > max_age:
            continue
        if ev.fatalities > int(rules()["max_incident_fatalities"]):   # a war's toll, or a misread
            ev.fatalities, ev.fatalities_low, ev.fatalities_high = 0, None, None
            ev.evidence = [e for e in ev.evidence if not e.field.startswith("fatalities")]
        out.append(ev)
    return out
