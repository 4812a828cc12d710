"""A prefix-tree regex matches exactly what the longest-first alternation matches."""
from __future__ import annotations

import re

import pytest

from strife.retrie import trie_pattern

PHRASES = ["niger", "nigeria", "nigerian", "south korea", "south sudan", "sudan", "sud",
           "u.s.", "us", "a", "ab", "abc", "killed", "killed in action", "c++", "(x)"]
TEXT = ("Nigerian troops and Nigeria's police met near the Niger border; South Korea, South  Sudan "
        "and Sudan sent envoys. The U.S. and us, a ab abc abcd. Two were killed in action, one killed. "
        "c++ (x) nigerians")


def _alternation(phrases, space=None):
    items = sorted(set(phrases), key=len, reverse=True)
    if space is None:
        return "|".join(re.escape(p) for p in items)
    return "|".join(space.join(re.escape(w) for w in p.split()) for p in items)


@pytest.mark.parametrize("space", [None, r"\s+"])
@pytest.mark.parametrize("wrap", [r"(?<![\w-])({})(?:s)?(?![\w])", r"({})", r"\b(?:{})\b", r"^(?:{})"])
def test_same_matches_as_the_alternation(space, wrap):
    old = re.compile(wrap.format(_alternation(PHRASES, space)), re.I)
    new = re.compile(wrap.format(trie_pattern(PHRASES, space)), re.I)
    for text in (TEXT, TEXT.lower(), "nigeriaa niger-based", ""):
        assert [(m.span(), m.groups()) for m in new.finditer(text)] == \
               [(m.span(), m.groups()) for m in old.finditer(text)]


def test_longest_phrase_wins():
    assert re.match(trie_pattern(["niger", "nigeria"]), "nigeria").group(0) == "nigeria"
    assert re.match(trie_pattern(["killed", "killed in action"], r"\s+"), "killed  in action").group(0) == \
        "killed  in action"


def test_no_phrases_matches_nothing():
    assert re.search(trie_pattern([]), "anything") is None
    assert re.search(trie_pattern(["", "  "], r"\s+"), "anything") is None
