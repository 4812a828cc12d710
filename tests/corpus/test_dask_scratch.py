"""The Dask engine's global stages through scratch files: buckets of a bounded size, the
scratch removed at the end, an interrupted global stage resumed at its first unfinished
step. Invented shard tables (no pipeline, no cluster: Dask's synchronous scheduler)."""
from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

dask = pytest.importorskip("dask")
pytest.importorskip("pyarrow")

from strife.corpus import dask_finish, dedup, parquet_out, scratch  # noqa: E402
from strife.settings import DEFAULT_SETTINGS  # noqa: E402

TOWNS = [("Kismayo", -0.36, 42.55), ("Baidoa", 3.11, 43.65), ("Gao", 16.27, -0.04), ("Goma", -1.68, 29.22),
         ("Aden", 12.78, 45.04), ("Mosul", 36.34, 43.13), ("Juba", 4.85, 31.58)]
WORDS = ("residents said the attack came at dawn and shops stayed shut while elders called for calm and aid "
         "groups sent supplies by road as the army promised an inquiry into the killings").split()


def _article(rng: random.Random, aid: str, read_id: str, pos: str, text: str, day: date) -> dict:
    h = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return {"id": aid, "content_hash": h, "url": f"https://news.example/{aid}", "title": text[:30],
            "published": day.isoformat(), "source": f"feed-{pos}.json", "status": "done",
            "duplicate_of": None, "duplicate_kind": None, "similarity": None, "n_events": 1, "text": text,
            "minhash": dedup.minhash(text), "pos": pos, "facts": parquet_out.article_facts(text, []),
            "read_id": read_id}


def _event(aid: str, pos: str, town: tuple, day: date, dead: int) -> dict:
    row = {c: None for c in parquet_out.SCHEMAS["events"].names}
    row.update(event_id=f"{aid}-e0", article_id=aid, event_date=day.isoformat(), date_precision="day",
               event_type="Violence against civilians", sub_event_type="Attack", location=town[0],
               country_code="XX", latitude=town[1], longitude=town[2], geo_precision=1, fatalities=dead,
               claimed=0, confidence=0.9, pos=pos)
    return row


def make_shards(out: Path, stories: int = 60, shards: int = 3, seed: int = 5) -> None:
    """Shards of short reports: each story told in one shard and retold (a near copy) or
    copied exactly in another; some input ids repeat across shards with other text."""
    rng = random.Random(seed)
    tables = [{name: [] for name in parquet_out.TABLES} for _ in range(shards)]
    counter = [0] * shards

    def add(s: int, aid: str, read_id: str, text: str, town: tuple, day: date, dead: int) -> None:
        pos = f"{s:09d}.{counter[s]:012d}.000000"
        counter[s] += 1
        tables[s]["articles"].append(_article(rng, aid, read_id, pos, text, day))
        tables[s]["events"].append(_event(aid, pos, town, day, dead))

    for k in range(stories):
        town, dead = rng.choice(TOWNS), rng.randrange(2, 40)
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(300))
        words = rng.sample(WORDS, 20)
        text = f"Gunmen killed {dead} people in {town[0]} on {day:%d %B}. " + " ".join(words)
        s = k % shards
        add(s, f"a{k}", f"a{k}", text, town, day, dead)
        other = (s + 1) % shards
        if k % 3 == 0:      # the same text in another shard: an exact copy
            add(other, f"x{k}", f"x{k}", text, town, day, dead)
        elif k % 3 == 1:    # retold with a word changed, a day later: a near copy
            words[7] = "reportedly"
            add(other, f"n{k}", f"n{k}", f"Gunmen killed {dead} people in {town[0]} on {day:%d %B}. "
                + " ".join(words), town, day + timedelta(days=1), dead)
        if k % 10 == 0:     # the id a{k} read again in another shard, with other text
            add(other, f"a{k}", f"a{k}", f"Protesters marched in {town[0]} on {day:%d %B} over prices. "
                + " ".join(rng.sample(WORDS, 15)), town, day, 0)
    for s, rows in enumerate(tables):
        parquet_out.write_shard(str(out), f"{s:06d}-test", rows, {"skipped": False})


def _tables(out: Path) -> dict:
    return {name: sorted((tuple(r.values()) for r in parquet_out.read_final(str(out), name).to_pylist()), key=repr)
            for name in parquet_out.FINAL_TABLES}


@pytest.fixture
def sync():
    with dask.config.set(scheduler="synchronous"):
        yield


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("clean") / "out"
    make_shards(out)
    with dask.config.set(scheduler="synchronous"):
        totals = dask_finish.finish(str(out), DEFAULT_SETTINGS, rows_per_partition=400)
    return {"totals": totals, "tables": _tables(out), "out": out}


