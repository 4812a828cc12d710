"""The Dask engine's global stages: steps of Dask tasks over the shards' tables and scratch files.

1. Ids and exact copies: an input id read in several shards is renamed over all of them
   as the local engine's reader renames it (`ID#hash`), and an article renamed so whose text
   is new is run again under its new id (`dask_map.process_shard`, one task per shard).
   Per content hash, the article read first (reading position) is the original; articles
   that a shard processed but that copy an earlier shard's are dropped.
2. Near duplicates: MinHash LSH banding as a shuffle on band keys -> candidate pairs,
   kept when `dedup.pair_similarity` allows a link; connected components of the pairs;
   `dedup.link_duplicates` (the local engine's leader clustering) per component.
3. Incidents: candidate event pairs by blocking (`merge.blocking_keys`: source, or family
   + date bucket + grid cell / region / place name), kept when `merge.compatible`;
   connected components; `merge.merge_events` per component.

Every step is a set of independent tasks, each reading one shard or one bucket of scratch
files (`strife.corpus.scratch`: Parquet under `DIR/_scratch/`, rows split by the hash of a
key) and writing its rows into the next step's buckets; the client only receives counts.
Keyed rows are shuffled through files and what is per article goes back to its shard's
bucket, so no table is held in a worker's memory between steps and no task reads more
than one shard or one bucket (`rows_per_partition` rows; 1/20 of it for rows carrying a
signature or a whole event): a worker's memory is bounded by the bucket and the largest
component, not by the corpus. Components are found by label propagation (a node takes
the smallest label among its own and its neighbours'; only changed labels are sent on).
The outcome equals the local engine's `finish`.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import math
from collections import Counter, defaultdict
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..settings import Settings
from . import dedup, merge, parquet_out, scratch

ROWS_PER_PARTITION = 200_000     # rows per bucket of the shuffled key tables (ids, band keys)
WIDE = 20                        # a row with a signature or a whole event weighs ~20 key rows: the
                                 # tables of such rows get rows_per_partition // WIDE rows a bucket
BLOCK_KEYS = 30                  # blocking keys per event, about (the blocks' bucket count)


def _schema(**cols: pa.DataType) -> pa.Schema:
    return pa.schema(list(cols.items()))


S = pa.string()
I64 = pa.int64()
KEYS = _schema(id=S, read_id=S, content_hash=S, status=S, pos=S, shard=I64)
RENAME = _schema(pos=S, new_id=S, content_hash=S, shard=I64)
FRESH = _schema(pos=S, new_id=S, shard=I64)
COPY = _schema(pos=S, status=S, orig=S, shard=I64)
SIG = _schema(id=S, order=S, minhash=pa.binary(), facts=S, shard=I64)
BAND = _schema(key=S, id=S)
EDGE = _schema(a=S, b=S)
PAIR_B = _schema(a=S, b=S, order_a=S, sig_a=pa.binary(), facts_a=S)
ADJ = _schema(node=S, nbr=S)
LABEL = _schema(node=S, comp=S)
COMPONENT_ROWS = _schema(comp=S, kind=S, id=S, other=S, order=S, minhash=pa.binary(), facts=S, shard=I64)
NEAR = _schema(id=S, original=S, similarity=pa.float64(), shard=I64)
EVENT_ITEM = _schema(event_id=S, event=S, source=S, published=S)
BLOCK = _schema(key=S, event_id=S, event=S, source=S, published=S)
INCIDENT_ITEM = _schema(comp=S, event_id=S, event=S, source=S, published=S)
ARTICLES = parquet_out.SHARD_SCHEMAS["articles"]
INCIDENT_ROWS = parquet_out.SCHEMAS["incidents"].append(pa.field("members", S))


def _read_rows(path: str, schema: pa.Schema, columns: list[str] | None = None) -> list[dict[str, Any]]:
    fs, p = parquet_out.filesystem(path)
    with fs.open(p, "rb") as fh:
        return pq.read_table(fh, columns=columns, schema=schema).to_pylist()


def _shard_rows(shard: str, name: str, redo: str | None, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """One table of a shard, with the rows of its re-read articles (`redo`: their folder) from the re-run."""
    schema = parquet_out.SHARD_SCHEMAS[name]
    rows = _read_rows(f"{shard}/{name}.parquet", schema, columns)
    if not redo:
        return rows
    again = {r["pos"] for r in _read_rows(f"{redo}/articles.parquet", ARTICLES, ["pos"])}
    return [r for r in rows if r["pos"] not in again] + _read_rows(f"{redo}/{name}.parquet", schema, columns)


def _buckets(rows: int, per: int) -> int:
    """Buckets for `rows` rows, `per` rows each: a bucket's size does not grow with the corpus."""
    return max(1, math.ceil(rows / max(1, per)))


