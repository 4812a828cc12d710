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
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..data import read_json, read_lines

UPPER_SHARE = 0.9        # share of capital letters above which a text is "all capitals"
MIN_LETTERS = 40         # shorter texts are left alone (a headline, a code)
ACRONYM_MAX = 6          # longest bracketed word kept in capitals
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW",
                         "WORK_OF_ART", "LANGUAGE"})
NAME_TAGS = frozenset({"NNP", "NNPS"})
PLACE_MAX_TOKENS = 3     # longest run of lower-case words looked up as a place name
UNKNOWN_MIN_CHARS = 4    # shorter words unknown to the dictionary are not taken for names
PLACE_MIN_CHARS = 4      # shorter single words are not looked up ("act", "man", "que")
_DETERMINER_TAGS = frozenset({"DT", "PRP$", "WDT", "WP$"})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_SINGULAR_NOUN_TAGS = frozenset({"NN", "NNP", "FW"})
# a sentence or paragraph opens after . ? ! or a line break, and after a dateline's "--",
# past any bracketed markers ("-- [REPORT] [TEXT] THE ARMY ...")
_SENTENCE_OPENING = re.compile(r"(?:^|[.?!][\"'\u201d\u2019)\]]?\s+|\n\s*|--\s+|:\s+)(?:\[[^\]\n]*\]\s*)*[\"'\u201c\u2018(]?(\w)")


_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}")
_VOWELS = re.compile(r"[aeiouy]")
_UPPER = re.compile(r"[A-Z\u00c0-\u00de]")
_LOWER = re.compile(r"[a-z\u00df-\u00ff]")


@lru_cache(maxsize=None)
def _calendar_words() -> frozenset[str]:
    rules = read_json("events/discourse.json")
    return frozenset(rules["month_words"]) | frozenset(rules["weekday_words"])


@lru_cache(maxsize=None)
def _lower_abbreviations() -> frozenset[str]:
    return frozenset(read_json("nlp/truecase.json")["lower_abbreviations"])


@lru_cache(maxsize=None)
def _demonyms() -> frozenset[str]:
    """"Salvadoran", "Iraqis": nationality words keep their capital (the tagger calls them JJ)."""
    words = {line.split("\t")[0].lower() for line in read_lines("places/demonyms.tsv")}
    return frozenset(words | {w + "s" for w in words})


@lru_cache(maxsize=None)
def _not_place_nouns() -> frozenset[str]:
    return frozenset(read_json("nlp/truecase.json")["common_nouns_named_like_places"])


def is_upper_case(text: str) -> bool:
    """Is the text (nearly) all capitals?"""
    if text.isascii():   # the same counts, by deleting the other bytes in C (news: ~30x faster)
        b = text.encode("ascii")
        upper, lower = len(b.translate(None, _NOT_UPPER)), len(b.translate(None, _NOT_LOWER))
    else:
        upper, lower = len(_UPPER.findall(text)), len(_LOWER.findall(text))
    return upper + lower >= MIN_LETTERS and upper >= UPPER_SHARE * (upper + lower)


_NOT_UPPER = bytes(c for c in range(256) if not 65 <= c <= 90)    # all bytes but A-Z
_NOT_LOWER = bytes(c for c in range(256) if not 97 <= c <= 122)   # all bytes but a-z


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


