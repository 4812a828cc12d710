"""Reading inputs: .txt, .html/.htm, .jsonl, folders, stdin, WARC -> Articles or dead letters.

A bad input (empty, binary, non-UTF-8, oversized, broken JSON line, record without text)
becomes a `DeadLetter` naming the file and line; the good inputs go on.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..models import Article, DeadLetter
from ..settings import DEFAULT_SETTINGS, Settings
from .clean import article_from_input
from .validate import check_field, check_published

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
STDIN = "-"


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return path.suffix.lower()


def is_supported(path: Path) -> bool:
    return _suffix(path) in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES


def iter_input_files(paths: Iterable[str], settings: Settings = DEFAULT_SETTINGS) -> Iterator[str | DeadLetter]:
    """Expand folders (recursively, sorted, supported suffixes only); keep files and '-'."""
    count = 0
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    child = Path(root) / name
                    if name.startswith(".") or not is_supported(child):
                        continue
                    count += 1
                    if count > settings.max_input_files:
                        yield DeadLetter(str(child), "read", f"more than max_input_files={settings.max_input_files} files; the rest were skipped")
                        return
                    yield str(child)
        elif path.exists():
            yield str(path)
        else:
            yield DeadLetter(raw, "read", "no such file or folder")


def _decode(data: bytes, name: str, line: int | None = None) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes); give a .txt, .html or .jsonl article",
                         input=name, line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.start}); re-encode the file as UTF-8",
                         input=name, line=line) from None
    return text


def _read_bytes(path: str, settings: Settings) -> bytes:
    if path == STDIN:
        data = sys.stdin.buffer.read(settings.max_article_bytes + 1)
    else:
        size = os.path.getsize(path)
        if size > settings.max_article_bytes:
            raise InputError(f"file is {size} bytes, over max_article_bytes={settings.max_article_bytes}; "
                             "split it or raise the setting", input=path)
        with open(path, "rb") as fh:
            data = fh.read()
    if len(data) > settings.max_article_bytes:
        raise InputError(f"input is over max_article_bytes={settings.max_article_bytes}", input=path)
    if not data.strip():
        raise InputError("empty file", input=path)
    return data


def read_file(path: str, settings: Settings = DEFAULT_SETTINGS, published: str | None = None) -> Iterator[Article | DeadLetter]:
    """Articles from one file (or stdin); every failure becomes a DeadLetter."""
    suffix = _suffix(Path(path)) if path != STDIN else ""
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, settings, published)
        return
    if suffix in WARC_SUFFIXES:
        from .warc import read_warc  # optional corpus-mode reader

        yield from read_warc(path, settings)
        return
    try:
        text = _decode(_read_bytes(path, settings), path)
        article_id = "stdin" if path == STDIN else path
        html = True if suffix in HTML_SUFFIXES else (False if suffix in TEXT_SUFFIXES else None)
        yield article_from_input(text, article_id=article_id, published=published, source=path,
                                 html=html, settings=settings)
    except InputError as exc:
        yield DeadLetter(input=path, stage=exc.stage, reason=str(exc), line=exc.line)
    except OSError as exc:
        yield DeadLetter(input=path, stage="read", reason=exc.strerror or str(exc))


def article_from_record(record: object, *, source: str, line: int | None,
                        settings: Settings = DEFAULT_SETTINGS, published: str | None = None) -> Article:
    """An Article from one JSONL record: id, text or html, optional published, url, title."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}", input=source, line=line)
    text, html = record.get("text"), record.get("html")
    body = text if isinstance(text, str) and text.strip() else html
    if not isinstance(body, str) or not body.strip():
        raise InputError('record has no "text" or "html" string', input=source, line=line)
    if len(body.encode("utf-8", "surrogatepass")) > settings.max_article_bytes:
        raise InputError(f"record text is over max_article_bytes={settings.max_article_bytes}",
                         input=source, line=line)
    article_id = check_field("id", record.get("id"), source=source, line=line) or f"{source}:{line}"
    rec_published = record.get("published")
    if rec_published in (None, ""):
        rec_published = record.get("date")
    try:
        return article_from_input(
            body, article_id=article_id,
            published=check_published(rec_published, settings, source=source, line=line) or published,
            url=check_field("url", record.get("url"), source=source, line=line),
            title=check_field("title", record.get("title"), source=source, line=line),
            source=f"{source}:{line}" if line is not None else source,
            html=body is html, settings=settings)
    except InputError as exc:
        exc.line = line if exc.line is None else exc.line
        raise


def read_jsonl(path: str, settings: Settings = DEFAULT_SETTINGS, published: str | None = None) -> Iterator[Article | DeadLetter]:
    """One article per line (or a JSON array of articles); a bad line becomes a DeadLetter with its line number."""
    try:
        fh = sys.stdin.buffer if path == STDIN else open(path, "rb")
    except OSError as exc:
        yield DeadLetter(input=path, stage="read", reason=exc.strerror or str(exc))
        return
    seen_any = False
    with fh:
        for lineno, data in enumerate(fh, start=1):
            if not data.strip():
                continue
            seen_any = True
            try:
                if len(data) > settings.max_jsonl_line_bytes:
                    raise InputError(f"line is {len(data)} bytes, over max_jsonl_line_bytes={settings.max_jsonl_line_bytes}",
                                     input=path, line=lineno)
                try:
                    record = json.loads(_decode(data, path, lineno))
                except json.JSONDecodeError as exc:
                    raise InputError(f"invalid JSON ({exc.msg} at column {exc.colno})",
                                     input=path, line=lineno, stage="parse") from None
                records = record if isinstance(record, list) else [record]
                if len(records) > settings.max_articles_per_line:
                    raise InputError(f"line holds {len(records)} articles, over max_articles_per_line="
                                     f"{settings.max_articles_per_line}", input=path, line=lineno)
                for rec in records:
                    try:
                        yield article_from_record(rec, source=path, line=lineno, settings=settings,
                                                  published=published)
                    except InputError as exc:
                        yield DeadLetter(input=path, stage=exc.stage, reason=str(exc), line=lineno)
            except InputError as exc:
                yield DeadLetter(input=path, stage=exc.stage, reason=str(exc), line=lineno)
    if not seen_any:
        yield DeadLetter(input=path, stage="read", reason="empty file")


def read_inputs(paths: Iterable[str], settings: Settings = DEFAULT_SETTINGS,
                published: str | None = None) -> Iterator[Article | DeadLetter]:
    """Every article from files, folders and '-' (stdin), in order; failures as DeadLetters."""
    for item in iter_input_files(paths, settings):
        if isinstance(item, DeadLetter):
            yield item
        else:
            yield from read_file(item, settings, published)
