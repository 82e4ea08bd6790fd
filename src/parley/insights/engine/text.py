"""Words, word hashes and word shingles, computed for many texts at once.

Normalisation: Unicode NFKC, case-folded, apostrophes dropped inside words ("don't" and
"dont" are the same word); a word is a run of letters or digits in any script, and each
emoji or pictograph is a word of its own, so Welsh, Greek and emoji-only texts all have
words, and so is each character of a script written without spaces (Chinese, Japanese).
Everything else is punctuation and ignored.

Hashes are stable across processes and machines (no use of Python's salted `hash`),
because signatures are stored (`CampaignIndex.to_bytes`) and compared later.
"""

import re
import threading
import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_APOSTROPHES = ("'", "\u2019", "\u02bc", "`")
_PICTOGRAPHS = "\u2600-\u27bf\U0001f000-\U0001faff"
# Scripts written without spaces (Chinese, Japanese kana): each character is a word, so
# word 3-shingles of such text are character 3-grams.
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PICTOGRAPH = re.compile(f"[{_PICTOGRAPHS}{_UNSPACED}]")
# Outside ASCII: anything that is neither a letter or digit nor a pictograph.
_OTHER = re.compile(f"[^\\x00-\\x7f\\w{_PICTOGRAPHS}]")
# Inside ASCII (on UTF-8 bytes): letters, digits and the text separator survive.
_ASCII_PUNCTUATION = bytes(
    b if (chr(b).isascii() and chr(b).isalnum()) or b == 0 or b >= 0x80 else 32 for b in range(256)
)
_SEPARATOR = "\x00"

# The golden-ratio multiplier of the rolling hashes, which minhash.py uses for band keys too.
MUL = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def _fold(text: str) -> str:
    """Case-folded NFKC, punctuation and symbols outside ASCII turned to spaces, each
    pictograph spaced out as a word of its own. (ASCII punctuation goes later, on bytes.)"""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold()
    for apostrophe in _APOSTROPHES:
        if apostrophe in text:
            text = text.replace(apostrophe, "")
    return _OTHER.sub(" ", _PICTOGRAPH.sub(r" \g<0> ", text))


def _drop_apostrophes(text: str) -> str:
    for apostrophe in ("'", "`"):
        if apostrophe in text:
            text = text.replace(apostrophe, "")
    return text


def normalise(text: str) -> str:
    """Case-folded NFKC with apostrophes dropped, everything but words turned to spaces."""
    folded = _drop_apostrophes(_fold(text)).encode("utf-8", "surrogatepass")
    return folded.translate(_ASCII_PUNCTUATION).decode("utf-8", "surrogatepass")


def words(text: str) -> list[str]:
    """The words of one text, as the engine sees them."""
    return normalise(text.replace(_SEPARATOR, " ")).split()


def mix(x: U64) -> U64:
    """splitmix64's finaliser, in place: spreads every input bit over every output bit."""
    x ^= x >> np.uint64(30)
    x *= _MIX1
    x ^= x >> np.uint64(27)
    x *= _MIX2
    x ^= x >> np.uint64(31)
    return x


class Tokens:
    """The word hashes of a batch of texts, concatenated, with each text's word count."""

    __slots__ = ("hashes", "lengths", "offsets")

    def __init__(self, hashes: U64, lengths: I64) -> None:
        self.hashes = hashes
        self.lengths = lengths
        self.offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=self.offsets[1:])


_INVERSE = np.uint64(pow(int(MUL), -1, 2**64))
_powers_lock = threading.Lock()
_powers: tuple[U64, U64] = (np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64))


def _power_tables(n: int) -> tuple[U64, U64]:
    """MUL**i and MUL**-i mod 2**64 for i < n (at least), grown as needed."""
    global _powers
    with _powers_lock:
        if len(_powers[0]) < n:
            size = max(n, 2 * len(_powers[0]))
            tables = []
            for base in (MUL, _INVERSE):
                table = np.ones(size, dtype=np.uint64)
                table[1] = base
                done, step = 2, np.uint64((int(base) ** 2) % 2**64)
                while done < size:  # doubling: table[done:2*done] = table[:done] * base**done
                    count = min(done, size - done)
                    np.multiply(table[:count], step, out=table[done : done + count])
                    done += count
                    step = np.uint64((int(step) ** 2) % 2**64)
                tables.append(table)
            _powers = (tables[0], tables[1])
        return _powers


