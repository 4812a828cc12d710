"""Fuzzing strife with generated hostile and broken inputs, checking the invariants on every output.

    python benchmarks/fuzz.py -n 10000          # the long run (minutes); prints the tally
    python benchmarks/fuzz.py -n 200 --seed 7   # a quick one

Invariants, on every input:
  - no exception escapes `strife.extract` / `strife.extract_articles` (and `strife.extract_many`
    where it exists) except `strife.InputError`;
  - evidence offsets slice the cleaned text exactly;
  - low <= best <= high for every count, and no count above `max_count`;
  - event dates are valid ISO dates within min_published_year..max_published_year;
  - latitude in [-90, 90], longitude in [-180, 180], confidence in [0, 1];
  - every record serialises to JSON without NaN or infinity;
  - CSV and GeoJSON written by strife parse back to the same number of records;
  - no input takes longer than `max_article_seconds`.
Then one `strife extract` run over a folder mixing every kind of bad input with good ones:
every bad input is a dead letter and every good input beside it is written.
tests/test_fuzz.py runs the same checks, bounded, with hypothesis.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import strife  # noqa: E402
from strife.models import ArticleResult, DeadLetter  # noqa: E402
from strife.output.writers import EventWriter, read_csv_rows  # noqa: E402

# ------------------------------------------------------------------ generating inputs

WORDS = (
    "killed wounded injured shot dead bomb blast exploded airstrike shelling clashes rebels "
    "militants soldiers police army protesters gunmen attacked kidnapped abducted fled "
    "civilians villagers town village district province Kabul Mosul Aleppo Kalo Goma Maiduguri "
    "on Monday Tuesday yesterday last week at least up to about dozens hundreds scores "
    "the a an and of in near by with said officials according to reports claimed responsibility "
    "Islamic State Taliban al-Shabaab Boko Haram troops forces government militia "
    "three five 12 100 1,200 two hundred 2.5 million -4 0 999999999999999999999 "
    "3 January 2015 2015-05-18 13/45/2015 May 32 "
).split()
JUNK = ["\ud800", "\udfff", "\x00", "\x07", "\u200b", "\u202e", "\ufeff", "\r", "\t", "\x0b",
        "İ", "ﬁ", "ß", "😀", "\U0010ffff", "=HYPERLINK(\"x\")", "+cmd|' /C calc'!A0", "@SUM(1)",
        "<script>", "</p>", "<!--", "&amp;", "&#0;", "\\u0000", "NaN", "inf", "-inf", "1e309",
        "...", "!!!", "\n\n", "Published: 2015-05-18", "Published: 9999-99-99", "Date: 0000-00-00"]
PUBLISHED = [None, "2015-05-18", "2023-03-14", "1999-12-31T23:59:59Z", "not a date", "nan",
             "2015-13-45", "0000-01-01", "9999-12-31", "", "2015-02-29", "2016-02-29"]


def random_text(rng: random.Random) -> str:
    """One generated input: conflict-news words, numbers and dates, with junk mixed in."""
    kind = rng.random()
    if kind < 0.05:   # a runaway sentence
        return (rng.choice(WORDS) + " ") * rng.randint(500, 4000)
    if kind < 0.10:   # HTML, often broken
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 120)))
        return rng.choice([f"<html><body><p>{body}</p></body></html>", f"<html><body><p>{body}",
                           f"<html><body><!-- <p>{body}", f"<p>{body}<script>var x = 1;"])
    n = rng.randint(0, 300 if kind < 0.9 else 3000)
    parts = []
    for _ in range(n):
        r = rng.random()
        parts.append(rng.choice(JUNK) if r < 0.06 else str(rng.randint(-10**rng.randint(1, 25), 10**rng.randint(1, 25)))
                     if r < 0.1 else rng.choice(WORDS))
        if rng.random() < 0.08:
            parts.append(rng.choice([".", ",", ";", "\n", "\n\n", "!", "?", ":"]))
    return " ".join(parts)


# ------------------------------------------------------------------ the invariants

COUNTS = ("fatalities", "injured", "displaced")


def check_result(result: ArticleResult, settings: strife.Settings) -> list[str]:
    """Every invariant one article's result breaks (an empty list when it keeps them all)."""
    bad: list[str] = []
    text = result.article.text
    for ev in result.events:
        d = ev.to_dict()
        for e in d["evidence"]:
            if not (0 <= e["start"] <= e["end"] <= len(text)) or text[e["start"]:e["end"]] != e["text"]:
                bad.append(f"evidence {e['field']} [{e['start']}:{e['end']}] does not slice the text")
        for name in COUNTS:
            low, best, high = d[f"{name}_low"], d[name], d[f"{name}_high"]
            present = [v for v in (low, best, high) if v is not None]
            if any(not isinstance(v, int) or v < 0 or v > settings.max_count for v in present):
                bad.append(f"{name} out of range: {low}, {best}, {high}")
            if low is not None and best is not None and low > best or \
                    best is not None and high is not None and best > high or \
                    low is not None and high is not None and low > high:
                bad.append(f"{name} bounds out of order: {low} <= {best} <= {high}")
        if d["event_date"] is not None:
            try:
                day = dt.date.fromisoformat(d["event_date"])
                if not settings.min_published_year - 1 <= day.year <= settings.max_published_year + 1:
                    bad.append(f"event_date out of range: {d['event_date']}")
            except (TypeError, ValueError):
                bad.append(f"event_date not an ISO date: {d['event_date']!r}")
        lat, lon = d["latitude"], d["longitude"]
        if lat is not None and not -90 <= lat <= 90 or lon is not None and not -180 <= lon <= 180:
            bad.append(f"coordinates out of range: {lat}, {lon}")
        if not 0 <= d["confidence"] <= 1:
            bad.append(f"confidence out of range: {d['confidence']}")
        try:
            json.dumps(d, allow_nan=False, ensure_ascii=False).encode("utf-8")
        except (ValueError, UnicodeEncodeError) as exc:
            bad.append(f"record is not clean JSON: {exc}")
        for v in d.values():
            if isinstance(v, float) and not math.isfinite(v):
                bad.append("NaN or infinity in a field")
    bad.extend(check_writers([ev.to_dict() for ev in result.events]))
    return bad


