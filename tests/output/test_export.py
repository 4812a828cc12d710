"""Exporting a store: JSONL, CSV (ACLED columns), GeoJSON, and the optional Parquet / GeoPackage."""
from __future__ import annotations

import csv
import json
import sys

import pytest

from strife.corpus.runner import finish
from strife.corpus.store import Store, StoreError
from strife.models import Article, Event
from strife.output.export import MissingExtraError, export, export_format
from strife.output.writers import UnknownFormatError
from strife.settings import DEFAULT_SETTINGS

TEXTS = {
    "a1": "Shelling hit the market in Donetsk on Tuesday, killing at least four civilians.",
    "a2": "Four people died and nine were hurt when shells struck a Donetsk market on Tuesday.",
    "a3": "Protesters marched through Lagos on Friday demanding lower fuel prices.",
}


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "s.db")
    rows = [
        ("a1", "2024-01-16", "Shelling/artillery/missile attack", "Donetsk", "UA", 48.0159, 37.8029, 4, 4),
        ("a2", "2024-01-16", "Shelling/artillery/missile attack", "Donetsk", "UA", 48.0200, 37.8000, 4, None),
        ("a3", "2024-02-02", "Peaceful protest", "Lagos", "NG", 6.4541, 3.3947, 0, None),
    ]
    with Store(path) as store:
        with store.transaction():
            for aid, date, sub, place, cc, lat, lon, dead, low in rows:
                store.add_article(Article(id=aid, text=TEXTS[aid], published=date), status="done", n_events=1)
                ev = Event(article_id=aid, event_id=f"ev_{aid}", event_date=date, date_precision="day",
                           event_type="Protests" if "protest" in sub else "Explosions/Remote violence",
                           sub_event_type=sub, location=place, country_code=cc, latitude=lat,
                           longitude=lon, geo_precision=1, fatalities=dead, fatalities_low=low,
                           confidence=0.6, notes=TEXTS[aid])
                store.add_events([ev.to_dict()])
        finish(store, DEFAULT_SETTINGS)
    return path


def test_jsonl_export_has_the_event_record(db, tmp_path):
    out = tmp_path / "e.jsonl"
    assert export(db, str(out)) == 3
    first = json.loads(out.read_text().splitlines()[0])
    assert first["event_id"] == "ev_a1" and first["latitude"] == 48.0159


def test_merged_export_has_one_row_per_incident_with_sources(db, tmp_path):
    out = tmp_path / "i.jsonl"
    assert export(db, str(out), merged=True) == 2
    shelling = json.loads(out.read_text().splitlines()[0])
    assert shelling["n_sources"] == 2 and shelling["article_ids"] == ["a1", "a2"]
    assert (shelling["fatalities"], shelling["fatalities_low"]) == (4, 4)


def test_csv_uses_acled_columns_and_adds_merge_columns(db, tmp_path):
    out = tmp_path / "i.csv"
    export(db, str(out), merged=True)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0])[:4] == ["event_id_cnty", "event_date", "year", "time_precision"]
    assert rows[0]["n_sources"] == "2" and json.loads(rows[0]["event_ids"]) == ["ev_a1", "ev_a2"]


def test_geojson_is_a_feature_collection_of_points(db, tmp_path):
    out = tmp_path / "e.geojson"
    export(db, str(out))
    fc = json.loads(out.read_text())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert (lat, lon) == (48.0159, 37.8029)  # GeoJSON order: longitude first


@pytest.mark.parametrize("kwargs, expected", [
    ({"since": "2024-02-01"}, ["ev_a3"]),
    ({"until": "2024-01-31"}, ["ev_a1", "ev_a2"]),
    ({"country": "NG"}, ["ev_a3"]),
])
def test_filters(db, tmp_path, kwargs, expected):
    out = tmp_path / "f.jsonl"
    export(db, str(out), **kwargs)
    assert [json.loads(line)["event_id"] for line in out.read_text().splitlines()] == expected


