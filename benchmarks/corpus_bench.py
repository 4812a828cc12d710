"""Benchmark `strife run` on the synthetic corpus: throughput per worker count, peak memory
per worker, and how well merging and near-duplicate linking match the planted truth.

    python benchmarks/corpus_bench.py -n 5000 --workers 2,1 -o /tmp/bench
    python benchmarks/corpus_bench.py --corpus /tmp/synth --workers 2 -o /tmp/bench

Merging is scored pairwise over articles that yielded events: a pair is "merged" when some
event of one and some event of the other ended up in one incident, and "true" when the
generator planted them as the same incident. Near-duplicate linking is scored pairwise
over copy groups (an original with its wire copies and re-posts).
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from strife.corpus.runner import _prepare_shared_data, run  # noqa: E402
from strife.settings import DEFAULT_SETTINGS  # noqa: E402
from strife.corpus.store import Store  # noqa: E402


def _pairs(groups) -> set[frozenset[str]]:
    out: set[frozenset[str]] = set()
    for members in groups:
        for a, b in itertools.combinations(sorted(set(members)), 2):
            out.add(frozenset((a, b)))
    return out


def _pr(predicted: set, truth: set) -> dict[str, float | int]:
    hit = len(predicted & truth)
    p = hit / len(predicted) if predicted else 1.0
    r = hit / len(truth) if truth else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "predicted_pairs": len(predicted), "true_pairs": len(truth)}


def score(db: str, truth_path: str) -> dict:
    truth = [json.loads(line) for line in open(truth_path, encoding="utf-8")]
    incident_of = {t["id"]: t["incident"] for t in truth}
    with Store(db) as store:
        eventful = {r[0] for r in store.conn.execute(
            "SELECT id FROM articles WHERE status='done' AND n_events > 0")}
        by_incident: dict[str, set[str]] = defaultdict(set)
        for inc, aid in store.conn.execute("SELECT incident_id, article_id FROM incident_sources"):
            by_incident[inc].add(aid)
        roots = store.originals()
        n_incidents = store.counts()["incidents"]
        multi = store.conn.execute("SELECT COUNT(*) FROM incidents WHERE n_sources > 1").fetchone()[0]
    planted: dict[str, set[str]] = defaultdict(set)
    for aid in eventful:
        if aid in incident_of:
            planted[incident_of[aid]].add(aid)
    merging = _pr(_pairs(by_incident.values()), _pairs(planted.values()))
    merging["merged_incidents"] = n_incidents
    merging["incidents_with_several_sources"] = multi
    merging["planted_incidents_with_events"] = len(planted)

    true_groups: dict[str, set[str]] = defaultdict(set)
    for t in truth:
        if t["kind"] in ("wire", "exact"):
            true_groups[t["copy_of"]].update((t["copy_of"], t["id"]))
    found_groups: dict[str, set[str]] = defaultdict(set)
    for aid, root in roots.items():
        found_groups[root].update((root, aid))
    copies = _pr(_pairs(found_groups.values()), _pairs(true_groups.values()))
    return {"merging": merging, "near_duplicates": copies}


def bench(corpus: Path, out: Path, workers: list[int]) -> dict:
    inputs = [str(p) for p in (corpus / "corpus.jsonl", corpus / "crawl.warc.gz") if p.exists()]
    runs = []
    for n in workers:
        db = out / f"bench-w{n}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        _prepare_shared_data(DEFAULT_SETTINGS)   # a gazetteer (re)build is not throughput
        load_before = os.getloadavg()
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        summary = run(inputs, str(db), workers=n, settings=DEFAULT_SETTINGS, progress=sys.stderr.isatty())
        wall = time.perf_counter() - t0
        runs.append({
            "workers": n, "db": str(db), "articles_processed": summary.processed,
            "exact_copies": summary.copies, "failed": summary.failed, "events": summary.events,
            "seconds": round(wall, 1), "articles_per_s": round(summary.processed / wall, 2),
            "peak_rss_mb_per_worker": sorted(round(v) for v in summary.peak_rss_mb.values()),
            # share of one core each worker got while the run lasted: well under 1.0 means
            # the machine was busy with other work (or workers waited for the parent)
            "worker_cpu_share": sorted(round(v / wall, 2) for v in summary.worker_cpu_s.values()),
            "parent_cpu_s": round(time.process_time() - cpu0, 1),
            "finish_seconds": round(summary.finish_seconds, 1),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
            "totals": summary.totals,
        })
        print(json.dumps(runs[-1]), file=sys.stderr)
    report: dict = {"corpus": str(corpus), "cpu_count": os.cpu_count(), "runs": runs,
                    "parent_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    rates = {r["workers"]: r["articles_per_s"] for r in runs}
    if 1 in rates and 2 in rates:
        report["speedup_2_vs_1"] = round(rates[2] / rates[1], 2)
    truth = corpus / "truth.jsonl"
    if truth.exists():
        report["quality"] = score(runs[0]["db"], str(truth))
    return report


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=None, help="folder made by make_synthetic_corpus.py (default: make one)")
    ap.add_argument("-n", type=int, default=5000, help="articles to generate when --corpus is not given")
    ap.add_argument("--workers", default="2,1", help="comma-separated worker counts to run, e.g. 2,1")
    ap.add_argument("-o", "--out", default="bench-out", help="folder for stores and the report")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = Path(args.corpus) if args.corpus else out / "corpus"
    if not args.corpus:
        from make_synthetic_corpus import main as make

        make(["-n", str(args.n), "-o", str(corpus)])
    report = bench(corpus, out, [int(w) for w in args.workers.split(",")])
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
