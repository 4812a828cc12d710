"""The SQLite store: schema, round trips, idempotent writes, plain-SQL friendliness."""
from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from strife.corpus.store import Store, StoreError
from strife.models import EVENT_FIELDS, Article, DeadLetter, Event, Evidence

TEXT = "A car bomb exploded outside a police station in Kirkuk on Monday, killing three officers."


def article(aid="a1", text=TEXT, published="2024-05-06"):
    return Article(id=aid, text=text, raw=text, title="Car bomb in Kirkuk", url=f"https://example.org/{aid}",
                   published=published, source=f"{aid}.txt")


def event(aid="a1", **fields):
    ev = Event(article_id=aid, event_id=f"ev_{aid}", event_date="2024-05-06", date_precision="day",
               event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
               location="Kirkuk", country="Iraq", country_code="IQ", latitude=35.4681, longitude=44.3922,
               geo_precision=1, fatalities=3, fatalities_low=3, confidence=0.7, notes=TEXT)
    ev.evidence.append(Evidence("fatalities", 65, 88, TEXT[65:88]))
    for k, v in fields.items():
        setattr(ev, k, v)
    return ev.to_dict()


def test_new_store_has_the_tables(tmp_path):
    with Store(str(tmp_path / "s.db")) as store:
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert {"articles", "events", "evidence", "places", "dead_letters", "incidents", "incident_sources"} <= names
    assert mode == "wal"


def test_event_round_trip_keeps_every_field(tmp_path):
    original = event()
    with Store(str(tmp_path / "s.db")) as store:
        with store.transaction():
            store.add_article(article(), status="done", n_events=1)
            store.add_events([original])
        (back,) = store.iter_events()
    assert list(back) == list(EVENT_FIELDS)
    assert back == original


def test_coordinates_are_plain_columns_for_gis_tools(tmp_path):
    path = str(tmp_path / "s.db")
    with Store(path) as store, store.transaction():
        store.add_article(article(), status="done", n_events=1)
        store.add_events([event()])
    # Any SQLite client (Datasette, sqlite-utils, pandas, QGIS) sees numbers, not blobs.
    row = sqlite3.connect(path).execute("SELECT latitude, longitude, typeof(latitude) FROM events").fetchone()
    assert row == (35.4681, 44.3922, "real")


def test_writing_the_same_rows_twice_adds_nothing(tmp_path):
    with Store(str(tmp_path / "s.db")) as store:
        for _ in range(2):
            with store.transaction():
                store.add_article(article(), status="done", n_events=1)
                store.add_events([event()])
                store.add_dead_letter(DeadLetter("bad.jsonl", "parse", "invalid JSON", line=3))
        assert store.counts() == {"articles": 1, "copies": 0, "events": 1, "incidents": 0, "dead_letters": 1}


def test_a_failed_transaction_leaves_no_rows(tmp_path):
    with Store(str(tmp_path / "s.db")) as store:
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.add_article(article(), status="done", n_events=1)
                raise RuntimeError("worker result was broken")
        assert store.counts()["articles"] == 0


def test_exact_copy_is_stored_without_text_and_linked(tmp_path):
    with Store(str(tmp_path / "s.db")) as store:
        with store.transaction():
            store.add_article(article("a1"), status="done")
            store.add_article(article("a2"), status="copy", duplicate_of="a1")
        row = store.conn.execute("SELECT status, duplicate_of, duplicate_kind, text FROM articles WHERE id='a2'").fetchone()
        assert tuple(row) == ("copy", "a1", "exact", None)
        assert store.processed_hashes() == {article().content_hash: "a1"}


def test_originals_follow_chains_to_the_root(tmp_path):
    with Store(str(tmp_path / "s.db")) as store:
        with store.transaction():
            store.add_article(article("a1"), status="done")
            store.add_article(article("a2", text=TEXT + " Police sealed off the area."), status="done")
            store.add_article(article("a3"), status="copy", duplicate_of="a2")
            store.set_near_duplicates({"a2": ("a1", 0.8)})
        assert store.originals() == {"a2": "a1", "a3": "a1"}


def test_not_a_store_raises_a_helpful_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not a database, just notes " * 50)
    with pytest.raises(StoreError, match="not a strife store"):
        Store(str(path))


def test_another_apps_database_is_left_alone(tmp_path):
    path = str(tmp_path / "other.db")
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(StoreError, match="something else"):
        Store(path)


def test_store_in_a_missing_folder_says_so(tmp_path):
    with pytest.raises(StoreError, match="folder"):
        Store(str(tmp_path / "no" / "such" / "s.db"))


def test_filters_by_date_and_country(tmp_path):
    with Store(str(tmp_path / "s.db")) as store:
        with store.transaction():
            store.add_article(article("a1"), status="done")
            store.add_article(article("a2", text=TEXT + " Later."), status="done")
            store.add_events([event("a1"), event("a2", event_date="2024-06-01", country_code="SY", country="Syria")])
        assert [e["article_id"] for e in store.iter_events(since="2024-05-10")] == ["a2"]
        assert [e["article_id"] for e in store.iter_events(until="2024-05-10")] == ["a1"]
        assert [e["article_id"] for e in store.iter_events(country="iq")] == ["a1"]
        assert [e["article_id"] for e in store.iter_events(country="Syria")] == ["a2"]


numbers = st.one_of(st.none(), st.integers(min_value=0, max_value=10**6))


@given(notes=st.text(max_size=200), low=numbers, high=numbers, lat=st.one_of(st.none(), st.floats(-90, 90)),
       claimed=st.booleans(), actor=st.one_of(st.none(), st.text(max_size=40)))
@hsettings(max_examples=40, deadline=None)
def test_any_event_survives_the_round_trip(tmp_path_factory, notes, low, high, lat, claimed, actor):
    path = tmp_path_factory.mktemp("h") / "s.db"
    original = event(notes=notes, fatalities_low=low, fatalities_high=high, latitude=lat,
                     claimed=claimed, actor1=actor)
    with Store(str(path)) as store:
        with store.transaction():
            store.add_article(article(), status="done", n_events=1)
            store.add_events([original])
        (back,) = store.iter_events()
    assert back == original
