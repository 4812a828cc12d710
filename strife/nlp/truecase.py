"""Upper-case wire text ("GUERRILLAS ATTACKED THE TOWN YESTERDAY") read in ordinary case.

spaCy's small English model tags nearly every word of an all-capitals story as a proper
noun, so its parse, and every extractor reading it, goes wrong. The story is first parsed in
lower case (`text_to_parse`), where the tagger still tells names (NNP) from ordinary words by
their context ("in kandahar province") far better than the entity model finds names in
capitals (measured on TR-News: capitals kept for 66% of names, 95% of them right, against
52% and 59% from a parse of the capitals). `truecase(text, doc)` returns a text of the same
length in which ordinary words are lower case and names, sentence openings, months, weekdays
and bracketed acronyms ("[FMLN]") keep their capital; the story is then parsed again.
Offsets are unchanged, so evidence spans still slice the article text.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..data import read_json

UPPER_SHARE = 0.9        # share of capital letters above which a text is "all capitals"
MIN_LETTERS = 40         # shorter texts are left alone (a headline, a code)
ACRONYM_MAX = 6          # longest bracketed word kept in capitals
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW",
                         "WORK_OF_ART", "LANGUAGE"})
NAME_TAGS = frozenset({"NNP", "NNPS"})
# a sentence or paragraph opens after . ? ! or a line break, and after a dateline's "--",
# past any bracketed markers ("-- [REPORT] [TEXT] THE ARMY ...")
_SENTENCE_OPENING = re.compile(r"(?:^|[.?!][\"')\]]?\s+|\n\s*|--\s+|:\s+)(?:\[[^\]\n]*\]\s*)*[\"'(]?(\w)")


_UPPER = re.compile(r"[A-Z\u00c0-\u00de]")
_LOWER = re.compile(r"[a-z\u00df-\u00ff]")


@lru_cache(maxsize=None)
def _calendar_words() -> frozenset[str]:
    rules = read_json("events/discourse.json")
    return frozenset(rules["month_words"]) | frozenset(rules["weekday_words"])


def is_upper_case(text: str) -> bool:
    """Is the text (nearly) all capitals?"""
    upper, lower = len(_UPPER.findall(text)), len(_LOWER.findall(text))
    return upper + lower >= MIN_LETTERS and upper >= UPPER_SHARE * (upper + lower)


def _bracketed(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] in "[(" and text[end: end + 1] in ("]", ")")


def text_to_parse(text: str) -> str:
    """What the model should read first: an all-capitals text in lower case (see the module
    doc), any other text as it is. Same length, so a parse of it lines up with `text`."""
    return text.lower() if is_upper_case(text) else text


def _name_word(t) -> bool:
    """Does the token look like (part of) a name? A proper-noun tag, or an entity word."""
    if t.lower_ in STOP_WORDS:
        return False
    # in a parse of the capitals themselves nearly every word is tagged NNP: entities only
    return (t.tag_ in NAME_TAGS and not t.text.isupper()) or t.ent_type_ in NAME_LABELS


def truecase(text: str, doc) -> str:
    """`text` in ordinary case, same length; `doc` is a parse of `text_to_parse(text)` (its
    lower-case form; a parse of the capitals also works, less well), read for names only."""
    chars = list(text.lower())
    calendar = _calendar_words()
    for t in doc:
        w = t.text
        if not w[:1].isalpha():
            continue
        low = w.lower()
        if _bracketed(text, t.idx, t.idx + len(w)) and len(w) <= ACRONYM_MAX:
            chars[t.idx: t.idx + len(w)] = list(text[t.idx: t.idx + len(w)])
        elif low in calendar and (low != "may" or _next_to_number(t)):
            chars[t.idx] = chars[t.idx].upper()
        elif _name_word(t):
            chars[t.idx] = chars[t.idx].upper()
    for m in _SENTENCE_OPENING.finditer(text):
        chars[m.start(1)] = chars[m.start(1)].upper()
    out = "".join(chars)
    return re.sub(r"(?<!\w)i(?!\w)", "I", out)


def _next_to_number(t) -> bool:
    doc = t.doc
    return (t.i > 0 and doc[t.i - 1].like_num) or (t.i + 1 < len(doc) and doc[t.i + 1].like_num)


def read_in_ordinary_case(parse, doc, article, limit: int):
    """(doc, article) again when the article is in capitals: the text truecased and parsed
    anew with `parse(text) -> Doc`; else the same pair."""
    text = article.text[:limit]
    if not is_upper_case(text):
        return doc, article
    cased = truecase(text, doc)
    article = replace(article, text=cased + article.text[limit:])
    return parse(cased), article
