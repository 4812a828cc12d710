"""The Dask engine's output: Parquet tables under one folder (local or fsspec URL).

    DIR/shards/<shard id>/{articles,events,evidence,places,dead_letters}.parquet + _DONE
    DIR/reread/<shard id>/...      the same, for the articles of a shard that the global stage
                                   ran again under new ids (an id read before in another shard)
    DIR/<table>/part-*.parquet     the final tables, rewritten by each run's global stage

A map task writes its shard's files under fixed names (a retried task overwrites them)
and then the `_DONE` marker, last, by atomic rename: a shard counts only once its marker
exists, so a killed task leaves nothing that is read, and a re-run skips finished shards.
The columns are the SQLite store's (`strife.store`), so `strife db build` is a copy.
"""
from __future__ import annotations

import json
import uuid
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .store import EVENT_COLUMNS, EVENT_SQL_TYPES, PLACE_COLUMNS

DONE = "_DONE"
TABLES = ("articles", "events", "evidence", "places", "dead_letters")
FINAL_TABLES = TABLES + ("incidents", "incident_sources")

_SQL_TO_ARROW = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string()}


def _event_schema() -> pa.Schema:
    return pa.schema([(c, _SQL_TO_ARROW[EVENT_SQL_TYPES.get(c, "TEXT")]) for c in EVENT_COLUMNS])


def _place_type(column: str) -> pa.DataType:
    if column in ("start_char", "end_char", "geonameid", "population"):
        return pa.int64()
    return pa.float64() if column in ("latitude", "longitude", "score") else pa.string()


def _incident_schema() -> pa.Schema:
    from .merge import INCIDENT_FIELDS

    return pa.schema([(c, _SQL_TO_ARROW[EVENT_SQL_TYPES.get(c, "INTEGER" if c.startswith("n_") else "TEXT")])
                      for c in INCIDENT_FIELDS])


SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("id", pa.string()), ("content_hash", pa.string()), ("url", pa.string()),
        ("title", pa.string()), ("published", pa.string()), ("source", pa.string()),
        ("status", pa.string()),            # done | failed | copy
        ("duplicate_of", pa.string()), ("duplicate_kind", pa.string()), ("similarity", pa.float64()),
        ("n_events", pa.int64()), ("text", pa.large_string()), ("minhash", pa.binary()),
        ("pos", pa.string()),               # reading order (strife.shards.position)
    ]),
    "events": _event_schema(),
    "evidence": pa.schema([("event_id", pa.string()), ("idx", pa.int64()), ("field", pa.string()),
                           ("start_char", pa.int64()), ("end_char", pa.int64()), ("text", pa.string())]),
    "places": pa.schema([("article_id", pa.string()), ("idx", pa.int64())]
                        + [(c, _place_type(c)) for c in PLACE_COLUMNS]),
    "dead_letters": pa.schema([("key", pa.string()), ("input", pa.string()), ("line", pa.int64()),
                               ("stage", pa.string()), ("reason", pa.string()), ("article_id", pa.string())]),
    "incidents": _incident_schema(),
    "incident_sources": pa.schema([("incident_id", pa.string()), ("event_id", pa.string()),
                                   ("article_id", pa.string()), ("original_id", pa.string())]),
}


# Map tasks add the article's reading position to its rows: it tells apart rows of two
# articles that share an id (copies found only across shards are dropped by position).
# The articles rows also carry what near duplicates must agree on (`dedup.facts_agree`):
# JSON [place names, numbers], as `Store.dedup_facts` reads them from a store, and the id
# as the input gave it (`read_id`; `id` is made unique within the shard only).
SHARD_SCHEMAS: dict[str, pa.Schema] = {
    name: (SCHEMAS[name].append(pa.field("facts", pa.string())).append(pa.field("read_id", pa.string()))
           if name == "articles" else SCHEMAS[name].append(pa.field("pos", pa.string())))
    for name in TABLES
}


def article_facts(text: str, places: list[dict[str, Any]]) -> str:
    """JSON [place names, numbers] of a processed article, as `Store.dedup_facts` gives them
    (names lower-cased as SQLite's lower() does: ASCII letters only)."""
    from .dedup import numbers_in

    names = {_sqlite_lower(p["name"]) for p in places
             if p.get("geonameid") is not None and p.get("name") is not None}
    return json.dumps([sorted(names), sorted(numbers_in(text or ""))])


def facts_from_json(value: str | None):
    if not value:
        return None
    names, numbers = json.loads(value)
    return frozenset(names), frozenset(numbers)


def _sqlite_lower(text: str) -> str:
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def event_row(event: dict[str, Any]) -> dict[str, Any]:
    """An event dict (Event.to_dict) as a row of the events table (as the store keeps it)."""
    row = {c: event.get(c) for c in EVENT_COLUMNS}
    row["claimed"] = int(bool(event.get("claimed")))
    return row


