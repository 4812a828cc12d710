"""Benchmark the Dask engine against the local engine on the same synthetic corpus.

Prints articles/s of the local engine and of Dask with 1 and 2 workers (map stage: the
pipeline; whole run: with the global stages), peak memory per worker, and then the memory
of the global stages (near duplicates + merging) on the corpus and on a copy 10x as large:
the Dask stages' tasks each read one shard batch or one bucket of scratch files (a bounded
number of rows) and hold nothing between steps, the local engine's `finish` holds every
signature and event at once. The scratch files (the shuffles on disk) are counted, then removed.

    nice -n 10 python benchmarks/dask_bench.py -n 500 -o /tmp/dask-bench
    nice -n 10 python benchmarks/dask_bench.py --phase global --base 2000 --scale 10 -o /tmp/dask-bench

Every row carries the load average (1 minute) before and after it: on a shared machine
the rates mean little without it.
The global-stage corpora are made at the table level, without running the pipeline again:
the shards of the Dask run are copied with new ids, dates moved by whole two-year steps
and MinHash signatures salted per copy (so copies never join one another's components,
and each copy's own near duplicates stay exactly as found), up to `--base` articles (1x)
and `--scale` times that (10x). The global stages' memory does not depend on how the rows
were extracted.
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


def _load() -> float:
    return round(os.getloadavg()[0], 2)


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
        load = _load()
        t0 = time.perf_counter()
        s = run(inputs, str(db), workers=n, settings=DEFAULT_SETTINGS)
        wall = time.perf_counter() - t0
        rows.append({"engine": "local", "workers": n, "articles": s.processed,
                     "pipeline_articles_per_s": round(s.processed / max(wall - s.finish_seconds, 1e-9), 2),
                     "articles_per_s": round(s.processed / wall, 2), "seconds": round(wall, 1),
                     "finish_seconds": round(s.finish_seconds, 1),
                     "peak_rss_mb_per_worker": sorted(round(v) for v in s.peak_rss_mb.values()),
                     "loadavg_before_after": [load, _load()]})
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def dask_runs(inputs: list[str], out: Path, workers: list[int]) -> list[dict]:
    from strife.corpus.dask_engine import run_dask

    rows = []
    for n in workers:
        folder = out / f"dask-w{n}"
        _fresh(folder)
        load = _load()
        t0 = time.perf_counter()
        s = run_dask(inputs, str(folder), workers=n, settings=DEFAULT_SETTINGS)
        wall = time.perf_counter() - t0
        rows.append({"engine": "dask", "workers": n, "articles": s.processed, "shards": s.shards,
                     "pipeline_articles_per_s": round(s.rate, 2),
                     "articles_per_s": round(s.processed / wall, 2), "seconds": round(wall, 1),
                     "finish_seconds": round(s.finish_seconds, 1),
                     "peak_rss_mb_per_worker": sorted(round(v) for v in s.peak_rss_mb.values()),
                     "loadavg_before_after": [load, _load()]})
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def scale_shards(src: Path, dst: Path, articles: int) -> int:
    """`dst` gets copies of the shards of `src` until it holds about `articles` articles: copy k
    has ids and hashes suffixed ~k, dates moved k steps, signatures XORed with a salt of its own.
    Returns the number of articles written."""
    import datetime as dt

    import numpy as np
    import pyarrow.parquet as pq

    from strife.corpus import dedup, parquet_out

    def shift(value, k):
        if not value:
            return value
        try:
            return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=SHIFT_DAYS * k)).isoformat() + value[10:]
        except ValueError:
            return value

    _fresh(dst)
    shards = [(shard, {name: pq.read_table(f"{shard}/{name}.parquet").to_pylist() for name in parquet_out.TABLES})
              for shard in parquet_out.done_shards(str(src))]
    written, k = 0, 0
    while written < articles:
        salt = np.random.default_rng(k).integers(0, 2**32, size=dedup.NUM_PERMUTATIONS, dtype=np.uint64)
        salt = salt.astype("<u4")
        for shard, tables in shards:
            if written >= articles:
                break
            target = dst / "shards" / f"{Path(shard).name}~{k}"
            target.mkdir(parents=True)
            for name, source_rows in tables.items():
                rows = [dict(r) for r in source_rows]
                for r in rows:
                    for col in ("id", "read_id", "article_id", "event_id", "duplicate_of", "content_hash", "key", "pos"):
                        if r.get(col):
                            r[col] = f"{r[col]}~{k}"
                    for col in ("published", "event_date"):
                        if col in r:
                            r[col] = shift(r[col], k)
                    if r.get("minhash"):
                        r["minhash"] = (np.frombuffer(r["minhash"], dtype="<u4") ^ salt).tobytes()
                pq.write_table(parquet_out.table(name, rows, shard=True), target / f"{name}.parquet")
            written += sum(1 for r in tables["articles"])
            (target / parquet_out.DONE).write_text("{}")
        k += 1
    return written


def dask_finish_memory(out: Path, workers: int, rows_per_partition: int) -> dict:
    """Run only the global stages on a fresh LocalCluster; peak RSS of each worker."""
    from distributed import Client, LocalCluster

    from strife.corpus import dask_finish, scratch

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=40) as cluster, Client(cluster) as client:
        base = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        t0 = time.perf_counter()
        totals = dask_finish.finish(str(out), DEFAULT_SETTINGS, workers, rows_per_partition, keep_scratch=True)
        wall = time.perf_counter() - t0
        peak = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    files = [f.stat().st_size for f in Path(scratch.root(str(out))).rglob("*") if f.is_file()]
    scratch.clear(str(out))
    return {"events": totals["events"], "articles": totals["articles"], "incidents": totals["incidents"],
            "copies": totals["copies"], "seconds": round(wall, 1),
            "largest_copy_component": totals["largest_copy_component"],
            "largest_incident_component": totals["largest_incident_component"],
            "scratch_files": len(files), "scratch_mb": round(sum(files) / 2**20, 1),
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
    ap.add_argument("-n", type=int, default=500, help="articles to generate when --corpus is not given")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts, e.g. 1,2")
    ap.add_argument("--phase", choices=("all", "throughput", "global"), default="all",
                    help="throughput: the engines on the corpus; global: the global stages on 1x and 10x "
                         "(reads the shards of the throughput phase's largest Dask run)")
    ap.add_argument("--base", type=int, default=2000, help="articles in the 1x global-stage corpus")
    ap.add_argument("--scale", type=int, default=10, help="how many times larger the second one is")
    ap.add_argument("--rows-per-partition", type=int, default=20_000,
                    help="rows per shuffled partition in the global-stage memory test")
    ap.add_argument("--no-local-finish", action="store_true", help="skip the local engine's finish in the global phase")
    ap.add_argument("-o", "--out", default="dask-bench-out", help="folder for outputs and the report")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = Path(args.corpus) if args.corpus else out / "corpus"
    workers = [int(w) for w in args.workers.split(",")]
    report: dict = {"corpus": str(corpus), "cpu_count": os.cpu_count(), "niceness": os.nice(0),
                    "loadavg_before": os.getloadavg()}
    if args.phase in ("all", "throughput"):
        if not args.corpus:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from make_synthetic_corpus import main as make

            make(["-n", str(args.n), "-o", str(corpus)])
        inputs = [str(p) for p in (corpus / "corpus.jsonl", corpus / "crawl.warc.gz") if p.exists()]
        _prepare_shared_data(DEFAULT_SETTINGS)     # a gazetteer (re)build is not throughput
        report["throughput"] = local_runs(inputs, out, workers) + dask_runs(inputs, out, workers)
    if args.phase in ("all", "global"):
        one = out / f"dask-w{max(workers)}"
        report["global_stages"] = []
        for label, n in (("x1", args.base), (f"x{args.scale}", args.base * args.scale)):
            folder = out / f"global-{label}"
            made = scale_shards(one, folder, n)
            load = _load()
            row = {"corpus": label, "articles_in_shards": made,
                   "dask_2_workers": dask_finish_memory(folder, 2, args.rows_per_partition)}
            if not args.no_local_finish:
                row["local_finish"] = local_finish_memory(folder, out / f"finish-{label}.db")
            row["loadavg_before_after"] = [load, _load()]
            report["global_stages"].append(row)
            print(json.dumps(row), file=sys.stderr)
    report["loadavg_after"] = os.getloadavg()
    name = "report.json" if args.phase == "all" else f"report-{args.phase}.json"
    (out / name).write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