# --- running steps ---

def _step(out: str, name: str, calls: list[tuple]) -> list[Any]:
    """Run one step: the tasks (function, *args), all at once on the cluster; returns their
    results. A step finished before (its marker exists) is not run again."""
    import dask

    results = scratch.done(out, name)
    if results is not None:
        _SKIPPED.append(name)
        return results
    # (files an interrupted try left are overwritten: a task's files have fixed names and contents)
    tasks = [dask.delayed(fn, pure=False)(*args) for fn, *args in calls]
    results = list(dask.compute(*tasks)) if tasks else []
    scratch.mark_done(out, name, results)
    return results


_SKIPPED: list[str] = []


# --- 1. ids read again, exact copies ---

def _count_task(shards: list[str]) -> list[dict[str, int]]:
    """Rows of the shards' tables (from the Parquet footers)."""
    out = []
    for shard in shards:
        fs, _ = parquet_out.filesystem(shard)
        counts = {}
        for name in ("articles", "events", "dead_letters"):
            _, p = parquet_out.filesystem(f"{shard}/{name}.parquet")
            with fs.open(p, "rb") as fh:
                counts[name] = pq.ParquetFile(fh).metadata.num_rows
        out.append(counts)
    return out


def _batches(articles: list[int], per: int) -> list[int]:
    """The first shard of each batch: consecutive shards of about `per` articles together (a
    larger shard alone). A task over a batch writes one file per bucket for all its shards:
    fewer, larger files than a task per shard, however small the shards."""
    starts, total = [0], 0
    for i, n in enumerate(articles):
        if total and total + n > per:
            starts.append(i)
            total = 0
        total += n
    return starts


def _batch_of(starts: list[int], shard: int) -> int:
    return bisect.bisect_right(starts, shard) - 1


def _keys_task(out: str, b: int, members: list[tuple[int, str]], n: int) -> int:
    rows = [dict(r, shard=i) for i, shard in members
            for r in _read_rows(f"{shard}/articles.parquet", ARTICLES, ["id", "read_id", "content_hash", "status", "pos"])]
    scratch.write(out, "ids", f"t{b:06d}", rows, KEYS, "read_id", n)
    scratch.write(out, "hashes", f"t{b:06d}", rows, KEYS, "content_hash", n)
    return len(rows)


def _renames_task(out: str, j: int, n: int, starts: list[int]) -> int:
    """Renames of the input ids (of bucket j) read in more than one shard."""
    rows = scratch.read(out, "ids", j, KEYS)
    shards: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        shards[r["read_id"]].add(r["shard"])
    spread = [r for r in rows if len(shards[r["read_id"]]) > 1]
    renames = _renames(spread)
    if not renames:
        return 0
    at = {r["pos"]: r for r in spread}
    renamed = [dict(r, content_hash=at[r["pos"]]["content_hash"], shard=at[r["pos"]]["shard"]) for r in renames]
    scratch.write(out, "renames-by-hash", f"b{j:05d}", renamed, RENAME, "content_hash", n)
    _by_shard(out, "renames-by-shard", f"b{j:05d}", renamed, RENAME, starts)
    return len(renamed)


def _by_shard(out: str, step: str, task: str, rows: list[dict[str, Any]], schema: pa.Schema,
              starts: list[int]) -> None:
    """Rows back to the bucket of their shard's batch (bucket = the batch's index)."""
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[_batch_of(starts, r["shard"])].append(r)
    for shard, members in groups.items():
        scratch.write(out, step, task, members, schema, bucket=shard)


