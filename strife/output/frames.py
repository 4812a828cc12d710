"""pandas and geopandas frames of strife events, with proper dtypes.

`to_frame(results)` turns what `strife.extract` / `strife.extract_many` return (or event
dicts, or store export rows) into a DataFrame with the export columns (ACLED's first):
integers as nullable `Int64`, `event_date` as `datetime64`, `claimed` as `boolean`, text as
strings, lists (evidence, ids) kept as Python lists. `to_geoframe` adds point geometry in
EPSG:4326 (needs the `geo` extra: pip install "strife[geo]").
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import StrifeError
from ..settings import DEFAULT_SETTINGS, Settings
from .acled import (
    BOOL_COLUMNS,
    COLUMNS,
    DATE_COLUMNS,
    DATETIME_COLUMNS,
    FLOAT_COLUMNS,
    INT_COLUMNS,
    INTER_COLUMNS,
    table_row,
)

LIST_COLUMNS = frozenset({"evidence", "event_ids", "article_ids"})


class MissingExtraError(StrifeError):
    """An optional dependency (pandas, geopandas, pyarrow) is not installed."""


def require(module: str, what: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{what} needs the optional package {module!r}: pip install \"strife[geo]\"") from None


def result_rows(results: Iterable[Any], settings: Settings = DEFAULT_SETTINGS) -> list[dict[str, Any]]:
    """Export rows (COLUMNS) from ArticleResults, Events, event dicts or rows already made."""
    from ..models import ArticleResult, DeadLetter, Event

    rows: list[dict[str, Any]] = []
    for item in results:
        if isinstance(item, DeadLetter):
            continue
        if isinstance(item, ArticleResult):
            art = item.article
            info = [{"url": art.url, "text": art.text[:400], "published": art.published}]
            rows.extend(table_row(ev.to_dict(), articles=info, settings=settings) for ev in item.events)
        elif isinstance(item, Event):
            rows.append(table_row(item.to_dict(), settings=settings))
        elif isinstance(item, Mapping):
            rows.append(dict(item) if "event_id_cnty" in item else table_row(item, settings=settings))
        else:
            raise TypeError(f"to_frame takes ArticleResults, Events or event dicts, not {type(item).__name__}")
    return rows


def frame(rows: list[dict[str, Any]], *, dates: str = "datetime", lists: str = "keep"):
    """A DataFrame of export rows with typed columns.

    dates: "datetime" (datetime64[ms]) or "date" (pyarrow date32, which GeoPackage writes as
    a DATE field); lists: "keep" (Python lists) or "json" (one JSON text per cell).
    """
    pd = require("pandas", "a DataFrame")
    import json

    columns = list(COLUMNS)
    data = {c: [r.get(c) for r in rows] for c in columns}
    out = {}
    numeric_inter = all(isinstance(v, int) or v is None for c in INTER_COLUMNS for v in data[c])
    for c in columns:
        values = data[c]
        if c in INT_COLUMNS or (c in INTER_COLUMNS and numeric_inter):
            out[c] = pd.array([None if v in (None, "") else int(v) for v in values], dtype="Int64")
        elif c in FLOAT_COLUMNS:
            out[c] = pd.array([None if v in (None, "") else float(v) for v in values], dtype="Float64"
                              ).astype("float64")
        elif c in BOOL_COLUMNS:
            out[c] = pd.array([None if v is None else bool(v) for v in values], dtype="boolean")
        elif c in DATE_COLUMNS:
            parsed = pd.to_datetime(pd.Series([v or None for v in values], dtype="object"),
                                    format="mixed", errors="coerce").astype("datetime64[ms]")
            if dates == "date":
                import pyarrow as pa

                out[c] = pd.Series(parsed.dt.date, dtype=pd.ArrowDtype(pa.date32()))
            else:
                out[c] = parsed
        elif c in DATETIME_COLUMNS:
            out[c] = pd.to_datetime(pd.Series([v or None for v in values], dtype="object"),
                                    utc=True, errors="coerce").astype("datetime64[ms, UTC]")
        elif c in LIST_COLUMNS:
            if lists == "json":
                out[c] = pd.array([None if v is None else json.dumps(v, ensure_ascii=False)
                                   for v in values], dtype="string")
            else:
                out[c] = pd.Series(values, dtype="object")
        else:
            out[c] = pd.array([None if v is None else str(v) for v in values], dtype="string")
    return pd.DataFrame({c: pd.Series(v).reset_index(drop=True) for c, v in out.items()}, columns=columns)


def geoframe(rows: list[dict[str, Any]], **kwargs):
    """`frame` plus point geometry (longitude, latitude) in EPSG:4326."""
    gpd = require("geopandas", "a GeoDataFrame")
    df = frame(rows, **kwargs)
    geometry = gpd.points_from_xy(df["longitude"], df["latitude"], crs="EPSG:4326")
    missing = df["latitude"].isna() | df["longitude"].isna()
    gdf = gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")
    gdf.loc[missing, "geometry"] = None
    return gdf


def to_frame(results: Iterable[Any], settings: Settings = DEFAULT_SETTINGS):
    """A pandas DataFrame, one row per event, ACLED's columns first (see module doc)."""
    return frame(result_rows(results, settings))


def to_geoframe(results: Iterable[Any], settings: Settings = DEFAULT_SETTINGS):
    """A geopandas GeoDataFrame (points, EPSG:4326) of the events; needs strife[geo]."""
    return geoframe(result_rows(results, settings))
