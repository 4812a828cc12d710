"""Read-only queries over a strife store for the map, timeline, table and evidence viewer.

Every query is parameterised; the only names put into SQL text come from fixed tables in
this module (the table, its id column, a whitelisted sort column). The database is opened
read-only (`mode=ro` URI plus `PRAGMA query_only`), one connection per call, so the app
never changes the store and a running `strife run` may keep writing to it (WAL).
Aggregation (map clusters, timeline buckets, counts) and paging happen in SQL, so that
100,000 events stay responsive.
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from ..errors import StrifeError

# The six ACLED event types, in the legend's order.
EVENT_TYPES = ("Battles", "Violence against civilians", "Explosions/Remote violence",
               "Riots", "Protests", "Strategic developments")
TABLE_COLUMNS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2",
                 "location", "country", "fatalities")
SORTABLE = frozenset(TABLE_COLUMNS) | {"confidence", "injured", "country_code", "n_sources"}
MAX_PAGE_SIZE = 500
MAX_CLUSTERS = 5000
MAX_TEXT_QUERY = 200
POINT_EPS = 1e-5  # degrees (about a metre): "the same point" for a map marker


class QueryError(StrifeError):
    """A request the store cannot answer (bad parameter, unknown id, not a strife store)."""


@dataclass(frozen=True)
class Filters:
    """The filters the map, timeline and table share (kept in the page URL)."""

    since: str | None = None
    until: str | None = None
    country: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    min_fatalities: int | None = None
    q: str | None = None
    merged: bool = False
    at: tuple[float, float] | None = None  # exactly this point (lat, lon): a map marker's events

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Filters:
        def text(name: str, limit: int = MAX_TEXT_QUERY) -> str | None:
            value = (params.get(name) or "").strip()
            if len(value) > limit:
                raise QueryError(f"{name} is longer than {limit} characters")
            return value or None

        def date(name: str) -> str | None:
            value = text(name, 10)
            if value is None:
                return None
            try:
                return dt.date.fromisoformat(value).isoformat()
            except ValueError:
                raise QueryError(f"{name}={value!r} is not a date; write YYYY-MM-DD") from None

        raw_min = text("min_fatalities", 9)
        try:
            min_fat = int(raw_min) if raw_min is not None else None
        except ValueError:
            raise QueryError(f"min_fatalities={raw_min!r} is not a whole number") from None
        raw_at = text("at", 60)
        at = None
        if raw_at is not None:
            try:
                lat, lon = (float(x) for x in raw_at.split(","))
            except ValueError:
                raise QueryError(f"at={raw_at!r} is not 'latitude,longitude'") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise QueryError(f"at={raw_at!r} is not a point on Earth")
            at = (lat, lon)
        return cls(at=at, since=date("since"), until=date("until"), country=text("country"),
                   event_type=text("event_type"), sub_event_type=text("sub_event_type"),
                   actor=text("actor"), min_fatalities=min_fat if min_fat else None,
                   q=text("q"), merged=(params.get("view") or "") == "incidents")

    def params(self) -> dict[str, str]:
        """The URL query parameters that give these filters back through from_params."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "merged":
                if value:
                    out["view"] = "incidents"
            elif f.name == "at":
                if value:
                    out["at"] = f"{value[0]},{value[1]}"
            elif value not in (None, ""):
                out[f.name] = str(value)
        return out

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _like(value: str) -> str:
    """A LIKE pattern matching `value` anywhere (its own % and _ taken literally)."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def where(filters: Filters) -> tuple[str, list[Any]]:
    """The WHERE clause (with a leading space, or empty) and its arguments."""
    clauses: list[str] = []
    args: list[Any] = []
    if filters.since:
        clauses.append("event_date >= ?")
        args.append(filters.since)
    if filters.until:
        clauses.append("event_date <= ?")
        args.append(filters.until)
    if filters.country:
        clauses.append("(UPPER(country_code) = UPPER(?) OR LOWER(country) = LOWER(?))")
        args += [filters.country, filters.country]
    if filters.event_type:
        clauses.append("event_type = ?")
        args.append(filters.event_type)
    if filters.sub_event_type:
        clauses.append("sub_event_type = ?")
        args.append(filters.sub_event_type)
    if filters.actor:
        pattern = _like(filters.actor)
        clauses.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in
                                          ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")) + ")")
        args += [pattern] * 4
    if filters.min_fatalities:
        clauses.append("COALESCE(fatalities, 0) >= ?")
        args.append(filters.min_fatalities)
    if filters.at:
        clauses.append("latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?")
        lat, lon = filters.at
        args += [lat - POINT_EPS, lat + POINT_EPS, lon - POINT_EPS, lon + POINT_EPS]
    if filters.q:
        pattern = _like(filters.q)
        if filters.merged:
            clauses.append(
                "(notes LIKE ? ESCAPE '\\' OR incident_id IN (SELECT s.incident_id FROM "
                "incident_sources s JOIN articles a ON a.id = s.article_id "
                "WHERE a.text LIKE ? ESCAPE '\\' OR a.title LIKE ? ESCAPE '\\'))")
        else:
            clauses.append(
                "(notes LIKE ? ESCAPE '\\' OR article_id IN (SELECT id FROM articles "
                "WHERE text LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\'))")
        args += [pattern] * 3
    return ((" WHERE " + " AND ".join(clauses)) if clauses else ""), args


def _and(sql_where: str, clause: str) -> str:
    return f"{sql_where} AND {clause}" if sql_where else f" WHERE {clause}"


def safe_url(url: Any) -> str | None:
    """`url` when it is an absolute http(s) URL, else None (never a javascript: link)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch in url for ch in "\x00\r\n\t"):
        return None
    return url


