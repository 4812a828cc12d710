"""What every news-story scorer shares: the story view of a result, one-to-one matching,
letter case, evidence sentences, and the story-level counters.

The counters are the errors a reader of news output sees first, counted the same way for
every gold kind (a counter is left out where the gold cannot say):
- events per story, and events on stories whose gold has no incident;
- absurd tolls: events whose fatalities are 10 times (or more) the largest count the gold
  gives for the story (with a floor of 1, so 10 or more killed where the gold counts 0 or 1);
  events the gold does not cover (MUC-4's key has no templates for battles) are counted
  apart: the gold's counts belong to other incidents, so they cannot judge those tolls;
- running tolls: events whose fatalities come from a sentence with a cumulative-toll cue
  ("the toll now stands at ...", `strife/data/evaluation/news.json`);
- old events: dated more than 30 days before the story's publication date;
- events placed outside the country (or countries) the gold puts the story's incidents in;
- duplicates: events that would match a gold incident another event already matched.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..data import read_json
from ..models import Article, ArticleResult, Event

OLD_EVENT_DAYS = 30      # events dated more than this many days before publication
ABSURD_FACTOR = 10       # fatalities >= this many times the largest gold count
WORST_STORIES = 5        # stories printed in the error listing


# --- the story view ----------------------------------------------------------------------

@dataclass
class Story:
    """One story as strife read it: the text its evidence offsets point into, its events."""

    id: str
    text: str
    events: list[Event] = field(default_factory=list)
    published: str | None = None
    case: str = "mixed"          # letter case of the text read: upper / lower / mixed
    failed: bool = False          # the pipeline rejected the story or failed on it
    article: Article | None = None  # maps offsets in `text` back to the input text
    tolls: list = field(default_factory=list)   # the story's casualty statements (models.Toll)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the input text for a span of `text`."""
        return self.article.raw_span(start, end) if self.article is not None else (start, end)

    @classmethod
    def from_result(cls, story_id: str, result: ArticleResult | None, text: str,
                    published: str | None = None) -> Story:
        if result is None:
            return cls(story_id, text, [], published, letter_case(text), failed=True)
        return cls(story_id, result.article.text, list(result.events),
                   result.article.published or published, letter_case(text),
                   article=result.article, tolls=list(result.tolls))


def letter_case(text: str) -> str:
    """"upper" when under 5% of the letters are lower case, "lower" when under 1% are upper
    case, else "mixed"."""
    lower = sum(1 for ch in text if ch.islower())
    upper = sum(1 for ch in text if ch.isupper())
    letters = lower + upper
    if not letters:
        return "mixed"
    if lower < 0.05 * letters:
        return "upper"
    if upper < 0.01 * letters:
        return "lower"
    return "mixed"


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentence_around(text: str, start: int, end: int | None = None, limit: int = 300) -> str:
    """The sentence of `text` that holds the span [start, end), cut to `limit` characters."""
    if not text:
        return ""
    start = max(0, min(start, len(text)))
    end = start if end is None else max(start, min(end, len(text)))
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.start() if m else len(text)
    sent = " ".join(text[left:right].split())
    return sent if len(sent) <= limit else sent[: limit - 3] + "..."


def evidence_sentence(event: Event, text: str, field_name: str) -> str | None:
    """The sentence the event took `field_name` from (its first evidence item for that field,
    "location:..." items counting for "location"); None when it has none."""
    for ev in event.evidence:
        if ev.field == field_name or ev.field.startswith(field_name + ":"):
            return sentence_around(text, ev.start, ev.end)
    return None


def event_sentence(event: Event, text: str) -> str | None:
    """The sentence that decided the event's type (its anchor)."""
    return (evidence_sentence(event, text, "event_type")
            or (sentence_around(text, event.evidence[0].start, event.evidence[0].end)
                if event.evidence else None))


