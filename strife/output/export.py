"""Exporting a store's events or merged incidents to JSONL, CSV, GeoJSON, Parquet or GeoPackage.

JSONL, CSV (ACLED column names first) and GeoJSON go through `strife.writers`. Parquet
(pyarrow) and GeoPackage (geopandas + pyogrio, the format QGIS opens natively) are
optional: `pip install "strife[geo]"`.
"""
from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..corpus.store import Store, StoreError
from ..errors import StrifeError
from .writers import CSV_COLUMNS, EventWriter, UnknownFormatError, csv_row, open_temp, safe_cell

FORMATS = ("jsonl", "csv", "geojson", "parquet", "gpkg")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".geojson": "geojson",
             ".parquet": "parquet", ".gpkg": "gpkg"}
# Columns a merged incident adds to the event record.
INCIDENT_EXTRA = ("incident_id", "n_sources", "n_articles", "n_events", "event_ids")
GPKG_LAYERS = {False: "events", True: "incidents"}


class MissingExtraError(StrifeError):
    """An optional dependency for this export format is not installed."""


def export_format(out: str, fmt: str | None = None) -> str:
    """The format named, or the one OUT's extension implies."""
    if fmt:
        if fmt not in FORMATS:
            raise UnknownFormatError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(out).suffix.lower()
    if suffix not in _SUFFIXES:
        raise UnknownFormatError(f"cannot tell the export format of {out!r}; use one of "
                                 f"{', '.join(_SUFFIXES)} as the extension")
    return _SUFFIXES[suffix]


def _require(module: str, fmt: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"exporting {fmt} needs the optional package {module!r}: "
            'pip install "strife[geo]"') from None


def incident_record(inc: dict[str, Any]) -> dict[str, Any]:
    """A merged incident in the event record's shape (event_id = incident id, article_id =
    its source articles), plus the merge columns."""
    rec = dict(inc)
    rec["event_id"] = inc["incident_id"]
    rec["article_id"] = "; ".join(inc.get("article_ids") or [])
    rec["evidence"] = []
    return rec


def rows(db: str, *, merged: bool = False, since: str | None = None, until: str | None = None,
         country: str | None = None) -> list[dict[str, Any]]:
    """The records an export writes, as dicts."""
    if not os.path.exists(db):
        raise StoreError(f"no store at {db}; create it with: strife run INPUT... --db {db}")
    with Store(db, readonly=True) as store:
        if merged:
            return [incident_record(i) for i in store.iter_incidents(since=since, until=until, country=country)]
        return list(store.iter_events(since=since, until=until, country=country))


def export(db: str, out: str, format: str | None = None, merged: bool = False,
           since: str | None = None, until: str | None = None, country: str | None = None) -> int:
    """Write the store's events (or merged incidents) to `out`; returns the record count."""
    fmt = export_format(out, format)
    if fmt == "parquet":
        _require("pyarrow", fmt)
    elif fmt == "gpkg":
        _require("geopandas", fmt)
        _require("pyogrio", fmt)
    records = rows(db, merged=merged, since=since, until=until, country=country)
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    if fmt in ("jsonl", "geojson"):
        with EventWriter(open_temp(out), fmt, final_path=out) as writer:
            for rec in records:
                writer.write(rec)
    elif fmt == "csv":
        _write_csv(records, out, merged)
    elif fmt == "parquet":
        _write_parquet(records, out)
    else:
        _write_gpkg(records, out, GPKG_LAYERS[merged])
    return len(records)


def _write_csv(records: list[dict[str, Any]], out: str, merged: bool) -> None:
    columns = list(CSV_COLUMNS) + (list(INCIDENT_EXTRA) if merged else [])
    with _replacing(out) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for rec in records:
            row = csv_row(rec)
            if merged:
                for name in INCIDENT_EXTRA:
                    value = rec.get(name)
                    row[name] = safe_cell(json.dumps(value) if isinstance(value, list) else value)
            writer.writerow(row)


@contextmanager
def _replacing(out: str) -> Iterator[str]:
    """A temporary path beside `out`; renamed to `out` when the block succeeds, else removed."""
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    tmp = os.path.join(parent, f".tmp-{os.getpid()}-{os.path.basename(out)}")   # keeps the extension
    try:
        yield tmp
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _flat(rec: dict[str, Any]) -> dict[str, Any]:
    """Lists (evidence, source ids) as JSON text: one scalar per cell for columnar formats."""
    return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
            for k, v in rec.items() if k != "article_ids"}


def _column_kinds(records: list[dict[str, Any]]) -> dict[str, str]:
    """Column -> "int" | "float" | "bool" | "str", from the store schema (not guessed from
    values, so an all-empty column still gets its type)."""
    from ..corpus.store import EVENT_SQL_TYPES

    names: list[str] = []
    for rec in records[:1] or [{}]:
        names = [k for k in rec if k != "article_ids"]
    kinds = {}
    for name in names:
        sql = EVENT_SQL_TYPES.get(name, "INTEGER" if name.startswith("n_") else "TEXT")
        kinds[name] = ("bool" if name == "claimed" else "int" if sql == "INTEGER"
                       else "float" if sql == "REAL" else "str")
    return kinds


def _write_parquet(records: list[dict[str, Any]], out: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string()}
    kinds = _column_kinds(records)
    schema = pa.schema([(name, types[kind]) for name, kind in kinds.items()])
    with _replacing(out) as tmp:
        pq.write_table(pa.Table.from_pylist([_flat(r) for r in records], schema=schema), tmp)


def _write_gpkg(records: list[dict[str, Any]], out: str, layer: str) -> None:
    import geopandas as gpd
    from shapely.geometry import Point

    flat = [_flat(r) for r in records]
    geometry = [Point(r["longitude"], r["latitude"])
                if r.get("latitude") is not None and r.get("longitude") is not None else None
                for r in records]
    frame = gpd.GeoDataFrame(flat, geometry=geometry, crs="EPSG:4326")
    dtypes = {"int": "Int64", "float": "float64", "bool": "bool", "str": "object"}
    for name, kind in _column_kinds(records).items():
        if name in frame.columns:
            frame[name] = frame[name].astype(dtypes[kind])
    with _replacing(out) as tmp:
        frame.to_file(tmp, driver="GPKG", layer=layer, engine="pyogrio")
