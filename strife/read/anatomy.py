"""Article anatomy: headline, dateline, byline, lead, paragraphs, quotes, and page clutter.

Two steps. Before any NLP, `clutter_lines` marks the lines of scraped text that are not the
story (related-story lists, headline tickers, navigation runs, mastheads, paywall and
cookie notices, share lines, author bios, credits) and the byline, so cleaning cuts them and
no event or place can come from them. After cleaning, `read_anatomy` finds the dateline
("KABUL, Afghanistan (AP) —", "MOGADISHU, Sept 28 (Reuters) -", "SAN SALVADOR, 10 JAN 90
(RADIO ...) --"), the lead, paragraphs and quotes, with offsets into the cleaned text.
The dateline's place is where the story was filed: evidence for the story's focus, not the
place of an incident the text puts elsewhere. Patterns live in data/read/anatomy.json.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..data import read_json

_TERMINAL = re.compile(r"[.!?…:;][\"'’”)\]]*$")
_QUOTE = re.compile(r"[“\"]([^“”\"\n]{3,600})[”\"]")
_WORD = re.compile(r"[A-Za-z][\w'’.-]*")
DATELINE_MAX_CHARS = 120     # a dateline is the head of the first paragraph, never longer
BYLINE_TOP_LINES = 8         # bylines stand among the first lines of a story


@dataclass(frozen=True)
class Dateline:
    """Where and when a story was filed, as its first words say."""

    start: int            # offsets into the cleaned text
    end: int
    text: str
    place: str            # "KABUL, Afghanistan", "SAN SALVADOR"
    place_start: int
    place_end: int
    date: str | None = None      # as written: "Sept 28", "10 JAN 90"
    agency: str | None = None    # "AP", "Reuters", "RADIO VENCEREMOS"


@dataclass
class Anatomy:
    """The parts of one story; every span is (start, end) in the cleaned text."""

    headline: str | None = None
    dateline: Dateline | None = None
    byline: str | None = None
    lead: tuple[int, int] | None = None
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    clutter: list[tuple[str, str]] = field(default_factory=list)   # (kind, line) cut before NLP
    marked: list[tuple[int, int, str]] = field(default_factory=list)  # kept but not story: (start, end, kind)

    def in_dateline(self, start: int, end: int) -> bool:
        d = self.dateline
        return d is not None and d.start <= start and end <= d.end

    def marked_kind(self, start: int, end: int) -> str | None:
        """The kind of marked block ("dateline", "credit") a span lies in, if any."""
        if self.in_dateline(start, end):
            return "dateline"
        return next((k for s, e, k in self.marked if s <= start and end <= e), None)

    def in_lead(self, start: int) -> bool:
        return self.lead is not None and self.lead[0] <= start < self.lead[1]

    def in_quote(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.quotes)

    def to_dict(self) -> dict:
        d = self.dateline
        return {
            "headline": self.headline,
            "dateline": None if d is None else {"text": d.text, "place": d.place, "date": d.date,
                                                "agency": d.agency, "start": d.start, "end": d.end},
            "byline": self.byline, "lead": self.lead, "paragraphs": len(self.paragraphs),
            "quotes": len(self.quotes), "clutter": [k for k, _ in self.clutter],
        }


@lru_cache(maxsize=1)
def _spec() -> dict:
    spec = read_json("read/anatomy.json")
    return {
        "dateline": tuple(re.compile(p) for p in spec["dateline"]),
        "agencies": frozenset(a.lower() for a in spec["agencies"]),
        "not_dateline": frozenset(spec["not_dateline_words"]),
        "byline": tuple(re.compile(p) for p in spec["byline"]),
        "headers": tuple(re.compile(p, re.I) for p in spec["clutter_headers"]),
        "lines": tuple(re.compile(p, re.I) for p in spec["clutter_lines"]),
        "credits": tuple(re.compile(p, re.I) for p in spec.get("credit_lines", ())),
        "nav": frozenset(spec["navigation_words"]),
        "headline_max": int(spec["headline_max_chars"]),
        "headline_min_words": int(spec["headline_min_words"]),
        "ticker_min": int(spec["ticker_min_lines"]),
        "nav_min": int(spec["navigation_min_lines"]),
        "inline": tuple((kind, re.compile(r"(?:^|(?<=[.!?\"'’”)\]])\s+)(?:" + pat + ")", re.I))
                        for kind, pat in spec["inline_clutter"]["markers"].items()),
        "inline_max": int(spec["inline_clutter"]["max_words"]),
        "joining": frozenset(spec["inline_clutter"]["joining_words"]),
    }


# ---------------------------------------------------------------- clutter (before cleaning)

def _headline_like(line: str) -> bool:
    """A short capitalised line without a final full stop: a headline, not body text."""
    spec = _spec()
    words = line.split()
    return (len(line) <= spec["headline_max"] and len(words) >= spec["headline_min_words"]
            and line[:1].isupper() and not _TERMINAL.search(line))


def _navigation_like(line: str) -> bool:
    s = line.strip().lower().strip("|•·›>»/ ")
    return bool(s) and (s in _spec()["nav"] or (len(s.split()) <= 2 and not _TERMINAL.search(s)
                                                and s.replace(" ", "").isalpha() and len(s) <= 15))


def clutter_lines(lines: list[str | None]) -> dict[int, str]:
    """Indices of lines that are page clutter, with their kind; None marks a blank line.

    Kinds: "line" (a masthead, notice, share line, bio or credit), "related" (a header such
    as "Read more" and the headlines after it), "ticker" (a run of other headlines),
    "navigation" (a run of menu words), "byline".
    """
    spec = _spec()
    out: dict[int, str] = {}
    nonblank = [i for i, line in enumerate(lines) if line]
    for i in nonblank:
        if any(p.fullmatch(lines[i]) for p in spec["lines"]):
            out[i] = "line"
    for i in nonblank[:BYLINE_TOP_LINES]:
        if i not in out and any(p.fullmatch(lines[i]) for p in spec["byline"]):
            out[i] = "byline"
    # a header, then the headline-like lines after it (blank lines between them allowed)
    for k, i in enumerate(nonblank):
        if i in out or not any(p.fullmatch(lines[i]) for p in spec["headers"]):
            continue
        out[i] = "related"
        for j in nonblank[k + 1:]:
            if j in out:
                continue
            if not (_headline_like(lines[j]) or _navigation_like(lines[j])):
                break
            out[j] = "related"
    # runs of headline-like lines (tickers) and of menu words (navigation)
    def runs(test, kind: str, minimum: int) -> None:
        run: list[int] = []
        for i in nonblank + [-1]:
            if i >= 0 and i not in out and test(i):
                run.append(i)
                continue
            if len(run) >= minimum:
                for j in run:
                    out[j] = kind
            run = []
    def ticker_line(i: int) -> bool:
        # a headline stands alone: the line after it is blank or another capitalised line,
        # never the lower-case rest of a hard-wrapped sentence
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        return _headline_like(lines[i]) and not (nxt and nxt[:1].islower())

    runs(lambda i: _navigation_like(lines[i]), "navigation", spec["nav_min"])
    runs(ticker_line, "ticker", spec["ticker_min"])
    return out


_RUN_WORD = re.compile(r"\S+")
_OPENERS = "\"'‘’“”(["


def _opens_lower(word: str) -> bool:
    w = word.lstrip(_OPENERS)
    return bool(w) and (w[0].islower() or w[0].isdigit())


def _run_end(line: str, pos: int) -> int:
    """Where a clutter run that starts at `pos` ends: before the next piece's capitalised
    first word, or after the first sentence end (see anatomy.json "inline_clutter")."""
    spec = _spec()
    words = list(_RUN_WORD.finditer(line, pos))
    cut = None
    for k, m in enumerate(words):
        w = m.group(0)
        if k >= 2 and k <= spec["inline_max"]:
            prev = words[k - 1].group(0)
            first = w.lstrip(_OPENERS)
            if first[:1].isupper() and _opens_lower(prev) and not prev.endswith((",", ";", ":")) \
                    and prev.strip(_OPENERS + ",").lower() not in spec["joining"]:
                cut = m.start()
        if re.search(r"[.!?][\"'’”)\]]*$", w):
            nxt = words[k + 1].group(0) if k + 1 < len(words) else ""
            if not nxt or not _opens_lower(nxt):   # "5.30 p.m. local time" is no sentence end
                return cut if cut is not None else m.end()
        if k > spec["inline_max"] and cut is not None:
            return cut
    return cut if cut is not None else len(line)


def inline_clutter(line: str) -> list[tuple[int, int, str]]:
    """Clutter runs glued inside a line of text: (start, end, kind) offsets into `line`.

    "... metro stations. Read more: Racist or Islamist — lone-wolf attackers show similar
    patterns French soldiers were deployed to secure the area Calls for calm A police source
    said ..." cuts the link's headline, the photo caption and the subhead, keeping "A police
    source said ...": the pieces of a flattened page run into each other without full stops.
    """
    out: list[tuple[int, int, str]] = []
    for kind, pat in _spec()["inline"]:
        for m in pat.finditer(line):
            start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            if any(s <= start < e for s, e, _ in out):
                continue
            end = len(line) if kind == "list" else _run_end(line, m.end())
            if end > m.end():
                out.append((start, end, kind))
    return sorted(out)


# ---------------------------------------------------------------- anatomy (after cleaning)

def find_dateline(text: str) -> Dateline | None:
    """The dateline at the head of the story, if it has one."""
    spec = _spec()
    head = text[:DATELINE_MAX_CHARS + 40]
    for pat in spec["dateline"]:
        m = pat.match(head)
        if not m or m.end() > DATELINE_MAX_CHARS:
            continue
        place = m.group("place").strip(" ,")
        date, agency = m.group("date"), m.group("agency")
        inner = re.fullmatch(r"(.+?) \(([^()]+)\)", place)
        if inner and agency is None and inner.group(2).lower() in spec["agencies"]:
            place, agency = inner.group(1), inner.group(2)      # "BEIRUT (AFP) -" 
        first = place.split()[0].strip(",").upper()
        if first in spec["not_dateline"] or not _WORD.match(place):
            continue
        dash = re.search(r"(?:--|[—–-]|:)\s*$", m.group(0)) is not None
        known_agency = agency is not None and (agency.lower() in spec["agencies"] or any(
            w in spec["agencies"] for w in re.split(r"[\s,/-]+", agency.lower())))
        caps = place.split(",")[0].isupper()
        # a plain "Word: text" or "Word - text" is no dateline; a date, an agency or an
        # all-caps place before a dash is
        if not (date or known_agency or (caps and dash and len(place) > 2)):
            continue
        if agency is not None and not known_agency and not date and not caps:
            continue
        start = m.start("place")
        return Dateline(start=0, end=m.end(), text=m.group(0).strip(), place=place,
                        place_start=start, place_end=start + len(place), date=date, agency=agency)
    return None


def read_anatomy(text: str, headline: str | None = None,
                 clutter: list[tuple[str, str]] | None = None) -> Anatomy:
    """The anatomy of a cleaned story (paragraphs separated by blank lines)."""
    paragraphs: list[tuple[int, int]] = []
    pos = 0
    for piece in text.split("\n\n"):
        if piece.strip():
            paragraphs.append((pos, pos + len(piece)))
        pos += len(piece) + 2
    anatomy = Anatomy(headline=headline, paragraphs=paragraphs, clutter=list(clutter or ()))
    anatomy.dateline = find_dateline(text)
    if paragraphs:
        anatomy.lead = paragraphs[0]
    anatomy.quotes = [(m.start(1), m.end(1)) for m in _QUOTE.finditer(text)]
    credits = _spec()["credits"]
    for s, e in paragraphs:
        if e - s < 300 and any(p.fullmatch(text[s:e].strip()) for p in credits):
            anatomy.marked.append((s, e, "credit"))
    for kind, line in anatomy.clutter:
        if kind == "byline":
            anatomy.byline = re.sub(r"^(?:by|written by|reported by|story by)\s+", "", line, flags=re.I)
            break
    return anatomy
