"""ACLED's export columns for strife events: rows an analyst can append to an ACLED download.

`table_row(event, ...)` gives one row: ACLED's 31 columns in ACLED's order and formats
(see ../shared/reference/acled_format.md), then strife's own columns, then the merge
columns. Every output format (CSV, the `acled` CSV, JSONL and GeoJSON exports, Parquet,
GeoPackage) writes these same columns, merged or not.

Choices ACLED's documentation leaves open are settings: `acled_date_format` ("iso" like the
API, "dmy" like the export tool's "16 May 2025"), `acled_inter_format` (numeric codes or
text labels), `acled_id_prefix` (ISO alpha-3 or ACLED's legacy prefixes such as NIG, DRC),
`acled_id_base` (strife's event numbers start far above any ACLED-issued number) and
`acled_default_source_scale`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from ..data import read_lines
from ..models import EVENT_FIELDS
from ..settings import DEFAULT_SETTINGS, Settings

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
# strife's own columns after ACLED's: the event record's fields ACLED has no column for.
STRIFE_COLUMNS: tuple[str, ...] = tuple(
    f for f in EVENT_FIELDS if f not in ACLED_COLUMNS) + ("url", "updated_at")
# The merge columns: the incident an event belongs to (or, merged, the incident itself).
INCIDENT_COLUMNS: tuple[str, ...] = (
    "incident_id", "n_sources", "n_articles", "n_events", "event_ids", "article_ids")
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + STRIFE_COLUMNS + INCIDENT_COLUMNS

# Column kinds for typed formats (Parquet, GeoPackage, pandas).
INT_COLUMNS = frozenset({
    "year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp", "geonameid",
    "fatalities_low", "fatalities_high", "injured", "injured_low", "injured_high", "displaced",
    "displaced_low", "displaced_high", "n_sources", "n_articles", "n_events"})
FLOAT_COLUMNS = frozenset({"latitude", "longitude", "confidence"})
BOOL_COLUMNS = frozenset({"claimed"})
DATE_COLUMNS = frozenset({"event_date"})
DATETIME_COLUMNS = frozenset({"updated_at"})
INTER_COLUMNS = frozenset({"inter1", "inter2", "interaction"})

INTER_LABELS = {0: "", 1: "State forces", 2: "Rebel group", 3: "Political militia",
                4: "Identity militia", 5: "Rioters", 6: "Protesters", 7: "Civilians",
                8: "External/Other forces"}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
SCALE_ORDER = ("Local partner", "Other", "New media", "Subnational", "National", "Regional",
               "International")
# disorder_type by sub-event type (ACLED's rule, acled_format.md section 4); otherwise by type.
_DISORDER_BY_TYPE = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Riots": "Political violence",
    "Protests": "Demonstrations", "Strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB = {
    "Violent demonstration": "Demonstrations",
    "Excessive force against protesters": "Political violence; Demonstrations",
}
# Unit words that local admin names carry and ACLED's do not.
_ADMIN_WORDS = re.compile(
    r"\s*\b(?:oblast|governorate|province|provincia|region|state|department|"
    r"departement|district|territory|muhafazat|wilayat|prefecture|county|kray|krai)\b['’]?\.?\s*",
    re.IGNORECASE)
_RESPUBLIKA = re.compile(r"^(.*?),\s*Respublika$|^Respublika\s+(.*)$")
_ISO_NOTE_DATE = re.compile(r"^(On|Around) (\d{4}-\d{2}-\d{2})(,| \(as reported\),)")


class AcledTables:
    """The data tables behind the ACLED columns (loaded once)."""

    def __init__(self) -> None:
        self.countries: dict[str, dict[str, str]] = {}
        self.by_name: dict[str, dict[str, str]] = {}
        for row in _tsv("output/acled_countries.tsv"):
            self.countries[row["iso2"]] = row
            self.by_name[row["country"].lower()] = row
        self.admin = {(r["iso2"], _key(r["name"])): r["acled"] for r in _tsv("output/acled_admin.tsv")}
        self.sites = {r["domain"]: (r["outlet"], r["scale"]) for r in _tsv("output/acled_sources.tsv")}
        self.agencies = {r["dateline"]: (r["outlet"], r["scale"]) for r in _tsv("output/acled_agencies.tsv")}
        names = sorted(self.agencies, key=len, reverse=True)
        self.dateline = re.compile(
            r"\((" + "|".join(re.escape(n) for n in names) + r")\)\s*[-–—:]|"
            r"^[^\n]{0,80}?[-–—]\s*(" + "|".join(re.escape(n) for n in names) + r")\s*[-–—:]")


def _tsv(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in read_lines(name)]
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"))) for ln in lines[1:]]


def _key(name: str) -> str:
    return ascii_text(name).lower().replace("`", "'").strip()


@lru_cache(maxsize=1)
def tables() -> AcledTables:
    return AcledTables()


def ascii_text(text: str | None) -> str:
    """ACLED's plain Latin letters: 'Nīnawá' -> 'Ninawa' (apostrophe-like marks become ');
    letters of other scripts are kept rather than lost."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("’", "'").replace("‘", "'").replace("ʼ", "'").replace("ʻ", "'").replace("`", "'")
    s = s.replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("ß", "ss").replace("đ", "d")
    return s.strip()


def country_info(country_code: str | None, country: str | None = None) -> dict[str, str]:
    """ACLED's row for a country (iso2, iso3, iso, country, id_prefix, region), or {}."""
    t = tables()
    if country_code and country_code.upper() in t.countries:
        return t.countries[country_code.upper()]
    if country:
        row = t.by_name.get(ascii_text(country).lower())
        if row:
            return row
    return {}


def admin_name(name: str | None, country_code: str | None) -> str:
    """An admin unit's name as ACLED usually writes it: 'Donetska oblast' -> 'Donetsk',
    'Nīnawá' -> 'Ninewa', 'Herāt' -> 'Herat'."""
    if not name:
        return ""
    t = tables()
    cc = (country_code or "").upper()
    for candidate in (name, _strip_units(name)):
        found = t.admin.get((cc, _key(candidate)))
        if found:
            return found
    return ascii_text(_strip_units(name))


def _strip_units(name: str) -> str:
    m = _RESPUBLIKA.match(name.strip())
    if m:
        name = m.group(1) or m.group(2)
    stripped = _ADMIN_WORDS.sub(" ", name).strip(" ,")
    return stripped or name


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    return _DISORDER_BY_SUB.get(sub_event_type or "") or _DISORDER_BY_TYPE.get(event_type or "", "")


def interaction(inter1: int | None, inter2: int | None) -> int:
    """ACLED's interaction code: the two inter codes sorted ascending ('17'); one actor: 'X0'."""
    a, b = int(inter1 or 0), int(inter2 or 0)
    if not a and not b:
        return 0
    if not a or not b:
        return (a or b) * 10
    lo, hi = sorted((a, b))
    return lo * 10 + hi


def interaction_label(code: int) -> str:
    if not code:
        return ""
    hi, lo = divmod(code, 10)
    if not lo:
        return f"{INTER_LABELS[hi]} only"
    if (hi, lo) == (7, 8):
        return "External/Other forces-Civilians"
    return f"{INTER_LABELS[hi]}-{INTER_LABELS[lo]}"


def event_number(event_id: str, settings: Settings = DEFAULT_SETTINGS) -> int:
    """A deterministic number for an event id, far above any number ACLED has issued."""
    h = int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)
    return settings.acled_id_base + h % settings.acled_id_base


def event_id_cnty(event_id: str, country: Mapping[str, str], settings: Settings = DEFAULT_SETTINGS) -> str:
    prefix = (country.get("id_prefix") if settings.acled_id_prefix == "acled" else country.get("iso3")) or "XXX"
    return f"{prefix}{event_number(event_id, settings)}"


def acled_date(iso: str | None, style: str = "iso") -> str:
    """'2020-05-09' as the API writes it, or as the export tool does ('9 May 2020')."""
    if not iso:
        return ""
    if style == "dmy":
        d = dt.date.fromisoformat(iso[:10])
        return f"{d.day} {d.strftime('%B')} {d.year}"
    return iso[:10]


def note_date(iso: str) -> str:
    """'2020-05-09' -> '9 May 2020' (the date in ACLED's notes)."""
    d = dt.date.fromisoformat(iso[:10])
    return f"{d.day} {d.strftime('%B')} {d.year}"


def acled_notes(notes: str | None) -> str:
    """Notes with ACLED's opening: 'On 2020-05-09, ...' -> 'On 9 May 2020, ...'."""
    text = notes or ""
    m = _ISO_NOTE_DATE.match(text)
    if not m:
        return text
    tail = m.group(3) if m.group(1) == "On" else " (as reported),"
    return f"{m.group(1)} {note_date(m.group(2))}{tail}{text[m.end():]}"


def outlet(url: str | None = None, text: str | None = None,
           settings: Settings = DEFAULT_SETTINGS) -> list[tuple[str, str]]:
    """(outlet name, source scale) pairs for an article: its web site, and a news agency
    named in its dateline ('BAGHDAD (Reuters) -')."""
    t = tables()
    found: list[tuple[str, str]] = []
    host = (urlsplit(url).hostname or "") if url and "://" in url else ""
    if host:
        host = host.lower().removeprefix("www.")
        parts = host.split(".")
        match = next((t.sites[".".join(parts[i:])] for i in range(len(parts) - 1)
                      if ".".join(parts[i:]) in t.sites), None)
        if match:
            found.append(match)
        else:
            label = parts[-3] if len(parts) > 2 and len(parts[-2]) <= 3 and len(parts[-1]) == 2 else \
                parts[-2] if len(parts) > 1 else parts[0]
            found.append((label.capitalize(), settings.acled_default_source_scale))
    if text:
        m = t.dateline.search(text[:300])
        if m:
            agency = t.agencies[m.group(1) or m.group(2)]
            if agency[0] not in (name for name, _ in found):
                found.append(agency)
    return found


def source_columns(articles: Iterable[Mapping[str, Any]], settings: Settings = DEFAULT_SETTINGS
                   ) -> tuple[str, str]:
    """ACLED's `source` ('; '-joined outlet names) and `source_scale` ('National',
    'Subnational-National': at most two scales, hyphen-joined)."""
    names: list[str] = []
    scales: list[str] = []
    for art in articles:
        for name, scale in outlet(art.get("url"), art.get("text"), settings):
            if name not in names:
                names.append(name)
            if scale and scale not in scales:
                scales.append(scale)
    if len(scales) > 2:   # ACLED pairs at most two; keep the narrowest and the widest
        ranked = sorted(scales, key=SCALE_ORDER.index)
        scales = [ranked[0], ranked[-1]]
    scales.sort(key=lambda s: SCALE_ORDER.index(s) if s in SCALE_ORDER else len(SCALE_ORDER))
    return "; ".join(names), "-".join(scales)


def civilian_targeting(event: Mapping[str, Any], disorder: str) -> str:
    """'Civilian targeting' when civilians are the target of political violence."""
    if event.get("event_type") == "Violence against civilians":
        return "Civilian targeting"
    if "Political violence" in disorder and 7 in (event.get("inter1"), event.get("inter2")):
        return "Civilian targeting"
    return ""


def _round4(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


def _epoch(value: Any) -> int:
    if isinstance(value, (int, float)) and value:
        return int(value)
    if isinstance(value, str) and value:
        try:
            stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=dt.timezone.utc)
            return int(stamp.timestamp())
        except ValueError:
            pass
    return int(time.time())


def table_row(event: Mapping[str, Any], *, articles: Sequence[Mapping[str, Any]] = (),
              incident: Mapping[str, Any] | None = None, settings: Settings = DEFAULT_SETTINGS,
              style: str = "csv") -> dict[str, Any]:
    """One row of every column in COLUMNS order (Python values; None for empty).

    `articles` are the source articles ({"url", "text", "published"}) for `source`;
    `incident` the merge columns; style "acled" applies the acled_* format settings
    (date format, text inter labels), "csv" keeps ISO dates and numeric codes.
    """
    ev = dict(event)
    info = country_info(ev.get("country_code"), ev.get("country"))
    event_date = ev.get("event_date")
    precision = TIME_PRECISION.get(ev.get("date_precision") or "")
    if not event_date:
        published = next((a.get("published") for a in articles if a.get("published")), None)
        if published:
            event_date, precision = str(published)[:10], 3
    elif precision is None:
        precision = 1
    cc = (ev.get("country_code") or info.get("iso2") or "").upper()
    disorder = disorder_type(ev.get("event_type"), ev.get("sub_event_type"))
    inter1 = int(ev.get("inter1") or 0)
    inter2 = int(ev.get("inter2") or 0) if ev.get("actor2") or ev.get("inter2") else 0
    code = interaction(inter1, inter2)
    source, scale = source_columns(articles, settings)
    tags = "crowd size=no report" if ev.get("event_type") in ("Protests", "Riots") else ""
    text_inter = style == "acled" and settings.acled_inter_format == "text"
    iso = info.get("iso")
    row: dict[str, Any] = {
        "event_id_cnty": event_id_cnty(str(ev.get("event_id") or ""), info, settings),
        "event_date": acled_date(event_date, settings.acled_date_format if style == "acled" else "iso"),
        "year": int(event_date[:4]) if event_date else None,
        "time_precision": precision,
        "disorder_type": disorder,
        "event_type": ev.get("event_type") or "",
        "sub_event_type": ev.get("sub_event_type") or "",
        "actor1": ev.get("actor1") or "",
        "assoc_actor_1": ev.get("assoc_actor_1") or "",
        "inter1": INTER_LABELS.get(inter1, "") if text_inter else inter1,
        "actor2": ev.get("actor2") or "",
        "assoc_actor_2": ev.get("assoc_actor_2") or "",
        "inter2": INTER_LABELS.get(inter2, "") if text_inter else inter2,
        "interaction": interaction_label(code) if text_inter else code,
        "civilian_targeting": civilian_targeting({**ev, "inter2": inter2}, disorder),
        "iso": int(iso) if iso not in (None, "") else 0,
        "region": info.get("region", ""),
        "country": info.get("country") or ascii_text(ev.get("country")),
        "admin1": admin_name(ev.get("admin1"), cc),
        "admin2": admin_name(ev.get("admin2"), cc),
        "admin3": "",
        "location": ascii_text(ev.get("location")),
        "latitude": _round4(ev.get("latitude")),
        "longitude": _round4(ev.get("longitude")),
        "geo_precision": ev.get("geo_precision"),
        "source": source,
        "source_scale": scale,
        "notes": acled_notes(ev.get("notes")),
        "fatalities": int(ev.get("fatalities") or 0),
        "tags": tags,
        "timestamp": _epoch(ev.get("updated_at")),
    }
    for name in STRIFE_COLUMNS:
        row[name] = ev.get(name)
    if row["url"] is None:
        urls = [a.get("url") for a in articles if a.get("url")]
        row["url"] = "; ".join(urls) if urls else None
    row["claimed"] = bool(ev.get("claimed"))
    row["evidence"] = list(ev.get("evidence") or [])
    inc = incident or {}
    for name in INCIDENT_COLUMNS:
        row[name] = inc.get(name)
    return row


def flat(row: Mapping[str, Any]) -> dict[str, Any]:
    """Lists (evidence, ids) as JSON text: one scalar per cell, for CSV and columnar formats."""
    return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
            for k, v in row.items()}


def csv_cells(row: Mapping[str, Any], *, acled_only: bool = False) -> dict[str, Any]:
    """A row for csv.DictWriter: empty string for None, booleans as true/false."""
    cells = flat(row)
    out = {}
    for name in (ACLED_COLUMNS if acled_only else COLUMNS):
        v = cells.get(name)
        out[name] = "" if v is None else ("true" if v is True else "false" if v is False else v)
    return out
