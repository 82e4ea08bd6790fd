"""MinHash signatures and LSH banding, vectorised with numpy.

Each of the `num_perm` hash functions is h(x) = (a * x + b) mod 2**32, with a odd and b
drawn from the seed, applied to the 32-bit (already well mixed) hash x of each shingle:
a permutation of the 32-bit values, evaluated for every shingle of a block at once in
uint32 arithmetic, which vectorises well. A signature is the minimum of each function
over a text's shingles, as uint32. (Checked against exact Jaccard: the estimates are
unbiased with the binomial spread sqrt(J(1-J)/num_perm).)
"""

from functools import cache

import numpy as np
import numpy.typing as npt

from .text import I64, MUL, U64, mix

U32 = npt.NDArray[np.uint32]
EMPTY = np.uint32(0xFFFFFFFF)  # the signature value of a text with no shingles

# Shingles per block: the (num_perm, block) uint32 scratch array stays in cache (~4 MB).
_BLOCK_VALUES = 1 << 20


@cache
def _coefficients(num_perm: int, seed: int) -> tuple[U32, U32]:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
    b = rng.integers(0, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32)
    return a, b[:, None]


def signatures(values: U64, counts: I64, *, num_perm: int, seed: int) -> U32:
    """The (len(counts), num_perm) signatures of texts whose shingle hashes are `values`
    (32-bit values), grouped by text, `counts[i]` for text i."""
    a, b = _coefficients(num_perm, seed)
    n_docs = len(counts)
    out = np.full((n_docs, num_perm), EMPTY, dtype=np.uint32)
    nonempty = np.flatnonzero(counts > 0)
    if len(nonempty) == 0:
        return out
    x = values.astype(np.uint32)
    starts = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    doc_starts = starts[nonempty]
    block = max(1, _BLOCK_VALUES // num_perm)
    i = 0
    while i < len(nonempty):
        # The texts whose shingles start within the next `block` shingles (at least one).
        j = max(i + 1, int(np.searchsorted(doc_starts, doc_starts[i] + block, side="left")))
        lo = int(doc_starts[i])
        hi = int(starts[nonempty[j - 1] + 1])
        scratch = np.multiply.outer(a, x[lo:hi])
        scratch += b
        out[nonempty[i:j]] = np.minimum.reduceat(scratch, doc_starts[i:j] - lo, axis=1).T
        i = j
    return out


def bands_for(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows): the most rows per band (fewest false candidates) that still makes a
    pair at exactly the threshold a candidate with probability >= 0.999."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if bands < 1:
            break
        if 1.0 - (1.0 - threshold**rows) ** bands < 0.999:
            break
        best = (bands, rows)
    return best


def band_keys(sigs: U32, band: int, rows: int) -> U64:
    """One 64-bit key per signature for band number `band`."""
    part = sigs[:, band * rows : (band + 1) * rows].astype(np.uint64)
    key = part[:, 0].copy()
    for j in range(1, rows):
        key *= MUL
        key += part[:, j]
    key ^= np.uint64(((band + 1) * int(MUL)) & 0xFFFFFFFFFFFFFFFF)
    return mix(key)


def similarity(sigs: U32, a: I64, b: I64) -> npt.NDArray[np.float64]:
    """Estimated Jaccard similarity of the signature pairs (a[i], b[i])."""
    out = np.empty(len(a), dtype=np.float64)
    num_perm = sigs.shape[1]
    step = max(1, (1 << 24) // max(1, num_perm))
    for lo in range(0, len(a), step):
        hi = lo + step
        equal = sigs[a[lo:hi]] == sigs[b[lo:hi]]
        out[lo:hi] = equal.sum(axis=1) / num_perm
    return out
