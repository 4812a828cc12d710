"""The Dask engine's global stages, as Dask dataframe operations over the shards' tables.

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
Each per-component step sees one component at a time, so its memory is bounded by the
largest component, not the corpus; the components are found by label propagation with
pointer jumping (a few rounds of joins). The outcome equals the local engine's `finish`.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from typing import Any

import pandas as pd
import pyarrow as pa

from . import dedup, merge, parquet_out
from ..settings import Settings

ROWS_PER_PARTITION = 200_000     # rows per partition of the shuffled key tables (ids, band keys)
WIDE = 20                        # a row with a signature or a whole event weighs ~20 key rows: the
                                 # tables of such rows get rows_per_partition // WIDE rows a partition


def _frame(rows: list[dict[str, Any]], schema: pa.Schema) -> pd.DataFrame:
    return pa.Table.from_pylist(rows, schema=schema).to_pandas(types_mapper=pd.ArrowDtype)


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return pa.Table.from_pandas(df, preserve_index=False).to_pylist()


def _meta(schema: pa.Schema) -> pd.DataFrame:
    return _frame([], schema)


def _read(files: list[str], schema: pa.Schema, columns: list[str] | None = None, shard: bool = False):
    """A dask dataframe of Parquet files (one partition per file) with Arrow dtypes; with
    `shard`, a column `shard` names the shard folder each row comes from."""
    import dask.dataframe as dd
    from dask import delayed

    cols = columns or schema.names
    sub = pa.schema([schema.field(c) for c in cols] + ([pa.field("shard", S)] if shard else []))
    if not files:
        return dd.from_pandas(_meta(sub), npartitions=1)

    def load(path: str) -> pd.DataFrame:
        import pyarrow.parquet as pq

        fs, p = parquet_out.filesystem(path)
        tbl = pq.read_table(p, filesystem=fs, columns=cols, schema=schema)
        if shard:
            tbl = tbl.append_column("shard", pa.array([path.rsplit("/", 2)[-2]] * tbl.num_rows, S))
        return tbl.to_pandas(types_mapper=pd.ArrowDtype)

    return dd.from_delayed([delayed(load)(f) for f in files], meta=_meta(sub), verify_meta=False)


def _schema(**cols: pa.DataType) -> pa.Schema:
    return pa.schema(list(cols.items()))


S = pa.string()
EDGE = _schema(a=S, b=S)
LABEL = _schema(node=S, comp=S)


def connected_components(edges, npartitions: int):
    """(node, comp) for every node of the (a, b) edges; comp = the smallest id in its component."""
    import dask.dataframe as dd

    sym = dd.concat([edges[["a", "b"]], edges.rename(columns={"a": "b", "b": "a"})[["a", "b"]]])
    sym = sym.shuffle(on="a", npartitions=npartitions).persist()
    labels = sym.map_partitions(_first_labels, meta=_meta(LABEL)).persist()
    while True:
        seen = sym.merge(labels, left_on="b", right_on="node")[["a", "comp"]]
        best = seen.groupby("a").comp.min(split_out=npartitions).reset_index().rename(columns={"a": "node", "comp": "seen"})
        step = labels.merge(best, on="node", how="left")
        step["new"] = step[["comp", "seen"]].min(axis=1)
        # pointer jumping: take the label of your label (halves the rounds on long chains)
        hop = step[["node", "new"]].merge(
            step[["node", "new"]].rename(columns={"node": "new", "new": "hop"}), on="new", how="left")
        hop["next"] = hop[["new", "hop"]].min(axis=1)
        hop = hop.merge(labels.rename(columns={"comp": "old"}), on="node")
        nxt = hop.assign(comp=hop["next"])[["node", "comp", "old"]].persist()
        changed = int((nxt["comp"] != nxt["old"]).sum().compute())
        labels = nxt[["node", "comp"]].persist()
        if changed == 0:
            return labels


def _first_labels(df: pd.DataFrame) -> pd.DataFrame:
    if df.empty:
        return _meta(LABEL)
    first = df.groupby("a", observed=True)["b"].min()
    node = first.index.to_series().astype(object)
    comp = [min(n, b) for n, b in zip(node, first.astype(object))]
    return _frame([{"node": n, "comp": c} for n, c in zip(node, comp)], LABEL)


def _partitions(n_rows: int, workers: int, rows_per_partition: int = ROWS_PER_PARTITION, wide: bool = False) -> int:
    """Partitions for `n_rows` rows: a fixed number of rows each, so a partition's memory does
    not grow with the corpus (few tasks for small data: less overhead)."""
    per = max(1, rows_per_partition // WIDE) if wide else rows_per_partition
    return max(1, math.ceil(n_rows / per))


# --- 1. ids read again, exact copies ---

def _id_renames(out: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(renames, fresh): the ids of articles whose input id was read in more than one shard.

    A shard makes ids unique only among its own articles. Here an input id read in several
    shards is renamed over all of them in reading order, exactly as `read.inputs.unique_ids`
    does for the local engine: the first keeps it, a later one becomes `ID#<hash>`
    (`ID#<hash>-2` if that is taken). `renames` (pos, new id) are the articles whose id
    changes; such an article whose text was read before is an exact copy, as in the local
    engine; one whose text is new (`fresh`: pos, new id, shard) must be run again under its
    new id.
    """
    import dask.dataframe as dd

    keys = _read(parquet_out.shard_files(out, "articles"), parquet_out.SHARD_SCHEMAS["articles"],
                 ["id", "read_id", "content_hash", "status", "pos"], shard=True)
    spread = keys.groupby("read_id").shard.nunique(split_out=True).reset_index().rename(columns={"shard": "n_shards"})
    spread = spread[spread["n_shards"] > 1][["read_id"]]
    again = keys.merge(spread, on="read_id").compute()
    renames = _renames(_records(again) if len(again) else [])
    if not renames:
        return [], []
    new_id = {r["pos"]: r["new_id"] for r in renames}
    renamed = [r for r in _records(again) if r["pos"] in new_id]
    processed = keys[keys["status"] != "copy"]
    first = processed.groupby("content_hash").pos.min(split_out=True).reset_index().rename(columns={"pos": "first"})
    hashes = dd.from_pandas(_frame([{"content_hash": r["content_hash"]} for r in renamed], _schema(content_hash=S)),
                            npartitions=1).drop_duplicates()
    first = {r["first"] for r in _records(first.merge(hashes, on="content_hash").compute())}
    fresh = [{"pos": r["pos"], "new_id": new_id[r["pos"]], "shard": r["shard"]} for r in renamed if r["pos"] in first]
    return renames, fresh