def _renames(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """(pos, new id) of the rows whose id changes when ids are made unique in reading order
    (`unique_ids`, per input id: the rows given are all the rows of their input ids)."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r["read_id"]].append(r)
    out = []
    for read_id, members in groups.items():
        taken = {read_id}
        for r in sorted(members, key=lambda r: r["pos"])[1:]:
            base = f"{read_id}#{r['content_hash'][:8]}"
            new, n = base, 2
            while new in taken:
                new, n = f"{base}-{n}", n + 1
            taken.add(new)
            if new != r["id"]:
                out.append({"pos": r["pos"], "new_id": new})
    return sorted(out, key=lambda r: r["pos"])


def _copies_task(out: str, j: int, starts: list[int]) -> dict[str, Any]:
    """Per content hash (of bucket j): the original is the processed article read first;
    the others are copies of it. A renamed original is `fresh`: new text under an id read
    before, to be run again under its new id."""
    rows = scratch.read(out, "hashes", j, KEYS)
    new_id = {r["pos"]: r["new_id"] for r in scratch.read(out, "renames-by-hash", j, RENAME)}
    first: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["status"] != "copy" and (r["content_hash"] not in first or r["pos"] < first[r["content_hash"]]["pos"]):
            first[r["content_hash"]] = r
    fresh, copies = [], []
    for r in rows:
        rid = new_id.get(r["pos"], r["id"])
        orig = first.get(r["content_hash"])
        if orig is None:
            continue
        if orig is r and r["pos"] in new_id:
            fresh.append({"pos": r["pos"], "new_id": rid, "shard": r["shard"]})
        orig_id = new_id.get(orig["pos"], orig["id"])
        if rid != orig_id:
            copies.append({"pos": r["pos"], "status": r["status"], "orig": orig_id, "shard": r["shard"]})
    _by_shard(out, "fresh", f"b{j:05d}", fresh, FRESH, starts)
    _by_shard(out, "copies", f"b{j:05d}", copies, COPY, starts)
    return {"fresh_shards": sorted({r["shard"] for r in fresh})}


def _reread_task(out: str, i: int, b: int, spec: dict[str, Any], settings: Settings, published: str | None
                 ) -> dict[str, Any]:
    """Run the fresh articles of shard i (in batch b) again under their new ids (skipped when done before)."""
    from .dask_map import process_shard
    from .shards import Shard

    ids = {r["pos"]: r["new_id"] for r in scratch.read(out, "fresh", b, FRESH) if r["shard"] == i}
    stats = process_shard(Shard.from_spec(spec), out, settings, published, ids)
    return {k: stats.get(k, 0) for k in ("skipped", "processed", "events", "failed")}


def _reread_dead_letter(r: dict[str, Any]) -> dict[str, Any]:
    from ..models import DeadLetter
    from .store import dead_letter_key

    dl = DeadLetter(input=r["source"] or r["id"], stage="dask",
                    reason=f"an article with the id {r['id'].rsplit('#', 1)[0]} was read before in another "
                           f"shard, with other text, and its shard could not be read again: this one "
                           f"({r['id']}) was skipped; run it again into a new --out folder")
    return {"key": dead_letter_key(dl), "input": dl.input, "line": None, "stage": dl.stage,
            "reason": dl.reason, "article_id": None, "pos": None}


def _mark_copy(r: dict[str, Any], orig: str) -> None:
    r.update(status="copy", duplicate_of=orig, duplicate_kind="exact", similarity=1.0,
             n_events=0, text=None, minhash=None, facts=None)


def _dropped(out: str, b: int, lost: set[int]) -> set[str]:
    """Positions in batch b whose rows are dropped: articles that copy an earlier shard's,
    and fresh articles whose shard (in `lost`) could not be re-read."""
    dropped = {r["pos"] for r in scratch.read(out, "copies", b, COPY) if r["status"] != "copy"}
    if lost:
        dropped |= {r["pos"] for r in scratch.read(out, "fresh", b, FRESH) if r["shard"] in lost}
    return dropped


def _resolved_articles(out: str, b: int, members: list[tuple]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(articles, dead letters) of batch b's shards (index, folder, re-read folder, lost), ids
    and exact copies settled. A fresh article whose shard could not be re-read (lost) is
    skipped and named in a dead letter (stage `dask`)."""
    new_id = {r["pos"]: r["new_id"] for r in scratch.read(out, "renames-by-shard", b, RENAME)}
    orig = {r["pos"]: r["orig"] for r in scratch.read(out, "copies", b, COPY)}
    lost = {i for i, _, _, gone in members if gone}
    gone = {r["pos"] for r in scratch.read(out, "fresh", b, FRESH) if r["shard"] in lost} if lost else set()
    arts, dead = [], []
    for i, shard, redo, _ in members:
        for r in _shard_rows(shard, "articles", redo):
            r["shard"] = i                      # (not a column of the articles tables)
            if r["pos"] in new_id:
                r["id"] = new_id[r["pos"]]
            if r["pos"] in gone:
                dead.append(_reread_dead_letter(r))
                continue
            if r["pos"] in orig:
                _mark_copy(r, orig[r["pos"]])
            arts.append(r)
    return arts, dead


# --- 2. near duplicates ---

def _articles_task(out: str, b: int, members: list[tuple], n_nodes: int, n_bands: int) -> int:
    """Batch b's articles settled (kept in scratch for the last step), their signatures by id,
    their band keys by key."""
    arts, dead = _resolved_articles(out, b, members)
    scratch.write(out, "articles", "0", arts, ARTICLES, bucket=b)
    scratch.write(out, "lost", "0", dead, parquet_out.SHARD_SCHEMAS["dead_letters"], bucket=b)
    sigs = [{"id": r["id"], "order": r["published"] or "9999", "minhash": r["minhash"], "facts": r["facts"],
             "shard": r["shard"]} for r in arts if r["status"] == "done" and r["minhash"] is not None]
    scratch.write(out, "sigs", f"t{b:06d}", sigs, SIG, "id", n_nodes)
    bands = [{"key": f"{band}:{chunk.hex()}", "id": r["id"]} for r in sigs for band, chunk in dedup.band_keys(r["minhash"])]
    scratch.write(out, "bands", f"t{b:06d}", bands, BAND, "key", n_bands)
    return len(sigs)


def _band_pairs_task(out: str, j: int, n_nodes: int) -> int:
    buckets: dict[str, list[str]] = defaultdict(list)
    for r in scratch.read(out, "bands", j, BAND):
        buckets[r["key"]].append(r["id"])
    pairs = set()
    for members in buckets.values():
        if 1 < len(members) <= dedup.MAX_BUCKET:
            members = sorted(set(members))
            pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    rows = [{"a": a, "b": b} for a, b in sorted(pairs)]
    return scratch.write(out, "pairs", f"b{j:05d}", rows, EDGE, "a", n_nodes)


def _sig_a_task(out: str, j: int, n_nodes: int) -> int:
    """Candidate pairs (a in bucket j) with a's signature, on to b's bucket."""
    pairs = sorted({(r["a"], r["b"]) for r in scratch.read(out, "pairs", j, EDGE)})
    if not pairs:
        return 0
    sigs = {r["id"]: r for r in scratch.read(out, "sigs", j, SIG)}
    rows = [{"a": a, "b": b, "order_a": sigs[a]["order"], "sig_a": sigs[a]["minhash"], "facts_a": sigs[a]["facts"]}
            for a, b in pairs]
    return scratch.write(out, "pairs-a", f"b{j:05d}", rows, PAIR_B, "b", n_nodes)


def _linkable_task(out: str, j: int, n_nodes: int, min_jaccard: float, max_days: int | None) -> int:
    """The candidate pairs (b in bucket j) that may be linked: edges of the copy graph."""
    pairs = scratch.read(out, "pairs-a", j, PAIR_B)
    if not pairs:
        return 0
    sigs = {r["id"]: r for r in scratch.read(out, "sigs", j, SIG)}
    edges = []
    for r in pairs:
        b = sigs[r["b"]]
        if dedup.pair_similarity((r["a"], r["order_a"], r["sig_a"]), (r["b"], b["order"], b["minhash"]),
                                 min_jaccard, max_days, parquet_out.facts_from_json(r["facts_a"]),
                                 parquet_out.facts_from_json(b["facts"])) is not None:
            edges.append((r["a"], r["b"]))
    return _write_adjacency(out, "copy-adj", f"b{j:05d}", edges, n_nodes)


def _write_adjacency(out: str, step: str, task: str, edges: list[tuple[str, str]], n: int) -> int:
    rows = [{"node": a, "nbr": b} for a, b in edges] + [{"node": b, "nbr": a} for a, b in edges]
    scratch.write(out, step, task, rows, ADJ, "node", n)
    return len(edges)


def _component_rows_task(out: str, j: int, n_nodes: int, labels: str) -> int:
    """Signatures and edges of the linked articles (in bucket j), on to their component's bucket."""
    comp = {r["node"]: r["comp"] for r in scratch.read(out, labels, j, LABEL)}
    if not comp:
        return 0
    rows = [{"comp": comp[r["id"]], "kind": "node", "id": r["id"], "other": None, "order": r["order"],
             "minhash": r["minhash"], "facts": r["facts"], "shard": r["shard"]}
            for r in scratch.read(out, "sigs", j, SIG) if r["id"] in comp]
    rows += [{"comp": comp[r["node"]], "kind": "edge", "id": r["node"], "other": r["nbr"], "order": None,
              "minhash": None, "facts": None, "shard": None} for r in scratch.read(out, "copy-adj", j, ADJ)]
    return scratch.write(out, "copy-components", f"b{j:05d}", rows, COMPONENT_ROWS, "comp", n_nodes)


def _link_task(out: str, j: int, min_jaccard: float, max_days: int | None, starts: list[int]) -> int:
    """The local engine's leader clustering, per component (of bucket j); links go to their shards.
    Returns the largest component's size."""
    nodes: dict[str, list[tuple[str, str, bytes]]] = defaultdict(list)
    neighbours: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    facts, shard_of = {}, {}
    for r in scratch.read(out, "copy-components", j, COMPONENT_ROWS):
        if r["kind"] == "node":
            nodes[r["comp"]].append((r["id"], r["order"], r["minhash"]))
            facts[r["id"]] = parquet_out.facts_from_json(r["facts"])
            shard_of[r["id"]] = r["shard"]
        else:
            neighbours[r["comp"]][r["id"]].add(r["other"])
            neighbours[r["comp"]][r["other"]].add(r["id"])
    rows = []
    for comp, items in nodes.items():
        for d in dedup.link_duplicates(items, neighbours[comp], min_jaccard, max_days, facts).values():
            rows.append({"id": d.article_id, "original": d.original, "similarity": d.similarity,
                         "shard": shard_of[d.article_id]})
    _by_shard(out, "near", f"b{j:05d}", rows, NEAR, starts)
    return max((len(items) for items in nodes.values()), default=1)


# --- connected components ---

def _first_labels_task(out: str, adj: str, name: str, j: int, n: int) -> int:
    """Round 0: a node's label is the smallest of its own id and its neighbours'; sent to them."""
    label: dict[str, str] = {}
    rows = scratch.read(out, adj, j, ADJ)
    for r in rows:
        label[r["node"]] = min(label.get(r["node"], r["node"]), r["nbr"])
    return _send_labels(out, name, 0, j, n, label, set(label), rows)


def _send_labels(out: str, name: str, rnd: int, j: int, n: int, label: dict[str, str], changed: set[str],
                 adjacency: list[dict[str, Any]]) -> int:
    scratch.write(out, f"{name}-labels-{rnd}", "0", [{"node": k, "comp": v} for k, v in label.items()], LABEL,
                  bucket=j)
    msgs = [{"node": r["nbr"], "comp": label[r["node"]]} for r in adjacency if r["node"] in changed]
    scratch.write(out, f"{name}-msgs-{rnd}", f"b{j:05d}", msgs, LABEL, "node", n)
    return len(changed)


def _propagate_task(out: str, adj: str, name: str, rnd: int, j: int, n: int) -> int:
    """Round rnd: a node takes the smallest label it was sent if smaller; changed labels are sent on."""
    label = {r["node"]: r["comp"] for r in scratch.read(out, f"{name}-labels-{rnd - 1}", j, LABEL)}
    changed = set()
    for r in scratch.read(out, f"{name}-msgs-{rnd - 1}", j, LABEL):
        if r["comp"] < label[r["node"]]:
            label[r["node"]] = r["comp"]
            changed.add(r["node"])
    rows = scratch.read(out, adj, j, ADJ) if changed else []
    return _send_labels(out, name, rnd, j, n, label, changed, rows)


def connected_components(out: str, adj: str, name: str, n: int) -> str:
    """Label every node of the adjacency step `adj` (rows node -> neighbour, by node over n
    buckets) with the smallest id of its component. Returns the step holding (node, comp)
    rows by node (the earlier rounds' files are removed)."""
    changed = sum(_step(out, f"{name}-labels-0", [(_first_labels_task, out, adj, name, j, n) for j in range(n)]))
    rnd = 0
    while changed:
        rnd += 1
        changed = sum(_step(out, f"{name}-labels-{rnd}",
                            [(_propagate_task, out, adj, name, rnd, j, n) for j in range(n)]))
        scratch.clear(out, f"{name}-msgs-{rnd - 1}")
        if rnd > 1:
            scratch.clear(out, f"{name}-labels-{rnd - 2}")
    return f"{name}-labels-{rnd}"


# --- 3. incidents ---

def _event_item(r: dict[str, Any]) -> dict[str, Any]:
    """An event row -> (event_id, the event as the store gives it to merging (JSON), source, published)."""
    ev = parquet_out.event_from_row({c: r.get(c) for c in parquet_out.SCHEMAS["events"].names})
    return {"event_id": ev["event_id"], "event": json.dumps(ev), "source": r["source"], "published": r["published"]}


def _item(r: dict[str, Any]) -> merge._Item:
    ev = json.loads(r["event"])
    aid = ev["article_id"]
    return merge.prepare_items([ev], {aid: r["source"]}, {aid: r["published"]})[0]


def _blocks(r: dict[str, Any], settings: Settings) -> list[dict[str, Any]]:
    """(blocking key, the event's PAIR_FIELDS) rows of one item: what finding candidate pairs needs."""
    ev = json.loads(r["event"])
    slim = dict(r, event=json.dumps({k: ev.get(k) for k in merge.PAIR_FIELDS}))
    return [{"key": json.dumps(key), **slim} for key in merge.blocking_keys(_item(r), settings)]


def _block_pairs_task(out: str, j: int, n_events: int, settings: Settings) -> int:
    blocks: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in scratch.read(out, "blocks", j, BLOCK):
        blocks[r["key"]].append(r)
    items: dict[str, merge._Item] = {}
    pairs = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        for r in members:
            if r["event_id"] not in items:
                items[r["event_id"]] = _item(r)
        ids = sorted({r["event_id"] for r in members})
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if (a, b) not in pairs and merge.compatible(items[a], items[b], settings):
                    pairs.add((a, b))
    return _write_adjacency(out, "event-adj", f"b{j:05d}", sorted(pairs), n_events)


def _incident_items_task(out: str, j: int, n_events: int, labels: str | None) -> int:
    comp = {r["node"]: r["comp"] for r in scratch.read(out, labels, j, LABEL)} if labels else {}
    rows = [dict(r, comp=comp.get(r["event_id"], r["event_id"])) for r in scratch.read(out, "items", j, EVENT_ITEM)]
    return scratch.write(out, "incident-items", f"b{j:05d}", rows, INCIDENT_ITEM, "comp", n_events)


def _merge_task(out: str, j: int, settings: Settings) -> dict[str, int]:
    """`merge.merge_events` per component (of bucket j), into the final incidents tables."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in scratch.read(out, "incident-items", j, INCIDENT_ITEM):
        groups[r["comp"]].append(r)
    incidents, sources = [], []
    for members in groups.values():
        events = [json.loads(r["event"]) for r in members]
        src = {ev["article_id"]: r["source"] for ev, r in zip(events, members)}
        published = {ev["article_id"]: r["published"] for ev, r in zip(events, members)}
        for inc in merge.merge_events(events, src, published, settings):
            rec = dict(inc.record)
            rec["claimed"] = int(bool(rec.get("claimed")))
            incidents.append(rec)
            sources.extend({"incident_id": rec["incident_id"], "event_id": ev["event_id"],
                            "article_id": ev["article_id"], "original_id": inc.sources[ev["article_id"]]}
                           for ev in inc.members)
    _write_final(out, "incidents", j, incidents)
    _write_final(out, "incident_sources", j, sources)
    return {"incidents": len(incidents), "incident_sources": len(sources),
            "largest": max((len(m) for m in groups.values()), default=1)}


# --- the final tables ---

def _write_final(out: str, name: str, part: int, rows: list[dict[str, Any]]) -> int:
    fs, path = parquet_out.filesystem(parquet_out.final_dir(out, name))
    fs.makedirs(path, exist_ok=True)
    with fs.open(f"{path}/part-{part:05d}.parquet", "wb") as fh:
        pq.write_table(parquet_out.table(name, rows), fh)
    return len(rows)


def _shard_final_task(out: str, b: int, members: list[tuple], n_events: int, n_blocks: int, n_dead: int,
                      settings: Settings) -> dict[str, int]:
    """Batch b's final articles (with their near-duplicate links), events, evidence, places;
    their event items (by event id) and blocking keys (by key) for merging; their dead
    letters (by key, for dropping repeats)."""
    arts = scratch.read(out, "articles", b, ARTICLES)
    dropped = _dropped(out, b, {k for k, _, _, gone in members if gone})
    near = {r["id"]: r for r in scratch.read(out, "near", b, NEAR)}
    for r in arts:
        if r["id"] in near:
            r.update(duplicate_of=near[r["id"]]["original"], duplicate_kind="near",
                     similarity=near[r["id"]]["similarity"])
    counts = {"articles": _write_final(out, "articles", b, arts),
              "done": sum(r["status"] == "done" for r in arts),
              "copies": sum(r["duplicate_of"] is not None for r in arts)}
    for name in ("evidence", "places"):
        counts[name] = _write_final(out, name, b, [r for _, shard, redo, _ in members
                                                   for r in _shard_rows(shard, name, redo) if r["pos"] not in dropped])
    events = [r for _, shard, redo, _ in members for r in _shard_rows(shard, "events", redo) if r["pos"] not in dropped]
    counts["events"] = _write_final(out, "events", b, events)
    published = {r["id"]: r["published"] for r in arts}
    items = [_event_item(dict(r, published=published.get(r["article_id"]),
                              source=near[r["article_id"]]["original"] if r["article_id"] in near else r["article_id"]))
             for r in events]
    scratch.write(out, "items", f"t{b:06d}", items, EVENT_ITEM, "event_id", n_events)
    blocks = [row for it in items for row in _blocks(it, settings)]
    scratch.write(out, "blocks", f"t{b:06d}", blocks, BLOCK, "key", n_blocks)
    dead_rows = [dict(r, order=f"{k:06d}.{n:09d}") for k, shard, redo, _ in members
                 for n, r in enumerate(_shard_rows(shard, "dead_letters", redo)) if r["pos"] not in dropped]
    dead_rows += [dict(r, order=f"~{b:06d}.{n:09d}")      # after every shard's own
                  for n, r in enumerate(scratch.read(out, "lost", b, parquet_out.SHARD_SCHEMAS["dead_letters"]))]
    scratch.write(out, "dead-letters", f"t{b:06d}", dead_rows, DEAD_ORDERED, "key", n_dead)
    return counts


DEAD_ORDERED = parquet_out.SHARD_SCHEMAS["dead_letters"].append(pa.field("order", S))


def _dead_letters_task(out: str, j: int) -> int:
    """Dead letters (of bucket j), each key once (the first in shard order)."""
    seen: dict[str, dict[str, Any]] = {}
    for r in sorted(scratch.read(out, "dead-letters", j, DEAD_ORDERED), key=lambda r: r["order"]):
        seen.setdefault(r["key"], r)
    return _write_final(out, "dead_letters", j, list(seen.values()))


# --- the whole finish ---

def _reread(out: str, settings: Settings, shards: list[str], fresh: list[int], starts: list[int]
            ) -> tuple[dict[int, str], set[int], dict[str, int]]:
    """Run the fresh articles again, one task per shard. Returns the folders of the shards
    re-read (by index), the shards that could not be (written before markers kept their
    spec), and what the tasks did."""
    calls, lost = [], set()
    for i in fresh:
        done = parquet_out.marker(out, _shard_id(shards[i])) or {}
        if done.get("shard"):
            calls.append((_reread_task, out, i, _batch_of(starts, i), done["shard"], settings, done.get("published")))
        else:
            lost.add(i)
    stats = {"reread": 0, "reread_events": 0, "reread_failed": 0}
    for result in _step(out, "reread", calls):
        if not result.get("skipped"):
            stats["reread"] += result["processed"]
            stats["reread_events"] += result["events"]
            stats["reread_failed"] += result["failed"]
    redo = {}
    for i in fresh:
        if i not in lost and parquet_out.is_done(out, _shard_id(shards[i]), parquet_out.REREAD):
            redo[i] = parquet_out.shard_dir(out, _shard_id(shards[i]), parquet_out.REREAD)
    return redo, lost, stats


def _shard_id(shard: str) -> str:
    return shard.rstrip("/").rsplit("/", 1)[-1]


def finish(out: str, settings: Settings, workers: int = 1, rows_per_partition: int = ROWS_PER_PARTITION,
           keep_scratch: bool = False) -> dict[str, int]:
    """Run the global stages over the finished shards and write the final tables.

    The steps' files go under `DIR/_scratch/` and are removed at the end (unless
    `keep_scratch`); a global stage interrupted and run again starts at its first unfinished
    step. Returns row counts of the final tables, the largest components' sizes and how
    many steps were finished before (`steps_skipped`). `workers` is not used (the tasks
    go to whatever workers the cluster has).
    """
    rpp = max(1, rows_per_partition)
    wide = max(1, rpp // WIDE)
    shards = parquet_out.done_shards(out)
    scratch.start(out, hashlib.sha1(json.dumps([shards, rpp, repr(settings)]).encode("utf-8")).hexdigest())
    _SKIPPED.clear()
    chunks = [shards[k:k + 64] for k in range(0, len(shards), 64)]
    per_shard = [c for got in _step(out, "count", [(_count_task, c) for c in chunks]) for c in got]
    n = Counter()
    for c in per_shard:
        n.update(c)
    keys = _buckets(n["articles"], rpp)
    nodes = _buckets(n["articles"], wide)
    bands = _buckets(n["articles"] * (dedup.NUM_PERMUTATIONS // dedup.BAND_ROWS), rpp)
    events = _buckets(n["events"], wide)
    blocks = _buckets(n["events"] * BLOCK_KEYS, rpp)
    dead = _buckets(n["dead_letters"], rpp)
    starts = _batches([c["articles"] for c in per_shard], wide)
    batches = [list(range(a, z)) for a, z in zip(starts, starts[1:] + [len(shards)])]
    # 1. ids, exact copies
    _step(out, "ids", [(_keys_task, out, b, [(i, shards[i]) for i in members], keys)
                       for b, members in enumerate(batches)])
    _step(out, "renames", [(_renames_task, out, j, keys, starts) for j in range(keys)])
    fresh = sorted({i for r in _step(out, "copies", [(_copies_task, out, j, starts) for j in range(keys)])
                    for i in r["fresh_shards"]})
    redo, lost, stats = _reread(out, settings, shards, fresh, starts) if fresh else ({}, set(), {})
    members = [[(i, shards[i], redo.get(i), i in lost) for i in batch] for batch in batches]
    # 2. near duplicates
    jac, days = settings.near_duplicate_min_jaccard, settings.near_duplicate_max_days
    _step(out, "articles", [(_articles_task, out, b, m, nodes, bands) for b, m in enumerate(members)])
    _step(out, "band-pairs", [(_band_pairs_task, out, j, nodes) for j in range(bands)])
    _step(out, "pairs-a", [(_sig_a_task, out, j, nodes) for j in range(nodes)])
    sizes = {"largest_copy_component": 1, "largest_incident_component": 1}
    if sum(_step(out, "linkable", [(_linkable_task, out, j, nodes, jac, days) for j in range(nodes)])):
        labels = connected_components(out, "copy-adj", "copy", nodes)
        _step(out, "copy-components", [(_component_rows_task, out, j, nodes, labels) for j in range(nodes)])
        sizes["largest_copy_component"] = max(_step(out, "link", [(_link_task, out, j, jac, days, starts)
                                                                   for j in range(nodes)]))
    # the final tables of the shards; 3. incidents
    if scratch.done(out, "shard-final") is None:
        for name in parquet_out.FINAL_TABLES:
            fs, path = parquet_out.filesystem(parquet_out.final_dir(out, name))
            if fs.exists(path):
                fs.rm(path, recursive=True)
    totals: Counter = Counter(dict.fromkeys(parquet_out.FINAL_TABLES, 0))
    for c in _step(out, "shard-final", [(_shard_final_task, out, b, m, events, blocks, dead, settings)
                                        for b, m in enumerate(members)]):
        totals.update(c)
    labels = None
    if sum(_step(out, "block-pairs", [(_block_pairs_task, out, j, events, settings) for j in range(blocks)])):
        labels = connected_components(out, "event-adj", "event", events)
    _step(out, "incident-items", [(_incident_items_task, out, j, events, labels) for j in range(events)])
    for c in _step(out, "merge", [(_merge_task, out, j, settings) for j in range(events)]):
        sizes["largest_incident_component"] = max(sizes["largest_incident_component"], c.pop("largest"))
        totals.update(c)
    totals["dead_letters"] = sum(_step(out, "dead-letters", [(_dead_letters_task, out, j) for j in range(dead)]))
    result = dict(totals)
    result["articles"] = result.pop("done", 0)
    result.update(sizes)
    result.update(stats)
    result["steps_skipped"] = len(_SKIPPED)
    if not keep_scratch:
        scratch.clear(out)
    return result
