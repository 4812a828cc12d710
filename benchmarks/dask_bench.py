"""Benchmark the Dask engine against the local engine on the same synthetic corpus.

Prints articles/s of the local engine and of Dask with 1 and 2 workers (map stage: the
pipeline; whole run: with the global stages), peak memory per worker, and then the memory
of the global stages (near duplicates + merging) on the corpus and on a copy 10x as large:
the Dask stages work one component (and one bounded partition) at a time, the local
engine's `finish` holds every signature and event at once.

    python benchmarks/dask_bench.py -n 2000 -o /tmp/dask-bench
    python benchmarks/dask_bench.py --corpus /tmp/synth --workers 1,2 --scale 10 -o /tmp/dask-bench

The 10x corpus is made at the table level (each shard's rows copied with new ids and
dates moved by whole two-year steps, so copies never join one another's components):
the global stages' memory does not depend on how the rows were extracted.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from strife.corpus.runner import _prepare_shared_data, run  # noqa: E402
from strife.settings import DEFAULT_SETTINGS  # noqa: E402

SHIFT_DAYS = 728            # 104 weeks: weekdays stay right, copies are far apart in time


def _fresh(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def local_runs(inputs: list[str], out: Path, workers: list[int]) -> list[dict]:
    rows = []
    for n in workers:
        db = out / f"local-w{n}.db"
        _fresh(db)
        t0 = time.perf_counter()
        s = run(inputs, str(db), workers=n, settings=DEFAULT_SETTINGS)
        wall = time.perf_counter() - t0
        rows.append({"engine": "local", "workers": n, "articles": s.processed,
                     "pipeline_articles_per_s": round(s.processed / max(wall - s.finish_seconds, 1e-9), 2),
                     "articles_per_s": round(s.processed / wall, 2), "seconds": round(wall, 1),
                     "finish_seconds": round(s.finish_seconds, 1),
                     "peak_rss_mb_per_worker": sorted(round(v) for v in s.peak_rss_mb.values())})
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def dask_runs(inputs: list[str], out: Path, workers: list[int]) -> list[dict]:
    from strife.corpus.dask_engine import run_dask

    rows = []
    for n in workers:
        folder = out / f"dask-w{n}"
        _fresh(folder)
        t0 = time.perf_counter()
        s = run_dask(inputs, str(folder), workers=n, settings=DEFAULT_SETTINGS)
        wall = time.perf_counter() - t0
        rows.append({"engine": "dask", "workers": n, "articles": s.processed, "shards": s.shards,
                     "pipeline_articles_per_s": round(s.rate, 2),
                     "articles_per_s": round(s.processed / wall, 2), "seconds": round(wall, 1),
                     "finish_seconds": round(s.finish_seconds, 1),
                     "peak_rss_mb_per_worker": sorted(round(v) for v in s.peak_rss_mb.values())})
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def scale_shards(src: Path, dst: Path, times: int) -> None:
    """`dst` gets the shards of `src` `times` over: copy k has ids suffixed ~k, dates moved k steps."""
    import datetime as dt

    import pyarrow.parquet as pq

    from strife.corpus import parquet_out

    def shift(value, k):
        if not value:
            return value
        try:
            return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=SHIFT_DAYS * k)).isoformat() + value[10:]
        except ValueError:
            return value

    _fresh(dst)
    for shard in parquet_out.done_shards(str(src)):
        for k in range(times):
            target = dst / "shards" / f"{Path(shard).name}~{k}"
            target.mkdir(parents=True)
            for name in parquet_out.TABLES:
                rows = pq.read_table(f"{shard}/{name}.parquet").to_pylist()
                for r in rows:
                    for col in ("id", "article_id", "event_id", "duplicate_of", "content_hash", "key", "pos"):
                        if r.get(col):
                            r[col] = f"{r[col]}~{k}"
                    for col in ("published", "event_date"):
                        if col in r:
                            r[col] = shift(r[col], k)
                pq.write_table(parquet_out.table(name, rows, shard=True), target / f"{name}.parquet")
            (target / parquet_out.DONE).write_text("{}")


def dask_finish_memory(out: Path, workers: int, rows_per_partition: int) -> dict:
    """Run only the global stages on a fresh LocalCluster; peak RSS of each worker."""
    from distributed import Client, LocalCluster

    from strife.corpus import dask_finish

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=40) as cluster, Client(cluster) as client:
        base = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        t0 = time.perf_counter()
        totals = dask_finish.finish(str(out), DEFAULT_SETTINGS, workers, rows_per_partition)
        wall = time.perf_counter() - t0
        peak = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return {"events": totals["events"], "articles": totals["articles"], "seconds": round(wall, 1),
            "largest_copy_component": totals["largest_copy_component"],
            "largest_incident_component": totals["largest_incident_component"],
            "worker_rss_mb_at_start": sorted(round(v) for v in base.values()),
            "worker_peak_rss_mb": sorted(round(v) for v in peak.values())}


def local_finish_memory(out: Path, db: Path) -> dict:
    """The local engine's `finish` over the same rows (a store built from them), in a child process."""
    from strife.corpus.parquet_out import build_store

    _fresh(db)
    build_store(str(out), str(db))
    code = ("import resource,time,json,sys; from strife.corpus.runner import finish; from strife.corpus.store import Store; "
            "from strife.settings import DEFAULT_SETTINGS; s=Store(sys.argv[1]); t=time.perf_counter(); "
            "finish(s, DEFAULT_SETTINGS); "
            "print(json.dumps({'seconds': round(time.perf_counter()-t,1), "
            "'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)}))")
    res = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=None, help="folder made by make_synthetic_corpus.py (default: make one)")
    ap.add_argument("-n", type=int, default=2000, help="articles to generate when --corpus is not given")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts, e.g. 1,2")
    ap.add_argument("--scale", type=int, default=10, help="how many times larger the global-stage corpus is")
    ap.add_argument("--rows-per-partition", type=int, default=20_000,
                    help="rows per shuffled partition in the global-stage memory test")
    ap.add_argument("-o", "--out", default="dask-bench-out", help="folder for outputs and the report")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = Path(args.corpus) if args.corpus else out / "corpus"
    if not args.corpus:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from make_synthetic_corpus import main as make

        make(["-n", str(args.n), "-o", str(corpus)])
    inputs = [str(p) for p in (corpus / "corpus.jsonl", corpus / "crawl.warc.gz") if p.exists()]
    workers = [int(w) for w in args.workers.split(",")]
    _prepare_shared_data(DEFAULT_SETTINGS)     # a gazetteer (re)build is not throughput
    report: dict = {"corpus": str(corpus), "cpu_count": os.cpu_count(), "loadavg_before": os.getloadavg()}
    report["throughput"] = local_runs(inputs, out, workers) + dask_runs(inputs, out, workers)
    one = out / f"dask-w{max(workers)}"
    big = out / f"dask-x{args.scale}"
    scale_shards(one, big, args.scale)
    report["global_stages"] = []
    for label, folder in ((f"x1", one), (f"x{args.scale}", big)):
        row = {"corpus": label, "dask": dask_finish_memory(folder, 2, args.rows_per_partition),
               "local_finish": local_finish_memory(folder, out / f"finish-{label}.db")}
        report["global_stages"].append(row)
        print(json.dumps(row), file=sys.stderr)
    report["loadavg_after"] = os.getloadavg()
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