def truecase(text: str, doc, is_place: Callable[[str], bool] | None = None,
             words: frozenset[str] = frozenset()) -> str:
    """`text` in ordinary case, same length; `doc` is a parse of `text_to_parse(text)` (its
    lower-case form; a parse of the capitals also works, less well), read for names only.
    `is_place(name)`, when given, says whether a name is a well-known place (geo.places
    `well_known_place`): nouns the tagger took for ordinary words ("aleppo", "winnipeg
    police") keep their capital when it says so. `words` are the English words the model's
    lemmatizer knows (nlp.model.dictionary_words): a singular noun not among them is taken
    for a name ("the murder of hector oqueli colindres", "la bermeja cemetery")."""
    chars = list(text.lower())
    calendar = _calendar_words()
    named: Counter[str] = Counter()     # how often each word was read as a name ...
    seen: Counter[str] = Counter()      # ... and how often it occurs
    for t in doc:
        w = t.text
        if not w[:1].isalpha():
            continue
        low = w.lower()
        if _keeps_capitals(text, t.idx, w):
            chars[t.idx: t.idx + len(w)] = list(text[t.idx: t.idx + len(w)])
        elif (low in calendar and (low != "may" or _next_to_number(t))) or low in _demonyms():
            chars[t.idx] = chars[t.idx].upper()
        else:
            seen[low] += 1
            if _name_word(t) or (words and _unknown_noun(t, words)):
                named[low] += 1
                chars[t.idx] = chars[t.idx].upper()
    if is_place is not None:
        _capitalise_places(doc, chars, is_place, named)
    # a name is a name throughout the story ("killing Maria Jacinta Pulido, 42; Pilar Pulido,
    # 19"): a word read as a name at least half the times it occurs keeps its capital everywhere
    # but not where it is a common noun ("Heathrow Airport ... the airport")
    for t in doc:
        low = t.lower_
        if named[low] and named[low] * 2 >= seen[low] and t.text[:1].isalpha() and not _common_noun_use(t):
            chars[t.idx] = chars[t.idx].upper()
        elif low == "us" and _country_us(t):
            chars[t.idx: t.idx + 2] = list("US")
    if words:
        _capitalise_first_names(doc, chars, words)
    initials = list(_INITIALS.finditer(text))
    after_initials = {m.end() for m in initials}
    for m in _SENTENCE_OPENING.finditer(text):
        if m.start() + 1 not in after_initials:     # "U.S. advisers" does not open a sentence
            chars[m.start(1)] = chars[m.start(1)].upper()
    for m in initials:      # "U.S.", "U.N." (the tokenizer splits them in lower case)
        chars[m.start(): m.end()] = list(m.group())
    out = "".join(chars)
    return re.sub(r"(?<!\w)i(?!\w)", "I", out)


def _unknown_noun(t, words: frozenset[str]) -> bool:
    """A singular noun (or foreign word) of four letters or more that no English dictionary
    form or lemma of it matches, nor strife's own trigger words ("ceasefire"), nor an
    inflection of a dictionary word the tagger took for a noun ("neighbouring", "moaning"):
    a name the tagger did not know."""
    return t.tag_ in _SINGULAR_NOUN_TAGS and _unknown_word(t, words)


def _capitalise_first_names(doc, chars: list[str], words: frozenset[str]) -> None:
    """A word the tagger read as an adjective, unknown to the dictionary, just before a name
    is the name's first word ("51-year-old lisbeth Añez" -> "Lisbeth Añez")."""
    for t in doc[:-1]:
        nxt = doc[t.i + 1]
        if t.tag_ == "JJ" and chars[t.idx].islower() and nxt.is_alpha and chars[nxt.idx].isupper() \
                and _unknown_word(t, words):
            chars[t.idx] = chars[t.idx].upper()


def _unknown_word(t, words: frozenset[str]) -> bool:
    low = t.lower_
    return (t.is_alpha and len(low) >= UNKNOWN_MIN_CHARS and not t.is_stop and low not in words
            and t.lemma_.lower() not in words and low not in _trigger_words()
            and not _inflected_word(low, words) and low not in _demonyms())


def _inflected_word(low: str, words: frozenset[str]) -> bool:
    """Is the word a dictionary word with an ending ("-ing", "-ed", "-s") the lemmatizer
    did not strip, its base four letters or more ("neighbouring", "moaning", "peacekeepers")?"""
    for ending in _inflections():
        base = low[: -len(ending)]
        if not low.endswith(ending) or len(base) < UNKNOWN_MIN_CHARS:
            continue
        if base in words or base + "e" in words or (base[-1] == base[-2] and base[:-1] in words):
            return True
    return False


@lru_cache(maxsize=None)
def _inflections() -> tuple[str, ...]:
    return tuple(read_json("nlp/truecase.json")["inflections"])


@lru_cache(maxsize=None)
def _trigger_words() -> frozenset[str]:
    """Single words of the event trigger lexicon (data/events/triggers.json): ordinary words
    of conflict news, whatever the model's dictionary lacks ("ceasefire", "airstrike")."""
    out: set[str] = set()
    for cue in read_json("events/triggers.json")["cues"].values():
        for term in cue.get("terms", []):
            out.update(w for w in re.split(r"[\s|*-]+", term.lower()) if w.isalpha())
    return frozenset(out)