def _is_number(value: str) -> bool:
    """A plain number ("-12.5"): a spreadsheet reads it as a number, not as a formula."""
    try:
        return math.isfinite(float(value)) and value.strip() == value
    except ValueError:
        return False


def check_writers(events: list[dict[str, Any]]) -> list[str]:
    """CSV and GeoJSON written by strife parse back with every record."""
    bad: list[str] = []
    for fmt in ("csv", "geojson", "jsonl"):
        buf = io.StringIO()
        with EventWriter(buf, fmt, close=False) as writer:
            for ev in events:
                writer.write(ev)
        out = buf.getvalue()
        try:
            if fmt == "csv":
                rows = read_csv_rows(out)
                if len(rows) != len(events):
                    bad.append(f"CSV gave back {len(rows)} rows for {len(events)} events")
                for row in rows:
                    for k, v in row.items():
                        if v.startswith(("=", "+", "-", "@", "\t", "\r")) and not _is_number(v):
                            bad.append(f"CSV cell {k} starts like a formula: {v[:30]!r}")
            elif fmt == "geojson":
                n = len(json.loads(out)["features"])
                if n != len(events):
                    bad.append(f"GeoJSON gave back {n} features for {len(events)} events")
            else:
                n = len([json.loads(line) for line in out.splitlines()])
                if n != len(events):
                    bad.append(f"JSONL gave back {n} lines for {len(events)} events")
        except ValueError as exc:
            bad.append(f"{fmt} does not parse back: {exc}")
    return bad


# ------------------------------------------------------------------ the library run

