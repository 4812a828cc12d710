"""Validation at the edge: text, published dates, id/title/url; regular files only; bounded
reads; the one-line 'Published:' article. Each test is a reproduction of a defect."""
from __future__ import annotations

import json
import os

import pytest

from strife import InputError, Settings
from strife.models import Article, DeadLetter
from strife.read.clean import article_from_input
from strife.read.inputs import iter_input_files, read_inputs, read_jsonl, unique_ids
from strife.read.validate import check_field, parse_published, replace_surrogates

BODY = "Gunmen killed three people in the town of Kalo on Monday, police said."


def _jsonl(tmp_path, records, name="in.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_lone_surrogate_is_replaced_and_noted():
    art = article_from_input("Gunmen killed \ud800 three people in Kalo on Monday.", article_id="a")
    assert "\ud800" not in art.text and "\ufffd" in art.text
    assert art.notes and "surrogate" in art.notes[0]
    art.text.encode("utf-8")   # nothing downstream can fail to encode it


def test_jsonl_record_with_lone_surrogate_keeps_its_neighbours(tmp_path):
    path = _jsonl(tmp_path, [{"id": "a", "text": BODY}, {"id": "b", "text": BODY + " \ud800"},
                             {"id": "c", "text": BODY}])
    items = list(read_jsonl(path))
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "b", "c"]


@pytest.mark.parametrize("value", ["not a date", "nan", "2015-13-45", "0000-01-01", "9999-12-31", 20150518, ["2015"]])
def test_invalid_published_is_a_dead_letter(tmp_path, value):
    path = _jsonl(tmp_path, [{"id": "a", "text": BODY, "published": value}, {"id": "b", "text": BODY}])
    items = list(read_jsonl(path))
    assert isinstance(items[0], DeadLetter) and "published" in items[0].reason and items[0].line == 1
    assert isinstance(items[1], Article) and items[1].id == "b"


def test_invalid_published_raises_input_error_from_the_library():
    with pytest.raises(InputError, match="published"):
        article_from_input(BODY, article_id="a", published="2015-13-45")


@pytest.mark.parametrize("value, expected", [
    ("2015-05-18", "2015-05-18"), ("2015-05-18T10:20:00Z", "2015-05-18"), ("2015-05-18 10:20", "2015-05-18"),
    ("", None), (None, None)])
def test_published_accepts_iso_dates_and_datetimes(value, expected):
    assert parse_published(value, Settings()) == expected


def test_published_year_range_is_a_setting():
    with pytest.raises(ValueError, match="min_published_year"):
        parse_published("1850-01-01", Settings())
    assert parse_published("1850-01-01", Settings(min_published_year=1800)) == "1850-01-01"


def test_title_id_url_are_coerced_or_rejected(tmp_path):
    path = _jsonl(tmp_path, [{"id": 7, "text": BODY, "title": 42, "url": "https://x.example/a"},
                             {"id": "b", "text": BODY, "title": {"no": 1}},
                             {"id": [1], "text": BODY}])
    good, bad_title, bad_id = list(read_jsonl(path))
    assert isinstance(good, Article) and good.id == "7" and good.title == "42"
    assert isinstance(bad_title, DeadLetter) and '"title"' in bad_title.reason
    assert isinstance(bad_id, DeadLetter) and '"id"' in bad_id.reason


def test_non_string_text_is_an_input_error():
    with pytest.raises(InputError, match="string"):
        article_from_input(b"bytes", article_id="a")   # type: ignore[arg-type]


def test_check_field_strips_and_replaces_surrogates():
    assert check_field("title", "  A\ud800 title ") == "A\ufffd title"
    assert replace_surrogates("ok") == ("ok", 0)


def test_one_line_article_with_published_header_keeps_its_text():
    art = article_from_input(f"Published: 2015-05-18 {BODY}", article_id="a")
    assert art.published == "2015-05-18"
    assert art.text == BODY
    assert art.raw[art.raw_span(0, 7)[0]:art.raw_span(0, 7)[1]] == "Gunmen "


def test_published_header_line_alone_is_still_dropped():
    art = article_from_input(f"Published: 2015-05-18\n\n{BODY}", article_id="a")
    assert art.published == "2015-05-18" and art.text == BODY


def test_duplicate_ids_are_made_unique_the_same_way(tmp_path):
    path = _jsonl(tmp_path, [{"id": "x", "text": BODY}, {"id": "x", "text": BODY + " Again."},
                             {"id": "x", "text": BODY}])
    ids = [a.id for a in read_inputs([path])]
    assert ids[0] == "x" and ids[1].startswith("x#") and len(set(ids)) == 3
    assert ids == [a.id for a in read_inputs([path])]   # deterministic: a re-run finds the same ids
    items = [Article(id="y", text="t1"), DeadLetter("f", "read", "r"), Article(id="y", text="t1")]
    out = list(unique_ids(items))
    assert out[2].id == f"y#{out[2].content_hash[:8]}"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_in_a_folder_is_reported_and_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    os.mkfifo(tmp_path / "x.txt")
    items = list(read_inputs([str(tmp_path)]))   # would block forever if the FIFO were opened
    dead = [i for i in items if isinstance(i, DeadLetter)]
    assert len(dead) == 1 and "FIFO" in dead[0].reason and dead[0].input.endswith("x.txt")
    assert [i.text for i in items if isinstance(i, Article)] == [BODY]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_device_input_is_skipped_not_read():
    (item,) = list(iter_input_files(["/dev/zero"]))
    assert isinstance(item, DeadLetter) and "device" in item.reason


def test_overlong_jsonl_line_is_skipped_in_pieces(tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "big", "text": "x " * 50_000}) + "\n")
        fh.write(json.dumps({"id": "ok", "text": BODY}) + "\n")
    items = list(read_jsonl(str(path), Settings(max_jsonl_line_bytes=1000)))
    assert isinstance(items[0], DeadLetter) and "max_jsonl_line_bytes" in items[0].reason and items[0].line == 1
    assert isinstance(items[1], Article) and items[1].id == "ok"


def test_file_read_is_bounded(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(BODY * 100, encoding="utf-8")
    (item,) = list(read_inputs([str(path)], Settings(max_article_bytes=500)))
    assert isinstance(item, DeadLetter) and "max_article_bytes" in item.reason