def tokenise(texts: Sequence[str]) -> Tokens:
    """Word hashes of all the texts at once. The texts are normalised one by one (most
    are ASCII, which is quick), joined, and the words found and hashed in numpy: a word's
    hash is a polynomial in its UTF-8 bytes mod 2**64, through splitmix64's finaliser.
    The polynomial is summed over the whole buffer, sum(byte_i * M**i), and each word's
    part is shifted back to its own start by multiplying by M**-start."""
    joined = " \x00 ".join(
        _fold(t.replace(_SEPARATOR, " ") if _SEPARATOR in t else t) for t in texts
    )
    data = _drop_apostrophes(joined).encode("utf-8", "surrogatepass")
    buf = np.frombuffer(data.translate(_ASCII_PUNCTUATION), dtype=np.uint8)
    size = len(buf)
    is_word = buf != 32
    is_word &= buf != 0
    values = buf.astype(np.uint64)
    values += np.uint64(1)
    values *= is_word
    starts = np.flatnonzero(is_word[1:] & ~is_word[:-1]) + 1
    ends = np.flatnonzero(is_word[:-1] & ~is_word[1:]) + 1
    if size and is_word[0]:
        starts = np.concatenate(([0], starts))
    if size and is_word[-1]:
        ends = np.concatenate((ends, [size]))
    up, down = _power_tables(size)
    values *= up[:size]
    hashes = np.add.reduceat(values, starts) if len(starts) else values[:0].copy()
    hashes *= down[starts]
    hashes ^= (ends - starts).astype(np.uint64) * _MIX2
    mix(hashes)
    hashes |= np.uint64(1)
    separators = np.flatnonzero(buf == 0)
    lengths = np.bincount(np.searchsorted(separators, starts), minlength=len(texts))
    return Tokens(hashes, lengths.astype(np.int64))


def subset(tokens: Tokens, keep: npt.NDArray[np.bool_]) -> Tokens:
    """The texts of `tokens` where `keep` is true."""
    return Tokens(tokens.hashes[np.repeat(keep, tokens.lengths)], tokens.lengths[keep])


def fingerprints(tokens: Tokens) -> U64:
    """A 64-bit hash of each text's whole word sequence (0 for a text with no words):
    equal fingerprints mean the same words in the same order."""
    n = len(tokens.lengths)
    out = np.zeros(n, dtype=np.uint64)
    if len(tokens.hashes) == 0:
        return out
    lengths = tokens.lengths
    doc_of = np.repeat(np.arange(n), lengths)
    position = np.arange(len(tokens.hashes)) - tokens.offsets[doc_of]
    powers = np.cumprod(np.full(int(lengths.max()), MUL, dtype=np.uint64))
    weighted = tokens.hashes * powers[position]
    nonempty = lengths > 0
    sums = np.add.reduceat(weighted, tokens.offsets[:-1][nonempty])
    sums ^= lengths[nonempty].astype(np.uint64) * _MIX1
    out[nonempty] = mix(sums) | np.uint64(1)
    return out


def shingles(tokens: Tokens, size: int) -> tuple[U64, I64]:
    """Hashes (32-bit values in uint64) of each text's word `size`-grams, grouped by text,
    and how many each text has. A text shorter than `size` words has one shingle, of all
    its words; a text with no words has none."""
    h = tokens.hashes
    lengths = tokens.lengths
    n_docs = len(lengths)
    total = len(h)
    parts: list[tuple[U64, I64]] = []
    if total >= size:
        doc_of = np.repeat(np.arange(n_docs), lengths)
        count = total - size + 1
        x = h[:count].copy()
        for j in range(1, size):
            x *= MUL
            x += h[j : j + count]
        valid = doc_of[:count] == doc_of[size - 1 :]
        parts.append((x[valid], doc_of[:count][valid]))
    for short in range(1, size):
        docs = np.flatnonzero(lengths == short)
        if len(docs) == 0:
            continue
        start = tokens.offsets[docs]
        x = h[start].copy()
        for j in range(1, short):
            x *= MUL
            x += h[start + j]
        x ^= np.uint64((short * int(_MIX2)) & 0xFFFFFFFFFFFFFFFF)
        parts.append((x, docs))
    if not parts:
        return np.zeros(0, dtype=np.uint64), np.zeros(n_docs, dtype=np.int64)
    values = np.concatenate([p[0] for p in parts])
    owners = np.concatenate([p[1] for p in parts])
    if len(parts) > 1:
        order = np.argsort(owners, kind="stable")
        values, owners = values[order], owners[order]
    mix(values)
    values >>= np.uint64(32)
    return values, np.bincount(owners, minlength=n_docs).astype(np.int64)