def fuzz_library(n: int, seed: int = 0, settings: strife.Settings | None = None,
                 progress: bool = False, minutes: float = 0.0) -> dict[str, Any]:
    """`n` generated inputs through `strife.extract` (and, in batches, `extract_articles`);
    returns the tally. With `minutes`, stops early when that time is up (the tally says
    how many inputs were done)."""
    stop_at = time.perf_counter() + minutes * 60 if minutes > 0 else float("inf")
    from strife.read.clean import article_from_input

    settings = settings or strife.Settings()
    rng = random.Random(seed)
    tally: dict[str, Any] = {"inputs": 0, "results": 0, "input_errors": 0, "stage_dead_letters": 0,
                             "events": 0, "escaped": [], "violations": [], "over_budget": 0,
                             "max_seconds": 0.0, "slowest_chars": 0}
    batch: list = []

    def record(result: ArticleResult) -> None:
        tally["results"] += 1
        tally["events"] += len(result.events)
        tally["stage_dead_letters"] += len(result.errors)
        tally["over_budget"] += sum("max_article_seconds" in e.reason for e in result.errors)
        for v in check_result(result, settings):
            tally["violations"].append((result.article.id, v))

    for i in range(n):
        text = random_text(rng)
        published = rng.choice(PUBLISHED) if rng.random() < 0.3 else "2015-05-18"
        title = rng.choice([None, "A title", 42, "\ud800 title"])
        tally["inputs"] += 1
        t0 = time.perf_counter()
        try:
            if i % 2:   # half through the one-article call
                record(strife.extract(text, published=published, title=title, settings=settings,
                                      article_id=f"in{i}"))
            else:       # half batched through extract_articles (what the CLI and runner use)
                batch.append(article_from_input(text, article_id=f"in{i}", published=published,
                                                title=title, source=f"in{i}", settings=settings))
        except strife.InputError:
            tally["input_errors"] += 1
        except Exception as exc:  # noqa: BLE001 - the point of the fuzzer: count what escapes
            tally["escaped"].append((f"in{i}", f"{type(exc).__name__}: {exc}"[:200]))
        seconds = time.perf_counter() - t0
        if seconds > tally["max_seconds"]:
            tally["max_seconds"], tally["slowest_chars"] = seconds, len(text)
        if len(batch) >= 32 or i == n - 1 or time.perf_counter() > stop_at:
            try:
                for item in strife.extract_articles(batch, settings):
                    if isinstance(item, ArticleResult):
                        record(item)
            except Exception as exc:  # noqa: BLE001
                tally["escaped"].append(("batch", f"{type(exc).__name__}: {exc}"[:200]))
            batch = []
        if time.perf_counter() > stop_at and not batch:
            break
        if progress and (i + 1) % 100 == 0:
            print(f"  {i + 1} inputs, {len(tally['escaped'])} escaped, {len(tally['violations'])} violations",
                  file=sys.stderr, flush=True)
    extract_many = getattr(strife, "extract_many", None)
    if extract_many is not None:   # the batch API, where it exists
        try:
            texts = [random_text(rng) for _ in range(min(n, 64))]
            for item in extract_many(texts, settings=settings):
                if isinstance(item, ArticleResult):
                    record(item)
        except strife.InputError:
            pass
        except Exception as exc:  # noqa: BLE001
            tally["escaped"].append(("extract_many", f"{type(exc).__name__}: {exc}"[:200]))
    return tally


# ------------------------------------------------------------------ the CLI run

GOOD = "Gunmen killed {n} people in the town of Kalo in Goma on Monday, police said."


def write_mixed_folder(folder: Path) -> tuple[set[str], set[str]]:
    """A folder of good inputs and every kind of bad one; returns (good ids, bad inputs)."""
    folder.mkdir(parents=True, exist_ok=True)
    good: set[str] = set()
    bad: set[str] = set()
    records = []
    bad_records = [
        {"id": "bad-published", "text": GOOD.format(n=3), "published": "not a date"},
        {"id": "bad-year", "text": GOOD.format(n=3), "published": "9999-12-31"},
        {"id": "bad-month", "text": GOOD.format(n=3), "published": "2015-13-45"},
        {"id": "bad-title", "text": GOOD.format(n=3), "title": ["x"]},
        {"id": {"no": 1}, "text": GOOD.format(n=3)},
        {"id": "no-text", "title": "t"},
        {"id": "short", "text": "hi"},
    ]
    for i in range(40):
        records.append({"id": f"good{i}", "text": GOOD.format(n=i % 9 + 2), "published": "2015-05-18"})
        good.add(f"good{i}")
        if i < len(bad_records):
            records.append(bad_records[i])
    # good ones that used to be lost or wrong
    records.append({"id": "surrogate", "text": GOOD.format(n=4) + " \ud800", "published": "2015-05-18"})
    records.append({"id": "huge-number", "text": "999999999999999999999 people were killed in Goma on Monday, police said.",
                    "published": "2015-05-18"})
    good |= {"surrogate", "huge-number"}
    with open(folder / "records.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")   # ASCII: a lone surrogate as the escape "\\ud800"
        fh.write('{"id": "broken", "text": \n')   # a broken JSON line
    n_bad_lines = len(bad_records) + 1
    (folder / "one_line.txt").write_text("Published: 2015-05-18 " + GOOD.format(n=5), encoding="utf-8")
    good.add(str(folder / "one_line.txt"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "latin1.txt").write_bytes(GOOD.format(n=2).encode("utf-8") + b" caf\xe9")
    (folder / "nomain.html").write_text("<html><body><!-- <p>" + GOOD.format(n=3), encoding="utf-8")
    (folder / "empty.warc.gz").write_bytes(b"")
    bad |= {str(folder / n) for n in ("empty.txt", "binary.txt", "latin1.txt", "nomain.html", "empty.warc.gz")}
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.txt")
        bad.add(str(folder / "fifo.txt"))
    bad |= {f"records.jsonl:{i}" for i in range(n_bad_lines)}   # counted, not named
    return good, bad


def fuzz_cli(folder: Path) -> dict[str, Any]:
    """`strife extract` over the mixed folder: every bad input a dead letter, every good one written."""
    good, bad = write_mixed_folder(folder)
    out = folder.parent / "out.jsonl"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "strife.cli", "extract", str(folder), "-o", str(out), "-q"],
                          capture_output=True, text=True, env=env, timeout=1800)
    events = [json.loads(line) for line in open(out, encoding="utf-8")] if out.exists() else []
    dead = [json.loads(line) for line in open(str(out) + ".errors.jsonl", encoding="utf-8")]
    written = {e["article_id"] for e in events}
    missing = sorted(g for g in good if g not in written)
    dead_inputs = {d["input"] for d in dead}
    bad_files = {b for b in bad if not b.startswith("records.jsonl:")}
    jsonl_dead = sum(1 for d in dead if d["input"].endswith("records.jsonl"))
    return {"exit_code": proc.returncode, "traceback": "Traceback" in proc.stderr,
            "good": len(good), "good_missing": missing, "bad": len(bad),
            "bad_without_dead_letter": sorted(b for b in bad_files if b not in dead_inputs)
            + ([f"records.jsonl: {jsonl_dead} dead letters for {len(bad) - len(bad_files)} bad lines"]
               if jsonl_dead != len(bad) - len(bad_files) else []),
            "dead_letters": len(dead), "events": len(events)}


