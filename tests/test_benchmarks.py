"""The throughput benchmark's table and the accuracy doc's throughput section (no timing here:
speed is measured by running benchmarks/throughput.py, never by a test)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _result(ratio: float, same: float) -> dict:
    rows = [
        {"mode": "bare", "workers": 1, "articles_per_s": 200.0, "words_per_s": 9000, "peak_rss_mb_per_worker": 160},
        {"mode": "bare-fast", "workers": 1, "articles_per_s": 300.0, "words_per_s": 13000, "peak_rss_mb_per_worker": 160},
        {"mode": "full", "workers": 1, "articles_per_s": 200.0 * ratio, "words_per_s": 5000,
         "peak_rss_mb_per_worker": 210, "ratio": ratio, "ratio_same_matmul": same},
    ]
    return {"corpus": "c.jsonl", "distinct_articles": 3, "articles": 200, "model": "m", "cpus": 2, "rows": rows}


def test_table_shows_every_run_and_both_ratios():
    throughput = _load(ROOT / "benchmarks" / "throughput.py", "strife_bench_throughput")
    table = throughput.format_table(_result(0.52, 0.4))
    assert "(a) bare spaCy, NER only" in table and "(a') bare spaCy" in table
    assert "| (b) full strife pipeline | 1 | 104.0 |" in table
    assert table.rstrip().endswith("| 0.52 | 0.40 |")


def test_accuracy_doc_reports_the_range_over_every_corpus():
    doc = _load(ROOT / "scripts" / "make_accuracy_doc.py", "strife_make_accuracy_doc")
    text = "\n".join(doc.throughput_section([_result(0.52, 0.40), _result(0.57, 0.41)]))
    assert "measured ratio b/a 0.52-0.57 (b/a' 0.40-0.41)" in text
    assert text.count("| run | workers |") == 2
    assert "Not measured" in "\n".join(doc.throughput_section([]))


def test_repeated_runs_keep_the_fastest_and_report_the_spread():
    throughput = _load(ROOT / "benchmarks" / "throughput.py", "strife_bench_throughput")
    runs = [{"mode": "full", "workers": 1, "articles_per_s": rate, "cpu_ms_per_article": cpu}
            for rate, cpu in ((90.0, 9.1), (120.0, 7.9), (100.0, 8.4))]
    best = throughput._fastest(runs)
    assert best["articles_per_s"] == 120.0 and best["slowest_articles_per_s"] == 90.0
    assert best["repeats"] == 3 and best["cpu_ms_per_article"] == 7.9
