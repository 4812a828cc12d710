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


# id(pattern) -> (pattern, its lower_case_twin or None). Keyed by identity: hashing a
# compiled pattern hashes its whole compiled code (some 10-20 us for the large alternations
# of names and lexicon terms), at every call; the pattern kept in the value keeps its id taken.
_TWINS: dict = {}
_MAX_PATTERNS = 1024


def finditer_fast(pattern: re.Pattern[str], text: str):
    """`pattern.finditer(text)`, the same Match objects, found faster: for a case-insensitive
    pattern on an ASCII text, its twin (`lower_case_twin`, made once per pattern) scans the
    lower-cased text, and `pattern` itself then matches at each place the twin found (so
    the groups read the original text)."""
    entry = _TWINS.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        if len(_TWINS) >= _MAX_PATTERNS:   # patterns made afresh per call: start afresh
            _TWINS.clear()
        entry = _TWINS[id(pattern)] = (pattern, lower_case_twin(pattern))
    twin = entry[1]
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


# ---------------------------------------------------------------- literal prefilter

def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of which every match of `pattern` contains at least one, so that a text
    containing none of them (`s in text`) cannot match; None when the parsed pattern
    guarantees no literal (or is case-insensitive). Of the choices a pattern offers, the
    set whose shortest string is longest is kept, short of one made of common words only
    ('the', 'in'): '\\bso far\\b' -> {'so far'}, '(war|conflict) toll' -> {' toll'}."""
    if _sre_p is None or pattern.flags & re.I or not isinstance(pattern.pattern, str):
        return None
    try:
        return _seq_literals(_sre_p.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # pragma: no cover - a parser that changed shape: assume nothing
        return None


# words found in most sentences: a literal made only of these rules out little
_COMMON = frozenset("a an the in of to and or on at for from by with as is was were are be been has have "
                    "had it its this that which there their since during over after last up now".split())
_MAX_EXACT = 64   # alternatives spelled out when literals are joined ('(killed|died) in a ')
_FEW = 6          # literals per pattern tested without second thoughts: each costs a substring test


def _rare(literal: str) -> bool:
    words = ("".join(ch for ch in w if ch.isalpha()) for w in literal.split())
    return any(len(w) >= 3 and w not in _COMMON for w in words)


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    candidates = [c for c in candidates if c and "" not in c]
    if not candidates:
        return None
    return max(candidates, key=lambda s: (all(_rare(x) for x in s), len(s) <= _FEW, min(len(x) for x in s), -len(s)))


def _exact(op, av) -> frozenset[str] | None:
    """Every string this one element can match, when they are few and literal."""
    c = _sre_c
    if op is c.LITERAL:
        return frozenset([chr(av)])
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.I else _seq_exact(sub.data)
    if op is c.BRANCH:
        alts = [_seq_exact(b.data) for b in av[1]]
        if any(a is None for a in alts):
            return None
        out = frozenset().union(*alts)
        return out if len(out) <= _MAX_EXACT else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        lo, hi, sub = av
        if lo == 0 and hi == 1:
            inner = _seq_exact(sub.data)
            return None if inner is None else inner | {""}
    return None


def _seq_exact(items) -> frozenset[str] | None:
    out = frozenset([""])
    for op, av in items:
        if op is _sre_c.AT:
            continue   # zero-width
        e = _exact(op, av)
        if e is None:
            return None
        out = frozenset(a + b for a in out for b in e)
        if len(out) > _MAX_EXACT:
            return None
    return out


def _seq_literals(items) -> frozenset[str] | None:
    c = _sre_c
    candidates: list[frozenset[str]] = []
    run = frozenset([""])   # the strings the elements since the last inexact one can match
    for op, av in items:
        if op is c.AT:   # zero-width (\b, ^): the elements around it are still adjacent
            continue
        e = _exact(op, av)
        if e is not None:
            if op is not c.LITERAL:
                candidates.append(e)   # alone, or joined with its neighbours below
            joined = frozenset(a + b for a in run for b in e)
            if len(joined) <= _MAX_EXACT:
                run = joined
                continue
            candidates.append(run)
            run = e
            continue
        candidates.append(run)
        run = frozenset([""])
        found = None
        if op is c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if not add_flags & re.I:
                found = _seq_literals(sub.data)
        elif op is c.BRANCH:
            alts = [_seq_literals(b.data) for b in av[1]]
            if all(a is not None for a in alts):
                found = frozenset().union(*alts)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
            lo, _hi, sub = av
            if lo >= 1:
                found = _seq_literals(sub.data)
        elif op is getattr(c, "ATOMIC_GROUP", None):
            found = _seq_literals(av.data)
        if found:
            candidates.append(found)
    candidates.append(run)
    return _best(candidates)


class AnyOf:
    """`AnyOf(ps).search(s)` is true exactly when `any(p.search(s) for p in ps)` is, found
    faster for many patterns on short texts: each pattern runs only when the text contains
    one of its `required_literals` (a substring test per distinct literal)."""

    __slots__ = ("_always", "_by_literal", "_literals", "_patterns", "_order", "_starts", "_by_first")

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        self._patterns = list(patterns)
        self._always: list[int] = []
        by_literal: dict[str, list[int]] = {}
        for i, p in enumerate(self._patterns):
            lits = required_literals(p)
            if not lits:
                self._always.append(i)
                continue
            for lit in lits:
                by_literal.setdefault(lit, []).append(i)
        self._by_literal = by_literal
        self._literals = tuple(by_literal)
        # where in a text any literal begins: one scan of a prefix tree of them all (instead
        # of a substring search per literal), then the literals of that first character
        self._order = {lit: k for k, lit in enumerate(self._literals)}
        self._starts = re.compile("(?=" + trie_pattern(self._literals) + ")") \
            if self._literals and "" not in by_literal else None
        by_first: dict[str, list[str]] = {}
        for lit in self._literals:
            by_first.setdefault(lit[:1], []).append(lit)
        self._by_first = {k: tuple(v) for k, v in by_first.items()}

    def _present(self, text: str) -> list[str]:
        """The literals `text` holds, in their order."""
        if self._starts is None:
            return [lit for lit in self._literals if lit in text]
        found: set[str] = set()
        by_first = self._by_first
        for m in self._starts.finditer(text):
            at = m.start()
            for lit in by_first[text[at]]:
                if text.startswith(lit, at):
                    found.add(lit)
        return sorted(found, key=self._order.__getitem__)

    def search(self, text: str) -> bool:
        patterns = self._patterns
        for i in self._always:
            if patterns[i].search(text):
                return True
        tried: set[int] = set()
        for lit in self._present(text):
            for i in self._by_literal[lit]:
                if i not in tried:
                    tried.add(i)
                    if patterns[i].search(text):
                        return True
        return False


_LITERALS: dict = {}   # id(pattern) -> (pattern, its required_literals or None), as _TWINS


def could_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when `pattern` cannot match `text`: the text holds none of the strings
    every match contains (`required_literals`). A substring test or a few instead of a
    regex scan; `pattern.search(text)` still decides when this is True."""
    entry = _LITERALS.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        if len(_LITERALS) >= _MAX_PATTERNS:
            _LITERALS.clear()
        entry = _LITERALS[id(pattern)] = (pattern, required_literals(pattern))
    lits = entry[1]
    if lits is None:
        return True
    for lit in lits:
        if lit in text:
            return True
    return False
