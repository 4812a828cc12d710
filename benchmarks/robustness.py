"""Robustness numbers: a runaway sentence, single-call latency quiet and loaded, flat memory.

    python benchmarks/robustness.py                    # everything (10,000-article memory run: minutes)
    python benchmarks/robustness.py --articles 1000    # a shorter memory run
    python benchmarks/robustness.py --skip-memory

Prints:
  - the time `strife.extract` takes on single-sentence articles of 3.5-28 KB ('killed ' * n);
    the 28 KB one must finish in under 2 s (before the sentence cap and the linear walks:
    123 s);
  - single-call latency of `strife.extract` on a short article, median of 20 calls, with
    the default one BLAS thread (`blas_threads=1`) and with numpy's default threads
    (`blas_threads=0`), on a quiet machine and with every core kept busy by other processes;
  - resident memory of one `strife extract` run over N generated articles, sampled every
    half second: it must stay flat (the last samples near the middle ones).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHORT = ("Gunmen killed three people and wounded five others in an attack on a market in the "
         "town of Kalo on Monday, police said.")


def runaway_sentence(sizes=(500, 1000, 2000, 4000)) -> list[tuple[int, float, float]]:
    """(characters, wall seconds, CPU seconds) of `strife.extract('killed ' * n)`."""
    import strife

    strife.extract(SHORT)
    out = []
    for n in sizes:
        text = "killed " * n
        w0, c0 = time.perf_counter(), time.process_time()
        strife.extract(text)
        out.append((len(text), time.perf_counter() - w0, time.process_time() - c0))
    return out


_LATENCY = """
import statistics, sys, time
sys.path.insert(0, {root!r})
import strife
settings = strife.Settings(blas_threads={threads})
for _ in range(3):
    strife.extract({text!r}, settings=settings)
times = []
for _ in range(20):
    t0 = time.perf_counter()
    strife.extract({text!r}, settings=settings)
    times.append(time.perf_counter() - t0)
print(statistics.median(times))
"""


def _busy(stop) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def latency(threads: int, loaded: bool) -> float:
    """Median single-call seconds in a fresh process (BLAS limits are per process)."""
    stop = mp.Event()
    hogs = [mp.Process(target=_busy, args=(stop,)) for _ in range(os.cpu_count() or 1)] if loaded else []
    for h in hogs:
        h.start()
    try:
        code = _LATENCY.format(root=str(ROOT), threads=threads, text=SHORT)
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900)
        return float(proc.stdout.strip().splitlines()[-1])
    finally:
        stop.set()
        for h in hogs:
            h.join()


def generated_corpus(path: Path, n: int) -> None:
    """`n` short, distinct articles as JSONL (places, numbers and dates vary)."""
    towns = ["Kalo", "Goma", "Mosul", "Kirkuk", "Aleppo", "Idlib", "Maiduguri", "Kabul", "Tripoli", "Bunia"]
    actors = ["Gunmen", "Militants", "Rebels", "Soldiers", "Police", "Unidentified attackers"]
    verbs = ["killed", "wounded", "abducted", "shot dead", "attacked"]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = (f"{actors[i % len(actors)]} {verbs[i % len(verbs)]} {i % 40 + 2} people in "
                    f"{towns[i % len(towns)]} on Monday, officials said. Article {i}: residents "
                    f"said the attack on the market lasted {i % 5 + 1} hours and {i % 7} homes burned.")
            fh.write(json.dumps({"id": f"a{i}", "text": text, "published": "2015-05-18"}) + "\n")


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def memory_run(n: int) -> tuple[list[tuple[float, float]], float, int]:
    """RSS samples (seconds, MB) of one `strife extract` over `n` articles; seconds; exit code."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        generated_corpus(corpus, n)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "strife.cli", "extract", str(corpus),
                                 "-o", str(Path(tmp) / "out.csv"), "-q"], env=env)
        samples = []
        while proc.poll() is None:
            mb = _rss_mb(proc.pid)
            if mb is not None:
                samples.append((time.perf_counter() - t0, mb))
            time.sleep(0.5)
        return samples, time.perf_counter() - t0, proc.returncode


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the memory run")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args(argv)

    print("runaway sentence ('killed ' * n), one strife.extract call:")
    for chars, wall, cpu in runaway_sentence():
        print(f"  {chars / 1000:5.1f} KB: {wall:6.2f} s wall, {cpu:6.2f} s CPU")
    if not args.skip_latency:
        print("single-call latency, short article (median of 20 calls):")
        for threads, label in ((1, "blas_threads=1 (default)"), (0, "blas_threads=0 (numpy's threads)")):
            quiet, loaded = latency(threads, False), latency(threads, True)
            print(f"  {label:34s} quiet {quiet * 1000:7.1f} ms   cores loaded {loaded * 1000:7.1f} ms")
    if not args.skip_memory:
        samples, seconds, code = memory_run(args.articles)
        mbs = [mb for _, mb in samples]
        print(f"memory of `strife extract` over {args.articles} articles ({seconds:.0f} s, exit {code}), "
              f"{len(samples)} samples:")
        if mbs:
            for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
                t, mb = samples[min(len(samples) - 1, int(len(samples) * frac) - (frac == 1.0))]
                print(f"  at {t:6.0f} s ({frac:4.0%} of the run): {mb:6.0f} MB")
            half = mbs[len(mbs) // 2:]
            print(f"  second half: min {min(half):.0f} MB, max {max(half):.0f} MB, "
                  f"median {statistics.median(half):.0f} MB; peak {max(mbs):.0f} MB")


if __name__ == "__main__":
    main()
