"""The Dask engine: same events, duplicate links and incidents as the local engine; a worker
killed mid-run loses and duplicates nothing; a second run does no work."""
from __future__ import annotations

import io
import json
import os
import random
import signal
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from strife.corpus import merge
from strife.settings import Settings
from strife.corpus.shards import plan_shards, read_shard

dask = pytest.importorskip("dask")
pytest.importorskip("distributed")
pytest.importorskip("fsspec")
pytest.importorskip("pyarrow")

from strife.corpus.runner import run  # noqa: E402
from strife.corpus.dask_engine import run_dask  # noqa: E402
from strife.corpus.parquet_out import build_store, done_shards  # noqa: E402
from strife.corpus.store import Store  # noqa: E402

# --- an invented corpus: short reports, retold by other outlets, wire copies, re-posts ---

PLACES = ["Mogadishu", "Kismayo", "Baidoa", "Nairobi", "Mombasa", "Kaduna", "Maiduguri", "Goma",
          "Bunia", "Sanaa", "Aden", "Taiz", "Dhaka", "Kabul", "Kandahar", "Aleppo", "Idlib", "Mosul",
          "Kirkuk", "Tripoli", "Benghazi", "Gao", "Timbuktu", "Juba", "Khartoum"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
STORIES = [
    "A suicide bomber blew himself up at a checkpoint in {place} on {day}, killing at least {n} people "
    "and wounding {m} others, police said.",
    "Gunmen abducted {n} students from a school near {place} early on {day}, a school official said.",
    "An airstrike hit a market outside {place} on {day}, killing {n} civilians, health officials said.",
    "Fighting broke out between the army and rebels near {place} on {day}, leaving {n} soldiers dead, "
    "local officials said.",
    "Police fired tear gas at hundreds of protesters in {place} on {day} as they marched against new "
    "taxes, and {n} people were arrested.",
    "A roadside bomb struck a police vehicle in {place} on {day}, killing {n} officers, a security "
    "source said.",
]
RETELL = ["Witnesses in {place} told reporters that", "According to a statement issued later,",
          "Local media in {place} reported that", "Officials confirmed on {day} that"]
BACKGROUND = [
    "The area has seen repeated attacks this year.", "Hospitals were struggling to cope.",
    "Shops stayed closed for the rest of the day.", "Residents called for more protection.",
    "The government promised an investigation.", "Aid groups sent medical supplies by road.",
    "Roads into the town were closed for hours.", "Families gathered outside the main hospital.",
    "No group has said it carried out the attack.", "Security was stepped up across the region.",
    "Elders appealed for calm in the evening.", "Schools in the district were shut until further notice.",
]
BAD_LINES = ["{not json", json.dumps({"id": "no-text", "title": "empty"})]


def _story(rng: random.Random, template: str, place: str, day: str, n: int) -> str:
    lead = template.format(place=place, day=day, n=n, m=n + rng.randrange(3, 20))
    return " ".join([lead] + rng.sample(BACKGROUND, 3))


def make_corpus(folder: Path, n: int = 2000, seed: int = 11) -> list[str]:
    """About `n` short articles in two JSONL files and a WARC; returns the inputs in order."""
    rng = random.Random(seed)
    records: list[dict] = []
    start = date(2024, 1, 1)
    k = 0
    while len(records) < n:
        place, template = rng.choice(PLACES), rng.choice(STORIES)
        day = start + timedelta(days=rng.randrange(365))
        inc = f"inc{k:05d}"
        k += 1
        n_dead = rng.randrange(2, 30)
        text = _story(rng, template, place, DAYS[day.weekday()], n_dead)
        story = [(f"{inc}-orig", text, day)]
        for j in range(rng.choice([0, 1, 1, 2])):       # other outlets: other words, other figures
            opener = rng.choice(RETELL).format(place=place, day=DAYS[day.weekday()])
            lead = template.format(place=place, day=DAYS[day.weekday()], n=n_dead + rng.choice([-1, 1, 2]),
                                   m=n_dead + 5)
            body = f"{opener} {lead[0].lower()}{lead[1:]} " + " ".join(rng.sample(BACKGROUND, 2))
            story.append((f"{inc}-outlet{j}", body, day + timedelta(days=rng.choice([0, 1]))))
        for j in range(rng.choice([0, 0, 1, 2])):       # wire copies: a dateline and a sign-off
            story.append((f"{inc}-wire{j}", f"{place.upper()} (Wire) - {text} (Reporting by agency staff.)", day))
        if rng.random() < 0.2:                          # an exact re-post
            story.append((f"{inc}-repost", text, day))
        for aid, body, published in story:
            records.append({"id": aid, "published": published.isoformat(), "title": f"{place} report",
                            "url": f"https://news{rng.randrange(20)}.example/{aid}", "text": body})
    records = records[:n]
    rng.shuffle(records)          # copies and originals spread over files and shards
    folder.mkdir(parents=True, exist_ok=True)
    half = len(records) // 2
    warc, first, second = records[:40], records[40:half], records[half:]
    with open(folder / "a.jsonl", "w", encoding="utf-8") as fh:
        for i, rec in enumerate(first):
            fh.write(json.dumps(rec) + "\n")
            if i == 100:
                fh.write("\n" + "\n".join(BAD_LINES) + "\n")
    # ids again in later shards: three with the same text (renamed copies), two with new text
    # (renamed and run: `ID#hash`), one of them twice (`ID#hash-2`, a copy of `ID#hash`)
    edited = [dict(rec, text=rec["text"] + " Officials later raised the toll.") for rec in first[5:7]]
    with open(folder / "b.jsonl", "w", encoding="utf-8") as fh:
        for rec in second + first[:3] + edited + edited[:1]:
            fh.write(json.dumps(rec) + "\n")
    _write_warc(folder / "crawl.warc.gz", warc)
    return [str(folder / "a.jsonl"), str(folder / "b.jsonl"), str(folder / "crawl.warc.gz")]


def _write_warc(path: Path, records: list[dict]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for rec in records:
            html = (f"<html><head><title>{rec['title']}</title></head><body><article><h1>{rec['title']}</h1>"
                    f"<p>{rec['text']}</p></article></body></html>")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                rec["url"], "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers,
                warc_headers_dict={"WARC-Date": rec["published"] + "T12:00:00Z"}))