def _shard(n: int, seed: int, minutes: float = 0.0) -> dict[str, Any]:
    strife.extract("Gunmen killed three people in Goma on Monday.")   # load the model first
    return fuzz_library(n, seed, strife.Settings(), progress=True, minutes=minutes)


def merge_tallies(tallies: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for t in tallies:
        for k, v in t.items():
            if k == "max_seconds":
                if v >= out.get(k, 0.0):
                    out[k], out["slowest_chars"] = v, t["slowest_chars"]
            elif k != "slowest_chars":
                out[k] = out.get(k, [] if isinstance(v, list) else 0) + v
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10_000, help="generated inputs (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1, help="processes sharing the inputs (seeds seed..seed+jobs-1)")
    parser.add_argument("--minutes", type=float, default=0.0,
                        help="stop generating after this long (0: no limit); the tally says how many were done")
    args = parser.parse_args(argv)
    settings = strife.Settings()
    t0 = time.perf_counter()
    sizes = [args.n // args.jobs + (i < args.n % args.jobs) for i in range(args.jobs)]
    if args.jobs > 1:
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        with ProcessPoolExecutor(args.jobs, mp_context=get_context("spawn")) as pool:
            lib = merge_tallies(list(pool.map(_shard, sizes, range(args.seed, args.seed + args.jobs),
                                              [args.minutes] * args.jobs)))
    else:
        lib = _shard(args.n, args.seed, args.minutes)
    lib_seconds = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        cli = fuzz_cli(Path(tmp) / "inputs")
    print(f"library: {lib['inputs']} inputs in {lib_seconds:.0f}s: {lib['results']} results, "
          f"{lib['input_errors']} InputError (refused at the edge), {lib['stage_dead_letters']} stage dead letters "
          f"({lib['over_budget']} over max_article_seconds={settings.max_article_seconds:g}), {lib['events']} events")
    print(f"library: {len(lib['escaped'])} escaped exceptions, {len(lib['violations'])} invariant violations, "
          f"slowest input {lib['max_seconds']:.2f}s ({lib['slowest_chars']} chars)")
    for where, what in (lib["escaped"] + lib["violations"])[:20]:
        print(f"  {where}: {what}")
    print(f"cli: exit {cli['exit_code']}, traceback {cli['traceback']}, {cli['good']} good inputs "
          f"({len(cli['good_missing'])} missing from the output), {cli['bad']} bad inputs "
          f"({len(cli['bad_without_dead_letter'])} without a dead letter), {cli['dead_letters']} dead letters, "
          f"{cli['events']} events")
    for line in cli["good_missing"] + cli["bad_without_dead_letter"]:
        print(f"  {line}")
    failed = lib["escaped"] or lib["violations"] or lib["max_seconds"] > settings.max_article_seconds \
        or cli["good_missing"] or cli["bad_without_dead_letter"] or cli["traceback"] or cli["exit_code"] != 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
