"""Near-duplicate articles (wire copies, re-posts) by MinHash over word shingles.

Each article gets a MinHash signature of its 3-word shingles; locality-sensitive banding
proposes candidate pairs, and a pair whose estimated Jaccard similarity reaches
`settings.near_duplicate_min_jaccard` is a near duplicate, provided the two texts agree
on what they report (`facts_agree`): the places they name (one's set contains the other's)
and the numbers they give (they share at least one), so two templated reports of different
incidents ("protesters gathered in Lagos" / "... in Abuja") are not linked. Copies are linked to their
original (the earliest published, then the smallest id), so they are not counted as
independent sources. Everything here is deterministic: same signatures, same links.
"""
from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

SHINGLE_WORDS = 3          # words per shingle: short enough to survive small edits
NUM_PERMUTATIONS = 128     # signature length; estimate error ~ sqrt(J(1-J)/128) <= 0.045
BAND_ROWS = 4              # 32 bands of 4 rows: pairs with J >= 0.6 become candidates ~99% of the time
_MERSENNE_PRIME = (1 << 31) - 1
_SEED = 20150518           # fixed: signatures must be identical across processes and runs
MAX_BUCKET = 1000          # a band value shared by more articles is boilerplate, not a copy signal
_WORD = re.compile(r"\w+", re.UNICODE)

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
                      "eighty": "80", "ninety": "90", "dozen": "12", "dozens": "12", "hundred": "100",
                      "hundreds": "100", "thousand": "1000", "thousands": "1000"})
_MONTHS = "january february march april may june july august september october november december".split()
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b|\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b",
                   re.IGNORECASE)
# What a text reports, for linking: (place keys, numbers; calendar days as "d:MM-DD").
Facts = tuple[frozenset[str], frozenset[str]]

_rng = np.random.default_rng(_SEED)
_A = _rng.integers(1, _MERSENNE_PRIME, size=NUM_PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _MERSENNE_PRIME, size=NUM_PERMUTATIONS, dtype=np.uint64)


def shingles(text: str) -> set[str]:
    """Lower-cased 3-word shingles of `text` (the whole text if it has fewer words)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of two texts' shingle sets."""
    sa, sb = shingles(a), shingles(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


def minhash(text: str) -> bytes:
    """The MinHash signature of `text` (NUM_PERMUTATIONS little-endian uint32 values)."""
    grams = shingles(text)
    if not grams:
        return np.full(NUM_PERMUTATIONS, _MERSENNE_PRIME, dtype="<u4").tobytes()
    hashes = np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64,
                         count=len(grams))
    # (a*h + b) mod p: a < 2^31 and h < 2^32, so the product fits in 64 bits.
    values = (np.outer(_A, hashes) + _B[:, None]) % np.uint64(_MERSENNE_PRIME)
    return values.min(axis=1).astype("<u4").tobytes()


