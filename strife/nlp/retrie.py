"""Regular expressions for long lists of literal phrases, built as a prefix tree.

Python's `re` tries the branches of an alternation one after another at every position, so
`(?:name1|name2|...)` over a few hundred names is slow. The same phrases as a tree
(`s(?:outh (?:africa|korea|sudan)|pain)`) test each character once. With the longer phrases
tried before the shorter ones they are a prefix of, the tree matches what the alternation of
the phrases sorted longest first matches (tests/nlp/test_retrie.py checks this).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

try:  # Python 3.11+ (the regex parser is private: without it no pattern is said to need a digit)
    from re import _constants as _sre_c
    from re import _parser as _sre_p
except ImportError:  # pragma: no cover
    _sre_c = _sre_p = None


def trie_pattern(phrases: Iterable[str], space: str | None = None) -> str:
    """A regex that matches any of `phrases`, preferring the longest.

    With `space` (e.g. r"\\s+"), the words of a phrase are joined by that regex instead of
    one literal space.
    """
    root: dict = {}
    for p in phrases:
        if space is not None:
            p = " ".join(p.split())
        if not p:
            continue
        node = root
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = True
    return _node_pattern(root, space) or "(?!)"


def _node_pattern(node: dict, space: str | None) -> str:
    ends = "" in node
    branches = [(space if space is not None and ch == " " else re.escape(ch)) + _node_pattern(child, space)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:   # this prefix is itself a phrase: try the longer ones first, then stop here
        return "(?:" + body + ")?"
    return body


def requires_digit(pattern: str, flags: int = 0) -> bool:
    """True when every match of `pattern` contains a decimal digit, so a text without one
    (no match of `\\d`) cannot match it. Decided from the parsed pattern; False when unsure."""
    if _sre_p is None:  # pragma: no cover
        return False
    try:
        return _seq_requires_digit(_sre_p.parse(pattern, flags).data)
    except Exception:  # pragma: no cover - a parser that changed shape: assume nothing
        return False


def _seq_requires_digit(items) -> bool:
    return any(_requires_digit(op, av) for op, av in items)


def _requires_digit(op, av) -> bool:
    c = _sre_c
    if op is c.LITERAL:
        return chr(av) in "0123456789"
    if op is c.IN:
        return bool(av) and all(_digit_member(o, a) for o, a in av)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        lo, _hi, sub = av
        return lo >= 1 and _seq_requires_digit(sub.data)
    if op is c.SUBPATTERN:
        return _seq_requires_digit(av[-1].data)
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _seq_requires_digit(av.data)
    if op is c.BRANCH:
        return all(_seq_requires_digit(b.data) for b in av[1])
    return False   # assertions, anchors, backreferences, any other character: no digit needed


def _digit_member(op, av) -> bool:
    c = _sre_c
    if op is c.LITERAL:
        return chr(av) in "0123456789"
    if op is c.RANGE:
        return ord("0") <= av[0] and av[1] <= ord("9")
    if op is c.CATEGORY:
        return av is c.CATEGORY_DIGIT
    return False   # NEGATE and anything else


_BACKREF = re.compile(r"\\[1-9]|\(\?P=")


def any_of(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that finds a match wherever any of `patterns` does, so that
    `any_of(ps).search(s)` is true exactly when `any(p.search(s) for p in ps)` is (one scan of
    the text instead of one per pattern). None when the patterns cannot be joined: different
    flags, or backreferences (group numbers shift when joined)."""
    patterns = list(patterns)
    if not patterns:
        return re.compile(r"(?!x)x")
    flags = {p.flags for p in patterns}
    if len(flags) != 1 or any(_BACKREF.search(p.pattern) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags.pop())
    except re.error:    # e.g. a global inline flag inside one of them
        return None
