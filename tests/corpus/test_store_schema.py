"""Store schema 2: foreign keys, full-text search kept in sync, updated_at, migration from
schema 1, and the Datasette metadata `strife run` writes (checked through Datasette's own
JSON API on a loopback port when Datasette is installed)."""
from __future__ import annotations

import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from strife.corpus.runner import finish
from strife.corpus.store import SCHEMA_VERSION, Store, _schema, _split
from strife.models import Article, Event
from strife.output.datasette import metadata_path, write_metadata
from strife.settings import DEFAULT_SETTINGS

TEXTS = {
    "a1": "Shelling hit the market in Donetsk on Tuesday, killing at least four civilians.",
    "a2": "Protesters marched through Lagos on Friday demanding lower fuel prices.",
}


def _fill(path):
    with Store(path) as store:
        with store.transaction():
            for aid, text in TEXTS.items():
                store.add_article(Article(id=aid, text=text, title=f"Report {aid}", published="2024-01-16",
                                          url=f"https://example.org/{aid}"), status="done", n_events=1)
                ev = Event(article_id=aid, event_id=f"ev_{aid}", event_date="2024-01-16", date_precision="day",
                           event_type="Protests" if aid == "a2" else "Explosions/Remote violence",
                           sub_event_type="Peaceful protest" if aid == "a2" else "Shelling/artillery/missile attack",
                           location="Lagos" if aid == "a2" else "Donetsk", country_code="NG" if aid == "a2" else "UA",
                           latitude=6.45, longitude=3.39, notes=text)
                store.add_events([ev.to_dict()])
        finish(store, DEFAULT_SETTINGS)


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "s.db")
    _fill(path)
    return path


def test_foreign_keys_are_declared_and_hold(db):
    conn = sqlite3.connect(db)
    fks = {(t, r[3], r[2], r[4]) for t in ("events", "evidence", "places", "incident_sources", "dead_letters", "articles")
           for r in conn.execute(f"PRAGMA foreign_key_list({t})")}
    assert ("events", "article_id", "articles", "id") in fks
    assert ("evidence", "event_id", "events", "event_id") in fks
    assert ("places", "article_id", "articles", "id") in fks
    assert ("incident_sources", "incident_id", "incidents", "incident_id") in fks
    assert ("incident_sources", "event_id", "events", "event_id") in fks
    assert ("articles", "duplicate_of", "articles", "id") in fks
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_full_text_search_stays_in_sync(db):
    with Store(db) as store:
        assert store.search("Donetsk") == [{"id": "a1"}]
        assert store.search("fuel", table="events") == [{"event_id": "ev_a2"}]
        with store.transaction():   # re-writing an article replaces its indexed text
            store.add_article(Article(id="a1", text="Airstrike on Idlib.", title="Idlib"), status="done")
        assert store.search("Donetsk") == [] and store.search("Idlib") == [{"id": "a1"}]
        with store.transaction():
            store.conn.execute("DELETE FROM events WHERE event_id='ev_a2'")
        assert store.search("fuel", table="events") == []
        store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")


def test_rows_carry_updated_at_and_unchanged_incidents_keep_it(db):
    with Store(db) as store:
        stamps = {r[0] for r in store.conn.execute(
            "SELECT updated_at FROM events UNION SELECT updated_at FROM articles UNION SELECT updated_at FROM incidents")}
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s) for s in stamps)
        with store.transaction():
            store.conn.execute("UPDATE incidents SET updated_at='2000-01-01T00:00:00Z'")
        finish(store, DEFAULT_SETTINGS)   # nothing changed: the stamps stay
        assert {r[0] for r in store.conn.execute("SELECT updated_at FROM incidents")} == {"2000-01-01T00:00:00Z"}


def _v1_schema() -> list[str]:
    """Schema 1 as it was: no foreign keys, no updated_at, no full-text index."""
    out = []
    for stmt in _split(_schema()):
        if "fts" in stmt or "updated" in stmt and stmt.startswith("CREATE INDEX"):
            continue
        stmt = re.sub(r" REFERENCES \w+\(\w+\)", "", stmt)
        stmt = re.sub(r",\s*updated_at TEXT[^\n]*\n", "\n", stmt)
        stmt = stmt.replace("minhash BLOB,", "minhash BLOB")
        out.append(stmt)
    return out


def test_a_schema_1_store_is_migrated_in_place(tmp_path):
    path = str(tmp_path / "old.db")
    conn = sqlite3.connect(path)
    for stmt in _v1_schema():
        conn.execute(stmt)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.execute("INSERT INTO articles (id, content_hash, status, text, title) "
                 "VALUES ('a1', 'h', 'done', 'Shelling in Donetsk', 't')")
    conn.execute("INSERT INTO events (event_id, article_id, notes, event_date) "
                 "VALUES ('ev_a1', 'a1', 'Shelling in Donetsk', '2024-01-16')")
    conn.commit()
    assert "REFERENCES" not in conn.execute("SELECT sql FROM sqlite_master WHERE name='events'").fetchone()[0]
    conn.close()
    with Store(path) as store:
        assert store._meta("schema_version") == SCHEMA_VERSION
        assert store.search("Donetsk") == [{"id": "a1"}]
        [ev] = list(store.iter_events(with_updated=True))
        assert ev["event_id"] == "ev_a1" and ev["updated_at"]
        assert store.conn.execute("PRAGMA foreign_key_list(events)").fetchall()


def test_datasette_metadata_names_fts_tables_and_labels(db):
    path = write_metadata(db)
    assert path == metadata_path(db) and path.endswith("s.metadata.json")
    meta = json.load(open(path))
    tables = meta["databases"]["s"]["tables"]
    assert tables["articles"]["fts_table"] == "articles_fts" and tables["articles"]["label_column"] == "title"
    assert tables["events"]["columns"]["fatalities"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_datasette_shows_links_and_search(db):
    pytest.importorskip("datasette")
    meta = write_metadata(db)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "datasette", "serve", db, "-m", meta, "-h", "127.0.0.1",
                             "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/s"

    def get(url):
        with urllib.request.urlopen(base + url, timeout=5) as r:
            return json.loads(r.read())

    try:
        for _ in range(100):
            try:
                get(".json")
                break
            except OSError:
                time.sleep(0.1)
        rows = get("/events.json?_shape=array&_labels=on&event_id=ev_a1")
        assert rows[0]["article_id"] == {"value": "a1", "label": "Report a1"}
        found = get("/articles.json?_shape=array&_search=Lagos")
        assert [r["id"] for r in found] == ["a2"]
        found = get("/events.json?_shape=array&_search=market")
        assert [r["event_id"] for r in found] == ["ev_a1"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_run_writes_datasette_metadata(tmp_path):
    from click.testing import CliRunner

    from strife.cli import main

    src = tmp_path / "a.txt"
    src.write_text("Gunmen killed four villagers in Kaura Namoda, Zamfara state, on Tuesday, police said.")
    db = tmp_path / "run.db"
    res = CliRunner().invoke(main, ["run", str(src), "--db", str(db), "--workers", "0", "-q",
                                    "--published", "2024-03-06"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "run.metadata.json").exists()