class Reader:
    """Answers the app's questions from one store file, read-only."""

    def __init__(self, path: str) -> None:
        if not os.path.exists(path):
            raise QueryError(f"no store at {path}; create it with: strife run INPUT... --db {path}")
        self.path = os.path.abspath(path)
        self._facets_cache: dict[bool, tuple[tuple, dict[str, Any]]] = {}
        with self.connect() as conn:
            try:
                tables = {r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'")}
            except sqlite3.DatabaseError as exc:
                raise QueryError(f"{path} is not a strife store (SQLite says: {exc})") from None
        missing = {"meta", "articles", "events", "evidence", "incidents", "incident_sources"} - tables
        if missing:
            raise QueryError(f"{path} is not a strife store (no {', '.join(sorted(missing))} table); "
                             "make one with: strife run INPUT... --db STORE")

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        uri = "file:" + urllib.parse.quote(self.path) + "?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=10)
        except sqlite3.OperationalError as exc:
            raise QueryError(f"cannot open {self.path} read-only: {exc}") from None
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only = 1")
            yield conn
        finally:
            conn.close()

    # --- what the page needs first ---
    def _version(self) -> tuple:
        """Changes whenever the store does (a running `strife run` may add rows)."""
        out = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.path + suffix)
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def facets(self, merged: bool = False) -> dict[str, Any]:
        """Totals, date range and the values the filter menus offer, with counts (cached
        until the store file changes)."""
        key = (merged, self._version())
        cached = self._facets_cache.get(merged)
        if cached is not None and cached[0] == key:
            return cached[1]
        result = self._facets(merged)
        self._facets_cache[merged] = (key, result)
        return result

    def _facets(self, merged: bool) -> dict[str, Any]:
        table = "incidents" if merged else "events"
        with self.connect() as conn:
            total = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            lo, hi = conn.execute(f"SELECT MIN(event_date), MAX(event_date) FROM {table}").fetchone()
            countries = [
                {"code": r[0] or "", "name": r[1] or r[0] or "", "n": r[2]}
                for r in conn.execute(
                    f"SELECT country_code, MAX(country), COUNT(*) FROM {table} "
                    "WHERE country_code IS NOT NULL AND country_code != '' "
                    "GROUP BY country_code ORDER BY MAX(country), country_code")]
            types = [{"event_type": r[0], "sub_event_type": r[1], "n": r[2]} for r in conn.execute(
                f"SELECT event_type, sub_event_type, COUNT(*) FROM {table} "
                "WHERE event_type IS NOT NULL GROUP BY event_type, sub_event_type "
                "ORDER BY event_type, sub_event_type")]
            counts = {
                "events": conn.execute("SELECT COUNT(*) FROM events").fetchone()[0],
                "incidents": conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0],
                "articles": conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            }
        return {"total": total, "min_date": lo, "max_date": hi, "countries": countries,
                "types": types, "event_types": list(EVENT_TYPES), "counts": counts}

    # --- map ---
    def clusters(self, filters: Filters, cell: float,
                 bbox: tuple[float, float, float, float] | None = None) -> dict[str, Any]:
        """Events gathered into grid cells of `cell` degrees (inside bbox = west, south, east,
        north when given): per cell the count, mean position, fatalities, counts per event
        type and, for a single event, its id. Also how many events have no coordinates."""
        if not (0.0001 <= cell <= 90):
            raise QueryError("cell must be between 0.0001 and 90 degrees")
        table, key = ("incidents", "incident_id") if filters.merged else ("events", "event_id")
        base, args = where(filters)
        box_args: list[Any] = []
        if bbox is not None:
            west, south, east, north = bbox
            box_args += [south, north]
            if west <= east:
                box_args += [west, east]
        # One pass: unplaced rows group under gy = NULL; rows outside the bbox under gy = -1.
        sql = (
            f"SELECT CASE WHEN latitude IS NULL OR longitude IS NULL THEN NULL "
            f"WHEN {_box_sql(bbox)} "
            "THEN CAST((latitude + 90) / ? AS INTEGER) ELSE -1 END AS gy, "
            "CAST((longitude + 180) / ? AS INTEGER) AS gx, event_type, COUNT(*), "
            "SUM(latitude), SUM(longitude), SUM(COALESCE(fatalities, 0)), MIN(" + key + "), "
            "MIN(latitude), MAX(latitude), MIN(longitude), MAX(longitude) "
            f"FROM {table}{base} GROUP BY gy, gx, event_type")
        cells: dict[tuple[int, int], dict[str, Any]] = {}
        unplaced = total_placed = 0
        with self.connect() as conn:
            for (gy, gx, etype, n, slat, slon, fat, first_id,
                 lat0, lat1, lon0, lon1) in conn.execute(sql, [*box_args, cell, cell, *args]):
                if gy is None:
                    unplaced += n
                    continue
                total_placed += n
                if gy == -1:
                    continue
                c = cells.setdefault((gy, gx), {"n": 0, "lat": 0.0, "lon": 0.0, "fatalities": 0,
                                                 "types": {}, "id": None, "box": [lat0, lat1, lon0, lon1]})
                box = c["box"]
                c["box"] = [min(box[0], lat0), max(box[1], lat1), min(box[2], lon0), max(box[3], lon1)]
                c["n"] += n
                c["lat"] += slat
                c["lon"] += slon
                c["fatalities"] += fat
                c["types"][etype or "Unknown"] = c["types"].get(etype or "Unknown", 0) + n
                c["id"] = first_id
        out = []
        for c in cells.values():
            n = c["n"]
            out.append({
                "n": n, "lat": round(c["lat"] / n, 5), "lon": round(c["lon"] / n, 5),
                "fatalities": c["fatalities"],
                "type": max(c["types"].items(), key=lambda kv: (kv[1], kv[0]))[0],
                "types": c["types"], "id": c["id"] if n == 1 else None,
                # every event of the cluster at one point: zooming in would never split it
                "point": n > 1 and c["box"][1] - c["box"][0] < POINT_EPS and c["box"][3] - c["box"][2] < POINT_EPS,
            })
        out.sort(key=lambda c: (-c["n"], c["lat"], c["lon"]))
        truncated = len(out) > MAX_CLUSTERS
        return {"clusters": out[:MAX_CLUSTERS], "truncated": truncated,
                "placed": total_placed, "unplaced": unplaced, "cell": cell}

    # --- timeline ---
    def timeline(self, filters: Filters, bucket: str = "auto") -> dict[str, Any]:
        """Counts per day or week (weeks start on Monday) and event type; `auto` picks days
        for spans up to 120 days. Undated events are counted apart."""
        table = "incidents" if filters.merged else "events"
        base, args = where(filters)
        if bucket not in ("day", "week", "auto"):
            raise QueryError("bucket must be day, week or auto")
        with self.connect() as conn:
            rows = conn.execute(f"SELECT event_date, event_type, COUNT(*) FROM {table}{base} "
                                "GROUP BY event_date, event_type", args).fetchall()
        undated = sum(n for d, _, n in rows if d is None)
        days = sorted({d for d, _, _ in rows if d is not None})
        lo, hi = (days[0], days[-1]) if days else (None, None)
        if bucket == "auto":
            span = _days_between(lo, hi)
            bucket = "day" if span is not None and span <= 120 else "week"
        buckets: dict[str, dict[str, int]] = {}
        for d, etype, n in rows:
            if d is None:
                continue
            b = d if bucket == "day" else _week_start(d)
            if b is None:
                continue
            types = buckets.setdefault(b, {})
            types[etype or "Unknown"] = types.get(etype or "Unknown", 0) + n
        return {"bucket": bucket, "min_date": lo, "max_date": hi, "undated": undated or 0,
                "buckets": [{"date": b, "types": t, "n": sum(t.values())}
                            for b, t in sorted(buckets.items())]}

    # --- table ---
    def events(self, filters: Filters, *, sort: str = "event_date", desc: bool = False,
               page: int = 1, size: int = 50) -> dict[str, Any]:
        """One page of the filtered events (or incidents), sorted, with the total count."""
        if sort not in SORTABLE or (sort == "n_sources" and not filters.merged):
            raise QueryError(f"cannot sort by {sort!r}")
        size = max(1, min(int(size), MAX_PAGE_SIZE))
        page = max(1, int(page))
        table, key = ("incidents", "incident_id") if filters.merged else ("events", "event_id")
        extra = ", n_sources, n_articles" if filters.merged else ", article_id"
        base, args = where(filters)
        order = f"{sort} IS NULL, {sort} {'DESC' if desc else 'ASC'}, {key}"
        with self.connect() as conn:
            total = conn.execute(f"SELECT COUNT(*) FROM {table}{base}", args).fetchone()[0]
            rows = conn.execute(
                f"SELECT {key} AS id, {', '.join(TABLE_COLUMNS)}, latitude, longitude{extra} "
                f"FROM {table}{base} ORDER BY {order} LIMIT ? OFFSET ?",
                [*args, size, (page - 1) * size]).fetchall()
        return {"total": total, "page": page, "size": size, "sort": sort, "desc": desc,
                "kind": "incident" if filters.merged else "event",
                "rows": [dict(r) for r in rows]}

    # --- evidence viewer ---
    def event(self, event_id: str) -> dict[str, Any]:
        """An event's full record, its evidence spans, its article (cleaned text, safe URL)
        and the merged incidents it belongs to."""
        with self.connect() as conn:
            row = conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
            if row is None:
                raise QueryError(f"no event {event_id!r}")
            record = dict(row)
            record["claimed"] = bool(record.get("claimed"))
            evidence = [{"field": r[0], "start": r[1], "end": r[2], "text": r[3]} for r in conn.execute(
                "SELECT field, start_char, end_char, text FROM evidence WHERE event_id = ? ORDER BY idx",
                (event_id,))]
            article = _article(conn, record["article_id"])
            incidents = [r[0] for r in conn.execute(
                "SELECT incident_id FROM incident_sources WHERE event_id = ? ORDER BY incident_id",
                (event_id,))]
        text = (article or {}).get("text") or ""
        for ev in evidence:
            s, e = ev["start"], ev["end"]
            ev["located"] = (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text)
                             and text[s:e] == ev["text"])
        return {"kind": "event", "record": record, "evidence": evidence, "article": article,
                "incidents": incidents}

    def incident(self, incident_id: str) -> dict[str, Any]:
        """A merged incident's record, and each source event with its article and numbers."""
        with self.connect() as conn:
            row = conn.execute("SELECT * FROM incidents WHERE incident_id = ?", (incident_id,)).fetchone()
            if row is None:
                raise QueryError(f"no incident {incident_id!r}")
            record = dict(row)
            record["claimed"] = bool(record.get("claimed"))
            sources = []
            for r in conn.execute(
                    "SELECT s.event_id, s.article_id, s.original_id, e.event_date, e.location, "
                    "e.sub_event_type, e.fatalities, e.fatalities_low, e.fatalities_high, "
                    "e.injured, e.injured_low, e.injured_high, e.displaced, e.displaced_low, "
                    "e.displaced_high, a.title, a.url, a.published "
                    "FROM incident_sources s LEFT JOIN events e ON e.event_id = s.event_id "
                    "LEFT JOIN articles a ON a.id = s.article_id "
                    "WHERE s.incident_id = ? ORDER BY s.article_id, s.event_id", (incident_id,)):
                src = dict(r)
                src["url"] = safe_url(src["url"])
                src["independent"] = src["original_id"] == src["article_id"]
                sources.append(src)
        return {"kind": "incident", "record": record, "sources": sources,
                "reconciliation": RECONCILIATION, "numbers": reconciled_numbers(sources)}

    # --- downloads ---
    def export_records(self, filters: Filters, batch: int = 2000) -> Iterator[dict[str, Any]]:
        """The filtered records in the shape `strife export` writes (events with evidence;
        incidents with their source ids), ordered by date."""
        table, key = ("incidents", "incident_id") if filters.merged else ("events", "event_id")
        base, args = where(filters)
        with self.connect() as conn:
            cur = conn.execute(
                f"SELECT * FROM {table}{base} ORDER BY event_date IS NULL, event_date, {key}", args)
            while True:
                rows = cur.fetchmany(batch)
                if not rows:
                    break
                ids = [r[key] for r in rows]
                marks = ",".join("?" * len(ids))
                if filters.merged:
                    srcs: dict[str, list[tuple[str, str]]] = {}
                    for s in conn.execute(
                            f"SELECT incident_id, event_id, article_id FROM incident_sources "
                            f"WHERE incident_id IN ({marks}) ORDER BY article_id, event_id", ids):
                        srcs.setdefault(s[0], []).append((s[1], s[2]))
                    for r in rows:
                        rec = dict(r)
                        rec["claimed"] = bool(rec.get("claimed"))
                        pairs = srcs.get(rec["incident_id"], [])
                        rec["event_ids"] = [p[0] for p in pairs]
                        rec["article_ids"] = sorted({p[1] for p in pairs})
                        yield rec
                else:
                    evid: dict[str, list[dict[str, Any]]] = {}
                    for e in conn.execute(
                            f"SELECT event_id, field, start_char, end_char, text FROM evidence "
                            f"WHERE event_id IN ({marks}) ORDER BY event_id, idx", ids):
                        evid.setdefault(e[0], []).append(
                            {"field": e[1], "start": e[2], "end": e[3], "text": e[4]})
                    for r in rows:
                        rec = dict(r)
                        rec["claimed"] = bool(rec.get("claimed"))
                        rec["evidence"] = evid.get(rec["event_id"], [])
                        yield rec

    def snapshot(self, filters: Filters, with_text: bool = True) -> dict[str, Any]:
        """Everything the static report embeds: the filtered events and incidents (with
        evidence and source links), the articles they cite, and the facets."""
        ev_filters = replace(filters, merged=False)
        inc_filters = replace(filters, merged=True)
        events = list(self.export_records(ev_filters))
        incidents = list(self.export_records(inc_filters))
        article_ids = sorted({e["article_id"] for e in events}
                             | {a for i in incidents for a in i.get("article_ids", [])})
        articles = {}
        with self.connect() as conn:
            for aid in article_ids:
                art = _article(conn, aid)
                if art is not None:
                    if not with_text:
                        art["text"] = None
                    articles[aid] = art
            sources = []
            ids = [i["incident_id"] for i in incidents]
            for k in range(0, len(ids), 500):
                chunk = ids[k:k + 500]
                sources += [dict(r) for r in conn.execute(
                    "SELECT s.incident_id, s.event_id, s.article_id, s.original_id, e.event_date, "
                    "e.location, e.sub_event_type, e.fatalities, e.fatalities_low, e.fatalities_high, "
                    "e.injured, e.injured_low, e.injured_high, e.displaced, e.displaced_low, "
                    "e.displaced_high FROM incident_sources s "
                    "LEFT JOIN events e ON e.event_id = s.event_id "
                    f"WHERE s.incident_id IN ({','.join('?' * len(chunk))}) "
                    "ORDER BY s.article_id, s.event_id", chunk)]
        by_incident: dict[str, list[dict[str, Any]]] = {}
        for src in sources:
            by_incident.setdefault(src["incident_id"], []).append(src)
        numbers = {iid: reconciled_numbers(srcs) for iid, srcs in by_incident.items()}
        return {"filters": filters.as_dict(), "events": events, "incidents": incidents,
                "articles": articles, "sources": sources, "reconciliation": RECONCILIATION,
                "numbers": numbers,
                "event_types": list(EVENT_TYPES)}


