"""Evaluation: scoring strife against gold-coded data, the same way every time.

Takes a gold JSONL file; gives a report dict (per-field tallies, confusions, errors).

One entry point, `evaluate(path, kind)`, reads a gold JSONL file, runs the pipeline on each
record's text through the public API (`article_from_input` + `extract_articles`) and returns
a report dict; `format_report` turns it into the printed tables.

Kinds of gold file:
- `acled`: ACLED rows (`text` = ACLED's note). Old-schema rows (pre-2019 event types) are
  compared through the `acled_old_schema` table in `data/evaluation/mappings.json`.
- `gtd`: GTD rows; GTD's attack type (gold `event_type`) is compared with our `attack_type`.
- `geo`: documents with every toponym marked (TR-News, GeoVirus).
- `wikievents`: KAIROS-annotated articles; events per document and whether the top event's
  ACLED type is one the gold event mentions allow (`kairos_to_acled` table).
- `gold`: strife's own gold set (`tests/gold/`): several expected events per article, or none.
- `muc4`, `policeevents` (and `wikievents` again): whole news stories, scored story by story
  (`stories.py` dispatches to `muc4.py`, `policeevents.py`, `wikievents.py`; the story view,
  one-to-one matching and the story counters shared by all three are in `news.py`).

ACLED and GTD rows carry no publication date, so `published` is left empty (their texts state
their dates); a record that does carry one (`published` or `date`) passes it on.
"""
from .matching import KINDS, GoldFileError
from .records import detect_kind, load_gold, record_published, record_text, run_pipeline
from .report import evaluate, evaluate_records, format_report

__all__ = ["KINDS", "GoldFileError", "detect_kind", "evaluate", "evaluate_records", "format_report",
           "load_gold", "record_published", "record_text", "run_pipeline"]
