"""Event dates resolved against the article's publication date, with precision.

Our own rules read the phrases news and analyst notes use ("On 9 May 2020,", "early Sunday",
"last week", "over the past three days", GTD's "MM/DD/YYYY:" prefix); the words live in
`strife/data/dates/words.json`. `dateparser` is a cached fallback for spaCy DATE entities
the rules do not cover.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable

from ..data import read_json
from ..nlp import doccache
from ..nlp.retrie import finditer_fast, requires_digit, trie_pattern


@dataclass
class DateFinding:
    date: str          # ISO YYYY-MM-DD (for a week/month/year: its last day on or before publication)
    precision: str     # "day" | "week" | "month" | "year"
    start: int         # char span in the cleaned text
    end: int
    text: str
    source: str = ""   # producer, e.g. "rule:weekday", "rule:gtd_prefix", "dateparser"
    historical: bool = False     # well before publication ("the 2003 invasion", "the 1990s")
    range_start: str | None = None   # first day when the phrase is a span ("past three days")
    score: float = 1.0


PRECISIONS = ("day", "week", "month", "year")

# --------------------------------------------------------------------------- rules

Resolver = Callable[[re.Match, "date | None"], "tuple[date, str, dict] | None"]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern
    resolve: Resolver
    needs_published: bool
    needs_digit: bool = False    # every match holds a digit (read off the pattern)
    # every match holds one of these words (lower case; the pattern is case-insensitive), or
    # four digits in a row: a text without them is not scanned (`_scan`)
    needs_word: tuple[str, ...] = ()
    needs_year: bool = False


_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
# letters that match an ASCII letter under re.I but are not its lower case ('İ', 'ı', 'ſ',
# Kelvin 'K'): in a text with one, the word prefilter of `_scan` is not used
_CASE_FOLD_ODD = re.compile("[\u0130\u0131\u017f\u212a]")


def _alt(phrases) -> str:
    """Any of the phrases, longest first, words separated by flexible whitespace (a prefix tree)."""
    return trie_pattern(phrases, space=r"\s+")


@lru_cache(maxsize=1)
def _words() -> dict:
    return read_json("dates/words.json")


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _last_day_of_month(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _cap(d: date, pub: date | None) -> date:
    """A week/month/year is dated by its last day on or before publication."""
    return min(d, pub) if pub is not None else d


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int, pub: date | None) -> int | None:
    """A day/month without a year: the publication's year, or the one before when the
    date would fall after publication by more than `future_window_days` ('March 15' in a
    story of 13 March is two days ahead, a forecast: it stays in this year and is then
    dropped as a future date, never moved back a year)."""
    if pub is None:
        return None
    y = pub.year
    d = _safe_date(y, month, min(day, 28) if day else 1)
    if d is not None and (d - pub).days > int(_words()["future_window_days"]):
        y -= 1
    return y


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


# a four-digit number told as a clock time: "1915 GMT", "1915 [2115 GMT]", "at about 1915 hours"
_CLOCK_AFTER = re.compile(r"\s*(?:\[\s*\d{3,4}\s*(?:gmt|utc|local time)\s*\]|gmt\b|utc\b|hours\b|hrs\b|local time\b)", re.I)
_CLOCK_BEFORE = re.compile(r"\bat (?:approximately |about |around |exactly |precisely )?$", re.I)


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    w = _words()
    months = w["months"]
    weekdays = w["weekdays"]
    month_alt = _alt(months)
    abbreviations = set(w["weekday_abbreviations_need_period"])
    weekday_alt = _alt([d for d in weekdays if d not in abbreviations]) + "|" + "|".join(
        rf"{re.escape(a)}\." for a in sorted(abbreviations, key=len, reverse=True))
    part_alt = _alt(w["day_parts"])
    ordinal = r"(?:st|nd|rd|th)?"
    rules: list[_Rule] = []

    def add(name: str, pattern: str, fn: Resolver, needs_published: bool, flags=re.I,
            needs_word: tuple[str, ...] = (), needs_year: bool = False) -> None:
        rules.append(_Rule(name, re.compile(pattern, flags), fn, needs_published,
                           requires_digit(pattern, flags), tuple(needs_word), needs_year))

    # what a rule's pattern cannot match without (its mandatory month, weekday or unit group)
    month_words = tuple(months)
    weekday_words = tuple(weekdays)

    # GTD summaries: "01/15/2000:" (also "1/3/2000:", "01/1/2000:"), month first.
    def gtd(m, pub):
        y, mon, day = int(m["y"]), int(m["m"]), int(m["d"])
        if day == 0 and 1 <= mon <= 12:       # GTD writes an unknown day as 00
            return _cap(_last_day_of_month(y, mon), pub), "month", {}
        d = _safe_date(y, mon, day)
        return (d, "day", {}) if d else None
    add("gtd_prefix", r"(?m)^\s*(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\s*:", gtd, False)

    def slash(m, pub):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        mm, dd = (a, b) if a <= 12 else (b, a)      # US order unless impossible
        d = _safe_date(y, mm, dd)
        return (d, "day", {}) if d else None
    add("numeric", r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?![\d/])", slash, False)

    def iso(m, pub):
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        return (d, "day", {}) if d else None
    add("iso", r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])", iso, False)

    # "On 9 May 2020", "Around 9 May 2020 (as reported)", "9-10 May", "30 April-1 May 2020"
    def month_day(name: str, day: int, year: str | None, pub):
        """(month, year, date) for a month name, a day and the year if written (else the
        publication's year, or the one before), or None."""
        if not _month_ok(name):
            return None
        mon = months[name.lower().rstrip(".")]
        y = int(year) if year else _year_for(mon, day, pub)
        if y is None:
            return None
        d = _safe_date(y, mon, day)
        return None if d is None else (mon, y, d)

    def dmy(m, pub):
        found = month_day(m["mon"], int(m["d"]), m["y"], pub)
        if found is None:
            return None
        mon, y, d = found
        extra: dict = {}
        precision = "day"
        if m["d0"]:
            mon0 = months[m["mon0"].lower().rstrip(".")] if m["mon0"] else mon
            y0 = y - 1 if mon0 > mon else y
            d0 = _safe_date(y0, mon0, int(m["d0"]))
            if d0 is not None and d0 < d:
                extra["range_start"] = d0
                if (d - d0).days > 1:
                    precision = "week"
        lead = (m["lead"] or "").lower()
        if lead.startswith(("around", "as reported", "reported", "about", "circa", "during the week")):
            precision = "week"
        return d, precision, extra
    add("day_month_year",
        rf"(?:(?P<lead>\bon|\baround|\babout|\bas\s+reported\s+on|\breported\s+on|\bduring\s+the\s+week\s+of)\s+)?"
        rf"(?:(?P<d0>\d{{1,2}}){ordinal}(?:\s+(?P<mon0>{month_alt})\.?)?\s*(?:-|–|to|and)\s*)?"
        rf"\b(?P<d>\d{{1,2}}){ordinal}(?:\s+of)?\s+(?P<mon>{month_alt})\b\.?(?:,?\s+(?P<y>\d{{4}})\b)?",
        dmy, False, needs_word=month_words)

    # "May 9, 2020", "May 3-7, 2002", "March 16"
    def mdy(m, pub):
        found = month_day(m["mon"], int(m["d2"] or m["d"]), m["y"], pub)
        if found is None:
            return None
        mon, y, d = found
        extra: dict = {}
        precision = "day"
        if m["d2"]:
            d0 = _safe_date(y, mon, int(m["d"]))
            if d0 is not None and d0 < d:
                extra["range_start"] = d0
                if (d - d0).days > 1:
                    precision = "week"
        return d, precision, extra
    add("month_day_year",
        rf"\b(?P<mon>{month_alt})\.?\s+(?P<d>\d{{1,2}}){ordinal}(?:\s*(?:-|–)\s*(?P<d2>\d{{1,2}}){ordinal})?"
        rf"(?![\d:])(?:,?\s+(?P<y>\d{{4}})\b)?",
        mdy, False, needs_word=month_words)

    # "April 2015", "in May 2020"
    def month_year(m, pub):
        if not _month_ok(m["mon"]):
            return None
        mon = months[m["mon"].lower().rstrip(".")]
        y = int(m["y"])
        return _cap(_last_day_of_month(y, mon), pub), "month", {}
    add("month_year", rf"\b(?P<mon>{month_alt})\.?,?\s+(?P<y>\d{{4}})\b", month_year, False,
        needs_word=month_words)

    # "the 2d week of December": the week's last day, in the latest such month on or before publication
    week_ord = {k.lower(): int(v) for k, v in w["week_ordinals"].items()}

    def week_of_month(m, pub):
        if not _month_ok(m["mon"]):
            return None
        mon = months[m["mon"].lower().rstrip(".")]
        if m["y"]:
            y = int(m["y"])
        elif pub is not None:
            y = pub.year if mon <= pub.month else pub.year - 1
        else:
            return None
        end = _last_day_of_month(y, mon)
        k = week_ord[m["ord"].lower()]
        d = end if k >= 5 else min(end, end.replace(day=7 * k))
        return _cap(d, pub), "week", {}
    add("week_of_month",
        rf"\b(?P<ord>{_alt(list(week_ord))})\s+week\s+of\s+(?P<mon>{month_alt})\b\.?(?:,?\s+(?P<y>\d{{4}})\b)?",
        week_of_month, False, needs_word=month_words)

    # "in April", "early May", "mid-April": the latest such month on or before publication
    def month_only(m, pub):
        if not _month_ok(m["mon"]) or pub is None:
            return None
        mon = months[m["mon"].lower().rstrip(".")]
        y = pub.year if mon <= pub.month else pub.year - 1
        return _cap(_last_day_of_month(y, mon), pub), "month", {}
    add("month",
        rf"\b(?:{_alt(w['month_prefixes'])})\s*(?P<mon>{month_alt})\b(?!\s*\d)",
        month_only, True, needs_word=month_words)

    # weekdays: "early Sunday", "on Friday", "late Sunday night", "last Tuesday"
    def weekday(m, pub):
        if pub is None or not (_is_capitalised(m["wd"]) or m["pre"]):
            return None   # a lower-case weekday needs its preposition ("on friday")
        wd_word = m["wd"].lower().rstrip(".")
        target = weekdays.get(wd_word)
        if target is None:   # a look-alike letter matched under IGNORECASE ("ſunday")
            return None
        back = (pub.weekday() - target) % 7
        if (m["pre"] or "").lower() == "last" and back == 0:
            back = 7
        return pub - timedelta(days=back), "day", {}
    add("weekday",
        rf"(?:\b(?P<pre>{_alt(w['weekday_prefixes'])})\s+)?\b(?P<wd>{weekday_alt})(?!\w)"
        rf"(?:\s+(?P<part>{part_alt})\b)?(?!\s*,?\s*(?:\d|{month_alt}))",
        weekday, True, needs_word=weekday_words)

    # "yesterday", "last night", "yesterday morning"
    rel = {k.lower(): v for k, v in w["relative_days"].items()}
    def relative_day(m, pub):
        if pub is None:
            return None
        return pub - timedelta(days=rel[_norm(m["rel"])]), "day", {}
    add("relative_day", rf"\b(?P<rel>{_alt(rel)})\b(?:\s+(?:{part_alt})\b)?", relative_day, True)

    # "last week", "earlier this month", "last year", "over the weekend"
    periods = {k.lower(): v for k, v in w["periods"].items()}
    def period(m, pub):
        if pub is None:
            return None
        unit, offset = periods[_norm(m["per"])]
        return _period_end(unit, int(offset), pub)
    add("period", rf"\b(?P<per>{_alt(periods)})\b", period, True)

    # "over the past three days", "in the last 24 hours": a span ending at publication
    def span(m, pub):
        if pub is None:
            return None
        n = _small_number(m["n"]) if m["n"] else 1
        if n is None:
            return None
        unit = m["u"].lower()
        if unit.startswith("hour"):
            days = max(1, (n + 23) // 24)
        else:
            days = n * w["span_units"][unit]
        return pub, ("day" if days <= 1 else "week"), {"range_start": pub - timedelta(days=days)}
    add("span",
        rf"\b(?:{_alt(w['span_words'])})\s+(?:(?P<n>\d+|[a-z]+(?:-[a-z]+)?)\s+(?:of\s+)?)?(?P<u>days|weeks|hours|day|week|hour)\b",
        span, True, needs_word=("day", "week", "hour"))

    # "three days ago", "a week ago"
    def ago(m, pub):
        if pub is None:
            return None
        n = _small_number(m["n"])
        if n is None:
            return None
        precision, days = w["ago_units"][m["u"].lower()]
        return pub - timedelta(days=n * days), precision, {}
    add("ago", r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|several)\s+"
        r"(?P<u>days?|weeks?|months?|years?)\s+ago\b", ago, True, needs_word=("ago",))

    # decades and centuries: always background
    def decade(m, pub):
        start = int(m["y"])
        end = date(start + 9, 12, 31)
        return _cap(end, pub), "year", {"historical": True, "range_start": date(start, 1, 1)}
    add("decade", r"\b(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?P<y>1[5-9]\d0|20[0-2]0)['’]?s\b", decade, False,
        needs_year=True)

    def century(m, pub):
        c = int(m["c"])
        if not 1 <= c <= 21:
            return None
        return _cap(date(c * 100, 12, 31), pub), "year", {"historical": True}
    add("century", r"\b(?P<c>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b", century, False,
        needs_word=("century",))

    # bare years: "in 2014", "since 2003", "the 2003 invasion"
    def year(m, pub):
        y = int(m["y"])
        if pub is not None and y > pub.year:
            return None
        if _CLOCK_AFTER.match(m.string, m.end("y")) or _CLOCK_BEFORE.search(m.string, 0, m.start("y")):
            return None   # "at approximately 1915 [2115 GMT]": a time of day, not a year
        extra: dict = {}
        if (m["pre"] or "").lower() in [c.lower() for c in w["historical_cues"]]:
            extra["historical"] = True
        return _cap(date(y, 12, 31), pub), "year", extra
    add("year",
        rf"(?:\b(?P<pre>{_alt(w['historical_cues'] + ['in', 'of', 'during', 'the', 'by', 'from', 'early', 'late', 'mid', 'mid-'])})\s*)?"
        r"\b(?P<y>1[5-9]\d\d|20\d\d)\b(?![\d,.]\d|\s*(?:people|persons|men|women|soldiers|troops|fighters|protesters|civilians|residents|km|miles))",
        year, False, needs_year=True)
    return tuple(rules)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower())


