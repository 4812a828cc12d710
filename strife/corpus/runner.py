"""Corpus runs: many articles through the pipeline into a resumable SQLite store.

The parent process reads the inputs, skips what the store already holds (articles are
keyed by content hash), and hands chunks of articles to N worker processes; each worker
loads the model once and calls `strife.pipeline.extract_articles`. The parent is the only
writer: each chunk's rows are committed in one transaction, so a run killed at any point
(even `kill -9`) and started again ends with exactly the rows of an uninterrupted run.
At the end, near-duplicate articles are linked and events are merged into incidents
(both recomputed from the whole store, so they too are the same after a resume).
"""
from __future__ import annotations

import dataclasses
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..models import Article, ArticleResult, DeadLetter
from ..read.inputs import (
    JSONL_SUFFIXES,
    WARC_SUFFIXES,
    _suffix,
    iter_input_files,
    read_inputs,
)
from ..settings import DEFAULT_SETTINGS, Settings
from . import dedup, merge
from .store import Store

IN_FLIGHT_PER_WORKER = 2      # chunks queued per worker: keeps workers busy, memory bounded
PARENT_CHECK_SECONDS = 1.0    # how often an orphaned worker notices and exits
WRITE_BUFFER_MAX = 500        # copies/dead letters buffered before a commit of their own

# What a worker sends back for one article.
# ("done" | "failed", article id, event dicts, place dicts, MinHash, dead letters)
Payload = tuple[str, str, list, list, Any, list]


@dataclass
class RunSummary:
    """What a run did, for the final summary line."""

    db: str
    workers: int
    read: int = 0            # articles read from the inputs this run
    processed: int = 0       # sent through the pipeline this run
    skipped: int = 0         # already in the store (done by an earlier run)
    copies: int = 0          # exact copies of another article: recorded, not processed
    failed: int = 0          # dead letters written this run
    events: int = 0          # events written this run
    seconds: float = 0.0
    peak_rss_mb: dict[int, float] = field(default_factory=dict)   # worker pid -> peak RSS
    worker_cpu_s: dict[int, float] = field(default_factory=dict)  # worker pid -> CPU seconds used
    finish_seconds: float = 0.0   # linking near duplicates and merging, after the pipeline
    totals: dict[str, int] = field(default_factory=dict)          # store counts at the end

    def note_usage(self, pid: int, usage: tuple[float, float]) -> None:
        rss, cpu = usage
        self.peak_rss_mb[pid] = max(rss, self.peak_rss_mb.get(pid, 0.0))
        self.worker_cpu_s[pid] = max(cpu, self.worker_cpu_s.get(pid, 0.0))

    @property
    def rate(self) -> float:
        """Processed articles per second."""
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    def lines(self) -> list[str]:
        t = self.totals
        failed = None
        if self.failed or t.get("dead_letters"):
            failed = (f"{self.failed} inputs failed this run ({t.get('dead_letters', 0)} in all); see them with: "
                      f"sqlite3 {self.db} 'SELECT input, line, stage, reason FROM dead_letters'")
        return summary_lines(
            f"{self.processed} articles processed ({self.rate:.1f}/s, {self.workers} workers), "
            f"{self.skipped} already in the store, {self.copies} exact copies, "
            f"{self.events} events written in {self.seconds:.1f}s",
            f"store {self.db}", t, self.peak_rss_mb, failed)


def summary_lines(run: str, where: str, totals: dict[str, int], peak_rss_mb: dict[Any, float],
                  failed: str | None) -> list[str]:
    """A corpus run's summary lines (both engines): what this run did, what `where` holds now,
    peak memory per worker, and where to read the failures (`failed`, when any)."""
    t = totals
    out = [f"strife: {run}",
           f"strife: {where}: {t.get('articles', 0)} articles, {t.get('events', 0)} events, "
           f"{t.get('incidents', 0)} merged incidents, {t.get('copies', 0)} copies of other articles"]
    if peak_rss_mb:
        out.append("strife: peak memory per worker (MB): "
                   + ", ".join(f"{mb:.0f}" for mb in sorted(peak_rss_mb.values())))
    if failed:
        out.append(f"strife: {failed}")
    return out


# --- the worker side ---

def _init_worker(settings: Settings) -> None:
    """Runs once per worker process: ignore Ctrl-C (the parent handles it), exit when the
    parent is gone (killed with -9, it cannot tell us), load the model."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch_parent() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch_parent, name="strife-parent-watch", daemon=True).start()
    import numpy  # noqa: F401  (loaded first: threadpoolctl limits only the BLAS already loaded)
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # the workers already use every core: no BLAS threads on top
    from ..nlp.model import load_nlp

    load_nlp(settings.spacy_model, settings.fast_matmul, settings.fast_parser)


def _usage() -> tuple[float, float]:
    """(peak RSS in MB, CPU seconds) of this process."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_maxrss / 1024.0, ru.ru_utime + ru.ru_stime  # ru_maxrss is KiB on Linux


