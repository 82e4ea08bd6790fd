"""A campaign's shared text, and what each member added to it or left out of it.

The template is found, not given: the word shingles that a strict majority of the members
contain, read off the member that contains most of them (shortest first) as its longest
runs of covered words, in that member's own spelling and punctuation. A member's
additions and removals are a word-level alignment (difflib) of its text with the
template's; a passage that moved (a paragraph swapped with another) is neither.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from .text import words

_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A surface token: one character of a script written without spaces, or a run of others.
_TOKEN = re.compile(f"[{_UNSPACED}]|[^\\s{_UNSPACED}]+")
_SAMPLE = 200  # members read when voting on the template
_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    key: str  # its words as the engine sees them, space-separated


@lru_cache(maxsize=1 << 16)
def _key(token: str) -> str:
    return " ".join(words(token))


def tokens(text: str) -> list[Token]:
    """The text's surface tokens that have words, with their places in the text."""
    found = []
    for match in _TOKEN.finditer(text):
        # A campaign's copies repeat the same few thousand tokens: each is read once.
        key = _key(match.group())
        if key:
            found.append(Token(match.start(), match.end(), key))
    return found


def _shingles(keys: Sequence[str], size: int) -> list[tuple[str, ...]]:
    if len(keys) < size:
        return [tuple(keys)] if keys else []
    return [tuple(keys[i : i + size]) for i in range(len(keys) - size + 1)]


def _runs(text: str, toks: list[Token], covered: list[bool]) -> list[str]:
    passages = []
    i = 0
    while i < len(toks):
        if not covered[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and covered[j + 1]:
            j += 1
        passages.append(text[toks[i].start : toks[j].end])
        i = j + 1
    return passages


def template(texts: Sequence[str], *, shingle_size: int = 3) -> list[str]:
    """The passages a strict majority of `texts` share, in the order and words of the
    member that contains most of them (an even sample of at most 200 texts is read)."""
    if not texts:
        return []
    step = max(1, len(texts) // _SAMPLE)
    sample = list(texts[::step])
    tokenised = [tokens(text) for text in sample]
    votes: Counter[tuple[str, ...]] = Counter()
    for toks in tokenised:
        votes.update(set(_shingles([t.key for t in toks], shingle_size)))
    shared = {s for s, n in votes.items() if 2 * n > len(sample)}
    best = min(
        (-len(shared.intersection(_shingles([t.key for t in toks], shingle_size))), len(toks), n)
        for n, toks in enumerate(tokenised)
    )
    toks = tokenised[best[2]]
    keys = [t.key for t in toks]
    covered = [False] * len(toks)
    if len(keys) < shingle_size:
        covered = [tuple(keys) in shared] * len(toks)
    else:
        for i in range(len(keys) - shingle_size + 1):
            if tuple(keys[i : i + shingle_size]) in shared:
                for j in range(i, i + shingle_size):
                    covered[j] = True
    return _runs(sample[best[2]], toks, covered)


def template_text(passages: Sequence[str]) -> str:
    return _SEPARATOR.join(passages)


def difference(template_passages: Sequence[str], text: str) -> tuple[list[str], list[str]]:
    """(added, removed): the passages of `text` that are not in the template, and the
    passages of the template that `text` leaves out, each in reading order. Case,
    punctuation and spacing are not differences; a passage moved elsewhere is neither."""
    from difflib import SequenceMatcher

    base = template_text(template_passages)
    base_toks, own_toks = tokens(base), tokens(text)
    matcher = SequenceMatcher(
        None, [t.key for t in base_toks], [t.key for t in own_toks], autojunk=False
    )
    added: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in {"replace", "delete"}:
            removed.append((i1, i2))
        if op in {"replace", "insert"}:
            added.append((j1, j2))

    def key(toks: list[Token], span: tuple[int, int]) -> str:
        return " ".join(t.key for t in toks[span[0] : span[1]])

    moved = {key(base_toks, s) for s in removed} & {key(own_toks, s) for s in added}
    return (
        [
            text[own_toks[a].start : own_toks[b - 1].end]
            for a, b in added
            if key(own_toks, (a, b)) not in moved
        ],
        [
            base[base_toks[a].start : base_toks[b - 1].end]
            for a, b in removed
            if key(base_toks, (a, b)) not in moved
        ],
    )


def share(template_passages: Sequence[str], text: str, *, shingle_size: int = 3) -> float:
    """The share of the template's word shingles that `text` contains (0 to 1), the
    shingles that span the places where `text` breaks off from the template counted as
    present, as `find_campaigns` counts them."""
    wanted = set(_shingles([t.key for t in tokens(template_text(template_passages))], shingle_size))
    if not wanted:
        return 0.0
    own = _shingles([t.key for t in tokens(text)], shingle_size)
    found = [gram in wanted for gram in own]
    breaks = sum(1 for a, b in pairwise(found) if a and not b)
    present = len(wanted.intersection(own)) + (shingle_size - 1) * breaks
    return min(1.0, present / len(wanted))


def best_template(
    templates: Sequence[tuple[int, Sequence[str]]], text: str, *, minimum: float
) -> int | None:
    """The key of the template `text` contains the largest share of, if that share is at
    least `minimum`; None otherwise."""
    best: tuple[float, int] | None = None
    for key, passages in templates:
        found = share(passages, text)
        if found >= minimum - 1e-9 and (best is None or found > best[0]):
            best = (found, key)
    return None if best is None else best[1]
