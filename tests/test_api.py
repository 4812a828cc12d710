"""The public Python API for analysts: clear input errors, extract_many, to_frame /
to_geoframe, and the spaCy component."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import strife

TEXTS = [
    "Gunmen killed four villagers in Kaura Namoda in Zamfara state on Tuesday, police said.",
    "Hundreds of protesters marched through Lagos on Friday demanding lower fuel prices.",
    "Russian shelling hit a market in Kostiantynivka in Donetsk region on Monday, killing two civilians.",
]
PUBLISHED = "2024-03-06"


def _comparable(events):
    return [{k: v for k, v in (e if isinstance(e, dict) else e.to_dict()).items()
             if k not in ("event_id", "article_id")} for e in events]


# --- errors ---

@pytest.mark.parametrize("bad, words", [
    (None, "is None"), (b"bytes text", "decode"), (42, "pass the article as a str"), ("   ", "is empty"),
])
def test_bad_text_is_an_input_error_saying_what_to_pass(bad, words):
    with pytest.raises(strife.InputError, match=words):
        strife.extract(bad)


def test_input_error_is_a_value_error_and_exported():
    assert issubclass(strife.InputError, ValueError) and "InputError" in strife.__all__
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        strife.extract(TEXTS[0], published="last Tuesday")


@pytest.mark.parametrize("value", ["2024-03-06", "2024-03-06T10:30:00Z", dt.date(2024, 3, 6),
                                   dt.datetime(2024, 3, 6, 10, 30)])
def test_published_accepts_dates_in_the_usual_forms(value):
    from strife.pipeline import published_date

    assert published_date(value) == "2024-03-06"


def test_published_nan_from_pandas_means_unknown():
    pd = pytest.importorskip("pandas")
    from strife.pipeline import published_date

    assert published_date(float("nan")) is None and published_date(pd.NaT) is None


# --- extract_many and frames ---

def test_extract_many_matches_extract_in_order():
    many = strife.extract_many(TEXTS, published=PUBLISHED)
    assert len(many) == len(TEXTS)
    for text, res in zip(TEXTS, many):
        assert _comparable(res.events) == _comparable(strife.extract(text, published=PUBLISHED).events)


def test_extract_many_takes_records_and_per_item_dates():
    recs = [{"text": TEXTS[0], "id": "z1", "url": "https://www.dailytrust.com/x"}, TEXTS[1]]
    res = strife.extract_many(recs, published=[PUBLISHED, "2024-03-08"])
    assert res[0].article.id == "z1" and res[1].article.published == "2024-03-08"


def test_extract_many_names_the_bad_item_or_skips_it():
    with pytest.raises(strife.InputError, match="item 1"):
        strife.extract_many([TEXTS[0], None])
    res = strife.extract_many([TEXTS[0], None, TEXTS[1]], errors="skip")
    assert len(res) == 3 and res[1].events == [] and "None" in res[1].errors[0].reason


def test_to_frame_on_a_pandas_column_has_proper_dtypes():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"text": TEXTS, "published": [PUBLISHED] * 3})
    frame = strife.to_frame(strife.extract_many(df["text"], published=df["published"]))
    assert len(frame) >= 2 and list(frame.columns[:3]) == ["event_id_cnty", "event_date", "year"]
    assert pd.api.types.is_datetime64_any_dtype(frame["event_date"])
    for col in ("year", "fatalities", "iso", "inter1", "inter2", "interaction"):
        assert str(frame[col].dtype) == "Int64", col
    assert frame["latitude"].dtype == "float64" and str(frame["claimed"].dtype) == "boolean"
    assert frame.groupby("country")["fatalities"].sum().sum() >= 4


def test_to_geoframe_is_epsg4326_points():
    pytest.importorskip("geopandas")
    gdf = strife.to_geoframe(strife.extract_many(TEXTS, published=PUBLISHED))
    assert gdf.crs.to_epsg() == 4326
    located = gdf[gdf["latitude"].notna()]
    assert (located.geometry.x.round(4) == located["longitude"].round(4)).all()


# --- the spaCy component ---

@pytest.fixture(scope="module")
def strife_nlp():
    import spacy

    from strife.nlp.model import model_name

    nlp = spacy.load(model_name())
    nlp.add_pipe("strife", config={"published": PUBLISHED})
    return nlp


def test_component_sets_events_and_places_like_extract(strife_nlp):
    for text in TEXTS:
        doc = strife_nlp(text)
        assert _comparable(doc._.events) == _comparable(strife.extract(text, published=PUBLISHED).events)
        assert isinstance(doc._.places, list)
    assert any(p["name"] for p in strife_nlp(TEXTS[0])._.places)


def test_component_works_with_n_process_2(strife_nlp):
    docs = list(strife_nlp.pipe(TEXTS, n_process=2))
    assert [_comparable(d._.events) for d in docs] == [
        _comparable(strife.extract(t, published=PUBLISHED).events) for t in TEXTS]


def test_component_is_registered_through_the_entry_point(tmp_path):
    """A fresh interpreter that never imports strife finds the factory through the
    `spacy_factories` entry point declared in pyproject.toml."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    declared = tomllib.loads((root / "pyproject.toml").read_text())["project"]["entry-points"]["spacy_factories"]
    assert declared == {"strife": "strife.spacy_component:make_strife"}
    dist = tmp_path / "strife_entrypoint_probe-0.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: strife-entrypoint-probe\nVersion: 0.0\n")
    (dist / "entry_points.txt").write_text(f"[spacy_factories]\nstrife = {declared['strife']}\n")
    code = textwrap.dedent("""
        import sys, spacy
        assert "strife" not in sys.modules
        nlp = spacy.blank("en")
        pipe = nlp.add_pipe("strife")
        print(type(pipe).__name__)
    """)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(root)]))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "StrifeComponent"


# --- CLI: --format acled on extract ---

def test_cli_extract_acled_format(tmp_path):
    import csv

    from click.testing import CliRunner

    from strife.cli import main

    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "x1", "url": "https://www.reuters.com/world/x", "published": "2024-03-06", '
                   f'"text": "{TEXTS[0]}"}}\n')
    out = tmp_path / "e.csv"
    res = CliRunner().invoke(main, ["extract", str(src), "-o", str(out), "--format", "acled", "-q"])
    assert res.exit_code == 0, res.output
    [row] = list(csv.DictReader(out.open(encoding="utf-8")))
    assert row["source"] == "Reuters" and row["country"] == "Nigeria" and row["year"] == "2024"
    assert row["notes"].startswith("On 5 March 2024,")
