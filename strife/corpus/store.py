"""The corpus store: one SQLite file (WAL mode, one writer) holding a whole run.

Tables: `articles` (one row per input article, keyed by id, with its content hash and
cleaned text), `events` (the event record, coordinates as plain `latitude`/`longitude`
columns), `evidence`, `places`, `dead_letters`, `incidents` (events merged across
articles) and `incident_sources`. Every row has a natural key, so the store's content
does not depend on the order in which worker results arrived. It opens as it is in
Datasette, sqlite-utils, pandas (`read_sql`) and QGIS (a delimited/point layer on
`events` or `incidents`).

Schema 2 (this one) declares the foreign keys between the tables (Datasette shows them as
links), keeps FTS5 indexes over article titles and text (`articles_fts`) and event notes
(`events_fts`) in sync through triggers, and stamps `updated_at` (UTC, ISO 8601) on each
article, event and incident row when its content changes. A schema-1 store is migrated in
place when it is opened.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import StrifeError
from ..models import EVENT_FIELDS, Article, DeadLetter

SCHEMA_VERSION = "2"
MIGRATES_FROM = ("1",)
BUSY_TIMEOUT_MS = 30_000

# Event columns: every EVENT_FIELDS name but the evidence list (its own table).
EVENT_COLUMNS: tuple[str, ...] = tuple(f for f in EVENT_FIELDS if f != "evidence")
EVENT_SQL_TYPES = {
    "inter1": "INTEGER", "inter2": "INTEGER", "latitude": "REAL", "longitude": "REAL",
    "geonameid": "INTEGER", "geo_precision": "INTEGER", "confidence": "REAL", "claimed": "INTEGER",
    "fatalities": "INTEGER", "fatalities_low": "INTEGER", "fatalities_high": "INTEGER",
    "injured": "INTEGER", "injured_low": "INTEGER", "injured_high": "INTEGER",
    "displaced": "INTEGER", "displaced_low": "INTEGER", "displaced_high": "INTEGER",
}
PLACE_COLUMNS: tuple[str, ...] = (
    "start_char", "end_char", "text", "name", "latitude", "longitude", "geonameid",
    "country_code", "country", "admin1", "admin2", "feature_code", "population", "score", "source",
)


def place_row(place: dict[str, Any]) -> dict[str, Any]:
    """A place dict (`Place` as a dict: offsets under `start`/`end`) as a places-table row."""
    row = {c: place.get(c) for c in PLACE_COLUMNS}
    row["start_char"] = place.get("start", place.get("start_char"))
    row["end_char"] = place.get("end", place.get("end_char"))
    return row


def _incident_columns() -> tuple[str, ...]:
    from .merge import INCIDENT_FIELDS

    return INCIDENT_FIELDS


# Full-text indexes (FTS5, external content: the text lives once, in its table).
FTS_TABLES = {"articles_fts": ("articles", ("title", "text")), "events_fts": ("events", ("notes",))}
# Volatile columns left out of Store.dump(): when a row was written, not what it says.
VOLATILE_COLUMNS = frozenset({"updated_at"})


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _fts_sql() -> str:
    parts = []
    for fts, (table, cols) in FTS_TABLES.items():
        col_list = ", ".join(cols)
        new_vals = ", ".join(f"new.{c}" for c in cols)
        old_vals = ", ".join(f"old.{c}" for c in cols)
        parts.append(f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({col_list}, content=[{table}]);
CREATE TRIGGER IF NOT EXISTS {table}_fts_ai AFTER INSERT ON {table} BEGIN
  INSERT INTO {fts}(rowid, {col_list}) VALUES (new.rowid, {new_vals});
END;
CREATE TRIGGER IF NOT EXISTS {table}_fts_ad AFTER DELETE ON {table} BEGIN
  INSERT INTO {fts}({fts}, rowid, {col_list}) VALUES ('delete', old.rowid, {old_vals});
END;
CREATE TRIGGER IF NOT EXISTS {table}_fts_au AFTER UPDATE ON {table} BEGIN
  INSERT INTO {fts}({fts}, rowid, {col_list}) VALUES ('delete', old.rowid, {old_vals});
  INSERT INTO {fts}(rowid, {col_list}) VALUES (new.rowid, {new_vals});
END""")
    return ";".join(parts)