def test_finish_removes_its_scratch_and_gives_copies_incidents_and_skipped_ids(clean):
    t = clean["totals"]
    assert not (clean["out"] / scratch.SCRATCH).exists()
    assert t["steps_skipped"] == 0
    assert t["copies"] >= 30 and t["largest_copy_component"] >= 2 and t["largest_incident_component"] >= 2
    kind = parquet_out.SCHEMAS["articles"].names.index("duplicate_kind")
    assert {"exact", "near"} <= {r[kind] for r in clean["tables"]["articles"]}
    # ids read again with new text, whose shards cannot be re-read (no spec): skipped, with a dead letter
    stage = parquet_out.SCHEMAS["dead_letters"].names.index("stage")
    assert t["dead_letters"] == 6 and all(r[stage] == "dask" for r in clean["tables"]["dead_letters"])


def test_an_interrupted_finish_resumes_at_its_first_unfinished_step(clean, tmp_path, sync, monkeypatch):
    out = tmp_path / "out"
    make_shards(out)

    def broken(*args):
        raise RuntimeError("worker lost")

    with monkeypatch.context() as m:
        m.setattr(dask_finish, "_merge_task", broken)
        with pytest.raises(RuntimeError):
            dask_finish.finish(str(out), DEFAULT_SETTINGS, rows_per_partition=400)
    finished = scratch.finished_steps(str(out))
    assert {"count", "ids", "copies", "articles", "link", "shard-final"} <= set(finished)
    assert "merge" not in finished
    again = dask_finish.finish(str(out), DEFAULT_SETTINGS, rows_per_partition=400)
    assert again["steps_skipped"] == len(finished)
    assert {k: v for k, v in again.items() if k != "steps_skipped"} == \
        {k: v for k, v in clean["totals"].items() if k != "steps_skipped"}
    assert _tables(out) == clean["tables"]
    assert not (out / scratch.SCRATCH).exists()


def test_scratch_of_other_shards_is_not_reused(tmp_path, sync, monkeypatch):
    out = tmp_path / "out"
    make_shards(out)
    with monkeypatch.context() as m:
        m.setattr(dask_finish, "_merge_task", lambda *a: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            dask_finish.finish(str(out), DEFAULT_SETTINGS, rows_per_partition=400)
    parquet_out.write_shard(str(out), "000009-late", {}, {"skipped": False})     # a shard finished since
    assert dask_finish.finish(str(out), DEFAULT_SETTINGS, rows_per_partition=400)["steps_skipped"] == 0


def test_buckets_stay_the_same_size_on_a_larger_corpus(tmp_path, sync):
    """What a task reads (one bucket) is set by rows_per_partition, not by the corpus: a
    corpus 4x as large gets more buckets of the same size."""
    per = 400
    target = {"ids": per, "bands": per, "blocks": per, "sigs": per // dask_finish.WIDE,
              "items": per // dask_finish.WIDE, "incident-items": per // dask_finish.WIDE}
    buckets = {}
    for scale in (1, 4):
        out = tmp_path / f"x{scale}"
        make_shards(out, stories=60 * scale, shards=3 * scale)
        dask_finish.finish(str(out), DEFAULT_SETTINGS, rows_per_partition=per, keep_scratch=True)
        buckets[scale] = {step: [sum(_rows(f) for f in b.glob("*.parquet")) for b in (out / scratch.SCRATCH / step).iterdir()]
                          for step in target}
        for step, sizes in buckets[scale].items():
            assert max(sizes) <= 2 * target[step], (scale, step, sizes)
    for step in target:
        assert sum(buckets[4][step]) > 3 * sum(buckets[1][step])
        assert len(buckets[4][step]) > len(buckets[1][step]) or step in ("ids", "blocks")


def _rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def test_connected_components_label_every_node_with_its_smallest_id(tmp_path, sync):
    rng = random.Random(2)
    chain = [f"c{i:03d}" for i in range(40)]
    rng.shuffle(chain)
    edges = list(zip(chain, chain[1:])) + [("p1", "p2"), ("p3", "p2"), ("q9", "q8")]
    out = str(tmp_path)
    for k, (a, b) in enumerate(edges):
        dask_finish._write_adjacency(out, "adj", f"t{k}", [(a, b)], 3)
    labels = dask_finish.connected_components(out, "adj", "cc", 3)
    got = {r["node"]: r["comp"] for j in range(3) for r in scratch.read(out, labels, j, dask_finish.LABEL)}
    want = dict.fromkeys(chain, "c000") | {"p1": "p1", "p2": "p1", "p3": "p1", "q8": "q8", "q9": "q8"}
    assert got == want


def test_buckets_are_the_same_in_every_process():
    keys = [f"id-{i}" for i in range(50)]
    here = scratch.buckets_of(keys, 7).tolist()
    code = ("import json,sys; from strife.corpus.scratch import buckets_of; "
            f"print(json.dumps(buckets_of({keys!r}, 7).tolist()))")
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PYTHONHASHSEED": "123"})
    assert json.loads(there.stdout) == here and len(set(here)) > 3