def norm_place(name: str | None) -> str:
    """Upper case, accents dropped, punctuation as spaces: "Cúcuta" -> "CUCUTA"."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", text.upper()).split())


def parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# --- one-to-one matching ------------------------------------------------------------------

def assign(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """(row, column) pairs of a one-to-one assignment with the largest total weight; only
    pairs of positive weight are returned (weight <= 0 means "may not pair").
    Hungarian algorithm, O(rows^2 * columns)."""
    n = len(weights)
    m = len(weights[0]) if n else 0
    if not n or not m:
        return []
    transpose = n > m
    if transpose:
        weights = [list(col) for col in zip(*weights)]
        n, m = m, n
    top = max(max(row) for row in weights)
    # minimise cost = top - weight; forbidden pairs cost more than any allowed one
    big = top + 1.0
    cost = [[(top - w) if w > 0 else big + top for w in row] for row in weights]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)          # p[j]: row matched to column j (1-based), 0 = none
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                if cur < minv[j]:
                    minv[j], way[j] = cur, j0
                if minv[j] < delta:
                    delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = []
    for j in range(1, m + 1):
        i = p[j]
        if i and weights[i - 1][j - 1] > 0:
            pairs.append((j - 1, i - 1) if transpose else (i - 1, j - 1))
    return sorted(pairs)


# --- story counters -----------------------------------------------------------------------

@lru_cache(maxsize=1)
def _toll_cue() -> re.Pattern[str]:
    cues = read_json("evaluation/news.json")["running_toll_cues"]
    return re.compile(r"\b(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues) + r")\b",
                      re.IGNORECASE)


def is_running_toll(event: Event, text: str) -> bool:
    """Fatalities taken from a sentence with a cumulative-toll cue ("toll", "so far", ...)."""
    if not event.fatalities:
        return False
    sent = evidence_sentence(event, text, "fatalities")
    return bool(sent and _toll_cue().search(sent))


def is_absurd_toll(event: Event, gold_counts: Iterable[float]) -> bool:
    """Fatalities at least 10x the largest count the gold gives (10 or more if it gives 0-1)."""
    top = max([float(c) for c in gold_counts if c is not None] + [1.0])
    return (event.fatalities or 0) >= ABSURD_FACTOR * top


def is_old(event: Event, published: str | None, days: int = OLD_EVENT_DAYS) -> bool:
    """Dated more than `days` days before publication (False when either date is missing)."""
    pub, when = parse_iso(published), parse_iso(event.event_date)
    return pub is not None and when is not None and (pub - when).days > days


def is_outside(event: Event, gold_codes: Iterable[str]) -> bool:
    """Placed in a country none of the story's gold incidents is in (False when unplaced)."""
    codes = {c.upper() for c in gold_codes if c}
    return bool(codes) and bool(event.country_code) and event.country_code.upper() not in codes


@dataclass
class StoryCounts:
    """The counters of one story. None = the gold cannot say."""

    events: int = 0
    no_incident: bool | None = None     # the gold says the story has no incident
    absurd: int | None = None
    absurd_apart: int = 0               # ... on events the gold does not cover (unkeyed battles)
    running_toll: int = 0
    old: int | None = None
    outside: int | None = None
    duplicates: int | None = None
    unplaced: int = 0                   # events with no country


def count_story(story: Story, *, has_incident: bool | None, gold_counts: Sequence[float] | None,
                gold_codes: Sequence[str] | None, duplicates: int | None,
                uncovered: Iterable[int] = ()) -> StoryCounts:
    """Counters for one story; pass None for what the gold of this kind does not give.
    `uncovered`: indices of events the gold has no incidents of their kind for (unpaired
    battles on MUC-4); their absurd tolls are counted apart."""
    evs = story.events
    apart = set(uncovered)
    judged = gold_counts is not None and has_incident
    return StoryCounts(
        events=len(evs),
        no_incident=None if has_incident is None else not has_incident,
        absurd=(sum(is_absurd_toll(e, gold_counts) for i, e in enumerate(evs) if i not in apart)
                if judged else None),
        absurd_apart=(sum(is_absurd_toll(e, gold_counts) for i, e in enumerate(evs) if i in apart)
                      if judged else 0),
        running_toll=sum(is_running_toll(e, story.text) for e in evs),
        old=sum(is_old(e, story.published) for e in evs) if story.published else None,
        outside=sum(is_outside(e, gold_codes) for e in evs) if gold_codes else None,
        duplicates=duplicates,
        unplaced=sum(1 for e in evs if not e.country_code),
    )


def counter_problems(story: Story, *, gold_counts: Sequence[float] | None,
                     gold_codes: Sequence[str] | None, uncovered: Iterable[int] = ()) -> list[dict[str, Any]]:
    """The events the counters flag, each with the sentence the flagged field came from."""
    out = []
    apart = set(uncovered)
    for i, e in enumerate(story.events):
        what = f"{e.sub_event_type or e.event_type} at {e.location or '?'}"
        if gold_counts is not None and is_absurd_toll(e, gold_counts):
            kind = "absurd toll (an event the gold does not cover)" if i in apart else "absurd toll"
            out.append(problem(kind, f"{what}: {e.fatalities} killed, gold counts at most "
                               f"{max([int(c) for c in gold_counts] + [0])}",
                               evidence_sentence(e, story.text, "fatalities")
                               or event_sentence(e, story.text)))
        elif is_running_toll(e, story.text):
            out.append(problem("running toll", f"{what}: {e.fatalities} killed",
                               evidence_sentence(e, story.text, "fatalities")))
        if is_old(e, story.published):
            out.append(problem("old event", f"{what}: dated {e.event_date}, published {story.published}",
                               evidence_sentence(e, story.text, "event_date") or event_sentence(e, story.text)))
        if gold_codes and is_outside(e, gold_codes):
            out.append(problem("outside the gold country", f"{what}: {e.country}, gold "
                               f"{'/'.join(gold_codes)}", evidence_sentence(e, story.text, "location")
                               or event_sentence(e, story.text)))
    return out