def process_chunk(chunk: list[Article], settings: Settings
                  ) -> tuple[list[Payload], int, tuple[float, float]]:
    """Run the pipeline over a chunk of articles: (payloads in chunk order, pid, usage)."""
    try:
        outs = _results(chunk, settings)
    except Exception:  # noqa: BLE001 - the batch failed as a whole: retry alone to find the bad one
        outs = []
    if len(outs) != len(chunk):
        outs = [_one(article, settings) for article in chunk]
    payloads: list[Payload] = []
    for article, out in zip(chunk, outs):
        if isinstance(out, ArticleResult):
            payloads.append(("done", article.id, [e.to_dict() for e in out.events],
                             [dataclasses.asdict(p) for p in out.places],
                             dedup.minhash(article.text), list(out.errors)))
        else:
            payloads.append(("failed", article.id, [], [], None, [out]))
    return payloads, os.getpid(), _usage()


def _results(chunk: list[Article], settings: Settings) -> list[ArticleResult | DeadLetter]:
    """One item per article: its ArticleResult (stage failures are in `.errors`)."""
    from ..pipeline import extract_articles

    outs: list[ArticleResult | DeadLetter] = []
    for out in extract_articles(chunk, settings):
        if isinstance(out, ArticleResult):
            outs.append(out)
        elif not (outs and isinstance(outs[-1], ArticleResult) and out in outs[-1].errors):
            outs.append(out)   # a dead letter standing for a whole article
    return outs


def _one(article: Article, settings: Settings) -> ArticleResult | DeadLetter:
    try:
        outs = _results([article], settings)
    except Exception as exc:  # noqa: BLE001 - one bad article never stops the run
        return DeadLetter(input=article.source or article.id, stage="nlp",
                          reason=f"{type(exc).__name__}: {exc}")
    if len(outs) != 1:
        return DeadLetter(input=article.source or article.id, stage="nlp",
                          reason=f"pipeline returned {len(outs)} results for one article")
    return outs[0]


# --- the parent side ---

def estimate_total(paths: Iterable[str], settings: Settings = DEFAULT_SETTINGS) -> int | None:
    """Roughly how many articles the inputs hold (for the progress bar's ETA); None if unknown."""
    total = 0
    for item in iter_input_files(paths, settings):
        if isinstance(item, DeadLetter):
            continue
        if item == "-" or _suffix(Path(item)) in WARC_SUFFIXES:
            return None
        if _suffix(Path(item)) in JSONL_SUFFIXES:
            try:
                with open(item, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                pass
        else:
            total += 1
    return total


class _Writer:
    """The single writer: buffers small rows, commits each chunk's results atomically."""

    def __init__(self, store: Store, summary: RunSummary) -> None:
        self.store, self.summary = store, summary
        self.buffer: list[tuple[str, Any, Any]] = []

    def copy(self, article: Article, original: str) -> None:
        self.buffer.append(("copy", article, original))
        self.summary.copies += 1
        if len(self.buffer) >= WRITE_BUFFER_MAX:
            self.commit([], {})

    def dead(self, dl: DeadLetter) -> None:
        self.buffer.append(("dead", dl, None))
        self.summary.failed += 1
        if len(self.buffer) >= WRITE_BUFFER_MAX:
            self.commit([], {})

    def commit(self, payloads: list[Payload], articles: dict[str, Article]) -> None:
        store = self.store
        with store.transaction():
            for kind, item, extra in self.buffer:
                if kind == "copy":
                    store.add_article(item, status="copy", duplicate_of=extra)
                else:
                    store.add_dead_letter(item)
            for status, aid, events, places, signature, errors in payloads:
                store.add_article(articles[aid], status=status, n_events=len(events),
                                  minhash=signature)
                self.summary.events += store.add_events(events)
                store.add_places(aid, places)
                for dl in errors:   # a failed stage; the other stages' findings are kept
                    store.add_dead_letter(dl, article_id=aid)
                self.summary.failed += len(errors)
        self.summary.processed += len(payloads)
        self.buffer.clear()


def _chunks(items: Iterable[Article | DeadLetter], store: Store, writer: _Writer,
            summary: RunSummary, chunk_size: int, tick) -> Iterator[list[Article]]:
    """Chunks of articles that still need the pipeline; copies and dead letters go to the writer."""
    known = store.article_hashes()          # id -> content hash, already stored
    processed = store.processed_hashes()    # content hash -> id that went through the pipeline
    chunk: list[Article] = []
    for item in items:
        if isinstance(item, DeadLetter):
            writer.dead(item)
            tick()
            continue
        summary.read += 1
        h = item.content_hash
        while item.id in known and known[item.id] != h:
            # Same id, different text (an edited page, or two files reusing an id): keep both.
            item = dataclasses.replace(item, id=f"{item.id}#{h[:8]}")
        if item.id in known:
            summary.skipped += 1
            tick()
            continue
        known[item.id] = h
        if h in processed:
            writer.copy(item, processed[h])
            tick()
            continue
        processed[h] = item.id
        chunk.append(item)
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _prepare_shared_data(settings: Settings) -> None:
    """Build data indexes (the gazetteer) once here, not once per worker at the same time."""
    from ..geo.gazetteer import open_gazetteer

    open_gazetteer(settings)


def _new_pool(workers: int, settings: Settings) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=get_context("spawn"),
                               initializer=_init_worker, initargs=(settings,))


