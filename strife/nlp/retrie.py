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


def _folds_to_ascii(ch: str) -> bool:
    """Does `ch` match an ASCII letter under re.I (the dotless 'ı', the long 'ſ', the Kelvin sign)?"""
    pat = re.compile(re.escape(ch), re.I)
    return any(pat.fullmatch(a) for a in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def lower_case_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-insensitive `pattern` compiled case-sensitive, to run on `text.lower()` of an
    ASCII `text` instead of on the text: lower-casing ASCII keeps every offset, and the twin
    matches there exactly where `pattern` matches the text (`finditer_fast`). re.I's scan
    is some 3x slower. None unless the parsed
    pattern allows it: no capital letter or range over capitals, no character that re.I
    equates with an ASCII letter, no flags switched inside."""
    if _sre_p is None or not pattern.flags & re.I or not isinstance(pattern.pattern, str):
        return None
    try:
        ok = _twin_ok(_sre_p.parse(pattern.pattern, pattern.flags & ~re.I).data)
    except Exception:  # pragma: no cover - a parser that changed shape: assume nothing
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.I) if ok else None


_TWINS: dict = {}   # pattern -> its lower_case_twin (or None)


def finditer_fast(pattern: re.Pattern[str], text: str):
    """`pattern.finditer(text)`, the same Match objects, found faster: for a case-insensitive
    pattern on an ASCII text, its twin (`lower_case_twin`, made once per pattern) scans the
    lower-cased text, and `pattern` itself then matches at each place the twin found (so
    the groups read the original text)."""
    twin = _TWINS.get(pattern, False)
    if twin is False:
        twin = _TWINS[pattern] = lower_case_twin(pattern)
    if twin is None or not text.isascii():
        yield from pattern.finditer(text)
        return
    for t in twin.finditer(text.lower()):
        m = pattern.match(text, t.start())
        if m is None or m.span() != t.span():   # cannot happen (see lower_case_twin); be safe
            yield from pattern.finditer(text, t.start())
            return
        yield m


def _char_ok(code: int) -> bool:
    ch = chr(code)
    if ch.isascii():
        return not ("A" <= ch <= "Z")
    return not _folds_to_ascii(ch)


def _twin_ok(items) -> bool:
    c = _sre_c
    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL):
            if not _char_ok(av):
                return False
        elif op is c.IN:
            for o, a in av:
                if o is c.LITERAL and not _char_ok(a):
                    return False
                if o is c.RANGE and (a[1] >= 0x130 or (a[0] <= ord("Z") and a[1] >= ord("A"))):
                    return False
                if o not in (c.LITERAL, c.RANGE, c.CATEGORY, c.NEGATE):
                    return False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
            if not _twin_ok(av[2].data):
                return False
        elif op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if (add_flags | del_flags) & re.I or not _twin_ok(sub.data):
                return False
        elif op is getattr(c, "ATOMIC_GROUP", None):
            if not _twin_ok(av.data):
                return False
        elif op is c.BRANCH:
            if not all(_twin_ok(b.data) for b in av[1]):
                return False
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if not _twin_ok(av[1].data):
                return False
        elif op is c.GROUPREF_EXISTS:
            _group, yes, no = av
            if not _twin_ok(yes.data) or (no is not None and not _twin_ok(no.data)):
                return False
        elif op not in (c.AT, c.ANY, c.CATEGORY, c.GROUPREF):
            return False
    return True