def _month_ok(word: str) -> bool:
    """'May' and 'March' are months only when capitalised (not 'may', 'march')."""
    return _is_capitalised(word)


_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "few": 3, "a few": 3,
    "several": 3, "couple": 2, "twenty-four": 24, "forty-eight": 48, "seventy-two": 72,
}


def _small_number(s: str) -> int | None:
    s = _norm(s)
    if s.isdigit():
        return int(s)
    return _WORD_NUMBERS.get(s)


def _period_end(unit: str, offset: int, pub: date) -> tuple[date, str, dict]:
    if unit == "week":
        # weeks run Monday..Sunday; "last week" ends on the Sunday before this week
        this_monday = pub - timedelta(days=pub.weekday())
        end = this_monday + timedelta(days=7 * offset + 6)
        return _cap(end, pub), "week", {"range_start": this_monday + timedelta(days=7 * offset)}
    if unit == "weekend":
        sunday = pub - timedelta(days=(pub.weekday() - 6) % 7)
        if offset < 0 and sunday == pub:
            sunday -= timedelta(days=7)
        return _cap(sunday, pub), "week", {"range_start": sunday - timedelta(days=1)}
    if unit == "month":
        y, m = pub.year, pub.month + offset
        while m < 1:
            y, m = y - 1, m + 12
        return _cap(_last_day_of_month(y, m), pub), "month", {"range_start": date(y, m, 1)}
    y = pub.year + offset
    return _cap(date(y, 12, 31), pub), "year", {"range_start": date(y, 1, 1)}


