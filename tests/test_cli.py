from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from strife.cli import main

SAMPLE_RAW = """Published: 2020-03-02

Militants
attacked an army post near the border town on Sunday, killing
four soldiers and wounding six, officials said.
Aftermath: Soldiers guard the damaged gate
of the army post
Officials
said the attackers fled into the hills.
"""


@pytest.fixture()
def runner():
    return CliRunner()


def _events(path):
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def test_extract_examples_writes_every_format(runner, tmp_path, examples_dir, nlp):
    for ext in ("jsonl", "csv", "geojson"):
        out = tmp_path / f"events.{ext}"
        res = runner.invoke(main, ["extract", str(examples_dir), "-o", str(out), "-q"])
        assert res.exit_code == 0, res.output
        assert out.exists() and out.stat().st_size > 0
    events = _events(tmp_path / "events.jsonl")
    assert {e["article_id"] for e in events} >= {str(examples_dir / "riot_dhaka.txt"), "wire-0001"}
    assert not (tmp_path / "events.jsonl.errors.jsonl").exists()
    geo = json.loads((tmp_path / "events.geojson").read_text())
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(events)


def test_extract_evidence_offsets_slice_the_cleaned_text(runner, tmp_path, nlp):
    import strife

    src = tmp_path / "post.txt"
    src.write_text(SAMPLE_RAW)
    out = tmp_path / "o.jsonl"
    res = runner.invoke(main, ["extract", str(src), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    text = strife.extract(SAMPLE_RAW).article.text
    events = _events(out)
    assert events, "an attack on an army post should give an event"
    for ev in events:
        assert ev["event_date"] is None or ev["event_date"] <= "2020-03-02"
        for e in ev["evidence"]:
            assert text[e["start"]:e["end"]] == e["text"]


def test_extract_mixed_folder_reports_bad_inputs_and_keeps_good_output(runner, tmp_path, examples_dir, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(examples_dir / "riot_dhaka.txt", folder / "good.txt")
    shutil.copy(examples_dir / "protest_tear_gas.html", folder / "good.html")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 50)
    (folder / "mixed.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Rioters set fire to a police station in the town on Friday, police said."}) + "\n"
        + "{not json\n")
    out = tmp_path / "out.csv"
    res = runner.invoke(main, ["extract", str(folder), "-o", str(out), "-q"])
    assert res.exit_code == 1
    stderr = res.stderr if hasattr(res, "stderr") else res.output
    for name in ("empty.txt", "image.txt", "mixed.jsonl:2"):
        assert name in stderr
    dead = [json.loads(line) for line in open(str(out) + ".errors.jsonl")]
    assert sorted((d["input"].rsplit("/", 1)[-1], d["line"]) for d in dead) == [
        ("empty.txt", None), ("image.txt", None), ("mixed.jsonl", 2)]
    rows = out.read_text().splitlines()
    sources = "\n".join(rows[1:])
    assert "good.txt" in sources and "good.html" in sources and "j1" in sources


def test_extract_usage_errors_exit_2(runner, tmp_path):
    assert runner.invoke(main, ["extract", "x.txt", "--published", "18/05/2015"]).exit_code == 2
    assert runner.invoke(main, ["extract", "x.txt", "-o", str(tmp_path / "out.xlsx")]).exit_code == 2
    assert runner.invoke(main, ["extract"]).exit_code == 2


def test_extract_reads_stdin(runner, nlp):
    text = "Gunmen kidnapped two aid workers on the road to the airport on Monday, police said."
    res = runner.invoke(main, ["extract", "-", "--published", "2019-04-02", "-q"], input=text)
    assert res.exit_code == 0
    events = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert events and all(e["article_id"] == "stdin" for e in events)


def test_failing_stage_keeps_other_findings_and_reports_a_dead_letter(monkeypatch, nlp):
    import strife
    from strife import events as events_mod
    from strife.models import DeadLetter

    def boom(*args):
        raise RuntimeError("simulated extractor bug")

    monkeypatch.setattr(events_mod, "extract_events", boom)
    art = strife.read.clean.article_from_input(
        "Gunmen attacked a police post in Kirkuk on Monday, officials said.", article_id="k1")
    out = list(strife.extract_articles([art]))
    assert isinstance(out[0], strife.ArticleResult) and out[0].events == []
    assert isinstance(out[1], DeadLetter) and out[1].stage == "events" and "simulated" in out[1].reason
