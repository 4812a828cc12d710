"""Cleaning scraped article text before any NLP, keeping an offset map to the raw input.

- re-joins hard-wrapped lines, keeps real paragraph breaks (as a blank line);
- detaches photo captions glued into the body, keeping them as `Caption`s;
- drops boilerplate lines listed in `data/read/boilerplate.txt`;
- extracts title, date and main text from HTML with trafilatura (precision mode).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..data import read_lines
from ..errors import InputError
from ..models import Article, Caption, OffsetMap
from . import anatomy as anatomy_mod
from ..settings import DEFAULT_SETTINGS, Settings
from .validate import check_field, check_published, check_text, lenient_published, replace_surrogates

PARAGRAPH_BREAK = "\n\n"
WRAP_MIN_LINES = 8        # fewer lines than this: too few to tell whether text is hard-wrapped
WRAP_MAX_WIDTH = 100      # typical line length above this: the text is not hard-wrapped
UNWRAPPED_FACTOR = 1.3    # a line this much longer than the wrap width was never wrapped
_TERMINAL = re.compile(r"[.!?…][\"'’”)\]]*$")
_OPENS_UPPER = re.compile(r"^[\"'‘“(\[]?[A-Z0-9]")
# "Show of strength: ISIS flags..." -> a title of 1-5 words, a colon, then text.
_CAPTION_HEAD = re.compile(r"^([A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,4}):\s+(?=[^\s\"'‘“])")
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,}$")  # "U.S." opening a paragraph
# A metadata line at the top of a plain-text article: "Published: 2023-03-14".
# What follows the date on the same line (a time, then maybe the story itself) is group 2.
_HEADER_DATE = re.compile(
    r"^(?:published|date|dateline)\s*:\s*(\d{4}-\d{2}-\d{2})\b"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:\s*(?:UTC|GMT|Z|[+-]\d{2}:?\d{2}))?)?"
    r"[\s|,;.-]*(.*)$", re.I)
HEADER_LINES = 5
HEADLINE_MAX_CHARS = 120
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in read_lines("read/boilerplate.txt"))


@lru_cache(maxsize=1)
def caption_verbs() -> frozenset[str]:
    return frozenset(read_lines("read/caption_verbs.txt"))


def is_boilerplate(line: str) -> bool:
    s = line.strip()
    return bool(s) and any(p.fullmatch(s) for p in boilerplate_patterns())


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:2000]))


@dataclass
class _Line:
    text: str   # stripped
    start: int  # raw offset of text[0]


def _split_lines(raw: str) -> list[_Line | None]:
    """Lines with their raw offsets; None marks a blank line."""
    out: list[_Line | None] = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            out.append(_Line(stripped, pos + body.index(stripped)))
        else:
            out.append(None)
        pos += len(piece)
    return out


def _is_paragraph_opener(line: str) -> bool:
    """A lone capitalised word ("Mutilated", "Later,", "'They") opening a wrapped paragraph."""
    if " " in line or not _OPENS_UPPER.match(line):
        return False
    return not _TERMINAL.search(line) or bool(_ABBREVIATION.match(line))


def is_caption_head(line: str) -> bool:
    m = _CAPTION_HEAD.match(line)
    if not m:
        return False
    words = {w.lower().strip(".'’") for w in m.group(1).split()}
    return not (words & caption_verbs())


def _wrap_width(lines: list[_Line | None]) -> int | None:
    """The hard-wrap width if the text looks hard-wrapped, else None."""
    lengths = sorted(len(line.text) for line in lines if line is not None)
    if len(lengths) < WRAP_MIN_LINES:
        return None
    width = lengths[int(len(lengths) * 0.75)]
    return width if width <= WRAP_MAX_WIDTH else None


def _paragraphs(lines: list[_Line | None], lines_are_paragraphs: bool = False) -> list[list[_Line]]:
    if lines_are_paragraphs:  # e.g. trafilatura's output: one paragraph per line, never wrapped
        return [[line] for line in lines if line is not None]
    paras: list[list[_Line]] = []
    current: list[_Line] = []
    width = _wrap_width(lines)
    # In hard-wrapped text, a line much longer than the wrap width was never wrapped:
    # it is a paragraph of its own (scrapers mix wrapped and unwrapped paragraphs).
    def unwrapped(line: _Line) -> bool:
        return width is not None and len(line.text) > width * UNWRAPPED_FACTOR

    for line in lines:
        if line is None:
            if current:
                paras.append(current)
                current = []
            continue
        if current and not _is_paragraph_opener(current[-1].text):
            prev = current[-1].text
            new_para = (
                _is_paragraph_opener(line.text)
                or unwrapped(line) or unwrapped(current[-1])
                or is_caption_head(line.text)
                or (_TERMINAL.search(prev) is not None and _OPENS_UPPER.match(line.text) is not None)
            )
            if new_para:
                paras.append(current)
                current = []
        current.append(line)
    if current:
        paras.append(current)
    return paras


class _Builder:
    """Appends text pieces while recording where each came from in the raw input."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.offsets = OffsetMap()

    def add(self, text: str, raw_start: int) -> None:
        self.offsets.add(self.length, raw_start)
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def header_date(raw: str) -> str | None:
    """An ISO date from a 'Published: 2023-03-14' line among the first lines of a text file."""
    for line in raw.lstrip().splitlines()[:HEADER_LINES]:
        m = _HEADER_DATE.match(line.strip())
        if m:
            return m.group(1)
    return None


