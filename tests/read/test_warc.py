"""Reading WARC crawls: HTML responses become articles; everything else is skipped."""
from __future__ import annotations

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from strife.models import Article, DeadLetter
from strife.read.inputs import read_inputs
from strife.read.warc import read_warc

PAGE = """<html><head><title>Clashes in Tripoli</title></head><body><article>
<h1>Clashes in Tripoli</h1>
<p>Rival militias clashed in the southern suburbs of Tripoli on Saturday, killing at least six
fighters, a health ministry official said.</p>
<p>Residents said the fighting with heavy weapons lasted until late in the evening and that
several homes were damaged.</p>
</article></body></html>"""


def write_warc(path, records, gzip=True):
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for uri, status, ctype, body in records:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                            http_headers=headers,
                                            warc_headers_dict={"WARC-Date": "2024-04-14T08:00:00Z"})
            writer.write_record(rec)


def test_only_html_200_responses_become_articles(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [
        ("https://news.example/tripoli", "200 OK", "text/html; charset=utf-8", PAGE.encode()),
        ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG..."),
        ("https://news.example/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
    ])
    items = list(read_warc(str(path)))
    assert len(items) == 1 and isinstance(items[0], Article)
    art = items[0]
    assert art.id == art.url == "https://news.example/tripoli"
    assert "Rival militias clashed" in art.text
    assert art.published == "2024-04-14"  # no date in the page: the crawl date


def test_page_without_article_text_is_a_dead_letter(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://news.example/empty", "200 OK", "text/html", b"<html><body></body></html>")],
               gzip=False)
    (item,) = read_warc(str(path))
    assert isinstance(item, DeadLetter) and "https://news.example/empty" in item.input


def test_broken_warc_is_one_dead_letter(tmp_path):
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(b"this is not a WARC file at all\n" * 10)
    items = list(read_warc(str(path)))
    assert len(items) == 1 and isinstance(items[0], DeadLetter) and items[0].stage == "warc"


def test_ingest_dispatches_warc_files(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://news.example/tripoli", "200 OK", "text/html", PAGE.encode())])
    (item,) = read_inputs([str(tmp_path)])
    assert isinstance(item, Article) and item.title == "Clashes in Tripoli"
