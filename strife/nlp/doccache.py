"""Per-Doc caches of what spaCy rebuilds on every access.

`Doc.text` and `Span.text` join every token anew, `Doc.sents` and `Token.sent` walk the
parse, and `doc[i]` makes a new Token object each time. The extractors read these many
times per article, so each is computed once per Doc here and kept in `doc.user_data`.
The values are exactly spaCy's (tests/nlp/test_doccache.py compares them).
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any

_KEY = "_strife_cache"
DASHES = ("-", "–")


class _Cache:
    __slots__ = ("text", "lower", "sents", "starts", "tokens", "undashed", "undashed_pos", "kids", "lemmas",
                 "kid_tokens")

    def __init__(self, doc, text: str | None = None) -> None:
        self.text: str = doc.text if text is None else text
        self.lower: str | None = None
        self.sents: list | None = None
        self.starts: list[int] | None = None
        self.tokens: list | None = None
        self.undashed: list | None = None
        self.undashed_pos: list[int] | None = None
        self.kids: list[list[int]] | None = None
        self.lemmas: list[str] | None = None
        self.kid_tokens: list[list] | None = None


_last: tuple = (None, None)   # (Doc, its cache): the Doc being analysed, asked ~300 times per note


def _cache(doc) -> _Cache:
    last_doc, c = _last
    if last_doc is doc:
        return c
    c = doc.user_data.get(_KEY)
    if c is None:
        c = doc.user_data[_KEY] = _Cache(doc)
    _remember(doc, c)
    return c


def _remember(doc, c) -> None:
    global _last
    _last = (doc, c)


def seed_text(doc, text: str) -> None:
    """Record the string a Doc was made from (`nlp(text)`): the same as `doc.text`, known
    without joining the tokens again."""
    if _KEY not in doc.user_data and len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        doc.user_data[_KEY] = _Cache(doc, text)


def release(doc) -> None:
    """Drop every strife cache from the Doc. The caches hold Tokens and Spans, which point back
    at the Doc: a reference cycle that only Python's cycle collector breaks, so without this
    a batch's Docs linger in memory long after they are used."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("_strife")]:
        del doc.user_data[key]
    if _last[0] is doc:
        _remember(None, None)


def doc_text(doc) -> str:
    """`doc.text`, joined once."""
    return _cache(doc).text


def doc_lower(doc) -> str:
    """`doc.text.lower()`, once; "" when lowercasing changes the text's length (a few letters
    such as 'İ' become two characters), since offsets into it would then not line up:
    `span_lower` then lowers the span itself."""
    c = _cache(doc)
    if c.lower is None:
        low = c.text.lower()
        c.lower = low if len(low) == len(c.text) else ""
    return c.lower


def sentences(doc) -> list:
    """`list(doc.sents)`, once."""
    c = _cache(doc)
    if c.sents is None:
        c.sents = list(doc.sents)
        c.starts = [s.start for s in c.sents]
    return c.sents


def tokens(doc) -> list:
    """`list(doc)`: Token objects made once and reused."""
    c = _cache(doc)
    if c.tokens is None:
        c.tokens = list(doc)
    return c.tokens


def lower_lemmas(doc) -> list[str]:
    """`[t.lemma_.lower() for t in doc]`, read once from the Doc's lemma array: a cheap first
    test of whether a sentence holds a word at all before reading its tokens."""
    c = _cache(doc)
    if c.lemmas is None:
        from spacy.attrs import LEMMA

        strings = doc.vocab.strings
        known = _LOWER_LEMMAS if _LOWER_LEMMAS_OF is strings else _lower_lemmas_for(strings)
        out = []
        for h in doc.to_array(LEMMA).tolist() if len(doc) else ():
            low = known.get(h)
            if low is None:
                if len(known) >= 100_000:
                    known.clear()
                low = known[h] = strings[h].lower()
            out.append(low)
        c.lemmas = out
    return c.lemmas


_LOWER_LEMMAS: dict[int, str] = {}   # lemma string id -> the lemma in lower case
_LOWER_LEMMAS_OF = None              # ... in this string store