def summarise_counts(counts: Sequence[StoryCounts]) -> dict[str, Any]:
    """Totals over stories: each counter with the number of stories it could be counted on."""
    n = len(counts)
    events = sum(c.events for c in counts)
    quiet = [c for c in counts if c.no_incident]
    out: dict[str, Any] = {
        "stories": n,
        "events": events,
        "events_per_story": _ratio(events, n),
        "no_incident_stories": len(quiet) if any(c.no_incident is not None for c in counts) else None,
        "events_on_no_incident_stories": sum(c.events for c in quiet),
        "events_per_no_incident_story": _ratio(sum(c.events for c in quiet), len(quiet)),
        "no_incident_stories_with_events": _ratio(sum(1 for c in quiet if c.events), len(quiet)),
        "running_toll_events": sum(c.running_toll for c in counts),
        "absurd_apart_events": sum(c.absurd_apart for c in counts),
        "unplaced_events": sum(c.unplaced for c in counts),
    }
    for name in ("absurd", "old", "outside", "duplicates"):
        known = [getattr(c, name) for c in counts if getattr(c, name) is not None]
        out[f"{name}_events"] = sum(known) if known else None
        out[f"{name}_stories_counted"] = len(known)
    return out


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall and F1 with their counts."""
    p = _ratio(tp, tp + fp)
    r = _ratio(tp, tp + fn)
    f = round(2 * p * r / (p + r), 4) if p and r else (0.0 if p is not None and r is not None else None)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


# --- problems and the worst stories -------------------------------------------------------

def problem(kind: str, detail: str, sentence: str | None = None) -> dict[str, Any]:
    """One thing wrong in a story, with the sentence it came from."""
    return {"kind": kind, "detail": detail, "sentence": sentence}


def worst_stories(problems: dict[str, list[dict[str, Any]]], n: int = WORST_STORIES
                  ) -> list[dict[str, Any]]:
    """The `n` stories with the most problems (ties in input order)."""
    ranked = sorted(((len(p), i, sid) for i, (sid, p) in enumerate(problems.items()) if p),
                    key=lambda t: (-t[0], t[1]))
    return [{"story": sid, "problems": problems[sid]} for _n, _i, sid in ranked[:n]]


# --- printing -----------------------------------------------------------------------------

def _pct(value: float | None) -> str:
    return f"{100 * value:5.1f}%" if value is not None else "    -"


def format_prf(name: str, d: dict[str, Any] | None) -> str:
    if not d:
        return f"{name:<34}-"
    return (f"{name:<34}P {_pct(d['precision'])}  R {_pct(d['recall'])}  F1 {_pct(d['f1'])}"
            f"   (tp {d['tp']}, fp {d['fp']}, fn {d['fn']})")


def format_counts(c: dict[str, Any]) -> list[str]:
    lines = [f"{'story counter':<40}{'value':>10}"]
    rows = [("stories", c["stories"]), ("events", c["events"]),
            ("events per story", c["events_per_story"])]
    if c.get("no_incident_stories") is not None:
        rows += [("stories with no gold incident", c["no_incident_stories"]),
                 ("events on them", c["events_on_no_incident_stories"]),
                 ("events per no-incident story", c["events_per_no_incident_story"]),
                 ("no-incident stories with events", _pct(c["no_incident_stories_with_events"]).strip())]
    rows.append(("running-toll events", c["running_toll_events"]))
    rows.append(("events with no country", c.get("unplaced_events")))
    labels = {"absurd": "absurd tolls (>=10x gold)", "old": "events >30 days before publication",
              "outside": "events outside the gold country", "duplicates": "duplicate events"}
    for name, label in labels.items():
        value = c.get(f"{name}_events")
        if value is not None:
            rows.append((f"{label}", f"{value} /{c[f'{name}_stories_counted']} st."))
        if name == "absurd" and c.get("absurd_apart_events"):
            rows.append(("  + on events the gold does not cover", c["absurd_apart_events"]))
    for k, v in rows:
        lines.append(f"{k:<40}{str(v) if v is not None else '-':>10}")
    return lines


def format_worst(worst: Sequence[dict[str, Any]]) -> list[str]:
    if not worst:
        return []
    lines = ["", "worst stories (each wrong field with the sentence it came from):"]
    for story in worst:
        lines.append(f"  {story['story']}  ({len(story['problems'])} problems)")
        for p in story["problems"][:8]:
            lines.append(f"    - {p['kind']}: {p['detail']}")
            if p.get("sentence"):
                lines.append(f"        \"{p['sentence']}\"")
    return lines