# --------------------------------------------------------------------------- API

_PRECISION_RANK = {p: i for i, p in enumerate(PRECISIONS)}


def _scan(text: str, pub: date | None) -> list[tuple[int, int, str, date, str, dict]]:
    """All rule matches as (start, end, rule, date, precision, extra), overlaps removed:
    the longer match wins, then the earlier rule."""
    found = []
    digits = _DIGIT.search(text) is not None
    year = digits and _FOUR_DIGITS.search(text) is not None
    low = text.lower() if _CASE_FOLD_ODD.search(text) is None else None
    for order, rule in enumerate(_rules()):
        if rule.needs_published and pub is None:
            continue
        if rule.needs_digit and not digits:
            continue
        if rule.needs_year and not year:
            continue
        if rule.needs_word and low is not None and not any(w in low for w in rule.needs_word):
            continue
        for m in finditer_fast(rule.pattern, text):   # rule.pattern.finditer(text), faster
            res = rule.resolve(m, pub)
            if res is None:
                continue
            d, precision, extra = res
            found.append((m.start(), m.end(), order, rule.name, d, precision, extra))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2]))
    taken: list[tuple[int, int]] = []
    out = []
    for s, e, _, name, d, precision, extra in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append((s, e, name, d, precision, extra))
    out.sort()
    return out


