"""Datasette metadata for a strife store: titles, table and column descriptions, label
columns (so foreign keys show as readable links) and the full-text tables to search.

`strife run --db month.db` writes `month.metadata.json` beside the store; open both with
`datasette month.db -m month.metadata.json`.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..errors import StrifeError

EVENT_COLUMNS = {
    "event_id": "strife's stable id for the event (same article + same incident -> same id)",
    "article_id": "The article the event was read from (link to articles)",
    "event_date": "Date of the event (YYYY-MM-DD)",
    "date_precision": "How precisely the date is known: day, week, month or year",
    "event_type": "ACLED event type (Battles, Protests, ...)",
    "sub_event_type": "ACLED sub-event type (Armed clash, Peaceful protest, ...)",
    "actor1": "First actor, in ACLED's naming style",
    "actor2": "Second actor (empty for single-actor events)",
    "inter1": "ACLED actor type code of actor1 (1 State forces ... 8 External/Other forces)",
    "inter2": "ACLED actor type code of actor2 (0 when there is none)",
    "location": "Most specific named place of the event",
    "country_code": "ISO 3166-1 alpha-2 country code",
    "latitude": "WGS84 latitude", "longitude": "WGS84 longitude",
    "geo_precision": "ACLED geo precision: 1 the place itself, 2 near it / part of a region, 3 a larger region",
    "fatalities": "Reported deaths (best estimate)",
    "notes": "One-sentence description of the event, in ACLED's note style",
    "confidence": "strife's confidence that this is a real event (0-1)",
    "updated_at": "When strife last wrote this row (UTC)",
}
TABLES: dict[str, dict[str, Any]] = {
    "articles": {
        "description": "One row per input article: cleaned text (every evidence offset points into it), "
                       "duplicate links and content hash.",
        "label_column": "title", "fts_table": "articles_fts", "fts_pk": "rowid",
        "columns": {"id": "Article id (from the input)", "status": "done, failed, or copy (an exact copy)",
                    "duplicate_of": "The original this article copies (link)",
                    "duplicate_kind": "exact or near", "similarity": "Estimated Jaccard similarity to the original",
                    "text": "Cleaned article text", "updated_at": "When strife last wrote this row (UTC)"},
    },
    "events": {
        "description": "One row per event read from one article, in ACLED/GTD-style fields.",
        "label_column": "notes", "fts_table": "events_fts", "fts_pk": "rowid",
        "sort_desc": "event_date", "columns": EVENT_COLUMNS,
    },
    "evidence": {
        "description": "The text spans behind each event field (offsets into articles.text).",
        "columns": {"event_id": "The event (link)", "field": "Which event field this span supports",
                    "start_char": "Start offset in the article's cleaned text", "end_char": "End offset"},
    },
    "places": {
        "description": "Every toponym found in an article and the gazetteer entry it resolved to.",
        "label_column": "text",
        "columns": {"article_id": "The article (link)", "text": "The place name as written",
                    "name": "Gazetteer name", "geonameid": "GeoNames id"},
    },
    "incidents": {
        "description": "Events merged across articles: one row per real-world incident.",
        "label_column": "notes", "sort_desc": "event_date",
        "columns": {**EVENT_COLUMNS, "incident_id": "Id of the merged incident",
                    "n_sources": "Independent sources (copies count once)",
                    "n_articles": "Articles reporting it", "n_events": "Article events merged into it"},
    },
    "incident_sources": {
        "description": "Which article events make up each incident.",
        "columns": {"incident_id": "The incident (link)", "event_id": "An article event (link)",
                    "article_id": "Its article (link)", "original_id": "The independent source it counts as"},
    },
    "dead_letters": {
        "description": "Inputs that could not be processed, with the stage and the reason.",
        "label_column": "input",
    },
}


def metadata_path(db: str) -> str:
    """Where `strife run` writes the metadata for `db`: month.db -> month.metadata.json."""
    return str(Path(db).with_suffix(".metadata.json"))


def metadata(db: str) -> dict[str, Any]:
    name = Path(db).stem
    return {
        "title": f"strife store: {name}",
        "description": "Events read from news articles by strife (ACLED/GTD-style fields, evidence "
                       "spans, merged incidents). Search articles and event notes with _search.",
        "databases": {name: {"tables": TABLES}},
    }


def write_metadata(db: str, path: str | None = None) -> str:
    """Write the Datasette metadata JSON for `db`; returns its path."""
    out = path or metadata_path(db)
    try:
        tmp = out + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(metadata(db), fh, indent=2)
            fh.write("\n")
        os.replace(tmp, out)
    except OSError as exc:
        raise StrifeError(f"cannot write the Datasette metadata {out}: {exc}") from None
    return out
