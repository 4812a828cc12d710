"""Reading gold files and running the pipeline on their texts through the public API."""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import ArticleResult, DeadLetter
from ..settings import DEFAULT_SETTINGS, Settings
from .matching import KINDS, GoldFileError, normalise_date


def load_gold(path: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Records of a JSONL gold file (the first `limit` of them)."""
    records: list[dict[str, Any]] = []
    try:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if limit is not None and len(records) >= limit:
                    break
                if not line.strip():
                    continue
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise GoldFileError(f"{path}:{lineno}: not a JSON object ({exc.msg}); "
                                        "gold files are JSON Lines, one record a line")
    except OSError as exc:
        raise GoldFileError(f"cannot read gold file {path}: {exc.strerror}")
    return records


def detect_kind(records: Sequence[dict[str, Any]], path: str | Path = "") -> str:
    """Tell the kind of a gold file from its records."""
    if not records:
        raise GoldFileError(f"gold file {path} has no records")
    r = records[0]
    if "toponyms" in r:
        return "geo"
    if "event_mentions" in r:
        return "wikievents"
    if "expected" in r:
        return "gold"
    text_kind = r.get("text_kind", "")
    source = str(r.get("source", ""))
    if source == "muc4":
        return "muc4"
    if source == "india_police_events":
        return "policeevents"
    if text_kind == "gtd_summary" or source.startswith("gtd"):
        return "gtd"
    if text_kind == "acled_notes" or source.startswith("acled"):
        return "acled"
    raise GoldFileError(f"cannot tell what kind of gold file {path} is; "
                        f"pass --kind ({'|'.join(KINDS)})")


def record_text(record: dict[str, Any], kind: str) -> str:
    """The text the system reads for a record."""
    if kind == "wikievents" and record.get("sentences"):
        # WikiEvents' `text` glues sentences together without spaces ("SyriaThe");
        # its sentence list keeps them apart.
        return " ".join(s[1] for s in record["sentences"])
    return record.get("text") or ""


def record_published(record: dict[str, Any]) -> str | None:
    value = record.get("published") or record.get("date")
    return normalise_date(value) if value else None


def run_pipeline(texts: Sequence[str], published: Sequence[str | None],
                 settings: Settings = DEFAULT_SETTINGS,
                 progress: Callable[[int], None] | None = None,
                 failures: list[str] | None = None) -> list[ArticleResult | None]:
    """Results in input order; None where the text was rejected or the analysis failed
    (the reason, "stage: message", is appended to `failures` when given)."""
    from ..pipeline import extract_articles
    from ..read.clean import article_from_input

    results: list[ArticleResult | None] = [None] * len(texts)
    articles = []
    for i, (text, pub) in enumerate(zip(texts, published)):
        rid = f"rec{i}"
        try:
            articles.append(article_from_input(text, article_id=rid, published=pub, source=rid,
                                               html=False, settings=settings))
        except InputError as exc:
            if failures is not None:
                failures.append(f"{exc.stage}: {exc}")
            if progress:
                progress(1)
    for item in extract_articles(articles, settings):
        if isinstance(item, DeadLetter):  # a failed analysis leaves None: no events
            if failures is not None:
                failures.append(f"{item.stage}: {item.reason}")
        else:
            results[int(item.article.id[3:])] = item
        if progress:
            progress(1)
    return results