def _historical(d: date, pub: date | None, extra: dict) -> bool:
    if extra.get("historical"):
        return True
    if pub is None:
        return False
    return (pub - d).days > int(_words()["historical_after_days"])


def resolve_phrase(phrase: str, published: str | None) -> tuple[str, str] | None:
    """('early Sunday', '2015-05-18') -> ('2015-05-17', 'day'); None if not a date."""
    if not phrase or not phrase.strip():
        return None
    pub = _parse_published(published)
    hits = _scan(phrase.strip(), pub)
    if hits:
        s, e, name, d, precision, extra = max(hits, key=lambda h: h[1] - h[0])
        return d.isoformat(), precision
    if not _worth_parsing(phrase) or not re.search(r"\d|\b[A-Z][a-z]{2}", phrase):
        return None
    return _dateparser(phrase.strip(), pub.isoformat() if pub else None)


# a date that names a place: "along 9 October Avenue", "in 25 de Mayo Square"
_NAMED_AFTER = re.compile(r"[\"'\u201d]?\s+(?:av|ave|avenue|street|st|road|boulevard|blvd|square|plaza|"
                          r"bridge|stadium|park|neighbou?rhood|barracks|school|hospital|airport)\b", re.I)


def find_dates(span, published: str | None) -> list[DateFinding]:
    """Every date phrase in a spaCy Doc/Span, resolved against `published` (ISO date)."""
    pub = _parse_published(published)
    text = doccache.text_of(span)
    base = getattr(span, "start_char", 0)
    out: list[DateFinding] = []
    taken: list[tuple[int, int]] = []
    for s, e, name, d, precision, extra in _scan(text, pub):
        if pub is not None and d > pub and not extra.get("range_start"):
            taken.append((base + s, base + e))   # read, and not read again by dateparser
            continue                      # a future date is not an event date
        if name == "year" and _MODEL_YEAR.search(text[:s]) and re.match(r"\s+[A-Z]", text[e:]):
            continue                      # "a dark blue 1993 Nissan": a model year, not a date
        if _NAMED_AFTER.match(text[e:]):
            taken.append((base + s, base + e))
            continue                      # "9 October Avenue", "the 2 May Square": a name
        rs = extra.get("range_start")
        out.append(DateFinding(
            date=d.isoformat(), precision=precision, start=base + s, end=base + e,
            text=text[s:e], source=f"rule:{name}", historical=_historical(d, pub, extra),
            range_start=rs.isoformat() if isinstance(rs, date) else None,
            score=0.9 if name != "year" else 0.6,
        ))
        taken.append((base + s, base + e))
    # dateparser fallback on spaCy DATE entities the rules did not cover
    for ent in span_ents(span):
        if ent.label_ != "DATE" or any(ent.start_char < te and ts < ent.end_char for ts, te in taken):
            continue
        if not _worth_parsing(ent.text) or _BARE_NUMBER.fullmatch(ent.text.strip()):
            continue                      # "at 0300", "at 1312 SW 27th Ave.": times and addresses
        if _bare_weekday(ent.text):
            continue                      # "on Friday, 23 June": the weekday rule left it to the day
        if ent.text.strip().rstrip(".").lower() in _words()["months"] and \
                _MODEL_YEAR.search(doccache.doc_text(ent.doc)[max(0, ent.start_char - 40): ent.start_char]):
            continue                      # "carrying out a peaceful March": a march, not the month
        res = _dateparser(ent.text, pub.isoformat() if pub else None)
        if res is None:
            continue
        iso, precision = res
        d = date.fromisoformat(iso)
        if pub is not None and d > pub:
            continue
        out.append(DateFinding(
            date=iso, precision=precision, start=ent.start_char, end=ent.end_char,
            text=ent.text, source="dateparser", historical=_historical(d, pub, {}), score=0.5,
        ))
    out.sort(key=lambda f: f.start)
    return out