def _reread(out: str, settings: Settings, fresh: list[dict[str, Any]]) -> tuple[set[str], dict[str, int]]:
    """Run the `fresh` articles again under their new ids, one task per shard (skipped when
    done before). Returns the shards re-read and what the tasks did."""
    import dask

    from .dask_map import process_shard
    from .shards import Shard

    by_shard: dict[str, dict[str, str]] = defaultdict(dict)
    for r in fresh:
        by_shard[r["shard"]][r["pos"]] = r["new_id"]
    tasks = {}
    for shard_id, ids in sorted(by_shard.items()):
        done = parquet_out.marker(out, shard_id) or {}
        if done.get("shard"):     # a shard written before markers kept their spec cannot be read again
            tasks[shard_id] = dask.delayed(process_shard, pure=False)(
                Shard.from_spec(done["shard"]), out, settings, done.get("published"), ids)
    stats = {"reread": 0, "reread_events": 0, "reread_failed": 0}
    for result in dask.compute(*tasks.values()):
        if not result.get("skipped"):
            stats["reread"] += result["processed"]
            stats["reread_events"] += result["events"]
            stats["reread_failed"] += result["failed"]
    return set(tasks), stats


def _shard_table(out: str, name: str, reread: set[str], schema: pa.Schema | None = None):
    """One table of the shards, with the rows of the re-read articles from their re-run."""
    import dask.dataframe as dd

    schema = schema or parquet_out.SHARD_SCHEMAS[name]
    frame = _read(parquet_out.shard_files(out, name), schema)
    if not reread:
        return frame
    again = [f"{d}/{name}.parquet" for d in parquet_out.done_shards(out, parquet_out.REREAD)
             if d.rsplit("/", 1)[-1] in reread]
    redone = _read(again, schema)
    positions = _read([f"{d.rsplit('/', 1)[0]}/articles.parquet" for d in again] if name != "articles" else again,
                      parquet_out.SHARD_SCHEMAS["articles"], ["pos"])
    return dd.concat([_without(frame, positions), redone])