def _signature(sig: bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype="<u4")


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity from two MinHash signatures."""
    return float(np.mean(_signature(sig_a) == _signature(sig_b)))


def numbers_in(text: str) -> frozenset[str]:
    """The numbers a text gives ('four' and '4' alike); years (1900-2099) left out, since
    every report of the year names them."""
    found = set()
    for m in _DATE.finditer(text):
        day = m.group(1) or m.group(4)
        month = (m.group(2) or m.group(3)).lower()[:3]
        found.add(f"d:{[x[:3] for x in _MONTHS].index(month) + 1:02d}-{int(day):02d}")
    text = _DATE.sub(" ", text)
    for m in _NUMBER.finditer(text):
        digits = m.group().replace(",", "")
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            continue
        found.add(digits.lstrip("0") or "0")
    for w in _WORD.findall(text.lower()):
        if w in _NUMBER_WORDS:
            found.add(_NUMBER_WORDS[w])
    return frozenset(found)


def facts_agree(a: Facts | None, b: Facts | None) -> bool:
    """Whether two texts can report the same thing: neither names a place the other lacks
    unless one's places contain the other's (a copy may trim or add a sentence), and when
    both give numbers they share at least one (a wire update may revise one figure), and
    when both name calendar days ("5 May") they name a common one."""
    if a is None or b is None:
        return True
    (pa, na), (pb, nb) = a, b
    if pa and pb and not (pa <= pb or pb <= pa):
        return False
    da, db = {n for n in na if n.startswith("d:")}, {n for n in nb if n.startswith("d:")}
    if da and db and not (da & db):
        return False
    na, nb = na - da, nb - db
    if na and nb and not (na & nb):
        return False
    return True


@dataclass(frozen=True)
class Duplicate:
    """An article that is a near copy of `original`."""

    article_id: str
    original: str
    similarity: float


def _close_in_time(a: str, b: str, max_days: int | None) -> bool:
    """Whether two ISO publication dates are at most `max_days` apart (unknown: yes)."""
    if max_days is None:
        return True
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) <= max_days
    except ValueError:
        return True


def band_keys(sig: bytes) -> list[tuple[int, bytes]]:
    """The LSH band keys of one signature: articles sharing a key are candidate copies."""
    width = BAND_ROWS * 4
    return [(band, sig[band * width:(band + 1) * width]) for band in range(NUM_PERMUTATIONS // BAND_ROWS)]


def candidate_neighbours(items: Iterable[tuple[str, str, bytes]]) -> dict[str, set[str]]:
    """{article id: ids sharing an LSH band with it} (buckets over MAX_BUCKET are ignored)."""
    buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)
    for aid, _, sig in items:
        for key in band_keys(sig):
            buckets[key].append(aid)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for members in buckets.values():
        if 1 < len(members) <= MAX_BUCKET:
            for a in members:
                neighbours[a].update(members)
    return neighbours


def pair_similarity(a: tuple[str, str, bytes], b: tuple[str, str, bytes], min_jaccard: float,
                    max_days: int | None, facts_a: Facts | None = None, facts_b: Facts | None = None
                    ) -> float | None:
    """The similarity of two (id, order key, signature) items if one may copy the other, else None."""
    return _linkable(a[1], b[1], _signature(a[2]), _signature(b[2]), min_jaccard, max_days, facts_a, facts_b)


def _linkable(order_a: str, order_b: str, sig_a: np.ndarray, sig_b: np.ndarray, min_jaccard: float,
              max_days: int | None, facts_a: Facts | None, facts_b: Facts | None) -> float | None:
    if not _close_in_time(order_a, order_b, max_days):
        return None
    if not facts_agree(facts_a, facts_b):
        return None
    sim = float(np.mean(sig_a == sig_b))
    return sim if sim >= min_jaccard else None


def find_near_duplicates(
    items: Iterable[tuple[str, str, bytes]], min_jaccard: float, max_days: int | None = None,
    facts: Mapping[str, Facts] | None = None,
) -> dict[str, Duplicate]:
    """Link near-duplicate articles to their original.

    `items` are (article_id, published date or other order key, signature); the earliest
    in a group of copies is the original. With `max_days`, a copy must have been published
    within that many days of its original (syndication is quick; the same wording weeks
    apart is more likely a template telling another incident). With `facts` ({id: (place
    keys, numbers)}), a pair must also agree on them (`facts_agree`). Returns {copy id: Duplicate}.
    """
    items = list(items)
    return link_duplicates(items, candidate_neighbours(items), min_jaccard, max_days, facts)


def link_duplicates(
    items: Iterable[tuple[str, str, bytes]], neighbours: Mapping[str, set[str]], min_jaccard: float,
    max_days: int | None = None, facts: Mapping[str, Facts] | None = None,
) -> dict[str, Duplicate]:
    """Leader clustering of `items` over their candidate `neighbours` (see find_near_duplicates).

    Only an article's neighbours (and theirs) decide its link, so running this on each
    connected component of the candidate pairs gives the same links as on the whole corpus.
    """
    facts = facts or {}
    ordered = sorted(items, key=lambda it: (it[1], it[0]))
    order = {aid: key for aid, key, _ in ordered}
    sigs = {aid: _signature(sig) for aid, _, sig in ordered}
    rank = {aid: i for i, (aid, _, _) in enumerate(ordered)}

    # Leader clustering in date order: an article copies the most similar earlier
    # original it is close enough to. Every copy is close to its own original, so chains
    # of "a bit like the previous one" never snowball into one giant group.
    root_of: dict[str, str] = {}
    similarity_to_root: dict[str, float] = {}
    for aid, _, _ in ordered:
        best: tuple[float, int, str] | None = None
        for other in neighbours.get(aid, ()):
            if rank[other] >= rank[aid] or root_of.get(other) != other:
                continue
            sim = _linkable(order[aid], order[other], sigs[aid], sigs[other], min_jaccard, max_days,
                            facts.get(aid), facts.get(other))
            if sim is not None and (best is None or (sim, -rank[other]) > (best[0], -best[1])):
                best = (sim, rank[other], other)
        root_of[aid] = best[2] if best else aid
        if best:
            similarity_to_root[aid] = round(best[0], 3)
    return {aid: Duplicate(aid, root, similarity_to_root[aid])
            for aid, root in root_of.items() if root != aid}
