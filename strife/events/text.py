"""Token forms and text helpers shared by the event extractors (cached per Doc)."""
from __future__ import annotations

from functools import lru_cache

from ..models import Evidence
from ..nlp import doccache


def _forms(tok) -> frozenset[str]:
    return _forms_of(tok.lower_, tok.lemma_, tok.pos_)


@lru_cache(maxsize=65536)
def _forms_of(lower: str, lemma: str, pos: str) -> frozenset[str]:
    forms = {lower, lemma.lower()}
    if pos in ("NOUN", "PROPN") and len(lower) > 4 and lower.endswith("s"):
        forms.add(lower[:-1])   # the lemmatiser leaves title-case plurals ("Warplanes") alone
    if pos == "VERB":   # "fire/v" in a lexicon matches only the verb
        forms |= {f + "/v" for f in forms}
    return frozenset(forms)


_FORMS_BY_ID: dict[tuple[int, int, int], frozenset[str]] = {}


def _doc_forms(doc) -> list[frozenset[str]]:
    """Every token's lexicon forms, by token index: computed once per Doc (cached on it)."""
    key = "_strife_forms"
    forms = doc.user_data.get(key)
    if forms is None:
        # keyed on string ids (ints read straight off the token), strings looked up once per word
        strings = doc.vocab.strings
        cache = _FORMS_BY_ID
        forms = []
        for t in doccache.tokens(doc):
            k = (t.lower, t.lemma, t.pos)
            f = cache.get(k)
            if f is None:
                if len(cache) >= 65536:
                    cache.clear()
                f = cache[k] = _forms_of(strings[t.lower], strings[t.lemma], t.pos_)
            forms.append(f)
        doc.user_data[key] = forms
    return forms


def _text(doc) -> str:
    """The Doc's text, joined once per Doc (spaCy rebuilds `Doc.text` on every access)."""
    return doccache.doc_text(doc)


def _sents(doc) -> list:
    """The Doc's sentences as a list, computed once per Doc (cached on it)."""
    return doccache.sentences(doc)


def _match_at(tokens: list, i: int, pattern: tuple, forms: list[frozenset[str]]) -> list[int] | None:
    """Indices (into `tokens`) matched by `pattern` starting at i, or None;
    `forms` are the Doc's token forms (`_doc_forms`)."""
    matched: list[int] = []
    j = i
    gap = 0
    n = len(tokens)
    for alts in pattern:
        if alts is None:
            gap = 5
            continue
        found = None
        for jj in range(j, min(n, j + gap + 1)):
            tok = tokens[jj]
            if not forms[tok.i].isdisjoint(alts):
                found = jj
                break
            if jj != i and tok.is_sent_start:
                break
        if found is None:
            return None
        matched.append(found)
        j = found + 1
        gap = 0
    return matched


def _phrase_head(toks: list):
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return toks[0]


def _ev(field_name: str, doc_text: str, start: int, end: int) -> Evidence:
    return Evidence(field_name, start, end, doc_text[start:end])
