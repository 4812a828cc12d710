from __future__ import annotations

import json

from strife.models import Article, DeadLetter
from strife.read.inputs import iter_input_files, read_file, read_inputs
from strife.settings import Settings

GOOD = "Gunmen opened fire on a bus near the market on Monday, killing three passengers, police said."


def _write(path, data: bytes):
    path.write_bytes(data)
    return str(path)


def test_read_txt_file(tmp_path):
    p = _write(tmp_path / "a.txt", GOOD.encode())
    [a] = list(read_file(p, published="2020-01-06"))
    assert isinstance(a, Article) and a.id == p and a.published == "2020-01-06" and a.text == GOOD


def test_read_jsonl_records_with_ids_dates_and_html(tmp_path):
    lines = [
        json.dumps({"id": "a1", "text": GOOD, "published": "2020-01-06T10:00:00Z", "url": "https://example.org/1"}),
        json.dumps({"id": "a2", "html": f"<html><body><article><p>{GOOD}</p><p>{GOOD}</p></article></body></html>", "title": "T"}),
    ]
    p = _write(tmp_path / "c.jsonl", ("\n".join(lines) + "\n").encode())
    a1, a2 = list(read_file(p, published="1999-01-01"))
    assert (a1.id, a1.published, a1.url) == ("a1", "2020-01-06", "https://example.org/1")
    assert (a2.id, a2.published, a2.title) == ("a2", "1999-01-01", "T")
    assert GOOD in a2.text


def test_jsonl_bad_lines_become_dead_letters_with_line_numbers(tmp_path):
    content = "\n".join([
        json.dumps({"id": "ok", "text": GOOD}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "notext", "title": "no body"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "ok2", "text": GOOD}),
    ]) + "\n"
    p = _write(tmp_path / "c.jsonl", content.encode())
    out = list(read_file(p))
    assert [x.id for x in out if isinstance(x, Article)] == ["ok", "ok2"]
    dead = [x for x in out if isinstance(x, DeadLetter)]
    assert [d.line for d in dead] == [2, 3, 4, 4, 4]
    assert "invalid JSON" in dead[0].reason and '"text" or "html"' in dead[1].reason
    assert all(d.input == p for d in dead)


def test_jsonl_line_may_hold_an_array_of_articles_up_to_the_limit(tmp_path):
    arr = json.dumps([{"id": "x1", "text": GOOD}, {"id": "x2", "text": GOOD}])
    p = _write(tmp_path / "a.jsonl", (arr + "\n" + arr + "\n").encode())
    assert [a.id for a in read_file(p)] == ["x1", "x2", "x1", "x2"]
    out = list(read_file(p, Settings(max_articles_per_line=1)))
    assert all(isinstance(d, DeadLetter) and "max_articles_per_line" in d.reason for d in out)


def test_bad_files_become_dead_letters(tmp_path):
    empty = _write(tmp_path / "empty.txt", b"")
    binary = _write(tmp_path / "bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    latin = _write(tmp_path / "latin.txt", ("Caf\xe9 attack: " + GOOD).encode("latin-1"))
    big = _write(tmp_path / "big.txt", ((GOOD + "\n") * 50).encode())
    settings = Settings(max_article_bytes=1000)
    reasons = {}
    for p in (empty, binary, latin, big):
        [d] = list(read_file(p, settings))
        assert isinstance(d, DeadLetter) and d.input == p
        reasons[p] = d.reason
    assert "empty" in reasons[empty]
    assert "binary" in reasons[binary]
    assert "UTF-8" in reasons[latin]
    assert "max_article_bytes" in reasons[big]


def test_folder_is_walked_recursively_and_sorted(tmp_path):
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "b.txt", GOOD.encode())
    _write(tmp_path / "sub" / "a.html", b"<html><body><p>x</p></body></html>")
    _write(tmp_path / "notes.md", b"ignored")
    _write(tmp_path / ".hidden.txt", b"ignored")
    files = list(iter_input_files([str(tmp_path)]))
    assert files == [str(tmp_path / "b.txt"), str(tmp_path / "sub" / "a.html")]


def test_missing_path_is_a_dead_letter(tmp_path):
    [d] = list(read_inputs([str(tmp_path / "nope.txt")]))
    assert isinstance(d, DeadLetter) and "no such file" in d.reason


def test_dead_letter_message_names_file_and_line():
    d = DeadLetter(input="corpus.jsonl", stage="parse", reason="invalid JSON", line=7)
    assert d.message() == "strife: corpus.jsonl:7: parse: invalid JSON"