def span_ents(span) -> list:
    """The named entities inside a Doc or Span (spaCy's `Span.ents`), with the Doc's entity
    list read once and cached on the Doc: `Doc.ents` rebuilds every entity on each access."""
    doc = getattr(span, "doc", None)
    if doc is None or not hasattr(doc, "user_data"):
        return list(getattr(span, "ents", ()))
    ents = doc.user_data.get("_strife_ents")
    if ents is None:
        ents = doc.user_data["_strife_ents"] = tuple(doc.ents)
    if span is doc:
        return list(ents)
    lo, hi = span.start, span.end
    return [e for e in ents if e.start >= lo and e.end <= hi]


_BARE_NUMBER = re.compile(r"\d+")
# an indefinite article, then at most two describing words, right before a year
_MODEL_YEAR = re.compile(r"\b(?:a|an)\s+(?:[a-z]+[\s-]+){0,2}$")

_HAS_DATE_WORD = re.compile(r"\d|\b(?:" + "|".join(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
     "mon", "tue", "wed", "thu", "fri", "sat", "sun")) + r")", re.I)


def _bare_weekday(text: str) -> bool:
    """Is the phrase a weekday alone ("Friday", "FRIDAY.")? The weekday rule reads those, and
    leaves one that a day and month follow to them; dateparser would give it a month."""
    return text.strip().rstrip(".").lower() in _words()["weekdays"]