def _resolve_copies(out: str, renames: list[dict[str, Any]], fresh: list[dict[str, Any]], reread: set[str]):
    """(articles, rows to drop by position, dead letters): re-read ids and exact copies settled.

    Per content hash, the article read first (reading position) is the original and the
    others are copies. A fresh article whose shard could not be re-read is skipped and named
    in a dead letter (stage `dask`).
    """
    import dask.dataframe as dd

    arts = _shard_table(out, "articles", reread)
    keys = arts[["id", "content_hash", "status", "pos", "source"]]
    if renames:
        new_ids = dd.from_pandas(_frame(renames, RENAME), npartitions=1)
        arts = arts.merge(new_ids, on="pos", how="left")
        arts = arts.map_partitions(_rename, meta=_meta(parquet_out.SHARD_SCHEMAS["articles"]))
        keys = arts[["id", "content_hash", "status", "pos", "source"]]
    processed = keys[keys["status"] != "copy"]
    first = processed.groupby("content_hash").pos.min(split_out=True).reset_index().rename(columns={"pos": "first"})
    orig = processed.merge(first, left_on=["content_hash", "pos"], right_on=["content_hash", "first"])
    orig = orig[["content_hash", "id"]].rename(columns={"id": "orig"})
    res = keys.merge(orig, on="content_hash", how="left")
    copies = res[res["id"] != res["orig"]][["pos", "status", "orig"]].persist()
    dropped = copies[copies["status"] != "copy"][["pos"]]
    renamed = dd.from_pandas(_meta(parquet_out.SHARD_SCHEMAS["dead_letters"]), npartitions=1)
    lost = [r for r in fresh if r["shard"] not in reread]
    if lost:
        # new text under an id read before, and its shard cannot be read again: skipped
        skip = dd.from_pandas(_frame([{"pos": r["pos"]} for r in lost], _schema(pos=S)), npartitions=1)
        gone = keys.merge(skip, on="pos")[["id", "content_hash", "pos", "source"]].persist()
        renamed = gone.map_partitions(_reread_dead_letters, meta=_meta(parquet_out.SHARD_SCHEMAS["dead_letters"]))
        dropped = dd.concat([dropped, gone[["pos"]]])
        arts = _without(arts, gone[["pos"]])
    dropped = dropped.persist()
    arts = arts.merge(copies[["pos", "orig"]], on="pos", how="left")
    arts = arts.map_partitions(_mark_copies, meta=_meta(parquet_out.SHARD_SCHEMAS["articles"].append(
        pa.field("orig", S))))
    return arts, dropped, renamed


RENAME = _schema(pos=S, new_id=S)


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


def _rename(df: pd.DataFrame) -> pd.DataFrame:
    rows = _records(df)
    for r in rows:
        if r.get("new_id"):
            r["id"] = r["new_id"]
    return _frame(rows, parquet_out.SHARD_SCHEMAS["articles"])


def _reread_dead_letters(df: pd.DataFrame) -> pd.DataFrame:
    from ..models import DeadLetter
    from .store import dead_letter_key

    rows = []
    for r in _records(df):
        dl = DeadLetter(input=r["source"] or r["id"], stage="dask",
                        reason=f"an article with the id {r['id'].rsplit('#', 1)[0]} was read before in another "
                               f"shard, with other text, and its shard could not be read again: this one "
                               f"({r['id']}) was skipped; run it again into a new --out folder")
        rows.append({"key": dead_letter_key(dl), "input": dl.input, "line": None, "stage": dl.stage,
                     "reason": dl.reason, "article_id": None, "pos": None})
    return _frame(rows, parquet_out.SHARD_SCHEMAS["dead_letters"])


def _mark_copies(df: pd.DataFrame) -> pd.DataFrame:
    rows = _records(df)
    for r in rows:
        if r.get("orig"):
            r.update(status="copy", duplicate_of=r["orig"], duplicate_kind="exact", similarity=1.0,
                     n_events=0, text=None, minhash=None, facts=None)
    return _frame(rows, parquet_out.SHARD_SCHEMAS["articles"].append(pa.field("orig", S)))


def _without(frame, dropped):
    """Rows of `frame` whose article position is not in `dropped`."""
    m = frame.merge(dropped.assign(_drop=True), on="pos", how="left")
    return m[m["_drop"].isna()].drop(columns=["_drop"])


# --- 2. near duplicates ---