SETTINGS = Settings(corpus_chunk_size=8)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def local_dump(corpus, tmp_path_factory) -> dict:
    db = str(tmp_path_factory.mktemp("local") / "local.db")
    run(corpus, db, workers=2, settings=SETTINGS)
    with Store(db) as store:
        return store.dump()


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=40) as lc, Client(lc) as client:
        yield client


def _dump(out: str, db: str) -> dict:
    build_store(out, db)
    with Store(db) as store:
        return store.dump()


def _assert_same(local: dict, dask_: dict) -> None:
    for table in local:
        assert dask_[table] == local[table], f"table {table} differs"


def test_dask_run_equals_local_engine(corpus, local_dump, cluster, tmp_path):
    out = str(tmp_path / "out")
    summary = run_dask(corpus, out, settings=SETTINGS, client=cluster)
    assert summary.processed > 1500 and summary.shards >= 8
    dump = _dump(out, str(tmp_path / "dask.db"))
    # the corpus has what the comparison is about: copies of both kinds, merged incidents
    kinds = {row[8] for row in dump["articles"]}
    assert {"exact", "near"} <= kinds
    assert any(row[-1] > 1 for row in dump["incidents"])  # n_sources > 1
    assert dump["dead_letters"]
    # an id read again in another shard with new text is run under `ID#hash`, as locally
    rerun = [row for row in dump["articles"] if "#" in row[0] and row[6] == "done"]
    assert len(rerun) == 2 and all(row[10] > 0 for row in rerun)
    assert any("#" in row[0] and row[0].endswith("-2") and row[6] == "copy" for row in dump["articles"])
    assert not [row for row in dump["dead_letters"] if row[3] == "dask"]
    _assert_same(local_dump, dump)
    with Store(str(tmp_path / "dask.db")) as store:   # place offsets survive the Parquet path
        rows = store.conn.execute("SELECT a.text, p.start_char, p.end_char, p.text FROM places p "
                                  "JOIN articles a ON a.id = p.article_id").fetchall()
    assert len(rows) > 1000 and all(start is not None and text[start:end] == name for text, start, end, name in rows)