def _worth_parsing(text: str) -> bool:
    """Only phrases with a digit, a month or a weekday go to dateparser ('the day', 'decades'
    and 'recent weeks' do not)."""
    return len(text) <= 40 and bool(_HAS_DATE_WORD.search(text))


@lru_cache(maxsize=None)
def warm_up() -> None:
    """Load dateparser's English data and build its time-zone patterns now (about a second,
    once per process) rather than at the first date phrase an article sends it: called
    when the model is loaded, so that the first such article is not the slow one."""
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a declared dependency
        return
    from datetime import datetime

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "REQUIRE_PARTS": []}
    for text, base in (("12 May 2020", None), ("last Sunday", datetime(2020, 5, 20, 12))):
        try:
            dateparser.parse(text, languages=["en"],
                             settings=dict(settings, RELATIVE_BASE=base) if base else settings)
        except Exception:  # pragma: no cover - a warm-up must never fail the caller
            return


@lru_cache(maxsize=4096)
def _dateparser(text: str, published: str | None) -> tuple[str, str] | None:
    try:
        import dateparser  # imported lazily: slow to load and only a fallback
    except ImportError:  # pragma: no cover - dateparser is a declared dependency
        return None
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "REQUIRE_PARTS": []}
    pub = _parse_published(published)
    if pub is None and not re.search(r"\d{4}", text):
        return None                       # relative phrases need a publication date
    if pub is not None:
        from datetime import datetime
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day, 12)
    try:
        result = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, TypeError, OverflowError, AttributeError):  # odd input
        return None
    if result is None:
        return None
    d = result.date()
    if pub is not None and not re.search(r"\d{4}|'\d\d\b", text):
        # no year written: dateparser's "prefer the past" moves a day just ahead back a year,
        # and reads a lone ordinal ("the 10th") as a month. A day this year that lies ahead
        # within the window is a date ahead (None: not an event date); a year that is
        # neither this one nor the last is a misreading.
        if d.year not in (pub.year, pub.year - 1):
            return None
        ahead = _safe_date(pub.year, d.month, d.day)
        if ahead is not None and 0 < (ahead - pub).days <= int(_words()["future_window_days"]):
            return None
        if re.fullmatch(r"\s*(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:-\w+)?\s*", text, re.I):
            return None   # "the 10th", "10-year": no month is written
    has_day = bool(re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b(?!\d)", text)) and not re.fullmatch(r"\s*\d{4}\s*", text)
    has_month = bool(re.search(r"[a-z]{3}", text, re.I))
    precision = "day" if has_day or not has_month and pub is not None else ("month" if has_month else "year")
    return d.isoformat(), precision


def dates_in(sent) -> list:
    """The dates found in a sentence (cached on the Doc; read with the article's publication date)."""
    key = "_strife_dates"
    doc = sent.doc
    cache = doc.user_data.setdefault(key, {})
    if sent.start not in cache:
        cache[sent.start] = find_dates(sent, doc.user_data.get("_strife_published"))
    return cache[sent.start]
