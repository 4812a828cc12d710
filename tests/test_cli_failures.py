"""Write failures and hostile inputs through the CLI: one-line errors naming the path and
what to do, exit code 1, no traceback, no partial output file; good inputs beside bad ones
are written. Each test reproduces a defect."""
from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from strife.cli import main

BODY = "Gunmen killed three people in the town of Kalo on Monday, police said."


@pytest.fixture()
def runner():
    return CliRunner()


def _jsonl(tmp_path, records, name="in.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_lone_surrogate_record_does_not_lose_the_good_records(runner, tmp_path, nlp):
    path = _jsonl(tmp_path, [{"id": "a", "text": BODY, "published": "2015-05-18"},
                             {"id": "b", "text": "Gunmen killed two \ud800 people in Kalo.", "published": "2015-05-18"},
                             {"id": "c", "text": BODY, "published": "2015-05-18"}])
    out = tmp_path / "out.jsonl"
    res = runner.invoke(main, ["extract", path, "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    ids = {json.loads(line)["article_id"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert {"a", "c"} <= ids


def test_bad_records_are_dead_letters_and_good_ones_are_written(runner, tmp_path, nlp):
    path = _jsonl(tmp_path, [{"id": "a", "text": BODY, "published": "not a date"},
                             {"id": "b", "text": BODY, "published": "9999-12-31"},
                             {"id": "c", "text": BODY, "title": ["x"]},
                             {"id": "d", "text": BODY, "published": "2015-05-18"}])
    out = tmp_path / "out.jsonl"
    res = runner.invoke(main, ["extract", path, "-o", str(out), "-q"])
    assert res.exit_code == 1
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {e["article_id"] for e in events} == {"d"}
    assert all(e["event_date"] is None or e["event_date"].startswith("2015") for e in events)
    dead = [json.loads(line) for line in open(str(out) + ".errors.jsonl", encoding="utf-8")]
    assert [d["line"] for d in dead] == [1, 2, 3]


def test_duplicate_ids_give_distinct_event_ids(runner, tmp_path, nlp):
    path = _jsonl(tmp_path, [{"id": "same", "text": BODY}, {"id": "same", "text": BODY}])
    out = tmp_path / "out.jsonl"
    res = runner.invoke(main, ["extract", path, "-o", str(out), "-q"])
    assert res.exit_code == 0
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(events) == 2 and len({e["event_id"] for e in events}) == 2


def test_disk_full_is_one_line_and_leaves_no_partial_file(runner, tmp_path, nlp, monkeypatch):
    from strife.output import writers

    def full(self, event, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writers.EventWriter, "write", full)
    out = tmp_path / "events.csv"
    res = runner.invoke(main, ["extract", _jsonl(tmp_path, [{"id": "a", "text": BODY}]), "-o", str(out), "-q"])
    assert res.exit_code == 1
    assert "disk is full" in res.output and str(out) in res.output and "Traceback" not in res.output
    assert not out.exists() and os.listdir(tmp_path) == ["in.jsonl"]


def test_file_size_limit_is_one_line_and_leaves_no_partial_file(tmp_path, nlp):
    records = [{"id": f"a{i}", "text": BODY, "published": "2015-05-18"} for i in range(20)]
    path = _jsonl(tmp_path, records)
    out = tmp_path / "events.jsonl"

    def limit():
        import resource
        resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))

    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.run([sys.executable, "-m", "strife.cli", "extract", path, "-o", str(out), "-q"],
                          capture_output=True, text=True, preexec_fn=limit, env=env, timeout=600)
    assert proc.returncode == 1, proc.stderr
    assert "file-size limit" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists() and sorted(os.listdir(tmp_path)) == ["in.jsonl"]


def test_output_in_a_folder_that_cannot_be_written_is_one_line(runner, tmp_path, monkeypatch):
    from strife.output import writers

    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", path)

    monkeypatch.setattr(writers, "open_temp", denied)
    out = tmp_path / "ro" / "events.jsonl"
    res = runner.invoke(main, ["extract", _jsonl(tmp_path, [{"id": "a", "text": BODY}]), "-o", str(out), "-q"])
    assert res.exit_code == 1 and "permission denied" in res.output and "Traceback" not in res.output


def test_store_disk_full_during_run_is_one_line(runner, tmp_path, monkeypatch):
    import strife.corpus.runner as corpus_runner

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(corpus_runner, "run", full)
    db = tmp_path / "s.db"
    res = runner.invoke(main, ["run", str(tmp_path), "--db", str(db), "-q"])
    assert res.exit_code == 1 and "disk is full" in res.output and str(db) in res.output
    assert "resume" in res.output and "Traceback" not in res.output


def test_damaged_store_export_is_one_line(runner, tmp_path):
    from strife.corpus.store import Store

    db = tmp_path / "s.db"
    with Store(str(db)):
        pass
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)   # garbage over the schema page
    db.write_bytes(bytes(data))
    res = runner.invoke(main, ["export", "--db", str(db), "-o", str(tmp_path / "o.csv"), "-q"])
    assert res.exit_code == 1 and str(db) in res.output and "Traceback" not in res.output
    assert not (tmp_path / "o.csv").exists()