NUMBER_FIELDS = ("fatalities", "injured", "displaced")


def reconciled_numbers(sources: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """For each number field: the figure each independent source reported (its highest),
    and (best, low, high) as strife.corpus.merge reconciles them from the source events."""
    from ..corpus.merge import reconcile_counts

    out: dict[str, dict[str, Any]] = {}
    for name in NUMBER_FIELDS:
        reports = [(s["original_id"], s.get(name), s.get(f"{name}_low"), s.get(f"{name}_high"))
                   for s in sources]
        per_source: dict[str, int] = {}
        for source, best, low, high in reports:
            value = best or low or high
            if value:
                per_source[source] = max(per_source.get(source, 0), value)
        if not per_source:
            continue
        best, low, high = reconcile_counts(reports)
        out[name] = {"reports": dict(sorted(per_source.items())), "best": best, "low": low, "high": high}
    return out


RECONCILIATION = (
    "Each independent source (copies of one article count once) reports its highest figure. "
    "low = the highest 'at least' any source gave (else the lowest report); best = the "
    "median report, never below low; high = the highest figure anyone gave. A report of 0 "
    "with no bounds means no number was given and is left out.")


def _article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT id, url, title, published, source, status, duplicate_of, duplicate_kind, text "
        "FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    art = dict(row)
    art["url"] = safe_url(art["url"])
    return art


def _box_sql(bbox: tuple[float, float, float, float] | None) -> str:
    """The SQL condition (placeholders only) for a point inside bbox; 1 without one."""
    if bbox is None:
        return "1"
    if bbox[0] <= bbox[2]:
        return "latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?"
    return "latitude BETWEEN ? AND ?"  # a box across the antimeridian: every longitude


def _week_start(iso: str) -> str | None:
    """The Monday of the week `iso` falls in (None for a malformed date)."""
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None
    return (day - dt.timedelta(days=day.weekday())).isoformat()


def _days_between(lo: str | None, hi: str | None) -> int | None:
    try:
        return (dt.date.fromisoformat(hi) - dt.date.fromisoformat(lo)).days  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