def test_killed_worker_loses_and_duplicates_nothing_and_rerun_does_no_work(corpus, local_dump, cluster, tmp_path):
    out = str(tmp_path / "out")
    result: dict = {}

    def go() -> None:
        try:
            result["summary"] = run_dask(corpus, out, settings=SETTINGS, client=cluster)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            result["error"] = exc

    thread = threading.Thread(target=go)
    thread.start()
    deadline = time.monotonic() + 600
    while len(done_shards(out)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    pids = cluster.run(os.getpid)
    victim = sorted(pids.values())[0]
    os.kill(victim, signal.SIGKILL)            # mid-run: its task is lost and retried elsewhere
    thread.join(900)
    assert "error" not in result, result.get("error")
    summary = result["summary"]
    assert summary.shards_skipped == 0
    _assert_same(local_dump, _dump(out, str(tmp_path / "dask.db")))

    again = run_dask(corpus, out, settings=SETTINGS, client=cluster)
    assert again.processed == 0 and again.shards_skipped == again.shards
    _assert_same(local_dump, _dump(out, str(tmp_path / "again.db")))


# --- pieces, without a cluster ---

def test_jsonl_slices_read_the_same_articles_in_the_same_order(corpus, tmp_path):
    from strife.read.inputs import read_inputs, unique_ids
    from strife.models import Article, DeadLetter

    shards, dead = plan_shards(corpus, SETTINGS, lines_per_shard=97)
    assert not dead and len(shards) > 10
    read = [(pos, item) for shard in shards for pos, item in read_shard(shard, SETTINGS)]
    assert [p for p, _ in read] == sorted(p for p, _ in read)

    def key(item):
        return (item.id, item.source) if isinstance(item, Article) else (item.input, item.line, item.stage)

    expected = [key(item) for item in read_inputs(corpus, SETTINGS)]
    assert [key(item) for item in unique_ids([item for _, item in read])] == expected
    assert any(isinstance(item, DeadLetter) for _, item in read)


def test_shards_read_fsspec_urls_like_local_paths(corpus):
    local, _ = plan_shards(corpus[1:], SETTINGS)
    remote, _ = plan_shards([f"file://{p}" for p in corpus[1:]], SETTINGS)
    a = [(i.id, i.text) for s in local for _, i in read_shard(s, SETTINGS)]
    b = [(i.id, i.text) for s in remote for _, i in read_shard(s, SETTINGS)]
    assert a == b and len(a) > 900


@hsettings(max_examples=200, deadline=None)
@given(reads=st.lists(st.tuples(st.sampled_from(["x", "y", "z", "x#aaaaaaaa"]), st.sampled_from("ab")),
                      max_size=12),
       cuts=st.sets(st.integers(1, 11)))
def test_ids_renamed_across_shards_as_one_reader_renames_them(reads, cuts):
    """Per-shard `unique_ids`, then the global stage's renames == `unique_ids` over everything."""
    from strife.corpus.dask_finish import _renames
    from strife.models import Article
    from strife.read.inputs import unique_ids

    articles = [Article(id=i, text=t * 20) for i, t in reads]
    shard_of = [sum(1 for c in cuts if c <= k) for k in range(len(articles))]
    rows = []
    for s in sorted(set(shard_of)):
        members = [k for k in range(len(articles)) if shard_of[k] == s]
        local = list(unique_ids([Article(id=articles[k].id, text=articles[k].text) for k in members]))
        rows += [{"pos": f"{k:04d}", "id": a.id, "read_id": articles[k].id, "content_hash": a.content_hash,
                  "shard": str(s)} for k, a in zip(members, local)]
    spread = {r["read_id"] for r in rows if len({q["shard"] for q in rows if q["read_id"] == r["read_id"]}) > 1}
    new = {r["pos"]: r["new_id"] for r in _renames([r for r in rows if r["read_id"] in spread])}
    got = [new.get(r["pos"], r["id"]) for r in rows]
    expected = [a.id for a in unique_ids([Article(id=a.id, text=a.text) for a in articles])]
    assert got == expected


_event = st.fixed_dictionaries({
    "event_id": st.uuids().map(str),
    "article_id": st.sampled_from(["a", "b", "c", "d"]),
    "sub_event_type": st.sampled_from(["Armed clash", "Air/drone strike", "Attack"]),
    "event_date": st.dates(date(2024, 1, 1), date(2024, 1, 20)).map(date.isoformat) | st.none(),
    "date_precision": st.sampled_from(["day", "day", "week", "month"]),
    "latitude": st.floats(-80, 80) | st.none(),
    "longitude": st.floats(-179.9, 179.9),
    "geo_precision": st.sampled_from([1, 2, 3]),
    "admin1": st.sampled_from(["North", "South", None]),
    "country_code": st.sampled_from(["SO", "KE"]),
    "location": st.sampled_from(["Goma", "Bunia", None]),
    "actor1": st.sampled_from(["Al Shabaab", "Unidentified Armed Group (Somalia)", None]),
})


@hsettings(max_examples=300, deadline=None)
@given(a=_event, b=_event, near=st.booleans(), km=st.floats(0, 15))
def test_every_compatible_pair_shares_a_blocking_key(a, b, near, km):
    if near and a["latitude"] is not None and b["latitude"] is not None:
        b = dict(b, latitude=a["latitude"] + km / 111.2 * 0.5, longitude=a["longitude"])
    if b["latitude"] is None:
        b = dict(b, longitude=None)
    if a["latitude"] is None:
        a = dict(a, longitude=None)
    settings = Settings()
    original_of = {"c": "a"}
    published = {"a": "2024-01-05", "b": "2024-01-06", "c": "2024-01-05", "d": "2024-02-01"}
    ia, ib = merge.prepare_items([a, b], original_of, published)
    if merge.compatible(ia, ib, settings):
        assert set(merge.blocking_keys(ia, settings)) & set(merge.blocking_keys(ib, settings))


def test_merging_each_component_alone_gives_the_incidents_of_the_whole(local_dump):
    """The property the Dask engine rests on, checked on the local engine's own events."""
    from strife.corpus.store import EVENT_COLUMNS

    events = sorted((dict(zip(EVENT_COLUMNS, row)) for row in local_dump["events"]),
                    key=lambda e: (e["event_date"] or "", e["event_id"]))[:500]   # pairs: n^2
    whole = {inc.incident_id: inc.record for inc in merge.merge_events(events)}
    items = merge.prepare_items(events)
    parent = {it.event_id: it.event_id for it in items}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if merge.compatible(a, b, Settings()):
                parent[root(a.event_id)] = root(b.event_id)
    groups: dict[str, list] = {}
    for ev in events:
        groups.setdefault(root(ev["event_id"]), []).append(ev)
    parts = {inc.incident_id: inc.record for g in groups.values() for inc in merge.merge_events(g)}
    assert parts == whole and len(whole) < len(events)


@hsettings(max_examples=200, deadline=None)
@given(a=_event, b=_event)
def test_compatible_reads_only_the_pair_fields(a, b):
    a = dict(a, notes="x", fatalities=3, weapon="Firearms", claimed=True)
    b = dict(b, notes="y", fatalities=1, target_type="Police")
    full = merge.prepare_items([a, b], {"c": "a"}, {"a": "2024-01-05"})
    slim = merge.prepare_items([{k: e.get(k) for k in merge.PAIR_FIELDS} for e in (a, b)], {"c": "a"},
                               {"a": "2024-01-05"})
    assert merge.compatible(*full, Settings()) == merge.compatible(*slim, Settings())


def test_cli_dask_engine_needs_out_and_db_build_needs_a_finished_run(tmp_path):
    from click.testing import CliRunner

    from strife.cli import main

    runner = CliRunner()
    res = runner.invoke(main, ["run", str(tmp_path), "--engine", "dask"])
    assert res.exit_code == 2 and "--out" in res.output
    res = runner.invoke(main, ["db", "build", str(tmp_path / "nothing"), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 1 and "no finished run" in res.output