def event_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """An events-table row as the event dict the store gives merging (no evidence)."""
    from ..models import EVENT_FIELDS

    ev = dict(row)
    ev["claimed"] = bool(ev.get("claimed"))
    ev["evidence"] = []
    return {k: ev.get(k) for k in EVENT_FIELDS}


def table(name: str, rows: list[dict[str, Any]], shard: bool = False) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=(SHARD_SCHEMAS if shard else SCHEMAS)[name])


def filesystem(out: str):
    """(fsspec filesystem, path) of an output folder or URL."""
    import fsspec

    return fsspec.core.url_to_fs(out)


SHARDS = "shards"
REREAD = "reread"


def shard_dir(out: str, shard_id: str, folder: str = SHARDS) -> str:
    return f"{out.rstrip('/')}/{folder}/{shard_id}"


def marker(out: str, shard_id: str, folder: str = SHARDS) -> dict[str, Any] | None:
    """The stats a finished shard's done-marker holds; None if the shard is not finished."""
    fs, path = filesystem(shard_dir(out, shard_id, folder))
    try:
        with fs.open(f"{path}/{DONE}", "r") as fh:
            return json.loads(fh.read() or "{}")
    except FileNotFoundError:
        return None


def is_done(out: str, shard_id: str, folder: str = SHARDS) -> bool:
    fs, path = filesystem(shard_dir(out, shard_id, folder))
    return fs.exists(f"{path}/{DONE}")


def write_shard(out: str, shard_id: str, tables: dict[str, list[dict[str, Any]]],
                stats: dict[str, Any], folder: str = SHARDS) -> None:
    """Write one shard's tables, then its done-marker (with `stats`) last."""
    fs, path = filesystem(shard_dir(out, shard_id, folder))
    fs.makedirs(path, exist_ok=True)
    for name in TABLES:
        with fs.open(f"{path}/{name}.parquet", "wb") as fh:
            pq.write_table(table(name, tables.get(name, []), shard=True), fh)
    tmp = f"{path}/{DONE}.{uuid.uuid4().hex}.tmp"
    with fs.open(tmp, "w") as fh:
        fh.write(json.dumps(stats))
    fs.mv(tmp, f"{path}/{DONE}")


def done_shards(out: str, folder: str = SHARDS) -> list[str]:
    """Paths (with protocol) of the shard folders whose marker exists, sorted."""
    fs, path = filesystem(out)
    base = f"{path.rstrip('/')}/{folder}"
    if not fs.exists(base):
        return []
    markers = fs.glob(f"{base}/*/{DONE}")
    return sorted(fs.unstrip_protocol(m.rsplit("/", 1)[0]) if "://" in out else m.rsplit("/", 1)[0]
                  for m in markers)


def shard_files(out: str, name: str) -> list[str]:
    """The `name` table's file of every finished shard."""
    return [f"{d}/{name}.parquet" for d in done_shards(out)]


def final_dir(out: str, name: str) -> str:
    return f"{out.rstrip('/')}/{name}"


def read_final(out: str, name: str) -> pa.Table:
    """One final table, whole (for `db build` and tests; the data sets are read in batches there)."""
    fs, path = filesystem(final_dir(out, name))
    files = sorted(p for p in fs.glob(f"{path}/*.parquet"))
    if not files:
        return SCHEMAS[name].empty_table()
    return pa.concat_tables([pq.read_table(f, filesystem=fs, schema=SCHEMAS[name]) for f in files])


def build_store(out: str, db: str, batch_rows: int = 10_000) -> dict[str, int]:
    """Make (or refresh) the SQLite store `db` from the final tables under `out`.

    The store then holds exactly what the Parquet output holds, with the local engine's
    schema: `strife export`, `strife serve`, Datasette and QGIS read it as they read a
    store written by the local engine. Returns the rows copied per table.
    """
    from .store import Store, StoreError, utc_now

    fs, path = filesystem(final_dir(out, "articles"))
    if not fs.exists(path):
        raise StoreError(f"{out} holds no finished run (no articles table); run "
                         f"`strife run ... --engine dask --out {out}` first")
    counts: dict[str, int] = {}
    with Store(db) as store, store.transaction() as conn:
        for name in FINAL_TABLES:
            columns = [c for c in SCHEMAS[name].names if c != "pos"]
            stamped = "updated_at" in {r[1] for r in conn.execute(f"PRAGMA table_info({name})")}
            extra = [utc_now()] if stamped else []
            names = columns + (["updated_at"] if stamped else [])
            conn.execute(f"DELETE FROM {name}")
            sql = f"INSERT OR REPLACE INTO {name} ({','.join(names)}) VALUES ({','.join('?' * len(names))})"
            fs, path = filesystem(final_dir(out, name))
            counts[name] = 0
            for f in sorted(fs.glob(f"{path}/*.parquet")):
                with fs.open(f, "rb") as fh:
                    for batch in pq.ParquetFile(fh).iter_batches(batch_size=batch_rows, columns=columns):
                        rows = [tuple([r[c] for c in columns] + extra) for r in batch.to_pylist()]
                        conn.executemany(sql, rows)
                        counts[name] += len(rows)
    return counts
