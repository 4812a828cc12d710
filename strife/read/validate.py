"""Validating what comes in at the edge, once: text, publication date, id, title, url.

Every reader (files, JSONL records, WARC responses, stdin) and the library call
`strife.extract` go through `article_from_input`, which calls these. The rules:

- text must be a `str`. Lone surrogates (`"\\ud800"`, possible in JSON and in Python strings
  but not encodable as UTF-8) are replaced with U+FFFD and the article carries a note
  saying how many; nothing downstream can then fail to encode it.
- `published` must be a real ISO date (`YYYY-MM-DD`, optionally followed by a time) within
  `min_published_year`..`max_published_year`; anything else is an `InputError` (the CLI and
  the corpus runner turn it into a dead letter). Dates found by the readers themselves (an
  HTML page's metadata, a `Published:` line, a WARC crawl date) are checked the same way
  and dropped when they are not valid, since the article is still good.
- `id`, `title` and `url`: strings are kept (surrogates replaced, ids stripped); numbers
  become strings; anything else (lists, objects) is an `InputError` naming the field.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import InputError
from ..settings import DEFAULT_SETTINGS, Settings

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d{2}:\d{2})")


def replace_surrogates(text: str) -> tuple[str, int]:
    """(text with every lone surrogate replaced by U+FFFD, how many were replaced)."""
    if not _SURROGATE.search(text):
        return text, 0
    return _SURROGATE.subn(REPLACEMENT, text)


def check_text(value: Any, *, source: str = "") -> tuple[str, list[str]]:
    """The article text as a clean `str` and the notes about what was changed."""
    if not isinstance(value, str):
        raise InputError(f"article text must be a string, not {type(value).__name__}",
                         input=source, stage="read")
    text, n = replace_surrogates(value)
    notes = [f"{n} lone surrogate code point(s) replaced with U+FFFD"] if n else []
    return text, notes


def parse_published(value: Any, settings: Settings = DEFAULT_SETTINGS) -> str | None:
    """The ISO date (YYYY-MM-DD) `value` names, or None when it is empty; raises
    ValueError with the reason when it is not a valid date in the allowed range."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        m = _ISO_DATE.match(value)
        if not m:
            raise ValueError(f"{value[:40]!r} is not an ISO date (YYYY-MM-DD)")
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError as exc:
            raise ValueError(f"{value[:40]!r} is not a real date ({exc})") from None
    else:
        raise ValueError(f"a date must be a string, not {type(value).__name__}")
    if not settings.min_published_year <= day.year <= settings.max_published_year:
        raise ValueError(f"{day.isoformat()} is outside the accepted years "
                         f"{settings.min_published_year}-{settings.max_published_year} "
                         "(settings min_published_year, max_published_year)")
    return day.isoformat()


def check_published(value: Any, settings: Settings = DEFAULT_SETTINGS, *, source: str = "",
                    line: int | None = None) -> str | None:
    """`parse_published`, raising InputError (a dead letter in batch runs) when invalid."""
    try:
        return parse_published(value, settings)
    except ValueError as exc:
        raise InputError(f"invalid published date: {exc}; give YYYY-MM-DD or leave it out",
                         input=source, line=line, stage="read") from None


def lenient_published(value: Any, settings: Settings = DEFAULT_SETTINGS) -> str | None:
    """A date the readers found themselves: the ISO date, or None when it is not valid."""
    try:
        return parse_published(value, settings)
    except ValueError:
        return None


def check_field(name: str, value: Any, *, source: str = "", line: int | None = None) -> str | None:
    """`id`, `title` or `url` as a clean string or None; numbers are coerced, containers rejected."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InputError(f'"{name}" must be a string, not {type(value).__name__}',
                         input=source, line=line, stage="read")
    text = value if isinstance(value, str) else str(value)
    text = replace_surrogates(text)[0].strip()
    return text or None
