"""The entry point: `evaluate(path, kind)` runs one gold file and returns a report dict;
`format_report` prints it."""
from __future__ import annotations

import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..settings import DEFAULT_SETTINGS, Settings
from .acled import score_acled
from .geo import score_geo
from .gold import score_gold_set
from .gtd import gtd_on_non_attack, score_gtd
from .matching import KINDS, GoldFileError, old_acled_type
from .news import WORST_STORIES
from .records import detect_kind, load_gold, record_published, record_text, run_pipeline
from .stories import NEWS_KINDS, format_news, score_stories, stories_from
from .tally import Scorecard, _ratio
from .wikievents import score_wikievents


def evaluate_records(records: Sequence[dict[str, Any]], kind: str,
                     settings: Settings = DEFAULT_SETTINGS,
                     progress: Callable[[int], None] | None = None,
                     lowercase_copy: bool = False, worst: int = WORST_STORIES,
                     uppercase_copy: bool = False) -> dict[str, Any]:
    """Run the pipeline on gold records of one kind and score it. Returns the report dict.
    News kinds (muc4, policeevents, wikievents) are also scored story by story; with
    `lowercase_copy` / `uppercase_copy` they are run and scored again on lower- / upper-cased
    texts (does strife read wire copy in capitals as well as mixed case?); `worst` is how
    many of the worst stories their report lists."""
    if kind not in KINDS:
        raise GoldFileError(f"unknown gold kind {kind!r}; use one of {', '.join(KINDS)}")
    started = time.perf_counter()
    texts = [record_text(r, kind) for r in records]
    published = [record_published(r) for r in records]
    failures: list[str] = []
    results = run_pipeline(texts, published, settings, progress, failures)
    seconds = time.perf_counter() - started
    n_events = [len(r.events) if r else 0 for r in results]
    report: dict[str, Any] = {
        "kind": kind,
        "records": len(records),
        "failed": sum(r is None for r in results),
        # grouped with digits masked, so one bug shows as one line
        "failure_reasons": [[reason, n] for reason, n in
                            Counter(re.sub(r"\d+", "N", f) for f in failures).most_common(5)],
        "events_per_record": _ratio(sum(n_events), len(records)),
        "records_with_events": _ratio(sum(1 for n in n_events if n), len(records)),
        "seconds": round(seconds, 1),
    }
    report["gtd_on_non_attack"] = gtd_on_non_attack(results)
    card = Scorecard()
    errors: list[float] = []
    if kind == "acled":
        score_acled(records, results, card, errors)
        if records and old_acled_type((records[0].get("gold") or {}).get("event_type")):
            report["schema"] = "old ACLED types, compared through data/evaluation/mappings.json"
    elif kind == "gtd":
        score_gtd(records, results, card, errors)
    elif kind == "geo":
        report["geo"] = score_geo(records, results)
    elif kind == "wikievents":
        report.update(score_wikievents(records, results, card))
    elif kind == "gold":
        report["events"] = score_gold_set(records, results, card)
    if kind in NEWS_KINDS:
        report["news"] = score_stories(kind, records, stories_from(records, texts, published, results),
                                       worst)
        copies = [("lower-cased copy", str.lower)] if lowercase_copy else []
        copies += [("upper-cased copy", str.upper)] if uppercase_copy else []
        for name, change in copies:   # the same stories in another letter case: a parity check
            changed = [change(t) for t in texts]
            res = run_pipeline(changed, published, settings, progress)
            report["news"][name] = score_stories(
                kind, records, stories_from(records, changed, published, res), worst)
    report["fields"] = card.to_dict()
    if errors:
        report["location_error_km"] = {"n": len(errors),
                                       "median": round(statistics.median(errors), 1)}
    weakest = card.weakest()
    report["weakest_field"] = weakest
    report["confusions"] = card.confusions()
    return report


def evaluate(path: str | Path, kind: str | None = None, limit: int | None = None,
             settings: Settings = DEFAULT_SETTINGS,
             progress: Callable[[int], None] | None = None,
             lowercase_copy: bool = False, worst: int = WORST_STORIES,
             uppercase_copy: bool = False) -> dict[str, Any]:
    """Score the pipeline on a gold JSONL file; `kind` is detected when not given."""
    records = load_gold(path, limit)
    kind = kind or detect_kind(records, path)
    report = evaluate_records(records, kind, settings, progress, lowercase_copy, worst,
                              uppercase_copy)
    return {"file": str(path), **report}


def _pct(value: float | None) -> str:
    return f"{100 * value:5.1f}%" if value is not None else "    -"


def format_report(report: dict[str, Any]) -> str:
    """The report as readable tables."""
    lines = [f"{report.get('file', '')}  (kind: {report['kind']})",
             f"records {report['records']}   failed {report['failed']}   "
             f"events/record {report['events_per_record']}   "
             f"records with events {_pct(report['records_with_events']).strip()}   "
             f"{report['seconds']}s"]
    for reason, n in report.get("failure_reasons") or []:
        lines.append(f"failed x{n}: {reason[:160]}")
    if report.get("schema"):
        lines.append(f"schema: {report['schema']}")
    if report.get("gold_event_mentions_per_doc") is not None:
        lines.append(f"gold event mentions/doc {report['gold_event_mentions_per_doc']}")
    geo = report.get("geo")
    if geo:
        lines += ["", f"{'measure':<28}{'value':>10}"]
        rows = [("gold toponyms", geo["gold_toponyms"]), ("found (span overlap)", geo["found"]),
                ("recall", _pct(geo["recall"])), ("predicted places", geo["predicted_places"]),
                ("precision", _pct(geo["precision"])),
                ("accuracy@161km (all gold)", _pct(geo["acc161_all"])),
                ("accuracy@161km (found)", _pct(geo["acc161_found"])),
                ("mean error km", geo["mean_error_km"]), ("median error km", geo["median_error_km"])]
        lines += [f"{k:<28}{str(v) if v is not None else '-':>10}" for k, v in rows]
    ev = report.get("events")
    if ev:
        lines += ["", f"events: expected {ev['expected_events']}, predicted {ev['predicted_events']}, "
                      f"precision {_pct(ev['event_precision']).strip()}, "
                      f"recall {_pct(ev['event_recall']).strip()}; non-event articles quiet "
                      f"{_pct(ev['non_event_quiet']).strip()} of {ev['non_event_articles']}"]
    if report.get("gtd_on_non_attack") is not None:
        lines.append(f"GTD fields on non-attack events {report['gtd_on_non_attack']}")
    fields = report.get("fields") or {}
    if fields:
        lines += ["", f"{'field':<22}{'n':>7}{'right':>8}{'accuracy':>10}"]
        for name, t in fields.items():
            lines.append(f"{name:<22}{t['n']:>7}{t['correct']:>8}{_pct(t['accuracy']):>10}")
    if report.get("location_error_km"):
        loc = report["location_error_km"]
        lines.append(f"location error: median {loc['median']} km over {loc['n']} located events")
    weakest = report.get("weakest_field")
    if weakest and report.get("confusions", {}).get(weakest):
        lines += ["", f"top confusions, {weakest} (gold -> predicted):"]
        for gold, pred, count in report["confusions"][weakest]:
            lines.append(f"  {count:>5}  {gold} -> {pred}")
    if report.get("news"):
        lines += format_news(report["kind"], report["news"])
    return "\n".join(lines)