def test_export_opens_the_store_read_only(runner, tmp_path):
    from strife.corpus.store import Store

    db = tmp_path / "s.db"
    with Store(str(db)):
        pass
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=DELETE")   # as a store copied to read-only media is
    conn.close()
    before = db.read_bytes()
    res = runner.invoke(main, ["export", "--db", str(db), "-o", str(tmp_path / "o.jsonl"), "-q"])
    assert res.exit_code == 0, res.output
    assert db.read_bytes() == before and not (tmp_path / "s.db-wal").exists()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_csv_cells_that_look_like_formulas_are_neutralised(runner, tmp_path, nlp):
    path = _jsonl(tmp_path, [{"id": '=HYPERLINK("http://evil.example","x")', "text": BODY},
                             {"id": "+cmd|' /C calc'!A0", "text": BODY},
                             {"id": "@SUM(1+1)", "text": BODY}])
    out = tmp_path / "out.csv"
    res = runner.invoke(main, ["extract", path, "-o", str(out), "-q"])
    assert res.exit_code == 0
    import csv
    rows = list(csv.DictReader(open(out, encoding="utf-8", newline="")))
    assert len(rows) == 3
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert rows[0]["article_id"] == "'" + '=HYPERLINK("http://evil.example","x")'


def test_html_without_main_text_is_a_dead_letter(runner, tmp_path, nlp):
    (tmp_path / "a.html").write_text(f"<html><body><!-- unclosed <p>{BODY}</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(main, ["extract", str(tmp_path / "a.html"), str(tmp_path / "b.txt"), "-o", str(out), "-q"])
    assert res.exit_code == 1 and "no main text" in res.output
    assert out.read_text(encoding="utf-8").strip()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_extract_dev_zero_is_refused_not_read(runner, tmp_path):
    res = runner.invoke(main, ["extract", "/dev/zero", "-o", str(tmp_path / "o.jsonl"), "-q"])
    assert res.exit_code == 1 and "not a regular file" in res.output


def test_places_output_is_written_whole_or_not_at_all(runner, tmp_path, nlp, gazetteer_settings):
    path = _jsonl(tmp_path, [{"id": "a", "text": BODY}])
    out = tmp_path / "places.jsonl"
    res = runner.invoke(main, ["places", path, "-o", str(out), "--gazetteer", gazetteer_settings.gazetteer_path])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text(encoding="utf-8"))["article_id"] == "a"
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl", "places.jsonl"]


def test_published_option_outside_the_accepted_years_is_a_usage_error(runner, tmp_path):
    res = runner.invoke(main, ["extract", str(tmp_path), "--published", "1066-10-14"])
    assert res.exit_code == 2 and "min_published_year" in res.output
