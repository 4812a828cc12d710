from __future__ import annotations

import io
import json
import re

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from strife.models import EVENT_FIELDS, Event, Evidence
from strife.output.acled import ascii_text
from strife.output.writers import (
    CSV_COLUMNS,
    EventWriter,
    UnknownFormatError,
    dead_letter_path,
    format_for,
    read_csv_rows,
    safe_cell,
)


def _event(**kw) -> dict:
    ev = Event(article_id="a1", event_id="ev_1", event_date="2015-05-17", date_precision="day",
               event_type="Explosions/Remote violence", sub_event_type="Suicide bomb",
               actor1="Islamic State", country="Iraq", country_code="IQ", location="Ramadi",
               latitude=33.42, longitude=43.3, fatalities=5, fatalities_low=5, injured=12,
               notes="Three suicide car bombs, \"at least 5\" killed, 12 wounded.", confidence=0.8)
    ev.evidence.append(Evidence("fatalities", 10, 28, "killing at least five"))
    for k, v in kw.items():
        setattr(ev, k, v)
    return ev.to_dict()


def _write(fmt: str, events: list[dict]) -> str:
    buf = io.StringIO()
    with EventWriter(buf, fmt, close=False) as w:
        for e in events:
            w.write(e)
    return buf.getvalue()


def test_event_record_has_exactly_the_design_fields():
    assert list(_event()) == list(EVENT_FIELDS)


def test_jsonl_round_trip():
    events = [_event(), _event(event_id="ev_2", latitude=None, longitude=None)]
    lines = _write("jsonl", events).splitlines()
    assert [json.loads(line) for line in lines] == events


def test_csv_has_acled_columns_first_and_every_field():
    text = _write("csv", [_event()])
    header = text.splitlines()[0].split(",")
    assert header[:6] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type"]
    assert header == list(CSV_COLUMNS)
    for f in EVENT_FIELDS:  # every field present, under its ACLED name or its own
        assert f in header or f in {"event_id", "article_id"}
    [row] = read_csv_rows(text)
    assert re.fullmatch(r"[A-Z]{3}\d{12}", row["event_id_cnty"]) and row["event_id"] == "ev_1"
    assert row["article_id"] == "a1" and row["time_precision"] == "1"
    assert row["fatalities"] == "5" and row["notes"].startswith("Three suicide")
    assert json.loads(row["evidence"])[0]["text"] == "killing at least five"


def test_geojson_is_a_feature_collection_with_points_or_null_geometry():
    doc = json.loads(_write("geojson", [_event(), _event(event_id="ev_2", latitude=None, longitude=None)]))
    assert doc["type"] == "FeatureCollection"
    f1, f2 = doc["features"]
    assert f1["geometry"] == {"type": "Point", "coordinates": [43.3, 33.42]}
    assert f2["geometry"] is None
    assert f1["properties"]["event_id"] == "ev_1"


def test_empty_geojson_is_valid():
    assert json.loads(_write("geojson", [])) == {"type": "FeatureCollection", "features": []}


@pytest.mark.parametrize("path,fmt", [("out.jsonl", "jsonl"), ("x/out.CSV", "csv"),
                                      ("o.geojson", "geojson"), (None, "jsonl"), ("-", "jsonl")])
def test_format_from_extension(path, fmt):
    assert format_for(path) == fmt


def test_unknown_extension_is_a_clear_error():
    with pytest.raises(UnknownFormatError, match="--format"):
        format_for("out.xlsx")


def test_dead_letter_file_sits_next_to_output():
    assert dead_letter_path("runs/out.csv") == "runs/out.csv.errors.jsonl"


@hsettings(max_examples=50, deadline=None)
@given(notes=st.text(), location=st.one_of(st.none(), st.text()))
def test_csv_round_trips_arbitrary_text(notes, location):
    ev = _event(notes=notes, location=location)
    [row] = read_csv_rows(_write("csv", [ev]))
    # the text comes back exactly, except that a formula-like start gets an apostrophe
    # (and ACLED's location column is written without diacritics)
    assert row["notes"] == safe_cell(notes)
    assert row["location"] == safe_cell(ascii_text(location))
