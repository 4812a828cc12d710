"""Scoring strife on IndiaPoliceEvents (Times of India, March 2002, mostly lower case).

The gold says, per story and per sentence, whether the police killed, used force, arrested
or failed to act. strife's events are read as those actions under
`strife/data/evaluation/policeevents.json` (an event involving the police that kills is a
police killing, and so on). Rules (also written in docs/accuracy.md):
- Story level: police killing, police force and police arrest detected vs the adjudicated
  story labels: precision, recall, F1 over stories. A story's police killings are read from
  its events (the police act and people die) and from its casualty statements
  (`result.tolls`: "99 persons have been killed in police firing"), running totals included,
  since the gold asks whether the story reports police killings at all.
- Sentence level: for each story where strife finds a police killing (or force), the
  sentences its evidence for those events comes from (the type trigger and the fatality
  count); agreement = share of those sentences the gold labels with the same action (KILL,
  or FORCE/KILL). Coverage = share of gold KILL (FORCE) sentences strife takes evidence from.
- Counters: every story is about India, so an event placed in another country counts as
  outside; the gold gives no counts, so no absurd tolls or duplicates are counted; running
  tolls ("the toll now stands at 667") and events over 30 days before publication are.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..data import read_json
from ..models import Event
from .news import (
    WORST_STORIES,
    Story,
    StoryCounts,
    count_story,
    counter_problems,
    event_sentence,
    prf,
    problem,
    summarise_counts,
    worst_stories,
)

ACTIONS = ("kill", "force", "arrest")
_GOLD_KEY = {"kill": "police_kill", "force": "police_force", "arrest": "police_arrest"}
_SENT_LABELS = {"kill": {"KILL"}, "force": {"FORCE", "KILL"}}
STORY_COUNTRY = "IN"


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    raw = read_json("evaluation/policeevents.json")
    words = sorted(raw["police_words"], key=len, reverse=True)
    return {
        "police": re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE),
        "force": {s.lower() for s in raw["force_sub_event_types"]},
        "intervention": {s.lower() for s in raw["intervention_sub_event_types"]},
        "arrest": {s.lower() for s in raw["arrest_sub_event_types"]},
    }


def is_police(name: str | None) -> bool:
    return bool(name) and bool(_table()["police"].search(name))


def police_actions(event: Event) -> set[str]:
    """The IndiaPoliceEvents actions an event stands for: a subset of kill, force, arrest."""
    t = _table()
    sub = (event.sub_event_type or "").lower()
    out: set[str] = set()
    police_did = is_police(event.actor1) or is_police(event.assoc_actor_1)
    if police_did and (event.fatalities or 0) > 0 and sub not in t["arrest"]:
        out |= {"kill", "force"}
    if police_did and sub in t["force"]:
        out.add("force")
    if sub in t["intervention"] and (is_police(event.actor2) or is_police(event.assoc_actor_2)
                                     or police_did):
        out.add("force")
    if sub in t["arrest"]:
        out.add("arrest")
    return out


def toll_actions(toll) -> set[str]:
    """A casualty statement that says the police killed ('99 persons have been killed in
    police firing', running totals included: the gold asks whether the story reports police
    killings at all) stands for kill and force."""
    if toll.role == "killed" and toll.best > 0 and is_police(toll.by):
        return {"kill", "force"}
    return set()


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return min(a1, b1) > max(a0, b0)


def evidence_spans(event: Event) -> list[tuple[int, int]]:
    """Spans the event takes its type and its fatality count from."""
    return [(e.start, e.end) for e in event.evidence
            if e.field in ("event_type", "fatalities") and e.end > e.start]


def score_policeevents(records: Sequence[dict[str, Any]], stories: Sequence[Story],
                       worst: int = WORST_STORIES) -> dict[str, Any]:
    story_tally = {a: [0, 0, 0] for a in ACTIONS}
    sent = {a: {"ours": 0, "agree": 0, "gold": 0, "covered": 0} for a in _SENT_LABELS}
    counts: list[StoryCounts] = []
    problems: dict[str, list[dict[str, Any]]] = {}
    for rec, story in zip(records, stories):
        gold = rec.get("gold") or {}
        per_event = [police_actions(e) for e in story.events]
        per_toll = [toll_actions(t) for t in story.tolls]
        found = set().union(*per_event, *per_toll)
        probs: list[dict[str, Any]] = []
        for a in ACTIONS:
            want, got = bool(gold.get(_GOLD_KEY[a])), a in found
            if want and got:
                story_tally[a][0] += 1
            elif got:
                story_tally[a][1] += 1
                if a != "arrest":
                    e = next((e for e, acts in zip(story.events, per_event) if a in acts), None)
                    if e is not None:
                        probs.append(problem(f"police {a} the gold does not have",
                                             f"{e.sub_event_type}: {e.actor1} -> {e.actor2}, "
                                             f"{e.fatalities or 0} killed", event_sentence(e, story.text)))
                    else:
                        t = next(t for t, acts in zip(story.tolls, per_toll) if a in acts)
                        probs.append(problem(f"police {a} the gold does not have",
                                             f"toll: {t.best} {t.role} by {t.by}", t.text))
            elif want:
                story_tally[a][2] += 1
                if a != "arrest":
                    labels = _SENT_LABELS[a]
                    hint = next((s.get("text") for s in gold.get("labelled_sentences") or []
                                 if labels & set(s.get("labels") or [])), None)
                    probs.append(problem(f"police {a} missed", "no event stands for it; the gold "
                                         "sentence:" if hint else "no event stands for it", hint))
        labelled = [s for s in gold.get("labelled_sentences") or [] if s.get("start") is not None]
        for a, labels in _SENT_LABELS.items():
            spans = [story.raw_span(s, e) for ev, acts in zip(story.events, per_event) if a in acts
                     for s, e in evidence_spans(ev)]
            spans += [story.raw_span(t.start, t.end) for t, acts in zip(story.tolls, per_toll) if a in acts]
            gold_sents = [s for s in labelled if labels & set(s.get("labels") or [])]
            sent[a]["gold"] += len(gold_sents)
            sent[a]["covered"] += sum(1 for s in gold_sents
                                      if any(_overlaps(x, y, s["start"], s["end"]) for x, y in spans))
            # our evidence sentences: the distinct gold sentences our spans fall in, or the
            # span itself when the gold does not list its sentence (then it is not labelled)
            ours: dict[Any, bool] = {}
            for x, y in spans:
                hit = [s for s in labelled if _overlaps(x, y, s["start"], s["end"])]
                if hit:
                    for s in hit:
                        ours[s["sent_id"]] = bool(labels & set(s.get("labels") or []))
                else:
                    ours[("span", x)] = False
            sent[a]["ours"] += len(ours)
            sent[a]["agree"] += sum(ours.values())
        problems[story.id] = probs + counter_problems(story, gold_counts=None,
                                                      gold_codes=[STORY_COUNTRY])
        counts.append(count_story(story, has_incident=None, gold_counts=None,
                                  gold_codes=[STORY_COUNTRY], duplicates=None))
    out: dict[str, Any] = {"stories": len(stories),
                           "story_level": {a: prf(*story_tally[a]) for a in ACTIONS}}
    out["sentence_level"] = {
        a: {**d, "agreement": round(d["agree"] / d["ours"], 4) if d["ours"] else None,
            "coverage": round(d["covered"] / d["gold"], 4) if d["gold"] else None}
        for a, d in sent.items()}
    out["counters"] = summarise_counts(counts)
    out["worst"] = worst_stories(problems, worst)
    return out