def run(
    inputs: Iterable[str],
    db: str,
    workers: int | None = None,
    settings: Settings | None = None,
    progress: bool = False,
    published: str | None = None,
) -> RunSummary:
    """Process `inputs` (files, folders, WARC, '-') into the store `db`; resumable.

    `workers` processes run the pipeline (default: CPU count; 0 runs it in this process).
    Returns a summary; failures are rows of the `dead_letters` table, never exceptions.
    """
    settings = settings or DEFAULT_SETTINGS
    inputs = list(inputs)
    if workers is None:
        workers = os.cpu_count() or 1
    started = time.perf_counter()
    summary = RunSummary(db=db, workers=workers)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=estimate_total(inputs, settings), unit=" articles", file=sys.stderr,
                   desc="strife run", dynamic_ncols=True)

    def tick(n: int = 1) -> None:
        if bar is not None:
            bar.update(n)

    store = Store(db)
    if workers > 0:
        _prepare_shared_data(settings)
    writer = _Writer(store, summary)
    chunks = _chunks(read_inputs(inputs, settings, published), store, writer, summary,
                     max(1, settings.corpus_chunk_size), tick)
    try:
        if workers <= 0:
            for chunk in chunks:
                payloads, pid, usage = process_chunk(chunk, settings)
                writer.commit(payloads, {a.id: a for a in chunk})
                summary.note_usage(pid, usage)
                tick(len(chunk))
        else:
            _run_pool(chunks, workers, settings, writer, summary, tick)
        writer.commit([], {})
        t_finish = time.perf_counter()
        finish(store, settings)
        summary.finish_seconds = time.perf_counter() - t_finish
    finally:
        if bar is not None:
            bar.close()
        summary.totals = store.counts()
        store.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _run_pool(chunks: Iterator[list[Article]], workers: int, settings: Settings,
              writer: _Writer, summary: RunSummary, tick) -> None:
    pool = _new_pool(workers, settings)
    in_flight: dict[Future, list[Article]] = {}
    exhausted = False
    try:
        while True:
            while not exhausted and len(in_flight) < workers * IN_FLIGHT_PER_WORKER:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                in_flight[pool.submit(process_chunk, chunk, settings)] = chunk
            if not in_flight:
                return
            done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=lambda f: in_flight[f][0].id):
                chunk = in_flight.pop(fut)
                try:
                    payloads, pid, usage = fut.result()
                except BrokenProcessPool:
                    lost = [chunk] + list(in_flight.values())
                    in_flight.clear()
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = _isolate_crash(lost, workers, settings, writer, summary, tick)
                    break
                writer.commit(payloads, {a.id: a for a in chunk})
                summary.note_usage(pid, usage)
                tick(len(chunk))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolate_crash(chunks: list[list[Article]], workers: int, settings: Settings,
                   writer: _Writer, summary: RunSummary, tick) -> ProcessPoolExecutor:
    """A worker died (crash, out of memory): redo its articles one at a time to find the culprit."""
    pool = _new_pool(1, settings)
    for chunk in chunks:
        for article in chunk:
            try:
                payloads, pid, usage = pool.submit(process_chunk, [article], settings).result()
                summary.note_usage(pid, usage)
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(1, settings)
                dl = DeadLetter(input=article.source or article.id, stage="worker",
                                reason="the worker process died on this article (crash or out of memory)")
                payloads = [("failed", article.id, [], [], None, [dl])]
            writer.commit(payloads, {article.id: article})
            tick()
    pool.shutdown(wait=True)
    return _new_pool(workers, settings)


def finish(store: Store, settings: Settings) -> int:
    """Link near duplicates and merge events into incidents over the whole store."""
    links = dedup.find_near_duplicates(store.signatures(), settings.near_duplicate_min_jaccard,
                                       settings.near_duplicate_max_days, store.dedup_facts())
    with store.transaction():
        store.set_near_duplicates({k: (d.original, d.similarity) for k, d in links.items()})
    events = list(store.iter_events(with_evidence=False))
    incidents = merge.merge_events(events, store.originals(), store.published_dates(), settings)
    with store.transaction():
        return store.replace_incidents(incidents)
