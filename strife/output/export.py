"""Exporting a store's events or merged incidents: JSONL, CSV, `acled` CSV, GeoJSON,
GeoParquet or GeoPackage.

Every format writes the same columns, merged or not (strife.output.acled.COLUMNS: ACLED's
31 columns, strife's own, then the merge columns; an event row names the incident it
belongs to). Text formats can go to stdout (`-o -`). GeoParquet (geometry + `geo` metadata,
dates as datetimes) and GeoPackage (a DATE field QGIS's temporal controller can use) need
the optional extra: `pip install "strife[geo]"`.
"""
from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..corpus.store import Store, StoreError
from ..settings import DEFAULT_SETTINGS, Settings
from .acled import COLUMNS, INCIDENT_COLUMNS, csv_cells, table_row
from .frames import MissingExtraError, geoframe, require
from .writers import UnknownFormatError, geojson_feature, open_temp, safe_row

FORMATS = ("jsonl", "csv", "acled", "geojson", "parquet", "gpkg")
TEXT_FORMATS = ("jsonl", "csv", "acled", "geojson")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".geojson": "geojson",
             ".parquet": "parquet", ".gpkg": "gpkg"}
# Kept for callers of the earlier API: the merge columns.
INCIDENT_EXTRA = INCIDENT_COLUMNS
GPKG_LAYERS = {False: "events", True: "incidents"}
__all__ = ["FORMATS", "MissingExtraError", "export", "export_format", "rows"]


def export_format(out: str, fmt: str | None = None) -> str:
    """The format named, or the one OUT's extension implies."""
    if fmt:
        if fmt not in FORMATS:
            raise UnknownFormatError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    if out == "-":
        raise UnknownFormatError("writing to stdout (-o -) needs --format (jsonl, csv, acled or geojson)")
    suffix = Path(out).suffix.lower()
    if suffix not in _SUFFIXES:
        raise UnknownFormatError(f"cannot tell the export format of {out!r}; use one of "
                                 f"{', '.join(_SUFFIXES)} as the extension")
    return _SUFFIXES[suffix]


def incident_record(inc: dict[str, Any]) -> dict[str, Any]:
    """A merged incident in the event record's shape (event_id = incident id, article_id =
    its source articles), plus the merge columns."""
    rec = dict(inc)
    rec["event_id"] = inc["incident_id"]
    rec["article_id"] = "; ".join(inc.get("article_ids") or [])
    rec["evidence"] = []
    return rec


def rows(db: str, *, merged: bool = False, since: str | None = None, until: str | None = None,
         country: str | None = None, changed_since: str | None = None,
         settings: Settings = DEFAULT_SETTINGS, style: str = "csv") -> list[dict[str, Any]]:
    """The rows an export writes (every column of COLUMNS), as dicts of Python values."""
    if not os.path.exists(db):
        raise StoreError(f"no store at {db}; create it with: strife run INPUT... --db {db}")
    out = []
    with Store(db, readonly=True) as store:
        articles = store.article_info()
        if merged:
            for inc in store.iter_incidents(since=since, until=until, country=country,
                                            changed_since=changed_since):
                rec = incident_record(inc)
                merge = {k: inc.get(k) for k in INCIDENT_COLUMNS}
                srcs = [articles[a] for a in inc.get("article_ids") or [] if a in articles]
                out.append(table_row(rec, articles=srcs, incident=merge, settings=settings, style=style))
        else:
            membership = store.event_incidents()
            for ev in store.iter_events(since=since, until=until, country=country,
                                        changed_since=changed_since, with_updated=True):
                srcs = [articles[ev["article_id"]]] if ev["article_id"] in articles else []
                out.append(table_row(ev, articles=srcs, incident=membership.get(ev["event_id"]),
                                     settings=settings, style=style))
    return out


def export(db: str, out: str, format: str | None = None, merged: bool = False,
           since: str | None = None, until: str | None = None, country: str | None = None,
           changed_since: str | None = None, settings: Settings = DEFAULT_SETTINGS,
           stdout: IO[str] | None = None) -> int:
    """Write the store's events (or merged incidents) to `out` ('-': stdout, text formats
    only); returns the row count."""
    fmt = export_format(out, format)
    if out == "-" and fmt not in TEXT_FORMATS:
        raise UnknownFormatError(f"{fmt} is a binary format; give a file name with -o, not -")
    if fmt in ("parquet", "gpkg"):
        require("geopandas", fmt)
        require("pyarrow", fmt)
        if fmt == "gpkg":
            require("pyogrio", fmt)
    records = rows(db, merged=merged, since=since, until=until, country=country,
                   changed_since=changed_since, settings=settings,
                   style="acled" if fmt == "acled" else "csv")
    if fmt in TEXT_FORMATS:
        if out == "-":
            _write_text(records, stdout or sys.stdout, fmt)
        else:   # a temporary file beside OUT, renamed when complete: never a half-written OUT
            fh = open_temp(out)
            try:
                with fh:
                    _write_text(records, fh, fmt)
                    os.fsync(fh.fileno())
                os.replace(fh.name, out)
            except BaseException:
                if os.path.exists(fh.name):
                    os.remove(fh.name)
                raise
        return len(records)
    if fmt == "parquet":
        _write_geoparquet(records, out)
    else:
        _write_gpkg(records, out, GPKG_LAYERS[merged])
    return len(records)


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


def _write_text(records: list[dict[str, Any]], fh: IO[str], fmt: str) -> None:
    if fmt in ("csv", "acled"):
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        writer.writeheader()
        for rec in records:
            writer.writerow(safe_row(csv_cells(rec)))
    elif fmt == "jsonl":
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        fh.write('{"type": "FeatureCollection", "features": [\n')
        for i, rec in enumerate(records):
            if i:
                fh.write(",\n")
            feature = geojson_feature(rec)
            feature["id"] = rec.get("event_id")
            fh.write(json.dumps(feature, ensure_ascii=False))
        fh.write("\n]}\n")
    fh.flush()


def _write_geoparquet(records: list[dict[str, Any]], out: str) -> None:
    """GeoParquet 1.x: WKB point geometry, `geo` metadata (EPSG:4326), datetime dates."""
    gdf = geoframe(records, dates="datetime", lists="json")
    with _replacing(out) as tmp:
        gdf.to_parquet(tmp, index=False)


def _write_gpkg(records: list[dict[str, Any]], out: str, layer: str) -> None:
    """A GeoPackage layer with event_date as a DATE field and updated_at a DATETIME."""
    gdf = geoframe(records, dates="date", lists="json")
    with _replacing(out) as tmp:
        gdf.to_file(tmp, driver="GPKG", layer=layer, engine="pyogrio", use_arrow=True)
