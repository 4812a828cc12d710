"""Near-duplicate articles (wire copies, re-posts) by MinHash over word shingles.

Each article gets a MinHash signature of its 3-word shingles; locality-sensitive banding
proposes candidate pairs, and a pair whose estimated Jaccard similarity reaches
`settings.near_duplicate_min_jaccard` is a near duplicate. Copies are linked to their
original (the earliest published, then the smallest id), so they are not counted as
independent sources. Everything here is deterministic: same signatures, same links.
"""
from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
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


def find_near_duplicates(
    items: Iterable[tuple[str, str, bytes]], min_jaccard: float, max_days: int | None = None
) -> dict[str, Duplicate]:
    """Link near-duplicate articles to their original.

    `items` are (article_id, published date or other order key, signature); the earliest
    in a group of copies is the original. With `max_days`, a copy must have been published
    within that many days of its original (syndication is quick; the same wording weeks
    apart is more likely a template telling another incident). Returns {copy id: Duplicate}.
    """
    ordered = sorted(items, key=lambda it: (it[1], it[0]))
    order = {aid: key for aid, key, _ in ordered}
    sigs = {aid: _signature(sig) for aid, _, sig in ordered}
    rank = {aid: i for i, (aid, _, _) in enumerate(ordered)}
    buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)
    for aid, _, sig in ordered:
        for band in range(NUM_PERMUTATIONS // BAND_ROWS):
            chunk = sig[band * BAND_ROWS * 4:(band + 1) * BAND_ROWS * 4]
            buckets[(band, chunk)].append(aid)

    neighbours: dict[str, set[str]] = defaultdict(set)
    for members in buckets.values():
        if 1 < len(members) <= MAX_BUCKET:
            for a in members:
                neighbours[a].update(members)

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
            if not _close_in_time(order[aid], order[other], max_days):
                continue
            sim = float(np.mean(sigs[aid] == sigs[other]))
            if sim >= min_jaccard and (best is None or (sim, -rank[other]) > (best[0], -best[1])):
                best = (sim, rank[other], other)
        root_of[aid] = best[2] if best else aid
        if best:
            similarity_to_root[aid] = round(best[0], 3)
    return {aid: Duplicate(aid, root, similarity_to_root[aid])
            for aid, root in root_of.items() if root != aid}
