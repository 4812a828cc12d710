"""`strife run --engine dask`: the corpus run on a Dask cluster, output as Parquet.

Map: one task per shard (`strife.corpus.shards`); each worker process loads the model once
(a worker plugin) and runs `strife.corpus.dask_map.process_shard`: the same
`process_chunk` -> `extract_articles` as the local engine, then the shard's tables and a
done-marker (`strife.corpus.parquet_out`), so a re-run skips finished shards and a
retried task (a worker killed mid-task) overwrites its own files instead of adding rows.
Then the global stages (`strife.corpus.dask_finish`) run as steps of Dask tasks that
shuffle rows through Parquet scratch files under `DIR/_scratch/`: exact copies, near
duplicates, incident merging. The result equals the local engine's.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import StrifeError
from ..models import DeadLetter
from ..settings import DEFAULT_SETTINGS, Settings
from .dask_map import _load_model, process_shard
from .runner import summary_lines
from .shards import plan_shards
from .store import dead_letter_key


class DaskEngineError(StrifeError):
    """The Dask engine cannot run (missing extra, unreachable scheduler)."""


@dataclass
class DaskRunSummary:
    """What a Dask run did."""

    out: str
    workers: int
    shards: int = 0
    shards_skipped: int = 0      # finished by an earlier run
    processed: int = 0           # articles through the pipeline this run
    copies: int = 0              # exact copies within a shard (not processed)
    failed: int = 0              # dead letters written this run
    events: int = 0              # events written this run
    seconds: float = 0.0
    map_seconds: float = 0.0
    finish_seconds: float = 0.0
    peak_rss_mb: dict[str, float] = field(default_factory=dict)   # worker -> peak RSS of its process
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.processed / self.map_seconds if self.map_seconds > 0 else 0.0

    def lines(self) -> list[str]:
        t = self.totals
        failed = None
        if t.get("dead_letters"):
            failed = (f"{t['dead_letters']} inputs failed; build the store (strife db build {self.out} "
                      "--db strife.db) and see its dead_letters table")
        return summary_lines(
            f"{self.processed} articles processed ({self.rate:.1f}/s, {self.workers} Dask workers), "
            f"{self.shards - self.shards_skipped} of {self.shards} shards run ({self.shards_skipped} finished "
            f"before), {self.events} events written in {self.seconds:.1f}s",
            self.out, t, self.peak_rss_mb, failed)


def _require_dask() -> None:
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
        import fsspec  # noqa: F401
    except ImportError as exc:
        raise DaskEngineError(f"the Dask engine needs the dask extra ({exc.name} is missing): "
                              'pip install "strife[dask]"') from None


# --- the worker side (the map task itself is `strife.corpus.dask_map.process_shard`) ---

def _model_plugin(settings: Settings):
    from distributed.diagnostics.plugin import WorkerPlugin

    class LoadModel(WorkerPlugin):
        name = "strife-model"

        def __init__(self, settings: Settings) -> None:
            self.settings = settings

        def setup(self, worker) -> None:
            _load_model(self.settings)

    return LoadModel(settings)


# --- the client side ---

def connect(scheduler: str = "local", workers: int | None = None):
    """A distributed Client: a LocalCluster of `workers` processes, or a scheduler's address."""
    _require_dask()
    from distributed import Client, LocalCluster

    if scheduler in ("", "local"):
        n = workers or os.cpu_count() or 1
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=40)
        return Client(cluster)
    try:
        return Client(scheduler, timeout="30s")
    except OSError as exc:
        raise DaskEngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


def run_dask(
    inputs: Iterable[str],
    out: str,
    scheduler: str = "local",
    workers: int | None = None,
    settings: Settings | None = None,
    published: str | None = None,
    progress: bool = False,
    client: Any = None,
) -> DaskRunSummary:
    """Process `inputs` (paths or fsspec URLs) into Parquet tables under `out`; resumable.

    With `client` given (a `distributed.Client`), use it and leave it open.
    """
    _require_dask()
    from distributed import as_completed

    from . import dask_finish, parquet_out

    settings = settings or DEFAULT_SETTINGS
    started = time.perf_counter()
    own_client = client is None
    if own_client and scheduler in ("", "local"):
        from .runner import _prepare_shared_data

        _prepare_shared_data(settings)     # build the gazetteer once, before the workers start
    client = client or connect(scheduler, workers)
    try:
        n_workers = len(client.scheduler_info(n_workers=-1)["workers"]) or (workers or 1)
        summary = DaskRunSummary(out=out, workers=n_workers)
        shards, unreadable = plan_shards(inputs, settings)
        summary.shards = len(shards)
        fs, path = parquet_out.filesystem(out)
        fs.makedirs(path, exist_ok=True)
        _write_planning_dead_letters(out, unreadable)
        client.register_plugin(_model_plugin(settings))
        todo = [s for s in shards if not parquet_out.is_done(out, s.shard_id)]
        summary.shards_skipped = len(shards) - len(todo)
        t_map = time.perf_counter()
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(todo), unit=" shards", file=sys.stderr, desc="strife run (dask)")
        futures = [client.submit(process_shard, s, out, settings, published, key=f"strife-shard-{s.shard_id}",
                                 retries=2, pure=False) for s in todo]
        try:
            for fut in as_completed(futures):
                stats = fut.result()
                if bar is not None:
                    bar.update(1)
                if stats.get("skipped"):
                    continue
                for key in ("processed", "copies", "failed", "events"):
                    setattr(summary, key, getattr(summary, key) + stats[key])
                pid = str(stats["pid"])
                summary.peak_rss_mb[pid] = max(stats["peak_rss_mb"], summary.peak_rss_mb.get(pid, 0.0))
        finally:
            if bar is not None:
                bar.close()
        summary.map_seconds = time.perf_counter() - t_map
        t_finish = time.perf_counter()
        summary.totals = dask_finish.finish(out, settings, n_workers)
        summary.processed += summary.totals.get("reread", 0)      # ids read again, with new text
        summary.events += summary.totals.get("reread_events", 0)
        summary.failed += summary.totals.get("reread_failed", 0)
        summary.finish_seconds = time.perf_counter() - t_finish
    finally:
        if own_client:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _write_planning_dead_letters(out: str, dead: list[DeadLetter]) -> None:
    """Inputs that could not be listed (no such file) go in a shard of their own."""
    from . import parquet_out

    if not dead:
        return
    import hashlib

    key = hashlib.sha1("\x00".join(d.input for d in dead).encode("utf-8")).hexdigest()[:16]
    rows = {"dead_letters": [{"key": dead_letter_key(d), "input": d.input, "line": d.line, "stage": d.stage,
                              "reason": d.reason, "article_id": None} for d in dead]}
    parquet_out.write_shard(out, f"inputs-{key}", rows, {"skipped": False})
