"""The Dask engine's map task: one shard through the pipeline, into Parquet tables.

Each worker process loads the model once (one BLAS thread) and runs the same
`process_chunk` -> `extract_articles` as the local engine; a task writes its shard's
tables and then a done-marker (`strife.corpus.parquet_out`), so a re-run skips finished
shards and a retried task (a worker killed mid-task) overwrites its own files.
The global stage calls it again for articles it must run under new ids.
"""
from __future__ import annotations

import dataclasses
import os
from typing import Any

from ..models import Article, DeadLetter
from ..settings import Settings
from .shards import Shard, read_shard
from .store import dead_letter_key, place_row


def _load_model(settings: Settings) -> None:
    """Once per worker process: one BLAS thread (the workers fill the cores), the model."""
    import numpy  # noqa: F401  (threadpoolctl limits only the BLAS already loaded)
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    from ..nlp.model import load_nlp

    load_nlp(settings.spacy_model, settings.fast_matmul, settings.fast_parser)


def process_shard(shard: Shard, out: str, settings: Settings, published: str | None = None,
                  ids: dict[str, str] | None = None) -> dict[str, Any]:
    """The map task: read a shard, run the pipeline, write its tables and done-marker.

    With `ids` ({position: new id}), the global stage's re-read: only the articles at those
    positions are run, under their new ids, into `DIR/reread/<shard id>/` (an id read
    before in another shard, with other text: the local engine runs it as `ID#hash`).
    """
    from . import parquet_out
    from ..read.inputs import unique_ids
    from .runner import _usage, process_chunk

    folder = parquet_out.SHARDS if ids is None else parquet_out.REREAD
    done = parquet_out.marker(out, shard.shard_id, folder)
    if done is not None and (ids is None or done.get("ids") == ids):
        return {"skipped": True}
    _load_model(settings)      # cached: a no-op when the worker plugin already loaded it
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in parquet_out.TABLES}
    stats = {"skipped": False, "processed": 0, "copies": 0, "failed": 0, "events": 0,
             "shard": shard.spec(), "published": published, "ids": ids}
    known: dict[str, str] = {}          # id -> content hash (the local engine's rules, per shard)
    processed: dict[str, str] = {}      # content hash -> id that went through the pipeline
    chunk: list[tuple[str, Article]] = []

    def dead(dl: DeadLetter, article_id: str | None = None, pos: str | None = None) -> None:
        rows["dead_letters"].append({"key": dead_letter_key(dl), "input": dl.input, "line": dl.line,
                                     "stage": dl.stage, "reason": dl.reason, "article_id": article_id,
                                     "pos": pos})
        stats["failed"] += 1

    def flush() -> None:
        payloads, _, _ = process_chunk([a for _, a in chunk], settings)
        for (pos, article), (status, aid, events, places, signature, errors) in zip(chunk, payloads):
            rows["articles"].append(dict(_article_row(article, pos, status, len(events), signature),
                                         facts=parquet_out.article_facts(article.text, places)
                                         if status == "done" else None))
            for ev in events:
                rows["events"].append({**parquet_out.event_row(ev), "pos": pos})
                rows["evidence"].extend(
                    {"event_id": ev["event_id"], "idx": i, "field": e.get("field"), "start_char": e.get("start"),
                     "end_char": e.get("end"), "text": e.get("text"), "pos": pos}
                    for i, e in enumerate(ev.get("evidence") or []))
            rows["places"].extend({"article_id": aid, "idx": i, "pos": pos, **place_row(p)}
                                  for i, p in enumerate(places))
            for dl in errors:
                dead(dl, aid, pos)
            stats["events"] += len(events)
        stats["processed"] += len(chunk)
        chunk.clear()

    read = list(read_shard(shard, settings, published))   # one shard: a few hundred articles
    read_ids = {pos: item.id for pos, item in read if isinstance(item, Article)}   # before renaming
    unique = unique_ids([item for _, item in read])        # ids as `read_inputs` makes them
    for (pos, _), item in zip(read, unique):
        if ids is not None:
            if pos not in ids or isinstance(item, DeadLetter):
                continue
            item = dataclasses.replace(item, id=ids[pos])
        if isinstance(item, DeadLetter):
            dead(item)
            continue
        h = item.content_hash
        while item.id in known and known[item.id] != h:
            item = dataclasses.replace(item, id=f"{item.id}#{h[:8]}")
        if item.id in known:
            continue
        known[item.id] = h
        if h in processed:
            rows["articles"].append(_article_row(item, pos, "copy", 0, None, duplicate_of=processed[h]))
            stats["copies"] += 1
            continue
        processed[h] = item.id
        chunk.append((pos, item))
        if len(chunk) >= max(1, settings.corpus_chunk_size):
            flush()
    if chunk:
        flush()
    rss, cpu = _usage()
    stats.update(pid=os.getpid(), peak_rss_mb=rss, cpu_s=cpu)
    for row in rows["articles"]:
        row["read_id"] = read_ids[row["pos"]]   # the id in the input: the global stage renames across shards
    parquet_out.write_shard(out, shard.shard_id, rows, stats, folder)
    return stats


def _article_row(article: Article, pos: str, status: str, n_events: int, signature: bytes | None,
                 duplicate_of: str | None = None) -> dict[str, Any]:
    """An articles-table row, as `Store.add_article` writes it."""
    return {"id": article.id, "content_hash": article.content_hash, "url": article.url,
            "title": article.title, "published": article.published, "source": article.source,
            "status": status, "duplicate_of": duplicate_of,
            "duplicate_kind": "exact" if duplicate_of else None,
            "similarity": 1.0 if duplicate_of else None, "n_events": n_events,
            "text": None if status == "copy" else article.text, "minhash": signature, "pos": pos}
