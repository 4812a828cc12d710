"""Cutting a corpus into shards for the Dask engine, and reading one shard back.

A shard is one unit of map work: a WARC file, a slice of a JSONL file (whole lines), or a
handful of small .txt/.html files. Inputs are local paths or fsspec URLs (`s3://...`,
`gs://...`, `file://...`). Every article read gets a position (file index, line or record
number, index within the line) that orders it exactly as `strife run` (the local engine)
would read it, so global decisions (which of two exact copies is the original) agree.
"""
from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..read.inputs import (HTML_SUFFIXES, JSONL_SUFFIXES, STDIN, TEXT_SUFFIXES, WARC_SUFFIXES, _bounded_lines,
                           _decode, _suffix, is_supported, iter_input_files, read_file, read_jsonl_lines)
from ..models import Article, DeadLetter
from ..settings import DEFAULT_SETTINGS, Settings

JSONL_LINES_PER_SHARD = 250   # lines of a JSONL file per shard (a few seconds to minutes of work)
FILES_PER_SHARD = 64          # small .txt/.html files per shard


class ShardError(InputError):
    """An input the Dask engine cannot shard (stdin)."""


@dataclass(frozen=True)
class Shard:
    """One map task's input. `files` are (file index, path or URL) pairs."""

    kind: str                            # jsonl | warc | files
    files: tuple[tuple[int, str], ...]
    start: int = 0                       # jsonl: first byte of the slice
    end: int = -1                        # jsonl: byte after the slice
    first_line: int = 1                  # jsonl: line number of the first byte
    report_empty: bool = False           # jsonl: the file has no article line at all

    @property
    def shard_id(self) -> str:
        key = f"{self.kind}\x00{self.files!r}\x00{self.start}\x00{self.end}"
        return f"{self.files[0][0]:06d}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"


    def spec(self) -> dict:
        """The shard as JSON-ready data (kept in its done-marker, so it can be read again)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_spec(cls, spec: dict) -> "Shard":
        return cls(**dict(spec, files=tuple((int(i), str(f)) for i, f in spec["files"])))


def position(file_index: int, record: int, within: int = 0) -> str:
    """A sortable key: the order in which the local engine reads articles."""
    return f"{file_index:09d}.{record:012d}.{within:06d}"


def _is_url(name: str) -> bool:
    return "://" in name


def _list_files(inputs: Iterable[str], settings: Settings) -> Iterator[str | DeadLetter]:
    """Every input file in the local engine's order (folders walked sorted)."""
    for raw in inputs:
        if raw == STDIN:
            raise ShardError("the Dask engine cannot read stdin; give files, folders or URLs", input=raw)
        if not _is_url(raw):
            yield from iter_input_files([raw], settings)
            continue
        import fsspec

        fs, path = fsspec.core.url_to_fs(raw)
        protocol = raw.split("://", 1)[0]
        if fs.isdir(path):
            found = sorted(p for p in fs.find(path)
                           if is_supported(Path(p)) and not any(part.startswith(".") for part in
                                                                 Path(p).relative_to(path.rstrip("/") or "/").parts))
            for p in found:
                yield fs.unstrip_protocol(p) if protocol != "file" else f"file://{p}"
        elif fs.exists(path):
            yield raw
        else:
            yield DeadLetter(raw, "read", "no such file or folder")


def _open(name: str):
    if _is_url(name):
        import fsspec

        return fsspec.open(name, "rb").open()
    return open(name, "rb")


def plan_shards(inputs: Iterable[str], settings: Settings = DEFAULT_SETTINGS,
                lines_per_shard: int = JSONL_LINES_PER_SHARD,
                files_per_shard: int = FILES_PER_SHARD) -> tuple[list[Shard], list[DeadLetter]]:
    """The shards of `inputs` and the inputs that could not be listed (as dead letters)."""
    shards: list[Shard] = []
    dead: list[DeadLetter] = []
    small: list[tuple[int, str]] = []

    def flush_small() -> None:
        if small:
            shards.append(Shard("files", tuple(small)))
            small.clear()

    for index, item in enumerate(_list_files(inputs, settings)):
        if isinstance(item, DeadLetter):
            dead.append(item)
            continue
        suffix = _suffix(Path(item))
        if suffix in JSONL_SUFFIXES:
            flush_small()
            shards.extend(_jsonl_slices(index, item, lines_per_shard, settings))
        elif suffix in WARC_SUFFIXES:
            flush_small()
            shards.append(Shard("warc", ((index, item),)))
        else:
            small.append((index, item))
            if len(small) >= files_per_shard:
                flush_small()
    flush_small()
    return shards, dead


