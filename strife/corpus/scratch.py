"""Scratch tables of the Dask engine's global stages: Parquet files in buckets under `DIR/_scratch/`.

A step's tasks write their rows split by the hash of a key into a fixed number of buckets,

    DIR/_scratch/<step>/b<bucket>/<task>.parquet

and a task of the next step reads one bucket whole (all its tasks' files). This is a
shuffle through files: nothing a step makes stays in a worker's memory, so a worker holds
one task's rows at a time, and a bucket's size is set by the rows per bucket, not by the
corpus. A step whose tasks all finished gets a marker (`_steps/<step>.json`, what its tasks
returned), so an interrupted global stage, run again, starts at the first unfinished step.
The whole folder goes when the global stage has written the final tables.
"""
from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from . import parquet_out

SCRATCH = "_scratch"
STEPS = "_steps"                 # a finished step's marker: _steps/<step>.json
FINGERPRINT = "_RUN"


def root(out: str) -> str:
    return f"{out.rstrip('/')}/{SCRATCH}"


def buckets_of(keys: Sequence[Any], n: int) -> np.ndarray:
    """The bucket (0..n-1) of each key: the same in every process and run."""
    import pandas as pd

    if n <= 1 or not len(keys):
        return np.zeros(len(keys), dtype=np.int64)
    hashed = pd.util.hash_array(np.asarray(keys, dtype=object))   # fixed hash key: stable across processes
    return (hashed % np.uint64(n)).astype(np.int64)


def bucket_dir(out: str, step: str, bucket: int) -> str:
    return f"{root(out)}/{step}/b{bucket:05d}"


def write(out: str, step: str, task: str, rows: list[dict[str, Any]], schema: pa.Schema,
          key: str | None = None, n: int = 1, bucket: int | None = None) -> int:
    """Write `rows` into the buckets of `step`: by the hash of column `key` over `n` buckets,
    or all into `bucket`. A task writes one file per bucket, under its own name (a retried
    task overwrites its files). Returns the rows written."""
    if not rows:
        return 0
    if bucket is not None:
        groups = {bucket: rows}
    else:
        assert key is not None
        groups = defaultdict(list)
        for b, row in zip(buckets_of([r[key] for r in rows], n), rows):
            groups[int(b)].append(row)
    fs, _ = parquet_out.filesystem(out)
    for b, members in groups.items():
        _, path = parquet_out.filesystem(bucket_dir(out, step, b))
        fs.makedirs(path, exist_ok=True)
        with fs.open(f"{path}/{task}.parquet", "wb") as fh:
            pq.write_table(pa.Table.from_pylist(members, schema=schema), fh)
    return len(rows)


def read(out: str, step: str, bucket: int, schema: pa.Schema) -> list[dict[str, Any]]:
    """Every row of one bucket of `step` (in the order of its tasks' names)."""
    fs, path = parquet_out.filesystem(bucket_dir(out, step, bucket))
    if not fs.exists(path):
        return []
    rows: list[dict[str, Any]] = []
    for f in sorted(fs.glob(f"{path}/*.parquet")):
        with fs.open(f, "rb") as fh:
            rows.extend(pq.read_table(fh, schema=schema).to_pylist())
    return rows


def done(out: str, step: str) -> list[Any] | None:
    """What the tasks of a finished step returned; None if the step has not finished."""
    fs, path = parquet_out.filesystem(f"{root(out)}/{STEPS}/{step}.json")
    try:
        with fs.open(path, "r") as fh:
            return json.loads(fh.read())
    except FileNotFoundError:
        return None


def mark_done(out: str, step: str, results: list[Any]) -> None:
    fs, path = parquet_out.filesystem(f"{root(out)}/{STEPS}")
    fs.makedirs(path, exist_ok=True)
    tmp = f"{path}/{step}.{uuid.uuid4().hex}.tmp"
    with fs.open(tmp, "w") as fh:
        fh.write(json.dumps(results))
    fs.mv(tmp, f"{path}/{step}.json")


def clear(out: str, step: str | None = None) -> None:
    """Remove one step's files (all of the scratch folder without `step`)."""
    fs, path = parquet_out.filesystem(root(out) if step is None else f"{root(out)}/{step}")
    if fs.exists(path):
        fs.rm(path, recursive=True)


def start(out: str, fingerprint: str) -> None:
    """Keep the scratch of an earlier, interrupted global stage only if it was over the same
    shards with the same settings (`fingerprint`); else start it afresh."""
    fs, path = parquet_out.filesystem(f"{root(out)}/{FINGERPRINT}")
    try:
        with fs.open(path, "r") as fh:
            if fh.read() == fingerprint:
                return
    except FileNotFoundError:
        pass
    clear(out)
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    with fs.open(path, "w") as fh:
        fh.write(fingerprint)


def finished_steps(out: str) -> list[str]:
    """The steps with a marker (for tests and reports)."""
    fs, path = parquet_out.filesystem(f"{root(out)}/{STEPS}")
    if not fs.exists(path):
        return []
    return sorted(p.rsplit("/", 1)[-1][:-len(".json")] for p in fs.glob(f"{path}/*.json"))