@dataclass
class Cleaned:
    text: str
    offsets: OffsetMap
    captions: list[Caption]
    dropped: list[str]
    headline: str | None = None
    clutter: list[tuple[str, str]] | None = None   # (kind, line) cut by read.anatomy


def _is_headline(para: list[_Line]) -> bool:
    """A first paragraph of one short line with no final full stop is a headline."""
    return len(para) == 1 and len(para[0].text) <= HEADLINE_MAX_CHARS and not _TERMINAL.search(para[0].text)


def clean_text(raw: str, lines_are_paragraphs: bool = False) -> Cleaned:
    """Cleaned body text, its offset map to `raw`, detached captions, dropped lines, headline.

    `lines_are_paragraphs`: the text is not hard-wrapped (HTML extracted by trafilatura),
    so every line is a paragraph of its own.
    """
    lines = _split_lines(raw)
    dropped: list[str] = []
    kept: list[_Line | None] = []
    clutter_at = anatomy_mod.clutter_lines([line.text if line is not None else None for line in lines])
    clutter: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        header = _HEADER_DATE.match(line.text) if line is not None and i < HEADER_LINES else None
        if header:
            rest = header.group(2)
            if not rest.strip():
                dropped.append(line.text)
                continue
            # "Published: 2015-05-18 Gunmen killed ...": a one-line article keeps its story
            dropped.append(line.text[: header.start(2)].strip())
            line = _Line(rest.strip(), line.start + header.start(2))
        if line is not None and is_boilerplate(line.text):
            dropped.append(line.text)
            continue
        if i in clutter_at:
            dropped.append(line.text)
            clutter.append((clutter_at[i], line.text))
            continue
        if line is not None:
            # a "Read more: ..." run glued inside a paragraph is cut, the text around it kept
            pos = 0
            for s, e, kind in anatomy_mod.inline_clutter(line.text):
                clutter.append((kind, line.text[s:e].strip()))
                dropped.append(line.text[s:e].strip())
                if line.text[pos:s].strip():
                    kept.append(_Line(line.text[pos:s].rstrip(), line.start + pos))
                pos = e
            if pos:
                rest = line.text[pos:]
                if not rest.strip():
                    continue
                line = _Line(rest.strip(), line.start + pos + (len(rest) - len(rest.lstrip())))
        kept.append(line)
    paras = _paragraphs(kept, lines_are_paragraphs)
    detach = len(paras) > 1
    headline = None
    if detach and _is_headline(paras[0]):
        headline = paras.pop(0)[0].text
    body = _Builder()
    captions: list[Caption] = []
    for para in paras:
        if detach and is_caption_head(para[0].text):
            text = " ".join(p.text for p in para)
            captions.append(Caption(text=text, raw_start=para[0].start,
                                    raw_end=para[-1].start + len(para[-1].text)))
            continue
        if body.length:
            body.add(PARAGRAPH_BREAK, para[0].start - 1 if para[0].start else 0)
        for i, line in enumerate(para):
            if i:
                body.add(" ", line.start - 1)
            body.add(line.text, line.start)
    return Cleaned(body.text(), body.offsets, captions, dropped, headline, clutter)


def extract_html(html: str) -> tuple[str, str | None, str | None]:
    """(main text, title, ISO date) from an HTML page, via trafilatura in precision mode."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, favor_precision=True, include_comments=False, include_tables=False,
        with_metadata=True,
    )
    if doc is None:
        return "", None, None
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = get("text") or ""
    title = get("title")
    date = get("date")
    return text, title, (date[:10] if isinstance(date, str) and date else None)


def article_from_input(
    text_or_html: str,
    *,
    article_id: str,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    source: str = "",
    html: bool | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    country_hint: str | None = None,
) -> Article:
    """Build a cleaned `Article` from raw text or HTML. Raises InputError if nothing usable."""
    text_or_html, notes = check_text(text_or_html, source=source)
    published = check_published(published, settings, source=source)
    source = replace_surrogates(source)[0]   # a file name that is not UTF-8
    article_id = check_field("id", article_id, source=source) or source or "article"
    title = check_field("title", title, source=source)
    url = check_field("url", url, source=source)
    if html is None:
        html = looks_like_html(text_or_html)
    raw = text_or_html
    if html:
        raw, html_title, html_date = extract_html(text_or_html)
        raw = replace_surrogates(raw)[0]
        title = title or (replace_surrogates(html_title)[0] if isinstance(html_title, str) else None)
        published = published or lenient_published(html_date, settings)
        if not raw.strip():
            raise InputError("HTML page has no main text that trafilatura could extract "
                             "(is it an article page? is the markup complete?)",
                             input=source, stage="html")
    published = published or lenient_published(header_date(raw), settings)
    cleaned = clean_text(raw, lines_are_paragraphs=html)
    text = cleaned.text
    if len(text.strip()) < settings.min_text_chars:
        raise InputError(
            f"article text is empty or too short after cleaning ({len(text.strip())} chars; "
            f"setting min_text_chars={settings.min_text_chars})", input=source, stage="clean")
    title = title or cleaned.headline
    return Article(id=article_id, text=text, raw=raw, title=title, url=url,
                   published=published, source=source or article_id, captions=cleaned.captions,
                   offsets=cleaned.offsets, dropped=cleaned.dropped, notes=notes, country_hint=country_hint,
                   anatomy=anatomy_mod.read_anatomy(text, title, cleaned.clutter))
