"""The data model: articles, mentions (spans), places, events, results.

Every finding is a `Mention` with character offsets into the cleaned article text, so a
person can always see the sentence behind a field. Processors live in other modules.
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

# Field order of the event record (see ../shared/DESIGN.md). JSONL uses exactly these names.
# the fields of an event's place (a Location's, set together by Event.set_location)
LOCATION_FIELDS: tuple[str, ...] = ("location", "admin1", "admin2", "country", "country_code",
                                    "latitude", "longitude", "geonameid", "geo_precision")

EVENT_FIELDS: tuple[str, ...] = (
    "event_id", "article_id", "event_date", "date_precision",
    "event_type", "sub_event_type",
    "actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "inter1", "inter2",
    "location", "admin1", "admin2", "country", "country_code",
    "latitude", "longitude", "geonameid", "geo_precision", "site",
    "fatalities", "fatalities_low", "fatalities_high",
    "injured", "injured_low", "injured_high",
    "displaced", "displaced_low", "displaced_high",
    "attack_type", "weapon", "target_type",
    "claimed", "notes", "confidence", "evidence",
)


@dataclass(frozen=True)
class Mention:
    """A span of the cleaned text that supports a finding."""

    label: str          # what it is: "trigger:Air/drone strike", "number:killed", "place", "date"...
    start: int          # character offset into Article.text (inclusive)
    end: int            # character offset (exclusive)
    text: str           # Article.text[start:end]
    score: float = 1.0  # 0..1
    source: str = ""    # producer, e.g. "lexicon:triggers", "spacy:ner", "gazetteer"


@dataclass
class Evidence:
    """One evidence item on an event: which field it supports and where."""

    field: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class OffsetMap:
    """Maps character offsets in cleaned text back to offsets in the raw input.

    Stored as sorted segments (clean_start, raw_start): inside a segment the two advance
    together; inserted characters (a space joining two wrapped lines) map to the raw
    character they replace.
    """

    clean_starts: list[int] = field(default_factory=list)
    raw_starts: list[int] = field(default_factory=list)

    def add(self, clean_start: int, raw_start: int) -> None:
        if self.clean_starts and self.clean_starts[-1] == clean_start:
            self.raw_starts[-1] = raw_start
            return
        self.clean_starts.append(clean_start)
        self.raw_starts.append(raw_start)

    def to_raw(self, clean_offset: int) -> int:
        if not self.clean_starts:
            return clean_offset
        i = bisect.bisect_right(self.clean_starts, clean_offset) - 1
        if i < 0:
            return clean_offset
        return self.raw_starts[i] + (clean_offset - self.clean_starts[i])


@dataclass
class Caption:
    """A photo caption detached from the body ("Show of strength: ISIS flags line...")."""

    text: str
    raw_start: int
    raw_end: int


@dataclass
class Article:
    """One input article after reading and cleaning."""

    id: str
    text: str                                   # cleaned body text: all offsets point here
    raw: str = ""                               # the text as read (HTML already extracted)
    title: str | None = None
    url: str | None = None
    published: str | None = None                # ISO date (YYYY-MM-DD) or None
    source: str = ""                            # input path (and line) it came from
    captions: list[Caption] = field(default_factory=list)
    offsets: OffsetMap = field(default_factory=OffsetMap)
    dropped: list[str] = field(default_factory=list)   # boilerplate lines removed
    notes: list[str] = field(default_factory=list)     # what input validation changed
    country_hint: str | None = None             # the user's word on the story's country (ISO2 or name)
    anatomy: Any = None                         # read.anatomy.Anatomy: dateline, lead, clutter cut

    @property
    def content_hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in `raw` for a span of `text`."""
        return self.offsets.to_raw(start), self.offsets.to_raw(max(start, end - 1)) + 1


@dataclass
class Place:
    """A toponym found in the text and (if possible) resolved to a gazetteer entry."""

    start: int
    end: int
    text: str
    name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    country_code: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    feature_code: str | None = None
    population: int = 0
    score: float = 0.0
    source: str = ""
    in_focus: bool = True    # False: outside the story's countries with nothing tying it to the story

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start, "end": self.end, "text": self.text, "name": self.name,
            "latitude": self.latitude, "longitude": self.longitude,
            "geonameid": self.geonameid, "country_code": self.country_code,
            "admin1": self.admin1, "feature_code": self.feature_code,
            "score": round(self.score, 3),
        }


@dataclass
class Location:
    """Where an event happened: a resolved place plus how precisely we know it."""

    location: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    geo_precision: int | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Event:
    """One incident, in the record shape of DESIGN.md."""

    article_id: str
    event_id: str = ""
    event_date: str | None = None
    date_precision: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor_1: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    location: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    geo_precision: int | None = None
    site: str | None = None      # the named street, building or venue inside the place ("Rue Victor Hugo")
    fatalities: int = 0
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int = 0
    injured_low: int | None = None
    injured_high: int | None = None
    displaced: int | None = None
    displaced_low: int | None = None
    displaced_high: int | None = None
    attack_type: str | None = None
    weapon: str | None = None
    target_type: str | None = None
    claimed: bool = False
    notes: str = ""
    confidence: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)

    def set_location(self, loc: Location | None) -> None:
        if loc is None:
            return
        for name in LOCATION_FIELDS:
            setattr(self, name, getattr(loc, name))
        self.evidence.extend(loc.evidence)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["evidence"] = [e.to_dict() for e in self.evidence]
        return {k: d[k] for k in EVENT_FIELDS}


def make_event_id(article_id: str, anchor_start: int, sub_event_type: str | None) -> str:
    """Stable id: same article + same incident anchor -> same id on re-runs."""
    key = f"{article_id}\x00{anchor_start}\x00{sub_event_type or ''}"
    return "ev_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class Toll:
    """A casualty statement: "99 people have been killed in police firing so far" (role
    killed, best 99, by Police Forces of India, total True). Running totals are kept here and
    never on one event; `by` is who caused the harm when the sentence names it."""

    start: int              # the sentence, in Article.text
    end: int
    text: str
    role: str               # "killed" or "injured"
    best: int
    low: int | None = None
    high: int | None = None
    count_start: int = -1   # the number phrase
    count_end: int = -1
    by: str | None = None   # the actor, named ACLED's way
    by_start: int | None = None
    by_end: int | None = None
    total: bool = False     # sums many incidents ("so far", "since January", "the war has killed")
    score: float = 0.0
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ArticleResult:
    """What `strife.extract` returns for one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    errors: list["DeadLetter"] = field(default_factory=list)   # stages that failed
    focus: Any = None        # geo.focus.Focus: the country and area the story is about
    tolls: list[Toll] = field(default_factory=list)   # casualty statements, running totals too

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article.id,
            "title": self.article.title,
            "published": self.article.published,
            "events": [e.to_dict() for e in self.events],
            "places": [p.to_dict() for p in self.places],
            "focus": self.focus.to_dict() if self.focus is not None else None,
            "tolls": [t.to_dict() for t in self.tolls],
        }


@dataclass
class DeadLetter:
    """An input that could not be processed: where, at which stage, and why."""

    input: str
    stage: str
    reason: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "line": self.line, "stage": self.stage, "reason": self.reason}

    def message(self) -> str:
        where = f"{self.input}:{self.line}" if self.line is not None else self.input
        return f"strife: {where}: {self.stage}: {self.reason}"