SIG = _schema(id=S, order=S, minhash=pa.binary(), facts=S)
BAND = _schema(key=S, id=S)
NEAR = _schema(id=S, original=S, similarity=pa.float64())


def _bands(df: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for r in _records(df):
        rows.extend({"key": f"{band}:{chunk.hex()}", "id": r["id"]} for band, chunk in dedup.band_keys(r["minhash"]))
    return _frame(rows, BAND)


def _bucket_pairs(df: pd.DataFrame) -> pd.DataFrame:
    buckets: dict[str, list[str]] = defaultdict(list)
    for r in _records(df):
        buckets[r["key"]].append(r["id"])
    pairs = set()
    for members in buckets.values():
        if 1 < len(members) <= dedup.MAX_BUCKET:
            members = sorted(set(members))
            pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    return _frame([{"a": a, "b": b} for a, b in sorted(pairs)], EDGE)


def _linkable_pairs(df: pd.DataFrame, min_jaccard: float, max_days: int | None) -> pd.DataFrame:
    keep = [{"a": r["a"], "b": r["b"]} for r in _records(df)
            if dedup.pair_similarity((r["a"], r["order_a"], r["sig_a"]), (r["b"], r["order_b"], r["sig_b"]),
                                     min_jaccard, max_days, parquet_out.facts_from_json(r["facts_a"]),
                                     parquet_out.facts_from_json(r["facts_b"])) is not None]
    return _frame(keep, EDGE)


COMPONENT_ROWS = _schema(comp=S, kind=S, id=S, other=S, order=S, minhash=pa.binary(), facts=S)


def _link_components(df: pd.DataFrame, min_jaccard: float, max_days: int | None) -> pd.DataFrame:
    nodes: dict[str, list[tuple[str, str, bytes]]] = defaultdict(list)
    neighbours: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    facts = {}
    for r in _records(df):
        if r["kind"] == "node":
            nodes[r["comp"]].append((r["id"], r["order"], r["minhash"]))
            facts[r["id"]] = parquet_out.facts_from_json(r["facts"])
        else:
            neighbours[r["comp"]][r["id"]].add(r["other"])
            neighbours[r["comp"]][r["other"]].add(r["id"])
    rows = []
    for comp, items in nodes.items():
        for d in dedup.link_duplicates(items, neighbours[comp], min_jaccard, max_days, facts).values():
            rows.append({"id": d.article_id, "original": d.original, "similarity": d.similarity})
    return _frame(rows, NEAR)


def near_duplicates(arts, settings: Settings, workers: int, rows_per_partition: int = ROWS_PER_PARTITION,
                    sizes: dict[str, int] | None = None):
    """(id, original, similarity) of every near copy, as the local engine links them."""
    import dask.dataframe as dd

    done = arts[(arts["status"] == "done") & ~arts["minhash"].isna()]
    sigs = done[["id", "published", "minhash", "facts"]]
    sigs = sigs.assign(order=sigs["published"].fillna("9999"))[["id", "order", "minhash", "facts"]].persist()
    n = int(sigs.shape[0].compute())
    nparts = _partitions(n * (dedup.NUM_PERMUTATIONS // dedup.BAND_ROWS), workers, rows_per_partition)
    bands = sigs.map_partitions(_bands, meta=_meta(BAND)).shuffle(on="key", npartitions=nparts)
    wide = _partitions(n, workers, rows_per_partition, wide=True)
    pairs = bands.map_partitions(_bucket_pairs, meta=_meta(EDGE)).drop_duplicates(split_out=nparts)
    both = pairs.merge(sigs.rename(columns={"id": "a", "order": "order_a", "minhash": "sig_a", "facts": "facts_a"}),
                       on="a", npartitions=wide)
    both = both.merge(sigs.rename(columns={"id": "b", "order": "order_b", "minhash": "sig_b", "facts": "facts_b"}),
                      on="b", npartitions=wide)
    edges = both.map_partitions(_linkable_pairs, settings.near_duplicate_min_jaccard,
                                settings.near_duplicate_max_days, meta=_meta(EDGE)).persist()
    if int(edges.shape[0].compute()) == 0:
        return dd.from_pandas(_meta(NEAR), npartitions=1)
    comps = connected_components(edges, _partitions(n, workers, rows_per_partition))
    if sizes is not None:
        sizes["largest_copy_component"] = int(comps["comp"].value_counts().max().compute())
    nodes = sigs.merge(comps, left_on="id", right_on="node", npartitions=wide)
    nodes = nodes.assign(kind="node", other=None)[list(COMPONENT_ROWS.names)]
    links = edges.merge(comps, left_on="a", right_on="node").rename(columns={"a": "id", "b": "other"})
    links = links.assign(kind="edge", order=None, minhash=None, facts=None)[list(COMPONENT_ROWS.names)]
    rows = dd.concat([nodes.astype(_meta(COMPONENT_ROWS).dtypes.to_dict()),
                      links.astype(_meta(COMPONENT_ROWS).dtypes.to_dict())])
    rows = rows.shuffle(on="comp", npartitions=wide)
    return rows.map_partitions(_link_components, settings.near_duplicate_min_jaccard,
                               settings.near_duplicate_max_days, meta=_meta(NEAR)).persist()


# --- 3. incidents ---

EVENT_ITEM = _schema(event_id=S, event=S, source=S, published=S)
BLOCK = _schema(key=S, event_id=S, event=S, source=S, published=S)
INCIDENT_ROWS = parquet_out.SCHEMAS["incidents"].append(pa.field("members", S))


def _event_items(df: pd.DataFrame) -> pd.DataFrame:
    """Event rows -> (event_id, the event as the store gives it to merging (JSON), source, published)."""
    rows = []
    for r in _records(df):
        ev = parquet_out.event_from_row({c: r.get(c) for c in parquet_out.SCHEMAS["events"].names})
        rows.append({"event_id": ev["event_id"], "event": json.dumps(ev), "source": r["source"],
                     "published": r["published"]})
    return _frame(rows, EVENT_ITEM)


def _item(r: dict[str, Any]) -> merge._Item:
    ev = json.loads(r["event"])
    aid = ev["article_id"]
    return merge.prepare_items([ev], {aid: r["source"]}, {aid: r["published"]})[0]


def _blocks(df: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """(blocking key, the event's PAIR_FIELDS) rows: what finding candidate pairs needs."""
    rows = []
    for r in _records(df):
        ev = json.loads(r["event"])
        slim = dict(r, event=json.dumps({k: ev.get(k) for k in merge.PAIR_FIELDS}))
        for key in merge.blocking_keys(_item(r), settings):
            rows.append({"key": json.dumps(key), **slim})
    return _frame(rows, BLOCK)


def _block_pairs(df: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    blocks: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _records(df):
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
    return _frame([{"a": a, "b": b} for a, b in sorted(pairs)], EDGE)


def _merge_components(df: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _records(df):
        groups[r["comp"]].append(r)
    rows = []
    for members in groups.values():
        events = [json.loads(r["event"]) for r in members]
        sources = {json.loads(r["event"])["article_id"]: r["source"] for r in members}
        published = {json.loads(r["event"])["article_id"]: r["published"] for r in members}
        for inc in merge.merge_events(events, sources, published, settings):
            rec = dict(inc.record)
            rec["claimed"] = int(bool(rec.get("claimed")))
            rec["members"] = json.dumps([[ev["event_id"], ev["article_id"], inc.sources[ev["article_id"]]]
                                         for ev in inc.members])
            rows.append(rec)
    return _frame(rows, INCIDENT_ROWS)


def _sources(df: pd.DataFrame) -> pd.DataFrame:
    rows = [{"incident_id": r["incident_id"], "event_id": e, "article_id": a, "original_id": o}
            for r in _records(df) for e, a, o in json.loads(r["members"])]
    return _frame(rows, parquet_out.SCHEMAS["incident_sources"])


def incidents(events, arts, near, settings: Settings, workers: int, rows_per_partition: int = ROWS_PER_PARTITION,
              sizes: dict[str, int] | None = None):
    """Incident rows (with their members as JSON), as the local engine merges them."""
    art_info = arts[["id", "published"]].rename(columns={"id": "article_id"})
    src = near[["id", "original"]].rename(columns={"id": "article_id"})
    ev = events.merge(art_info, on="article_id", how="left").merge(src, on="article_id", how="left")
    ev = ev.assign(source=ev["original"].fillna(ev["article_id"]))
    items = ev.map_partitions(_event_items, meta=_meta(EVENT_ITEM)).persist()
    n = int(items.shape[0].compute())
    blocks = items.map_partitions(_blocks, settings, meta=_meta(BLOCK))
    blocks = blocks.shuffle(on="key", npartitions=_partitions(n * 30, workers, rows_per_partition))
    nparts = _partitions(n, workers, rows_per_partition)
    wide = _partitions(n, workers, rows_per_partition, wide=True)
    edges = blocks.map_partitions(_block_pairs, settings, meta=_meta(EDGE)).drop_duplicates(split_out=nparts).persist()
    if int(edges.shape[0].compute()):
        comps = connected_components(edges, nparts)
        if sizes is not None:
            sizes["largest_incident_component"] = int(comps["comp"].value_counts().max().compute())
        items = items.merge(comps, left_on="event_id", right_on="node", how="left", npartitions=wide)
        items = items.assign(comp=items["comp"].fillna(items["event_id"]))
    else:
        items = items.assign(comp=items["event_id"])
    items = items[["comp", "event_id", "event", "source", "published"]].shuffle(on="comp", npartitions=wide)
    return items.map_partitions(_merge_components, settings, meta=_meta(INCIDENT_ROWS))


# --- the whole finish ---

def _writes(frame, out: str, name: str) -> list:
    """Delayed writes replacing the final table `name` with the frame's partitions.

    Each returns {table: rows} (and, for articles, how many were processed and are copies).
    """
    import dask
    import pyarrow.parquet as pq

    fs, path = parquet_out.filesystem(parquet_out.final_dir(out, name))
    if fs.exists(path):
        fs.rm(path, recursive=True)
    fs.makedirs(path, exist_ok=True)
    schema = parquet_out.SCHEMAS[name]

    def write(df: pd.DataFrame, i: int) -> dict[str, int]:
        tbl = pa.Table.from_pandas(df[schema.names], schema=schema, preserve_index=False)
        with fs.open(f"{path}/part-{i:05d}.parquet", "wb") as fh:
            pq.write_table(tbl, fh)
        counts = {name: tbl.num_rows}
        if name == "articles":
            counts["done"] = int((df["status"] == "done").sum())
            counts["copies"] = int(df["duplicate_of"].notna().sum())
        return counts

    return [dask.delayed(write)(p, i) for i, p in enumerate(frame.to_delayed())]


def finish(out: str, settings: Settings, workers: int, rows_per_partition: int = ROWS_PER_PARTITION
           ) -> dict[str, int]:
    """Run the global stages over the finished shards and write the final tables.

    Returns row counts of the final tables and the largest components' sizes.
    """
    import dask
    import dask.dataframe as dd

    sizes: dict[str, int] = {"largest_copy_component": 1, "largest_incident_component": 1}
    renames, fresh = _id_renames(out)
    reread, stats = _reread(out, settings, fresh) if fresh else (set(), {})
    arts, dropped, renamed = _resolve_copies(out, renames, fresh, reread)
    near = near_duplicates(arts, settings, workers, rows_per_partition, sizes)
    arts = arts.merge(near.rename(columns={"id": "id", "original": "near_of", "similarity": "near_sim"}),
                      on="id", how="left")
    arts = arts.map_partitions(_mark_near, meta=_meta(parquet_out.SCHEMAS["articles"]))
    tables = {}
    for name in ("events", "evidence", "places", "dead_letters"):
        tables[name] = _without(_shard_table(out, name, reread), dropped)
    tables["dead_letters"] = dd.concat([tables["dead_letters"], renamed]).drop_duplicates(subset=["key"], split_out=True)
    incs = incidents(tables["events"], arts, near, settings, workers, rows_per_partition, sizes).persist()
    frames = dict(tables, articles=arts, incidents=incs,
                  incident_sources=incs.map_partitions(_sources, meta=_meta(parquet_out.SCHEMAS["incident_sources"])))
    writes = [w for name, frame in frames.items() for w in _writes(frame, out, name)]
    totals: dict[str, int] = dict.fromkeys(parquet_out.FINAL_TABLES, 0)
    for counts in dask.compute(*writes):
        for key, n in counts.items():
            totals[key] = totals.get(key, 0) + n
    totals["articles"] = totals.pop("done", 0)
    totals.update(sizes)
    totals.update(stats)
    return totals


def _mark_near(df: pd.DataFrame) -> pd.DataFrame:
    rows = _records(df)
    for r in rows:
        if r.get("near_of"):
            r.update(duplicate_of=r["near_of"], duplicate_kind="near", similarity=r["near_sim"])
    return _frame(rows, parquet_out.SCHEMAS["articles"])