def _common_noun_use(t) -> bool:
    """A word used as a common noun: after an article or possessive, and not modifying the
    noun after it ("the airport", not "the glasgow police")."""
    doc = t.doc
    if t.i == 0 or doc[t.i - 1].tag_ not in _DETERMINER_TAGS:
        return False
    return not (t.i + 1 < len(doc) and doc[t.i + 1].tag_ in _NOUN_TAGS)


def _place_word(t, chars: list[str], after_determiner: set[str]) -> bool:
    """Could this lower-case token be (part of) a place name the tagger missed?"""
    low = t.lower_
    return (t.is_alpha and chars[t.idx].islower() and t.tag_ in _NOUN_TAGS and not t.is_stop
            and low not in after_determiner and low not in _not_place_nouns())


def _capitalise_places(doc, chars: list[str], is_place: Callable[[str], bool], named: Counter) -> None:
    """Capitalise runs of one to three nouns that name a well-known place; a word ever seen
    after an article or possessive ("the temple", "a surprise") is taken for a common noun."""
    after_determiner = {t.lower_ for t in doc if _common_noun_use(t)}
    toks = list(doc)
    text = doc.text   # joined once: spaCy joins every token again at each `doc.text`
    i = 0
    while i < len(toks):
        n_found = 0
        for n in (PLACE_MAX_TOKENS, 2, 1):
            span = toks[i: i + n]
            if len(span) < n or not all(_place_word(t, chars, after_determiner) for t in span):
                continue
            if n == 1 and len(span[0].text) < PLACE_MIN_CHARS:
                continue
            if is_place(text[span[0].idx: span[-1].idx + len(span[-1].text)]):
                for t in span:
                    chars[t.idx] = chars[t.idx].upper()
                    named[t.lower_] += 1
                n_found = n
                break
        i += n_found or 1


def _country_us(t) -> bool:
    """"US" the country, not "us": after "the", or before a noun ("US officials", "US-led");
    after a verb or preposition only before a plural ("met US officials", not "give us aid")."""
    doc = t.doc
    before = doc[t.i - 1] if t.i > 0 else None
    after = doc[t.i + 1] if t.i + 1 < len(doc) else None
    if before is not None and before.lower_ == "the":
        return True
    if after is None or after.is_stop:      # "tell us something", "give us all"
        return False
    if after.text == "-":
        return True
    if before is not None and before.tag_[:2] in ("VB", "IN", "TO"):
        return after.tag_ in ("NNS", "NNPS")    # "met US officials", not "give us information"
    return after.tag_ in _NOUN_TAGS


def _keeps_capitals(text: str, start: int, word: str) -> bool:
    """Words written in capitals in any case: bracketed acronyms ("[FMLN]"), codes with digits
    ("AK-47"), initials ("U.S."), and short words with no vowel (FMLN, PKK; not "km", "Mr")."""
    if len(word) <= ACRONYM_MAX and _bracketed(text, start, start + len(word)):
        return True
    if any(ch.isdigit() for ch in word):
        return True
    low = word.lower()
    return (2 <= len(word) <= ACRONYM_MAX and word.isalpha() and not _VOWELS.search(low)
            and low not in _lower_abbreviations())


def _next_to_number(t) -> bool:
    doc = t.doc
    return (t.i > 0 and doc[t.i - 1].like_num) or (t.i + 1 < len(doc) and doc[t.i + 1].like_num)


def read_in_ordinary_case(parse, doc, article, limit: int,
                          is_place: Callable[[str], bool] | None = None,
                          words: frozenset[str] = frozenset()):
    """(doc, article) again when the article is in capitals: the text truecased (with
    `is_place` and `words`, see `truecase`) and parsed anew with `parse(text) -> Doc`; else
    the same pair."""
    text = article.text[:limit]
    if not is_upper_case(text):
        return doc, article
    cased = truecase(text, doc, is_place, words)
    article = replace(article, text=cased + article.text[limit:])
    return parse(cased), article
