"""Broken and hostile WARC files: truncated or empty gzip, oversized header lines."""
from __future__ import annotations

import gzip

from strife import Settings
from strife.models import Article, DeadLetter
from strife.read.warc import gzip_problem, read_warc

from .test_warc import PAGE, write_warc


def _crawl(tmp_path, n=3, gz=True):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, [(f"https://news.example/{i}", "200 OK", "text/html", PAGE.encode()) for i in range(n)],
               gzip=gz)
    return path


def test_truncated_warc_gz_keeps_the_records_before_and_says_so(tmp_path):
    path = _crawl(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 10])    # cut inside the last gzip member
    items = list(read_warc(str(path)))
    assert sum(isinstance(i, Article) for i in items) == 3
    assert isinstance(items[-1], DeadLetter) and "truncated" in items[-1].reason


def test_empty_warc_gz_is_a_dead_letter(tmp_path):
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(b"")
    (item,) = list(read_warc(str(path)))
    assert isinstance(item, DeadLetter) and "no WARC records" in item.reason


def test_whole_gzip_has_no_problem_and_garbage_has_one(tmp_path):
    path = _crawl(tmp_path)
    assert gzip_problem(str(path)) is None
    bad = tmp_path / "bad.gz"
    bad.write_bytes(gzip.compress(b"x" * 1000)[:12] + b"\x00garbage" * 50)
    assert gzip_problem(str(bad)) is not None


def test_oversized_warc_header_line_is_a_dead_letter_not_a_memory_spike(tmp_path):
    good = _crawl(tmp_path, n=1, gz=False).read_bytes()
    path = tmp_path / "huge.warc"
    huge_header = b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: " + b"a" * 200_000 + b"\r\n\r\n"
    path.write_bytes(good + huge_header)
    items = list(read_warc(str(path), Settings(max_warc_header_bytes=10_000)))
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], DeadLetter) and "max_warc_header_bytes" in items[-1].reason


def test_a_garbled_crawl_date_is_not_the_published_date(tmp_path):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "c.warc"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        rec = writer.create_warc_record("https://news.example/x", "response", payload=io.BytesIO(PAGE.encode()),
                                        http_headers=headers, warc_headers_dict={"WARC-Date": "9999-99-99T00:00:00Z"})
        writer.write_record(rec)
    (item,) = list(read_warc(str(path)))
    assert isinstance(item, Article) and item.published is None
