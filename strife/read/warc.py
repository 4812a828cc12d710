"""Reading WARC files (`.warc`, `.warc.gz`), the format of news crawls, with warcio.

Only HTTP `response` records with status 200 and an HTML content type become articles;
everything else in the crawl (requests, metadata, images, redirects) is skipped. A record
that cannot be read or has no article text becomes a `DeadLetter`; a broken file ends
its own reading with one, and the run goes on.
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from ..errors import InputError
from ..models import Article, DeadLetter
from ..settings import DEFAULT_SETTINGS, Settings
from .clean import article_from_input
from .validate import lenient_published

HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)


def _charset(content_type: str) -> str:
    m = _CHARSET.search(content_type or "")
    return m.group(1) if m else "utf-8"


def read_warc(path: str, settings: Settings = DEFAULT_SETTINGS,
              published: str | None = None, opener: Callable[[str], BinaryIO] | None = None
              ) -> Iterator[Article | DeadLetter]:
    """Articles from the HTML responses of a WARC file, in file order.

    Article id = the target URL; `published` = `published` if given, else the page's own
    date (trafilatura), else the crawl date (WARC-Date). `opener` opens `path` for binary
    reading (default: a local file; the Dask engine passes fsspec's for object storage).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        fh = (opener or _open_local)(path)
    except OSError as exc:
        yield DeadLetter(input=path, stage="read", reason=exc.strerror or str(exc))
        return
    with fh:
        number = records = 0
        try:
            iterator = ArchiveIterator(fh)
            _bound_header_lines(iterator, settings.max_warc_header_bytes)
            for record in iterator:
                records += 1
                if not str(record.format).startswith("warc"):
                    # warcio reads anything it cannot parse as (old) ARC records: garbage.
                    yield DeadLetter(input=path, stage="warc",
                                     reason=f"not a WARC file (record {number + 1} has no WARC header); "
                                            "give .warc or .warc.gz crawl files")
                    return
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                number += 1
                item = _article(record, path, number, settings, published)
                if item is not None:
                    yield item
        except WarcHeaderTooLong as exc:
            yield DeadLetter(input=path, stage="warc",
                             reason=f"record after {number} responses: {exc}; the rest of the file is skipped")
            return
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
            yield DeadLetter(input=path, stage="warc",
                             reason=f"unreadable WARC after {number} responses: {exc}")
            return
    if records == 0:
        yield DeadLetter(input=path, stage="warc", reason="no WARC records (an empty or cut-off file)")
    elif path.lower().endswith(".gz"):
        problem = gzip_problem(path, opener)
        if problem:
            yield DeadLetter(input=path, stage="warc",
                             reason=f"{problem} after {number} responses; the records before were read")


class WarcHeaderTooLong(ValueError):
    """A WARC or HTTP header line longer than `max_warc_header_bytes`."""


def _bound_header_lines(iterator, max_bytes: int) -> None:
    """Make the iterator's reader refuse header lines over `max_bytes`: warcio reads a line
    whole, however long (a 3 GB line would be held in memory). Payloads are read in blocks,
    never by line, so only header lines meet the cap."""
    reader = iterator.reader
    readline = reader.readline
    cap = max_bytes + 1

    def bounded(length=None):
        line = readline(cap if not length or length > cap else length)
        if len(line) >= cap and not line.endswith(b"\n"):
            raise WarcHeaderTooLong(f"a header line is over max_warc_header_bytes={max_bytes}")
        return line

    reader.readline = bounded


GZIP_CHUNK = 1 << 20


def _open_local(path: str) -> BinaryIO:
    return open(path, "rb")


def gzip_problem(path: str, opener: Callable[[str], BinaryIO] | None = None) -> str | None:
    """Why a gzip file is damaged (cut off, bad data), or None when every member is whole.
    Streams in bounded pieces: a small file that inflates hugely is never held in memory."""
    try:
        with (opener or _open_local)(path) as fh:
            d = zlib.decompressobj(31)
            pending = b""
            while True:
                data = pending or fh.read(GZIP_CHUNK)
                pending = b""
                if not data:
                    break
                while data:
                    d.decompress(data, GZIP_CHUNK)
                    data = d.unconsumed_tail
                if d.eof:
                    pending = d.unused_data
                    d = zlib.decompressobj(31)
                    if not pending:
                        nxt = fh.read(GZIP_CHUNK)
                        if not nxt:
                            return None
                        pending = nxt
            return None if d.eof else "truncated gzip file (the last member is cut off)"
    except zlib.error as exc:
        return f"corrupt gzip data ({exc})"


def _article(record, path: str, number: int, settings: Settings,
             published: str | None) -> Article | DeadLetter | None:
    headers = record.http_headers
    content_type = headers.get_header("Content-Type") or ""
    if headers.get_statuscode() != "200" or not content_type.lower().startswith(HTML_TYPES):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{number}"
    source = f"{path}#{number}"
    crawl_date = lenient_published(record.rec_headers.get_header("WARC-Date"), settings)
    try:
        data = record.content_stream().read(settings.max_article_bytes + 1)
        if len(data) > settings.max_article_bytes:
            raise InputError(f"response is over max_article_bytes={settings.max_article_bytes}",
                             input=source, stage="read")
        try:
            html = data.decode(_charset(content_type))
        except (LookupError, UnicodeDecodeError):
            html = data.decode("utf-8", errors="replace")
        article = article_from_input(html, article_id=url, published=published, url=url,
                                     source=source, html=True, settings=settings)
    except InputError as exc:
        return DeadLetter(input=f"{source} {url}", stage=exc.stage, reason=str(exc))
    if article.published is None:
        article.published = crawl_date
    return article
