"""Regular expressions for long lists of literal phrases, built as a prefix tree.

Python's `re` tries the branches of an alternation one after another at every position, so
`(?:name1|name2|...)` over a few hundred names is slow. The same phrases as a tree
(`s(?:outh (?:africa|korea|sudan)|pain)`) test each character once. With the longer phrases
tried before the shorter ones they are a prefix of, the tree matches what the alternation of
the phrases sorted longest first matches (tests/test_retrie.py checks this).
"""
from __future__ import annotations

import re
from collections.abc import Iterable


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