def _lower_lemmas_for(strings) -> dict[int, str]:
    global _LOWER_LEMMAS_OF
    _LOWER_LEMMAS.clear()
    _LOWER_LEMMAS_OF = strings
    return _LOWER_LEMMAS


def span_text(span) -> str:
    """`span.text` as a slice of the cached Doc text."""
    return _cache(span.doc).text[span.start_char:span.end_char]


def text_of(obj) -> str:
    """`obj.text` for a Doc or a Span, from the cached Doc text."""
    doc = obj.doc
    if doc is obj:
        return _cache(doc).text
    return _cache(doc).text[obj.start_char:obj.end_char]


def span_lower(span) -> str:
    """`span.text.lower()`."""
    low = doc_lower(span.doc)
    if low:
        return low[span.start_char:span.end_char]
    return span_text(span).lower()


def span_tokens(span) -> list:
    """The span's tokens, from the cached Token objects."""
    return tokens(span.doc)[span.start:span.end]


def undashed_tokens(span) -> list:
    """The span's tokens without lone dashes ("-", "–"): what lexicon phrases are matched on."""
    doc = span.doc
    c = _cache(doc)
    if c.undashed is None:
        toks = tokens(doc)
        c.undashed = [t for t in toks if t.text not in DASHES]
        pos, k = [], 0
        for t in toks:   # undashed_pos[i]: index into `undashed` of the first kept token >= i
            pos.append(k)
            if t.text not in DASHES:
                k += 1
        pos.append(k)
        c.undashed_pos = pos
    return c.undashed[c.undashed_pos[span.start]:c.undashed_pos[span.end]]


def sent_index(tok) -> int:
    """Index (into `sentences`) of the sentence holding the token."""
    doc = tok.doc
    sentences(doc)
    return bisect_right(_cache(doc).starts, tok.i) - 1


def sent_of(tok) -> Any:
    """`tok.sent`, from the cached sentences."""
    return sentences(tok.doc)[sent_index(tok)]


def _children(doc) -> list[list[int]]:
    """Child token indices of every token, in order (from the parse's head indices)."""
    c = _cache(doc)
    if c.kids is None:
        from spacy.attrs import HEAD

        kids: list[list[int]] = [[] for _ in range(len(doc))]
        if len(doc):   # HEAD: the head's offset from the token (read as signed)
            for i, rel in enumerate(doc.to_array([HEAD]).astype("int64").ravel().tolist()):
                if rel:
                    kids[i + rel].append(i)
        c.kids = kids
    return c.kids


def children(tok) -> list:
    """`list(tok.children)` in order. spaCy finds a token's children by scanning every token
    between its left and right edges, so on a long chain-like parse each call costs the
    sentence's length; here the children of all tokens are listed once per Doc."""
    doc = tok.doc
    c = _cache(doc)
    if c.kid_tokens is None:
        toks = tokens(doc)
        c.kid_tokens = [[toks[j] for j in kids] for kids in _children(doc)]
    return list(c.kid_tokens[tok.i])   # a copy: callers may change what they are given


def lefts(tok) -> list:
    """`list(tok.lefts)`, from the cached children."""
    i = tok.i
    return [c for c in children(tok) if c.i < i]


def rights(tok) -> list:
    """`list(tok.rights)`, from the cached children."""
    i = tok.i
    return [c for c in children(tok) if c.i > i]


def subtree(tok) -> list:
    """`list(tok.subtree)`, in spaCy's order (left children's subtrees, the token, right
    children's subtrees), without spaCy's recursive generators."""
    doc = tok.doc
    kids = _children(doc)
    toks = tokens(doc)
    out: list = []
    # an explicit stack of (index, expanded?) reproduces the recursion's order
    stack: list[tuple[int, bool]] = [(tok.i, False)]
    while stack:
        i, expanded = stack.pop()
        if expanded:
            out.append(toks[i])
            continue
        ch = kids[i]
        for j in reversed(ch):
            if j > i:
                stack.append((j, False))
        stack.append((i, True))
        for j in reversed(ch):
            if j < i:
                stack.append((j, False))
    return out
