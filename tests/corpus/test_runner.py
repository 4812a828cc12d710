"""Corpus runs: resumable, idempotent, dead letters, copies, merging; kill -9 and resume."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from strife.cli import main
from strife.corpus.runner import estimate_total, run
from strife.corpus.store import Store
from strife.settings import Settings
from tests.conftest import ROOT

SMALL = Settings(corpus_chunk_size=2)

# Short invented reports. b1 is a wire copy of a1 with one figure changed; a1-copy repeats a1 word for word.
ARTICLES = [
    {"id": "a1", "published": "2024-04-08", "url": "https://one.example/a1",
     "text": "A suicide bomber blew himself up at a checkpoint in Mogadishu on Sunday, killing at least "
             "seven people and wounding 15 others, police said. The blast hit the checkpoint near the "
             "parliament building during the morning rush hour. Al-Shabaab said it carried out the attack."},
    {"id": "b1", "published": "2024-04-08", "url": "https://two.example/b1",
     "text": "MOGADISHU (Wire) - A suicide bomber blew himself up at a checkpoint in Mogadishu on Sunday, killing at least "
             "nine people and wounding 15 others, police said. The blast hit the checkpoint near the "
             "parliament building during the morning rush hour. Al-Shabaab said it carried out the attack."},
    {"id": "a1-copy", "published": "2024-04-08", "url": "https://blog.example/a1",
     "text": "A suicide bomber blew himself up at a checkpoint in Mogadishu on Sunday, killing at least "
             "seven people and wounding 15 others, police said. The blast hit the checkpoint near the "
             "parliament building during the morning rush hour. Al-Shabaab said it carried out the attack."},
    {"id": "c1", "published": "2024-04-09",
     "text": "Police fired tear gas at hundreds of protesters in Nairobi on Monday as they marched against "
             "new taxes. Several people were arrested, witnesses said."},
    {"id": "d1", "published": "2024-04-10",
     "text": "Gunmen abducted 20 students from a school in Kaduna State early on Wednesday, a school official "
             "said. Security forces were searching the nearby forest."},
    {"id": "e1", "published": "2024-04-11",
     "text": "Fighting broke out between the army and rebels near Goma on Thursday. Residents fled as "
             "shells landed in the outskirts of the city, local officials said."},
    {"id": "f1", "published": "2024-04-12",
     "text": "An airstrike hit a fuel depot outside Sanaa on Friday, killing three workers, the rebel-run "
             "health ministry said."},
    {"id": "g1", "published": "2024-04-13",
     "text": "Rioters set fire to two police posts in Dhaka on Saturday after a bus crash killed a student, "
             "police said."},
]


def follow_ups(rounds: int) -> list[dict]:
    """Later, distinct reports: each article again a week later with a closing line of its own."""
    out = []
    for r in range(1, rounds + 1):
        for a in ARTICLES:
            if a["id"] in ("a1-copy", "b1"):
                continue
            day = int(a["published"][-2:]) + 7 * r
            out.append(dict(a, id=f"{a['id']}-week{r}", published=f"2024-04-{day:02d}",
                            text=a["text"] + f" It was the {r + 1}th such incident reported in {r + 2} weeks."))
    return out


def write_corpus(folder: Path, bad_line: bool = True, rounds: int = 0) -> Path:
    path = folder / "corpus.jsonl"
    lines = [json.dumps(a) for a in ARTICLES + follow_ups(rounds)]
    if bad_line:
        lines.insert(4, '{"id": "broken", "text": ')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def corpus(tmp_path) -> Path:
    return write_corpus(tmp_path)


def test_run_fills_the_store(corpus, tmp_path):
    summary = run([str(corpus)], str(tmp_path / "s.db"), workers=0, settings=SMALL)
    assert summary.processed == 7 and summary.copies == 1 and summary.failed == 1
    with Store(str(tmp_path / "s.db")) as store:
        statuses = dict(store.conn.execute("SELECT id, status FROM articles").fetchall())
        assert statuses["a1-copy"] == "copy" and statuses["a1"] == "done"
        assert store.counts()["events"] == summary.events > 0
        assert store.counts()["incidents"] > 0
        (dl,) = store.conn.execute("SELECT input, line, stage FROM dead_letters").fetchall()
        assert tuple(dl) == (str(corpus), 5, "parse")


def test_places_keep_offsets_that_slice_the_name_out_of_the_text(corpus, tmp_path):
    db = str(tmp_path / "s.db")
    run([str(corpus)], db, workers=0, settings=SMALL)
    with Store(db) as store:
        rows = store.conn.execute("SELECT a.text, p.start_char, p.end_char, p.text FROM places p "
                                  "JOIN articles a ON a.id = p.article_id").fetchall()
    assert len(rows) >= 6
    assert all(start is not None and text[start:end] == name for text, start, end, name in rows)
    assert {name for _, _, _, name in rows} >= {"Mogadishu", "Nairobi", "Goma", "Sanaa", "Dhaka"}


def test_rerun_does_no_work_twice(corpus, tmp_path):
    db = str(tmp_path / "s.db")
    run([str(corpus)], db, workers=0, settings=SMALL)
    with Store(db) as store:
        before = store.dump()
    again = run([str(corpus)], db, workers=0, settings=SMALL)
    assert again.processed == 0 and again.skipped == 8 and again.copies == 0
    with Store(db) as store:
        assert store.dump() == before


def test_wire_copy_is_linked_and_not_an_independent_source(corpus, tmp_path):
    db = str(tmp_path / "s.db")
    run([str(corpus)], db, workers=0, settings=SMALL)
    with Store(db) as store:
        row = store.conn.execute("SELECT duplicate_of, duplicate_kind FROM articles WHERE id='b1'").fetchone()
        assert tuple(row) == ("a1", "near")
        # Every incident told by a1 and b1 counts them as one source.
        rows = store.conn.execute(
            "SELECT i.n_articles, i.n_sources FROM incidents i JOIN incident_sources s USING (incident_id) "
            "WHERE s.article_id='b1'").fetchall()
        assert rows and all(n_sources < n_articles or n_articles == 1 for n_articles, n_sources in rows)


def test_same_id_with_new_text_keeps_both(tmp_path):
    first, second = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first.write_text(json.dumps(ARTICLES[3]) + "\n")
    edited = dict(ARTICLES[3], text=ARTICLES[3]["text"] + " Officials promised an inquiry.")
    second.write_text(json.dumps(edited) + "\n")
    db = str(tmp_path / "s.db")
    run([str(first)], db, workers=0, settings=SMALL)
    run([str(second)], db, workers=0, settings=SMALL)
    with Store(db) as store:
        ids = sorted(r[0] for r in store.conn.execute("SELECT id FROM articles"))
    assert ids[0] == "c1" and ids[1].startswith("c1#") and len(ids) == 2


def test_estimate_total_counts_jsonl_lines(corpus):
    assert estimate_total([str(corpus)]) == 9


def test_cli_run_and_export(corpus, tmp_path):
    db, out = str(tmp_path / "s.db"), str(tmp_path / "incidents.csv")
    result = CliRunner().invoke(main, ["run", str(corpus), "--db", db, "--workers", "0"])
    assert result.exit_code == 1  # one input failed
    assert "dead_letters" in result.output and "merged incidents" in result.output
    result = CliRunner().invoke(main, ["export", "--db", db, "-o", out, "--merged"])
    assert result.exit_code == 0, result.output
    assert Path(out).read_text(encoding="utf-8").startswith("event_id_cnty,")


KILL_SCRIPT = """
import sys
from strife.corpus import run
from strife.settings import Settings
run([sys.argv[1]], sys.argv[2], workers=1, settings=Settings(corpus_chunk_size=1))
"""


def _stored_articles(db: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles WHERE status != 'copy'").fetchone()[0]
    except sqlite3.Error:
        return 0


def _run_and_kill(corpus: Path, db: str, kill_after: int, rng: random.Random) -> None:
    """Start a worker-pool run and kill -9 it (with its workers) once `kill_after` articles are stored."""
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(corpus), db], cwd=ROOT,
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    give_up = time.monotonic() + 120  # a safety net only; nothing is asserted about time
    try:
        while proc.poll() is None and _stored_articles(db) < kill_after and time.monotonic() < give_up:
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.05))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_killed_three_times_then_resumed_equals_an_uninterrupted_run(tmp_path):
    corpus = write_corpus(tmp_path, rounds=2)
    total = 7 + 2 * 6   # processed articles: not the exact copy, not the broken line
    reference = str(tmp_path / "reference.db")
    run([str(corpus)], reference, workers=0, settings=Settings(corpus_chunk_size=1))
    with Store(reference) as store:
        expected = store.dump()

    db = str(tmp_path / "killed.db")
    rng = random.Random(int(os.environ.get("STRIFE_KILL_SEED", "6")))
    kill_after = rng.randrange(0, 3)
    for _ in range(3):   # each run gets a little further before it is killed
        _run_and_kill(corpus, db, kill_after, rng)
        kill_after += rng.randrange(1, 4)
    resumed = run([str(corpus)], db, workers=0, settings=Settings(corpus_chunk_size=1))
    assert resumed.skipped + resumed.processed + resumed.copies == total + 1
    with Store(db) as store:
        assert store.dump() == expected


def test_a_failing_stage_is_a_dead_letter_and_the_run_goes_on(tmp_path, monkeypatch):
    import strife.events as events_mod

    real = events_mod.extract_events

    def flaky(doc, article, places, settings):
        if article.id == "d1":
            raise ValueError("trigger table is broken")
        return real(doc, article, places, settings)

    monkeypatch.setattr(events_mod, "extract_events", flaky)
    corpus = write_corpus(tmp_path, bad_line=False)
    db = str(tmp_path / "s.db")
    summary = run([str(corpus)], db, workers=0, settings=SMALL)
    assert summary.processed == 7 and summary.failed == 1
    with Store(db) as store:
        (row,) = store.conn.execute("SELECT stage, reason, article_id FROM dead_letters").fetchall()
        assert tuple(row) == ("events", "ValueError: trigger table is broken", "d1")
        assert store.conn.execute("SELECT n_events FROM articles WHERE id='d1'").fetchone()[0] == 0
        assert store.conn.execute("SELECT COUNT(*) FROM articles WHERE status='done'").fetchone()[0] == 7