def _jsonl_slices(index: int, name: str, lines_per_shard: int, settings: Settings) -> list[Shard]:
    """Slices of whole lines; a file that cannot be opened is one slice (it reports why)."""
    try:
        fh = _open(name)
    except OSError:
        return [Shard("jsonl", ((index, name),), report_empty=True)]
    cuts: list[tuple[int, int]] = [(0, 1)]      # (byte offset, line number) of each slice start
    offset, has_content = 0, False
    with fh:
        for lineno, (data, length) in enumerate(_bounded_lines(fh, settings.max_jsonl_line_bytes), start=1):
            if lineno > 1 and (lineno - 1) % lines_per_shard == 0:
                cuts.append((offset, lineno))
            offset += length
            has_content = has_content or length > settings.max_jsonl_line_bytes or bool(data.strip())
    ends = [c[0] for c in cuts[1:]] + [-1]
    return [Shard("jsonl", ((index, name),), start=start, end=end, first_line=first,
                  report_empty=not has_content)
            for (start, first), end in zip(cuts, ends)]


def read_shard(shard: Shard, settings: Settings = DEFAULT_SETTINGS, published: str | None = None
               ) -> Iterator[tuple[str, Article | DeadLetter]]:
    """(position, article or dead letter) for everything in the shard, in reading order."""
    if shard.kind == "jsonl":
        yield from _read_jsonl_slice(shard, settings, published)
        return
    for index, name in shard.files:
        for record, item in enumerate(_read_one_file(name, settings, published)):
            yield position(index, record), item


def _read_jsonl_slice(shard: Shard, settings: Settings, published: str | None
                      ) -> Iterator[tuple[str, Article | DeadLetter]]:
    index, name = shard.files[0]
    try:
        fh = _open(name)
    except OSError as exc:
        yield position(index, 0), DeadLetter(input=name, stage="read", reason=exc.strerror or str(exc))
        return

    def lines() -> Iterator[tuple[int, bytes, int]]:
        fh.seek(shard.start)
        offset = shard.start
        for lineno, (data, length) in enumerate(_bounded_lines(fh, settings.max_jsonl_line_bytes),
                                                start=shard.first_line):
            if shard.end >= 0 and offset >= shard.end:
                return
            offset += length
            yield lineno, data, length

    with fh:
        for line in lines():
            within = 0
            for item in read_jsonl_lines([line], name, settings, published, report_empty=False):
                yield position(index, line[0], within), item
                within += 1
        if shard.report_empty:
            yield position(index, 0), DeadLetter(input=name, stage="read", reason="empty file")


def _read_one_file(name: str, settings: Settings, published: str | None
                   ) -> Iterator[Article | DeadLetter]:
    """A WARC, .txt or .html file, local or remote, read the way `read_file` reads it."""
    if not _is_url(name):
        yield from read_file(name, settings, published)
        return
    suffix = _suffix(Path(name))
    if suffix in WARC_SUFFIXES:
        from ..read.warc import read_warc

        yield from read_warc(name, settings, published, opener=_open)
        return
    from ..read.clean import article_from_input

    try:
        with _open(name) as fh:
            data = fh.read(settings.max_article_bytes + 1)
        if len(data) > settings.max_article_bytes:
            raise InputError(f"input is over max_article_bytes={settings.max_article_bytes}", input=name)
        if not data.strip():
            raise InputError("empty file", input=name)
        html = True if suffix in HTML_SUFFIXES else (False if suffix in TEXT_SUFFIXES else None)
        yield article_from_input(_decode(data, name), article_id=name, published=published,
                                 source=name, html=html, settings=settings)
    except InputError as exc:
        yield DeadLetter(input=name, stage=exc.stage, reason=str(exc), line=exc.line)
    except OSError as exc:
        yield DeadLetter(input=name, stage="read", reason=exc.strerror or str(exc))