def test_parquet_opens_in_pandas(db, tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    out = tmp_path / "e.parquet"
    export(db, str(out))
    frame = pd.read_parquet(out)
    assert len(frame) == 3 and frame["latitude"].dtype.kind == "f"
    assert json.loads(frame["evidence"][0]) == []


def test_gpkg_opens_as_a_point_layer(db, tmp_path):
    gpd = pytest.importorskip("geopandas")
    pytest.importorskip("pyogrio")
    out = tmp_path / "i.gpkg"
    export(db, str(out), merged=True)
    frame = gpd.read_file(out, layer="incidents")
    assert len(frame) == 2 and frame.crs.to_epsg() == 4326
    assert frame.geometry.iloc[0].y == pytest.approx(48.0159)


def test_missing_extra_names_the_install_command(db, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow -> ImportError
    with pytest.raises(MissingExtraError, match=r'pip install "strife\[geo\]"'):
        export(db, str(tmp_path / "e.parquet"))


def test_unknown_extension_and_missing_store_are_clear(tmp_path):
    with pytest.raises(UnknownFormatError, match=".gpkg"):
        export_format("events.xlsx")
    with pytest.raises(StoreError, match="strife run"):
        export(str(tmp_path / "none.db"), str(tmp_path / "e.csv"))


# --- analyst formats: same columns everywhere, GeoParquet, GeoPackage DATE, stdout ---

def _columns(path, fmt):
    if fmt in ("csv", "acled"):
        return list(next(csv.reader(path.open(encoding="utf-8"))))
    if fmt == "jsonl":
        return list(json.loads(path.read_text().splitlines()[0]))
    if fmt == "geojson":
        return list(json.loads(path.read_text())["features"][0]["properties"])
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return [c for c in pq.read_schema(path).names if c != "geometry"]
    import pyogrio

    return list(pyogrio.read_info(path)["fields"])


@pytest.mark.parametrize("merged", [False, True])
def test_every_format_has_the_same_columns_merged_or_not(db, tmp_path, merged):
    from strife.output.acled import COLUMNS

    pytest.importorskip("geopandas")
    seen = {}
    for fmt, ext in [("csv", "csv"), ("acled", "csv"), ("jsonl", "jsonl"), ("geojson", "geojson"),
                     ("parquet", "parquet"), ("gpkg", "gpkg")]:
        out = tmp_path / f"{fmt}-{merged}.{ext}"
        export(db, str(out), format=fmt, merged=merged)
        seen[fmt] = _columns(out, fmt)
    for fmt, cols in seen.items():
        assert cols == list(COLUMNS), fmt


def test_event_rows_name_their_incident(db, tmp_path):
    out = tmp_path / "e.jsonl"
    export(db, str(out))
    first = json.loads(out.read_text().splitlines()[0])
    assert first["incident_id"] and first["n_sources"] == 2 and first["event_ids"] == ["ev_a1", "ev_a2"]


def test_geoparquet_reads_as_epsg4326_with_datetime_dates_and_integers(db, tmp_path):
    gpd = pytest.importorskip("geopandas")
    pd = pytest.importorskip("pandas")
    import pyarrow.parquet as pq

    out = tmp_path / "e.parquet"
    export(db, str(out))
    assert b"geo" in pq.read_schema(out).metadata
    gdf = gpd.read_parquet(out)
    assert gdf.crs.to_epsg() == 4326 and gdf.geometry.name == "geometry"
    assert pd.api.types.is_datetime64_any_dtype(gdf["event_date"])
    assert gdf["event_date"].iloc[0] == pd.Timestamp("2024-01-16")
    for col in ("year", "fatalities", "iso", "timestamp"):
        assert pd.api.types.is_integer_dtype(gdf[col]), col
    assert gdf.geometry.iloc[0].x == pytest.approx(37.8029)
    assert json.loads(gdf["evidence"].iloc[0]) == []


def test_geopackage_has_a_date_field(db, tmp_path):
    pytest.importorskip("geopandas")
    pyogrio = pytest.importorskip("pyogrio")
    out = tmp_path / "e.gpkg"
    export(db, str(out))
    info = pyogrio.read_info(out, layer="events")
    dtypes = dict(zip(info["fields"], info["dtypes"]))
    assert dtypes["event_date"] == "datetime64[D]"          # an OGR Date field
    assert dtypes["year"] == "int64" and info["crs"] == "EPSG:4326"
    import sqlite3

    ddl = sqlite3.connect(out).execute("SELECT sql FROM sqlite_master WHERE name='events'").fetchone()[0]
    assert '"event_date" DATE' in ddl


@pytest.mark.parametrize("fmt", ["csv", "acled", "jsonl", "geojson"])
def test_dash_writes_text_formats_to_stdout(db, tmp_path, fmt, monkeypatch):
    import io

    buf = io.StringIO()
    monkeypatch.chdir(tmp_path)
    assert export(db, "-", format=fmt, stdout=buf) == 3
    assert not (tmp_path / "-").exists()
    assert "ev_a1" in buf.getvalue()


def test_dash_refuses_binary_formats_and_needs_a_format(db):
    with pytest.raises(UnknownFormatError, match="binary"):
        export(db, "-", format="parquet")
    with pytest.raises(UnknownFormatError, match="--format"):
        export(db, "-")


def test_cli_export_to_stdout_and_changed_since(db, tmp_path):
    from click.testing import CliRunner

    from strife.cli import main

    res = CliRunner().invoke(main, ["export", "--db", db, "-o", "-", "--format", "csv", "-q"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(res.stdout.splitlines()))
    assert len(rows) == 3 and rows[0]["event_date"] == "2024-01-16"
    res = CliRunner().invoke(main, ["export", "--db", db, "-o", "-", "--format", "jsonl", "-q",
                                    "--changed-since", "2999-01-01"])
    assert res.exit_code == 0 and res.stdout == ""


def test_changed_since_returns_only_rows_written_after(db, tmp_path):
    with Store(db) as store:
        with store.transaction():
            store.conn.execute("UPDATE events SET updated_at='2024-01-01T00:00:00Z'")
            store.conn.execute("UPDATE events SET updated_at='2024-06-01T10:00:00Z' WHERE event_id='ev_a3'")
    out = tmp_path / "c.jsonl"
    assert export(db, str(out), changed_since="2024-05-01") == 1
    row = json.loads(out.read_text())
    assert row["event_id"] == "ev_a3" and row["timestamp"] == 1717236000