def _split(script: str) -> list[str]:
    """The statements of an SQL script (trigger bodies hold semicolons of their own)."""
    out, buf = [], ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    return out


def _schema() -> str:
    event_cols = ",\n  ".join(
        f"{c} {EVENT_SQL_TYPES.get(c, 'TEXT')}" + (" PRIMARY KEY" if c == "event_id" else "")
        + (" NOT NULL REFERENCES articles(id)" if c == "article_id" else "")
        for c in EVENT_COLUMNS)
    inc_cols = ",\n  ".join(
        f"{c} {EVENT_SQL_TYPES.get(c, 'INTEGER' if c.startswith('n_') else 'TEXT')}"
        + (" PRIMARY KEY" if c == "incident_id" else "")
        for c in _incident_columns())
    return f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
  id TEXT PRIMARY KEY,
  content_hash TEXT NOT NULL,
  url TEXT,
  title TEXT,
  published TEXT,
  source TEXT,
  status TEXT NOT NULL,        -- done | failed | copy (an exact copy of duplicate_of, not processed)
  duplicate_of TEXT REFERENCES articles(id),  -- id of the original this article copies
  duplicate_kind TEXT,         -- exact | near
  similarity REAL,             -- estimated Jaccard similarity to the original
  n_events INTEGER NOT NULL DEFAULT 0,
  text TEXT,                   -- the cleaned text every evidence offset points into
  minhash BLOB,                -- near-duplicate signature (strife.dedup)
  updated_at TEXT              -- when this row last changed (UTC, ISO 8601)
);
CREATE INDEX IF NOT EXISTS articles_content_hash ON articles(content_hash);
CREATE TABLE IF NOT EXISTS events (
  {event_cols},
  updated_at TEXT
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_date ON events(event_date);
CREATE TABLE IF NOT EXISTS evidence (
  event_id TEXT NOT NULL REFERENCES events(event_id),
  idx INTEGER NOT NULL,
  field TEXT,
  start_char INTEGER,
  end_char INTEGER,
  text TEXT,
  PRIMARY KEY (event_id, idx)
);
CREATE TABLE IF NOT EXISTS places (
  article_id TEXT NOT NULL REFERENCES articles(id),
  idx INTEGER NOT NULL,
  {", ".join(f"{c} {'INTEGER' if c in ('start_char', 'end_char', 'geonameid', 'population') else 'REAL' if c in ('latitude', 'longitude', 'score') else 'TEXT'}" for c in PLACE_COLUMNS)},
  PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS dead_letters (
  key TEXT PRIMARY KEY,        -- hash of (input, line, stage): a re-run does not add it twice
  input TEXT NOT NULL,
  line INTEGER,
  stage TEXT NOT NULL,
  reason TEXT NOT NULL,
  article_id TEXT REFERENCES articles(id)
);
CREATE TABLE IF NOT EXISTS incidents (
  {inc_cols},
  updated_at TEXT
);
CREATE INDEX IF NOT EXISTS incidents_date ON incidents(event_date);
CREATE TABLE IF NOT EXISTS incident_sources (
  incident_id TEXT NOT NULL REFERENCES incidents(incident_id),
  event_id TEXT NOT NULL REFERENCES events(event_id),
  article_id TEXT NOT NULL REFERENCES articles(id),
  original_id TEXT NOT NULL REFERENCES articles(id),   -- the independent source this article counts as
  PRIMARY KEY (incident_id, event_id)
);
CREATE INDEX IF NOT EXISTS incident_sources_event ON incident_sources(event_id);
CREATE INDEX IF NOT EXISTS incident_sources_article ON incident_sources(article_id);
CREATE INDEX IF NOT EXISTS evidence_event ON evidence(event_id);
CREATE INDEX IF NOT EXISTS places_article ON places(article_id);
CREATE INDEX IF NOT EXISTS events_updated ON events(updated_at);
CREATE INDEX IF NOT EXISTS incidents_updated ON incidents(updated_at);
""" + _fts_sql()


class StoreError(StrifeError):
    """The store file cannot be used (not a strife store, or a newer schema)."""


def dead_letter_key(dl: DeadLetter) -> str:
    key = f"{dl.input}\x00{dl.line if dl.line is not None else ''}\x00{dl.stage}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def _connect_readonly(path: str) -> sqlite3.Connection:
    """A read-only connection. A WAL store on read-only media (no -shm file, none can be
    made) opens only as immutable: then nothing may be writing it, which holds for media
    no one can write."""
    from urllib.parse import quote

    base = f"file:{quote(os.path.abspath(path))}?mode=ro"
    try:
        conn = sqlite3.connect(base, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        return sqlite3.connect(base + "&immutable=1", uri=True, isolation_level=None)


class Store:
    """A strife SQLite store. Only one process writes; readers may come and go (WAL)."""

    def __init__(self, path: str, readonly: bool = False) -> None:
        """`readonly`: open for reading only (export): nothing is written, not even the
        journal mode, so a store on read-only media or another user's store can be read."""
        self.path = path
        try:
            if readonly:
                self.conn = _connect_readonly(path)
            else:
                self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            if not readonly:
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable up to the last checkpointed commit, never corrupt
            self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            # INSERT OR REPLACE deletes the old row first: with recursive triggers on, that
            # delete reaches the full-text index too, so it never keeps stale text.
            self.conn.execute("PRAGMA recursive_triggers=ON")
            version = self._meta("schema_version")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot open the store {path}: {exc} (does its folder exist "
                             "and is it writable?)") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is not a strife store (SQLite says: {exc}); "
                             "give a new file name for --db") from None
        self.schema = version
        if version in MIGRATES_FROM and readonly:   # readable as it is; migrated when next opened to write
            version = SCHEMA_VERSION
        elif version in MIGRATES_FROM:
            self._migrate(version)
            version = self.schema = SCHEMA_VERSION
        if version is not None and version != SCHEMA_VERSION:
            raise StoreError(f"{path} has store schema {version}, this strife writes "
                             f"{SCHEMA_VERSION}; export it with the strife that made it, or use a new --db")
        if version is None and self.conn.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type='table'").fetchone()[0]:
            self.conn.close()
            raise StoreError(f"{path} is an SQLite database of something else, not a strife "
                             "store; give a new file name for --db")
        if version is None and readonly:
            self.conn.close()
            raise StoreError(f"{path} is not a strife store (it has no tables); "
                             "create it with: strife run INPUT... --db " + path)
        if version is None:
            self._create()
        elif not readonly:
            self._add_columns()

    def _add_columns(self) -> None:
        """Columns a newer event record added (e.g. `site`) are added to an older store of
        the same schema in place; their cells stay empty for the rows already there."""
        for table, cols in (("events", EVENT_COLUMNS), ("incidents", _incident_columns())):
            have = {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}
            for c in cols:
                if have and c not in have:
                    self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {c} {EVENT_SQL_TYPES.get(c, 'TEXT')}")

    def _migrate(self, version: str) -> None:
        """Bring a schema-1 store to this schema in place: tables are rebuilt with their
        foreign keys (same columns, plus updated_at), the full-text indexes are filled."""
        old_tables = [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name != 'meta'")]
        with self.transaction():
            for (index,) in self.conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL").fetchall():
                self.conn.execute(f"DROP INDEX {index}")
            for table in old_tables:
                self.conn.execute(f"ALTER TABLE {table} RENAME TO {table}_v{version}")
            for statement in _split(_schema()):
                self.conn.execute(statement)
            stamp = utc_now()
            for table in old_tables:
                new_cols = {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}
                cols = [r[1] for r in self.conn.execute(f"PRAGMA table_info({table}_v{version})")
                        if r[1] in new_cols]
                extra = ", updated_at" if "updated_at" in new_cols else ""
                value = ", ?" if extra else ""
                self.conn.execute(
                    f"INSERT INTO {table} ({', '.join(cols)}{extra}) SELECT {', '.join(cols)}{value} "
                    f"FROM {table}_v{version}", (stamp,) if extra else ())
                self.conn.execute(f"DROP TABLE {table}_v{version}")
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('migrated_from', ?)", (version,))

    def _create(self) -> None:
        with self.transaction():
            for statement in _split(_schema()):
                self.conn.execute(statement)
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                              (SCHEMA_VERSION,))

    def _meta(self, key: str) -> str | None:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not exists:
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside commit together or not at all (a kill -9 leaves no half rows)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # --- reading what is already there (for resuming) ---
    def article_hashes(self) -> dict[str, str]:
        """{article id: content hash} of every stored article."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, content_hash FROM articles")}

    def processed_hashes(self) -> dict[str, str]:
        """{content hash: article id} of articles that went through the pipeline."""
        rows = self.conn.execute(
            "SELECT content_hash, id FROM articles WHERE status != 'copy' ORDER BY id")
        out: dict[str, str] = {}
        for h, aid in rows:
            out.setdefault(h, aid)
        return out

    # --- writing (call inside transaction()) ---
    def add_article(self, article: Article, *, status: str, n_events: int = 0,
                    minhash: bytes | None = None, duplicate_of: str | None = None) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO articles (id, content_hash, url, title, published, source, "
            "status, duplicate_of, duplicate_kind, similarity, n_events, text, minhash, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (article.id, article.content_hash, article.url, article.title, article.published,
             article.source, status, duplicate_of, "exact" if duplicate_of else None,
             1.0 if duplicate_of else None, n_events,
             None if status == "copy" else article.text, minhash, utc_now()))

    def add_events(self, events: Iterable[dict[str, Any]]) -> int:
        n = 0
        placeholders = ",".join("?" * (len(EVENT_COLUMNS) + 1))
        stamp = utc_now()
        for ev in events:
            values = [ev.get(c) for c in EVENT_COLUMNS]
            values[EVENT_COLUMNS.index("claimed")] = int(bool(ev.get("claimed")))
            self.conn.execute(
                f"INSERT OR REPLACE INTO events ({','.join(EVENT_COLUMNS)}, updated_at) "
                f"VALUES ({placeholders})", values + [stamp])
            self.conn.executemany(
                "INSERT OR REPLACE INTO evidence VALUES (?,?,?,?,?,?)",
                [(ev["event_id"], i, e.get("field"), e.get("start"), e.get("end"), e.get("text"))
                 for i, e in enumerate(ev.get("evidence") or [])])
            n += 1
        return n

    def add_places(self, article_id: str, places: Iterable[dict[str, Any]]) -> None:
        placeholders = ",".join("?" * (len(PLACE_COLUMNS) + 2))
        self.conn.executemany(
            f"INSERT OR REPLACE INTO places (article_id, idx, {','.join(PLACE_COLUMNS)}) "
            f"VALUES ({placeholders})",
            [(article_id, i, *place_row(p).values()) for i, p in enumerate(places)])

    def add_dead_letter(self, dl: DeadLetter, article_id: str | None = None) -> None:
        self.conn.execute("INSERT OR REPLACE INTO dead_letters VALUES (?,?,?,?,?,?)",
                          (dead_letter_key(dl), dl.input, dl.line, dl.stage, dl.reason, article_id))

    def set_near_duplicates(self, links: dict[str, tuple[str, float]]) -> None:
        """Replace all near-duplicate links: {copy id: (original id, similarity)}."""
        self.conn.execute("UPDATE articles SET duplicate_of=NULL, duplicate_kind=NULL, "
                          "similarity=NULL WHERE duplicate_kind='near'")
        self.conn.executemany(
            "UPDATE articles SET duplicate_of=?, duplicate_kind='near', similarity=? WHERE id=?",
            [(orig, sim, aid) for aid, (orig, sim) in sorted(links.items())])

    def replace_incidents(self, incidents: Iterable[Any]) -> int:
        """Replace the merged incidents with `incidents` (strife.corpus.merge.MergedIncident)."""
        cols = _incident_columns()
        # An incident whose content and sources did not change keeps its updated_at.
        before = {r[0]: (r[1], r[2]) for r in self.conn.execute(
            "SELECT incident_id, updated_at, "
            "(SELECT group_concat(event_id, ' ') FROM (SELECT event_id FROM incident_sources s "
            " WHERE s.incident_id = incidents.incident_id ORDER BY event_id)) FROM incidents")}
        old_values = {r[0]: tuple(r) for r in self.conn.execute(
            f"SELECT {','.join(cols)} FROM incidents")}
        self.conn.execute("DELETE FROM incidents")
        self.conn.execute("DELETE FROM incident_sources")
        n = 0
        stamp = utc_now()
        for inc in incidents:
            rec = dict(inc.record)
            rec["claimed"] = int(bool(rec.get("claimed")))
            values = [rec.get(c) for c in cols]
            members = " ".join(sorted(ev["event_id"] for ev in inc.members))
            prev = before.get(inc.incident_id)
            same = prev is not None and prev[1] == members and old_values.get(inc.incident_id) == tuple(values)
            self.conn.execute(
                f"INSERT INTO incidents ({','.join(cols)}, updated_at) "
                f"VALUES ({','.join('?' * (len(cols) + 1))})",
                values + [prev[0] if same and prev[0] else stamp])
            self.conn.executemany(
                "INSERT INTO incident_sources VALUES (?,?,?,?)",
                [(inc.incident_id, ev["event_id"], ev["article_id"], inc.sources[ev["article_id"]])
                 for ev in inc.members])
            n += 1
        return n

    # --- reading for merging and export ---
    def signatures(self) -> list[tuple[str, str, bytes]]:
        """(article id, order key, MinHash) of processed articles, for near-duplicate search."""
        rows = self.conn.execute(
            "SELECT id, COALESCE(published, '9999'), minhash FROM articles "
            "WHERE status='done' AND minhash IS NOT NULL ORDER BY id")
        return [(r[0], r[1], r[2]) for r in rows]

    def dedup_facts(self) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
        """{article id: (resolved place names, numbers in the text)} of processed articles:
        what near duplicates must agree on (strife.corpus.dedup.facts_agree)."""
        from .dedup import numbers_in

        places: dict[str, set[str]] = {}
        for aid, name in self.conn.execute(
                "SELECT article_id, lower(name) FROM places WHERE geonameid IS NOT NULL AND name IS NOT NULL"):
            places.setdefault(aid, set()).add(name)
        return {r[0]: (frozenset(places.get(r[0], ())), numbers_in(r[1] or ""))
                for r in self.conn.execute("SELECT id, text FROM articles WHERE status='done'")}

    def originals(self) -> dict[str, str]:
        """{article id: the original it copies}, following chains to the root."""
        links = {r[0]: r[1] for r in self.conn.execute(
            "SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL")}
        out = {}
        for aid in links:
            root, seen = aid, set()
            while root in links and root not in seen:
                seen.add(root)
                root = links[root]
            out[aid] = root
        return out

    def published_dates(self) -> dict[str, str | None]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, published FROM articles")}

    def iter_events(self, *, since: str | None = None, until: str | None = None,
                    country: str | None = None, with_evidence: bool = True,
                    changed_since: str | None = None, with_updated: bool = False,
                    ) -> Iterator[dict[str, Any]]:
        """Event dicts in EVENT_FIELDS order (evidence as a list), ordered by date then id.

        `changed_since` (ISO date or UTC date-time) keeps rows written at or after it;
        `with_updated` adds each row's `updated_at`."""
        where, args = _filters(since, until, country, changed_since)
        sql = f"SELECT * FROM events{where} ORDER BY event_date IS NULL, event_date, event_id"
        for row in self.conn.execute(sql, args).fetchall():
            ev = dict(row)
            ev["claimed"] = bool(ev["claimed"])
            ev["evidence"] = self._evidence(ev["event_id"]) if with_evidence else []
            out = {k: ev.get(k) for k in EVENT_FIELDS}
            if with_updated:
                out["updated_at"] = ev.get("updated_at")
            yield out

    def _evidence(self, event_id: str) -> list[dict[str, Any]]:
        return [{"field": r[0], "start": r[1], "end": r[2], "text": r[3]} for r in self.conn.execute(
            "SELECT field, start_char, end_char, text FROM evidence WHERE event_id=? ORDER BY idx",
            (event_id,))]

    def iter_incidents(self, *, since: str | None = None, until: str | None = None,
                       country: str | None = None, changed_since: str | None = None
                       ) -> Iterator[dict[str, Any]]:
        """Merged incidents, each with its source event and article ids."""
        where, args = _filters(since, until, country, changed_since)
        sql = f"SELECT * FROM incidents{where} ORDER BY event_date IS NULL, event_date, incident_id"
        for row in self.conn.execute(sql, args).fetchall():
            inc = dict(row)
            inc["claimed"] = bool(inc["claimed"])
            srcs = self.conn.execute(
                "SELECT event_id, article_id FROM incident_sources WHERE incident_id=? "
                "ORDER BY article_id, event_id", (inc["incident_id"],)).fetchall()
            inc["event_ids"] = [s[0] for s in srcs]
            inc["article_ids"] = sorted({s[1] for s in srcs})
            yield inc

    def counts(self) -> dict[str, int]:
        q = self.conn.execute
        return {
            "articles": q("SELECT COUNT(*) FROM articles WHERE status='done'").fetchone()[0],
            "copies": q("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0],
            "events": q("SELECT COUNT(*) FROM events").fetchone()[0],
            "incidents": q("SELECT COUNT(*) FROM incidents").fetchone()[0],
            "dead_letters": q("SELECT COUNT(*) FROM dead_letters").fetchone()[0],
        }

    def dump(self) -> dict[str, list[tuple]]:
        """Every table's rows, sorted: two stores with equal dumps hold the same data.

        Left out: when rows were written (updated_at) and the full-text indexes (derived
        from the text columns, laid out in insertion order)."""
        tables = [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
            if not any(r[0].startswith(f) for f in FTS_TABLES)]
        out = {}
        for t in tables:
            cols = [r[1] for r in self.conn.execute(f"PRAGMA table_info({t})")
                    if r[1] not in VOLATILE_COLUMNS]
            out[t] = sorted((tuple(r) for r in self.conn.execute(
                f"SELECT {', '.join(cols)} FROM {t}")), key=repr)
        return out

    # --- for exports: the articles behind events, the incident each event belongs to ---
    def article_info(self, head_chars: int = 400) -> dict[str, dict[str, Any]]:
        """{article id: {"url", "title", "published", "text" (its first characters)}}."""
        return {r[0]: {"url": r[1], "title": r[2], "published": r[3], "text": r[4]}
                for r in self.conn.execute(
                    "SELECT id, url, title, published, substr(text, 1, ?) FROM articles", (head_chars,))}

    def event_incidents(self) -> dict[str, dict[str, Any]]:
        """{event id: the merge columns of the incident it belongs to}."""
        members: dict[str, list[tuple[str, str]]] = {}
        for inc_id, ev_id, art_id in self.conn.execute(
                "SELECT incident_id, event_id, article_id FROM incident_sources ORDER BY article_id, event_id"):
            members.setdefault(inc_id, []).append((ev_id, art_id))
        out: dict[str, dict[str, Any]] = {}
        for r in self.conn.execute("SELECT incident_id, n_sources, n_articles, n_events FROM incidents"):
            mem = members.get(r[0], [])
            info = {"incident_id": r[0], "n_sources": r[1], "n_articles": r[2], "n_events": r[3],
                    "event_ids": [m[0] for m in mem], "article_ids": sorted({m[1] for m in mem})}
            for ev_id, _ in mem:
                out[ev_id] = info
        return out

    def search(self, query: str, table: str = "articles", limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search (FTS5 syntax) over article titles and text, or event notes."""
        fts = {"articles": "articles_fts", "events": "events_fts"}[table]
        key = "id" if table == "articles" else "event_id"
        rows = self.conn.execute(
            f"SELECT t.{key} FROM {fts} JOIN {table} t ON t.rowid = {fts}.rowid "
            f"WHERE {fts} MATCH ? ORDER BY rank LIMIT ?", (query, limit))
        return [{key: r[0]} for r in rows]


def _filters(since: str | None, until: str | None, country: str | None,
             changed_since: str | None = None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if changed_since:
        clauses.append("updated_at >= ?")
        args.append(changed_since)
    if since:
        clauses.append("event_date >= ?")
        args.append(since)
    if until:
        clauses.append("event_date <= ?")
        args.append(until)
    if country:
        clauses.append("(UPPER(country_code) = UPPER(?) OR LOWER(country) = LOWER(?))")
        args.extend([country, country])
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args
