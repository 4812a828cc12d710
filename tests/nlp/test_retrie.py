"""A prefix-tree regex matches exactly what the longest-first alternation matches."""
from __future__ import annotations

import re

import pytest

from strife.nlp.retrie import requires_digit, trie_pattern

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


@pytest.mark.parametrize("pattern, needed", [
    (r"\d", True), (r"(\d{1,2})/(\d{1,2})/\d{4}", True), (r"[0-9]+th", True), (r"(?>\d)", True),
    (r"(?:19|20)\d\d", True), (r"(?:\d+|two)\s+days", False), (r"a\d?", False), (r"\d*", False),
    (r"[0-9a]", False), (r"(?=\d)x", False), (r"(?!\d)\w", False), (r"[^a]", False),
    (r"(?:\d|[٠-٩])", False), (r"monday", False),
])
def test_requires_digit(pattern, needed):
    assert requires_digit(pattern) is needed


def test_requires_digit_is_never_wrong_on_real_text():
    # a pattern said to need a digit never matches a text without one
    from strife.events import dates

    text = ("On Sunday, last week, early morning, three days ago, in the nineties, in May, "
            "the 19th century, 2015-05-18, 5/18/2015, the 1990s, 18 May 2015, May 2015")
    plain = re.sub(r"\d", "", text)
    for rule in dates._rules():
        if requires_digit(rule.pattern.pattern, rule.pattern.flags):
            assert rule.pattern.search(plain) is None


def test_any_of_finds_a_match_exactly_where_one_of_the_patterns_does():
    import re

    from strife.nlp.retrie import any_of

    pats = [re.compile(p) for p in (r"\bso far\b", r"\b(till|to|up to) date\b", r"\btoll\b.{0,20}\bwar\b",
                                    r"\b(this|last) (year|month)\b")]
    joined = any_of(pats)
    for text in ("the toll so far is 12", "up to date figures", "the toll of the war", "last month",
                 "last week", "", "tolls of war", "todate"):
        assert (joined.search(text) is not None) == any(p.search(text) for p in pats)
    # backreferences and mixed flags cannot be joined
    assert any_of([re.compile(r"(a)\1"), re.compile("b")]) is None
    assert any_of([re.compile("a", re.I), re.compile("b")]) is None
    assert any_of([]).search("anything") is None


def test_required_literals_are_in_every_match():
    import re

    from strife.nlp.retrie import required_literals

    assert required_literals(re.compile(r"\bso far\b")) == {"so far"}
    # alternatives are spelled out; a rare word wins over common ones
    assert required_literals(re.compile(r"\b(in|during) the (war|conflict)\b")) == {
        "in the war", "during the war", "in the conflict", "during the conflict"}
    assert required_literals(re.compile(r"\b(in|at) [\w-]+ (war|conflict)\b")) == {" war", " conflict"}
    assert required_literals(re.compile(r"\bas of (today|monday)\b")) == {"as of today", "as of monday"}
    # nothing required: an optional group, a class, a case-insensitive pattern
    assert required_literals(re.compile(r"(toll)?\d+")) is None
    assert required_literals(re.compile(r"[a-z]+")) is None
    assert required_literals(re.compile(r"\btoll\b", re.I)) is None
    # a repeat of at least one keeps its body's literals
    assert required_literals(re.compile(r"(?:killed )+at")) in ({"killed "}, {"at"})


def test_any_of_class_agrees_with_trying_every_pattern():
    import random
    import re

    from strife.nlp.retrie import AnyOf

    pats = [re.compile(p) for p in (
        r"\bso far\b", r"\b(till|to|up to) date\b", r"\btoll\b.{0,20}\bwar\b", r"\b(this|last) (year|month)\b",
        r"\b(killed|died) in a (series|wave) of\b", r"\b[\d,]+ (dead|killed)\b", r"x?\d\d", r"(?:ab)+c",
        r"\bin (?!(the|a) )(districts|provinces)\b")]
    any_pat = AnyOf(pats)
    words = ("so", "far", "till", "to", "up", "date", "toll", "of", "the", "war", "this", "last", "year",
             "month", "killed", "died", "in", "a", "series", "wave", "12", "1,200", "dead", "ab", "abc",
             "c", "x", "districts", "provinces", "todate", "sofar")
    rng = random.Random(7)
    texts = ["", "so far", "the toll of the war", "killed in a wave of", "in the districts", "in districts",
             "ababc", "x1"]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 9))) for _ in range(3000)]
    for text in texts:
        assert any_pat.search(text) == any(p.search(text) for p in pats), text
    assert AnyOf([]).search("anything") is False


def test_finditer_fast_gives_the_matches_of_the_case_insensitive_pattern():
    import re

    from strife.nlp.retrie import finditer_fast, lower_case_twin

    pat = re.compile(r"(?<![\w-])(south korea|iraqi?|al shabaab)(?:s)?(?![\w])", re.I)
    assert lower_case_twin(pat) is not None
    for text in ("Iraqis and SOUTH KOREA; al-Shabaab, Al Shabaab fighters", "İraq ıraq", "",
                 "IRAQI-led forces", "Kelvin \u212a south korea"):
        assert [(m.span(), m.groups()) for m in finditer_fast(pat, text)] == \
            [(m.span(), m.groups()) for m in pat.finditer(text)]
    # capitals, ranges over capitals, letters re.I equates with ASCII ones: no twin
    assert lower_case_twin(re.compile(r"Iraq", re.I)) is None
    assert lower_case_twin(re.compile(r"[A-Z]\w+", re.I)) is None
    assert lower_case_twin(re.compile("\u017fome", re.I)) is None
    assert lower_case_twin(re.compile(r"iraq")) is None      # not case-insensitive: nothing to gain


def test_could_match_is_false_only_where_the_pattern_cannot_match():
    import re

    from strife.nlp.retrie import could_match

    history = re.compile(r"(?<!\w)(?:last year|years ago|since the|war of)(?!\w)")
    recent = re.compile(r"\bin the (?:past|last) (?:few |\d+ )?(?:hours?|days?|week)\b")
    texts = ["they were killed last year", "in the past few hours", "two years ago", "a war of words",
             "police said", "", "in the last 3 days since the war", "lastyear", "in the pastday"]
    for pat in (history, recent, re.compile(r"[a-z]+"), re.compile(r"toll", re.I)):
        for text in texts:
            if pat.search(text):
                assert could_match(pat, text)
    assert not could_match(history, "police said") and not could_match(recent, "two years ago")
