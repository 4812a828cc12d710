"""Reading inputs: .txt, .html/.htm, .jsonl, folders, stdin, WARC -> Articles or dead letters.

A bad input (empty, binary, non-UTF-8, oversized, broken JSON line, record without text)
becomes a `DeadLetter` naming the file and line; the good inputs go on.
"""
from __future__ import annotations

import json
import os
import stat
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
LINE_SKIP_BYTES = 1 << 20   # piece size when skipping an over-long JSONL line


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
                    problem = not_regular(str(child))
                    yield DeadLetter(str(child), "read", problem) if problem else str(child)
        elif path.exists():
            problem = not_regular(str(path))
            yield DeadLetter(str(path), "read", problem) if problem else str(path)
        else:
            yield DeadLetter(raw, "read", "no such file or folder")


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def not_regular(path: str) -> str | None:
    """Why `path` is not read (a FIFO would block forever, /dev/zero never ends), or None
    for a regular file. stdin ('-') is read with a byte limit instead."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"{kind}, not a regular file: skipped (give a file, or pipe it to '-')"


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
            data = fh.read(settings.max_article_bytes + 1)   # the file may grow after the check
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
    hint = record.get("country")
    if hint not in (None, ""):
        from ..geo.focus import UnknownCountryError, country_code_of
        try:
            hint = country_code_of(str(hint))
        except UnknownCountryError as exc:
            raise InputError(str(exc), input=source, line=line) from None
    try:
        return article_from_input(
            body, article_id=article_id,
            published=check_published(rec_published, settings, source=source, line=line) or published,
            url=check_field("url", record.get("url"), source=source, line=line),
            title=check_field("title", record.get("title"), source=source, line=line),
            source=f"{source}:{line}" if line is not None else source,
            html=body is html, settings=settings, country_hint=hint or None)
    except InputError as exc:
        exc.line = line if exc.line is None else exc.line
        raise


def _bounded_lines(fh, max_bytes: int) -> Iterator[tuple[bytes, int]]:
    """(line, its length in bytes) for each line; a line over `max_bytes` is skipped to its
    end in pieces and given as (b"", length): never held in memory whole."""
    while True:
        data = fh.readline(max_bytes + 1)
        if not data:
            return
        if len(data) <= max_bytes or data.endswith(b"\n"):
            yield data, len(data)
            continue
        length = len(data)
        while not data.endswith(b"\n"):
            data = fh.readline(LINE_SKIP_BYTES)
            if not data:
                break
            length += len(data)
        yield b"", length


def read_jsonl(path: str, settings: Settings = DEFAULT_SETTINGS, published: str | None = None) -> Iterator[Article | DeadLetter]:
    """One article per line (or a JSON array of articles); a bad line becomes a DeadLetter with its line number."""
    try:
        fh = sys.stdin.buffer if path == STDIN else open(path, "rb")
    except OSError as exc:
        yield DeadLetter(input=path, stage="read", reason=exc.strerror or str(exc))
        return
    with fh:
        lines = enumerate(_bounded_lines(fh, settings.max_jsonl_line_bytes), start=1)
        yield from read_jsonl_lines(((n, data, length) for n, (data, length) in lines), path, settings, published)


def read_jsonl_lines(lines: Iterable[tuple[int, bytes, int]], path: str, settings: Settings = DEFAULT_SETTINGS,
                     published: str | None = None, report_empty: bool = True) -> Iterator[Article | DeadLetter]:
    """Articles from (line number, line, its length) of `path` (a whole file or a slice of one;
    a line over the limit comes as b"" with its length, from `_bounded_lines`)."""
    seen_any = False
    for lineno, data, length in lines:
        if length <= settings.max_jsonl_line_bytes and not data.strip():
            continue
        seen_any = True
        try:
            if length > settings.max_jsonl_line_bytes:
                raise InputError(f"line is {length} bytes, over max_jsonl_line_bytes={settings.max_jsonl_line_bytes}",
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
    if not seen_any and report_empty:
        yield DeadLetter(input=path, stage="read", reason="empty file")


def read_inputs(paths: Iterable[str], settings: Settings = DEFAULT_SETTINGS,
                published: str | None = None) -> Iterator[Article | DeadLetter]:
    """Every article from files, folders and '-' (stdin), in order; failures as DeadLetters.
    Article ids are unique (`unique_ids`)."""
    def items() -> Iterator[Article | DeadLetter]:
        for item in iter_input_files(paths, settings):
            if isinstance(item, DeadLetter):
                yield item
            else:
                yield from read_file(item, settings, published)

    yield from unique_ids(items())


def unique_ids(items: Iterable[Article | DeadLetter]) -> Iterator[Article | DeadLetter]:
    """Articles with ids made unique, the same way in every command: the first keeps its id,
    a later one with the same id becomes `ID#<first 8 hex of its content hash>` (and
    `ID#<hash>-2`, `-3`... if that is taken too, i.e. the same text again). Deterministic,
    so a re-run of `strife run` finds the same ids in the store."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Article):
            if item.id in seen:
                base = f"{item.id}#{item.content_hash[:8]}"
                new, n = base, 2
                while new in seen:
                    new, n = f"{base}-{n}", n + 1
                item.id = new
            seen.add(item.id)
        yield item
