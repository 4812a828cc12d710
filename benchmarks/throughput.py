"""Throughput of strife against the bare spaCy model on the same texts.

Measures articles/s, words/s and peak memory (RSS) for
  (a) bare spaCy: the same model with only its NER component enabled (plus any component
      NER listens to), run with `nlp.pipe`, as spaCy ships it (thinc's bundled BLIS, spaCy's
      own entity decoder): none of strife's speed-ups of the model;
  (a') the same, with the model as strife loads it (`load_nlp`: numpy's BLAS for the matrix
      multiplication, `fast_matmul`, and the numpy entity decoder, `nlp.fastner`), so that what
      strife adds on top of the model is seen apart from what it speeds up;
  (b) the full strife pipeline: cleaning, `nlp.pipe` with every component, places, events;
with 1 and 2 worker processes (each worker is a fresh process that loads the model once,
with one BLAS thread; loading time is not counted). The ratios b/a and b/a' are reported
per worker count.

Usage:
    python benchmarks/throughput.py [CORPUS] [--limit N] [--min-articles N] [--workers 1,2]
        [--repeat N] [--json OUT]

CORPUS is a folder or file that `strife extract` reads (default: examples/), or a JSONL file
of records with a "text" field (the dev files, e.g. ../shared/data/dev/acled_2015_south_asia.jsonl).
A small corpus is repeated until it has --min-articles articles.

Each measurement is taken --repeat times (default 3), the three runs interleaved (a, a', b,
a, a', b, ...) in fresh processes, and the fastest of each kept, as `timeit` does: a run can
only be slowed by the machine (other processes, frequency changes, a cold page cache), never
sped up, so the fastest run is the closest to what the code costs. The table says how far
the runs spread.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from queue import Empty

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARMUP_TEXT = "Gunmen killed three people in an attack on a market in Maiduguri on Sunday, police said."


def load_corpus(path: str, limit: int | None) -> list[tuple[str, str, str | None]]:
    """(id, raw text, published) per article, read the way `strife extract` reads inputs;
    JSONL records without an "id" (the dev files) are read by their "text" field."""
    from strife.models import DeadLetter

    items: list[tuple[str, str, str | None]] = []
    p = Path(path)
    if p.suffix == ".jsonl":
        with open(p, encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if limit is not None and len(items) >= limit:
                    break
                rec = json.loads(line)
                text = rec.get("text") or rec.get("html") or ""
                if text.strip():
                    items.append((str(rec.get("id") or rec.get("source_id") or i), text,
                                  rec.get("published")))
        return items
    from strife.read.inputs import read_inputs

    for item in read_inputs([path]):
        if isinstance(item, DeadLetter):
            continue
        # HTML inputs arrive as trafilatura's text: HTML extraction is not timed.
        items.append((item.id, item.raw or item.text, item.published))
        if limit is not None and len(items) >= limit:
            break
    return items


def ner_only_pipes(nlp) -> list[str]:
    """NER plus any shared tok2vec it listens to (en_core_web_sm's NER has its own)."""
    names = ["ner"]
    for name, pipe in nlp.pipeline:
        if name != "ner" and "ner" in getattr(pipe, "listening_components", []):
            names.insert(0, name)
    return names


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if platform.system() == "Darwin" else rss / 1024


def _build_gazetteer(path: str) -> None:
    from strife.geo.gazetteer import build

    build(path)


def _worker(mode: str, shard: list[tuple[str, str, str | None]], queue, gazetteer: str) -> None:
    from strife.read.clean import article_from_input
    from strife.errors import InputError
    from strife.nlp.model import load_nlp
    from strife.pipeline import extract_articles
    from strife.settings import DEFAULT_SETTINGS
    import numpy  # noqa: F401  (loaded first: threadpoolctl limits only the BLAS already loaded)
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # one core per worker, whatever the BLAS
    settings = DEFAULT_SETTINGS.replace(gazetteer_path=gazetteer, fast_matmul=(mode != "bare"))
    if mode == "bare":   # the model as spaCy ships it, none of strife's speed-ups
        import importlib

        from strife.nlp.model import model_name

        nlp = importlib.import_module(model_name(settings.spacy_model)).load()
    else:
        nlp = load_nlp(settings.spacy_model, settings.fast_matmul, settings.fast_parser)
    if mode in ("bare", "bare-fast"):
        texts = []
        for aid, raw, pub in shard:  # the same cleaned texts the full pipeline parses
            try:
                texts.append(article_from_input(raw, article_id=aid, html=False).text)
            except InputError:
                continue
        with nlp.select_pipes(enable=ner_only_pipes(nlp)):
            list(nlp.pipe([WARMUP_TEXT]))
            start, cpu = time.perf_counter(), time.process_time()
            n = sum(1 for _ in nlp.pipe(texts, batch_size=settings.batch_size))
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    else:
        list(extract_articles([article_from_input(WARMUP_TEXT, article_id="warmup")], settings))
        start, cpu = time.perf_counter(), time.process_time()
        articles = []
        for aid, raw, pub in shard:
            try:
                articles.append(article_from_input(raw, article_id=aid, published=pub, html=False))
            except InputError:
                continue
        n = sum(1 for _ in extract_articles(articles, settings))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    queue.put((n, seconds, _peak_rss_mb(), cpu))


def run(mode: str, corpus: list[tuple[str, str, str | None]], workers: int,
        gazetteer: str = "") -> dict:
    """One measurement: `workers` fresh processes, each with an equal share of the corpus."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    shards = [corpus[i::workers] for i in range(workers)]
    procs = [ctx.Process(target=_worker, args=(mode, shard, queue, gazetteer)) for shard in shards]
    for p in procs:
        p.start()
    results = []
    while len(results) < len(procs):
        try:
            results.append(queue.get(timeout=2))
        except Empty:
            if len(results) < len(procs) and not any(p.is_alive() for p in procs) and queue.empty():
                raise SystemExit(f"a {mode} worker died without a result (exit codes "
                                 f"{[p.exitcode for p in procs]}); see the error above")
    for p in procs:
        p.join()
    words = sum(len(raw.split()) for _, raw, _ in corpus)
    articles = sum(r[0] for r in results)
    seconds = max(r[1] for r in results)  # wall time of the slowest worker
    return {
        "mode": mode, "workers": workers, "articles": articles, "words": words,
        "seconds": round(seconds, 3),
        "articles_per_s": round(articles / seconds, 1) if seconds else None,
        "words_per_s": round(words / seconds) if seconds else None,
        "peak_rss_mb_per_worker": round(max(r[2] for r in results)),
        # CPU time per article (all workers): on a shared machine, steadier than the rates
        "cpu_ms_per_article": round(1000 * sum(r[3] for r in results) / articles, 2) if articles else None,
    }


def _fastest(runs: list[dict]) -> dict:
    """The fastest of repeated runs of one mode, with the spread of all of them."""
    best = dict(max(runs, key=lambda r: r["articles_per_s"] or 0))
    rates = [r["articles_per_s"] or 0 for r in runs]
    best["repeats"] = len(runs)
    best["slowest_articles_per_s"] = min(rates)
    best["cpu_ms_per_article"] = min(r["cpu_ms_per_article"] or 0 for r in runs)
    return best


def benchmark(corpus_path: str, limit: int | None = None, min_articles: int = 200,
              workers: tuple[int, ...] = (1, 2), repeat: int = 3) -> dict:
    corpus = load_corpus(corpus_path, limit)
    if not corpus:
        raise SystemExit(f"no articles found in {corpus_path}")
    distinct = len(corpus)
    while len(corpus) < min_articles:
        corpus = corpus + corpus[: min_articles - len(corpus)]
    # A private gazetteer index, built here: no worker builds it while timed or counts the
    # build in its peak memory, and no other process rebuilds it mid-run.
    import tempfile

    gazetteer_dir = tempfile.TemporaryDirectory(prefix="strife-bench-")
    gazetteer = str(Path(gazetteer_dir.name) / "gazetteer.sqlite")
    # In its own process: children inherit the peak RSS of the process they are forked from.
    builder = mp.get_context("spawn").Process(target=_build_gazetteer, args=(gazetteer,))
    builder.start()
    builder.join()
    rows = []
    for n in workers:
        runs: dict[str, list[dict]] = {"bare": [], "bare-fast": [], "full": []}
        for _ in range(max(1, repeat)):
            for mode in runs:
                runs[mode].append(run(mode, corpus, n, gazetteer))
        bare, bare_fast, full = (_fastest(runs[m]) for m in ("bare", "bare-fast", "full"))
        full["ratio"] = round(full["articles_per_s"] / bare["articles_per_s"], 3)
        full["ratio_same_matmul"] = round(full["articles_per_s"] / bare_fast["articles_per_s"], 3)
        rows += [bare, bare_fast, full]
    from strife.nlp.model import model_name

    gazetteer_dir.cleanup()
    return {"corpus": corpus_path, "distinct_articles": distinct, "articles": len(corpus),
            "model": model_name(), "cpus": mp.cpu_count(), "rows": rows}


def format_table(result: dict) -> str:
    lines = [f"corpus: {result['corpus']} ({result['distinct_articles']} distinct articles, "
             f"{result['articles']} timed; model {result['model']}; {result['cpus']} CPUs)", "",
             f"fastest of {result['rows'][0].get('repeats', 1)} interleaved runs per row; "
             "'slowest' is the slowest run's rate, CPU ms the least of the runs", "",
             "| run | workers | articles/s | slowest | words/s | CPU ms/article | peak RSS/worker (MB) | ratio b/a | ratio b/a' |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    names = {"bare": "(a) bare spaCy, NER only", "bare-fast": "(a') bare spaCy, NER only, as strife loads it",
             "full": "(b) full strife pipeline"}
    for r in result["rows"]:
        ratio = f"{r['ratio']:.2f}" if "ratio" in r else ""
        ratio2 = f"{r['ratio_same_matmul']:.2f}" if "ratio_same_matmul" in r else ""
        lines.append(f"| {names[r['mode']]} | {r['workers']} | {r['articles_per_s']} | "
                     f"{r.get('slowest_articles_per_s', '')} | "
                     f"{r['words_per_s']} | {r.get('cpu_ms_per_article', '')} | {r['peak_rss_mb_per_worker']} | "
                     f"{ratio} | {ratio2} |")
    return "\n".join(lines)


LATENCY_TEXT = ("Gunmen killed three people and wounded five others in an attack on a market in the "
                "town of Kalo on Monday, police said.")


def single_call_latency(calls: int = 20) -> float:
    """Median seconds of one `strife.extract` call on a short article, default settings, in a
    fresh process (the library's own BLAS limit applies, as for any caller)."""
    code = (f"import statistics, sys, time; sys.path.insert(0, {str(ROOT)!r}); import strife\n"
            f"text = {LATENCY_TEXT!r}\n"
            "for _ in range(3): strife.extract(text)\n"
            "times = []\n"
            f"for _ in range({calls}):\n"
            "    t0 = time.perf_counter(); strife.extract(text); times.append(time.perf_counter() - t0)\n"
            "print(statistics.median(times))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT / "examples"))
    parser.add_argument("--limit", type=int, default=None, help="use at most N articles of the corpus")
    parser.add_argument("--min-articles", type=int, default=200,
                        help="repeat a small corpus until it has this many articles")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per measurement, interleaved; the fastest is kept (default 3)")
    parser.add_argument("--json", dest="json_out", default=None, help="also write the results as JSON")
    args = parser.parse_args(argv)
    workers = tuple(int(w) for w in args.workers.split(","))
    result = benchmark(args.corpus, args.limit, args.min_articles, workers, args.repeat)
    result["single_call_latency_ms"] = round(single_call_latency() * 1000, 1)
    print(format_table(result))
    print(f"single-call latency, strife.extract on a short article, default settings: "
          f"{result['single_call_latency_ms']} ms (median of 20 calls; "
          "benchmarks/robustness.py compares quiet and loaded cores)")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
