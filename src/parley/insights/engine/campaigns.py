"""Campaigns: groups of comments that each contain most of one shared letter (a form
letter, with whatever each signatory added, deleted, moved or mistyped).

How: exact duplicates (same words in the same order) are found by a fingerprint of the
normalised text and hashed once; each distinct text gets a MinHash signature over its
word shingles; LSH banding links near copies (estimated Jaccard at least 0.6), which
seed the campaigns; each seed's template is the set of shingles a strict majority of its
members contain (seeds whose templates overlap by half are one campaign); then every text
joins the template it contains the largest share of, if that share reaches the minimum
(containment, not symmetric similarity, so a personal paragraph costs nothing), and the
templates are voted again from their members. The share is measured on each template's
distinctive shingles (those at most two templates have); a text just short of it is
measured again on all its best template's shingles, stock phrases included. Shingles are
kept once per text as uint32 and matched in bounded chunks, so memory grows with the
corpus, not with the pairs. A template shorter than a minimum number
of words makes no campaign. `CampaignIndex` still matches one new comment by estimated
Jaccard similarity (the moderation queue and `attach_comment`).
"""

import itertools
import struct
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_array  # type: ignore[import-untyped]
from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

from . import minhash
from .minhash import U32
from .text import I64, U64, Tokens, fingerprints, mix, shingles, subset, tokenise

Progress = Callable[[int, int], None]
I32 = npt.NDArray[np.int32]

# Texts tokenised and hashed at a time: bounds the byte, word and shingle arrays.
_CHUNK = 20_000
_CHUNK_CHARS = 1 << 20


@dataclass(frozen=True)
class Campaign:
    key: str
    members: tuple[int, ...]
    template: int


def _sorted_unique(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _band_pairs(sigs: U32, fps: U64, band: int, rows: int) -> tuple[I64, I64]:
    """Pairs (star, other) of distinct texts that share band number `band`. Within a
    bucket every text is paired with one text only, the bucket's star (not all pairs),
    so a large campaign costs linear, not quadratic, work. The star is chosen by content,
    afresh in each band (the lowest hash of text and band), so a text whose star happens
    to be a further-edited copy meets other stars in other bands, and the result does not
    depend on the order of the input."""
    n = len(sigs)
    # Sort by band key (its top 40 bits) and then the text's rank in this band (24 bits):
    # each bucket is a run, its star first. Buckets sharing 40 bits only add candidates,
    # which verification removes.
    rank = mix(fps ^ np.uint64((band + 1) * 0x2545F4914F6CDD1D & 0xFFFFFFFFFFFFFFFF))
    keys = minhash.band_keys(sigs, band, rows)
    keys &= np.uint64(0xFFFFFFFFFF000000)
    keys |= rank >> np.uint64(40)
    order = np.argsort(keys)
    bucket = keys[order] >> np.uint64(24)
    same = np.empty(n, dtype=bool)
    same[0] = False
    np.equal(bucket[1:], bucket[:-1], out=same[1:])
    run_start = np.where(same, 0, np.arange(n))
    np.maximum.accumulate(run_start, out=run_start)
    return order[run_start[same]], order[same]


def _link(sigs: U32, fps: U64, threshold: float) -> I64:
    """Connected components (a label per distinct text) of the graph whose edges are the
    LSH candidate pairs with estimated Jaccard similarity >= threshold. The bands are
    taken in rounds; a candidate pair already joined by earlier rounds is not verified
    again, so most of a large campaign's pairs cost no comparison at all."""
    n, num_perm = sigs.shape
    bands, rows = minhash.bands_for(threshold, num_perm)
    labels = np.arange(n, dtype=np.int64)
    edges_a: list[I64] = []
    edges_b: list[I64] = []
    first = 0
    pool = ThreadPoolExecutor(max_workers=2)  # bands sorted two at a time (numpy frees the GIL)
    for size in (1, 2, 4, 8, bands):
        last = min(bands, first + size)
        codes = []
        for star, other in pool.map(
            lambda band: _band_pairs(sigs, fps, band, rows), range(first, last)
        ):
            fresh = labels[star] != labels[other]
            star, other = star[fresh], other[fresh]
            codes.append(np.minimum(star, other) * n + np.maximum(star, other))
        first = last
        unique = _sorted_unique(np.concatenate(codes)) if codes else np.zeros(0, np.int64)
        a, b = unique // n, unique % n
        close = minhash.similarity(sigs, a, b) >= threshold - 1e-9
        edges_a.append(a[close])
        edges_b.append(b[close])
        a, b = np.concatenate(edges_a), np.concatenate(edges_b)
        graph = coo_array((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n)).tocsr()
        labels = connected_components(graph, directed=False)[1].astype(np.int64)
        if first >= bands:
            break
    pool.shutdown()
    return labels


def _chunks(items: Sequence[tuple[int, str]]) -> list[tuple[int, int]]:
    """Consecutive (lo, hi) ranges of at most _CHUNK texts and about _CHUNK_CHARS
    characters (one long text may exceed it alone)."""
    sizes = np.fromiter((len(text) for _, text in items), dtype=np.int64, count=len(items))
    ends = np.cumsum(sizes)
    bounds = []
    lo = 0
    while lo < len(items):
        before = int(ends[lo - 1]) if lo else 0
        hi = int(np.searchsorted(ends, before + _CHUNK_CHARS, side="right"))
        hi = max(lo + 1, min(hi, lo + _CHUNK, len(items)))
        bounds.append((lo, hi))
        lo = hi
    return bounds


def _first_occurrences(values: U32, counts: I64) -> tuple[U32, I64]:
    """Each text's shingles without repeats, in text order (the first of each kept), and
    how many each text has left: templates are voted and matched on sets."""
    owners = np.repeat(np.arange(len(counts), dtype=np.uint64), counts)
    key = (owners << np.uint64(32)) | values
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    first = np.empty(len(key), dtype=bool)
    if len(key):
        first[order[0]] = True
        first[order[1:]] = ordered[1:] != ordered[:-1]
    return values[first], np.bincount(owners[first].astype(np.int64), minlength=len(counts))


def _prepare(items: Sequence[tuple[int, str]], lo: int, hi: int) -> tuple[Tokens, U64]:
    tokens = tokenise([text for _, text in items[lo:hi]])
    return tokens, fingerprints(tokens)


def _distinct_signatures(
    items: Sequence[tuple[int, str]],
    *,
    shingle_size: int,
    num_perm: int,
    seed: int,
    progress: Progress | None,
    keep_shingles: bool = False,
) -> tuple[I64, U64, U32, tuple[U32, I64] | None]:
    """Each item's distinct text (-1: no words), and each distinct text's fingerprint and
    signature (and, with `keep_shingles`, its shingle hashes and their count). Two
    threads: while one finds the words of the next chunk, the other
    hashes the last one (numpy releases the GIL); exact duplicates are recognised
    between them, in order, so each distinct text is hashed once."""
    total = len(items)
    distinct_of = np.full(total, -1, dtype=np.int64)
    fps_out = np.empty(total, dtype=np.uint64)
    sigs = np.empty((total, num_perm), dtype=np.uint32)
    seen: dict[int, int] = {}
    n_distinct = 0
    kept: dict[int, tuple[U32, I64]] = {}

    def sign(tokens: Tokens, start: int, end: int) -> None:
        values, counts = shingles(tokens, shingle_size)
        sigs[start:end] = minhash.signatures(values, counts, num_perm=num_perm, seed=seed)
        if keep_shingles:
            kept[start] = _first_occurrences(values.astype(np.uint32), counts)

    bounds = _chunks(items)
    with ThreadPoolExecutor(max_workers=2) as pool:
        ahead: deque[Future[tuple[Tokens, U64]]] = deque(
            pool.submit(_prepare, items, lo, hi) for lo, hi in bounds[:2]
        )
        signing: deque[Future[None]] = deque()
        for number, (lo, hi) in enumerate(bounds):
            tokens, fps = ahead.popleft().result()
            if number + 2 < len(bounds):
                ahead.append(pool.submit(_prepare, items, *bounds[number + 2]))
            new_rows: list[int] = []
            for offset, fp in enumerate(fps.tolist()):
                if fp == 0:
                    continue
                index = seen.get(fp)
                if index is None:
                    index = seen[fp] = n_distinct
                    n_distinct += 1
                    new_rows.append(offset)
                distinct_of[lo + offset] = index
            if new_rows:
                start = n_distinct - len(new_rows)
                fps_out[start:n_distinct] = fps[new_rows]
                keep = np.zeros(hi - lo, dtype=bool)
                keep[new_rows] = True
                signing.append(pool.submit(sign, subset(tokens, keep), start, n_distinct))
            while len(signing) > 2:
                signing.popleft().result()
            if progress is not None:
                progress(hi, total)
        for future in signing:
            future.result()
    all_shingles = None
    if keep_shingles:
        parts = [kept[start] for start in sorted(kept)]
        all_shingles = (
            np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.uint32),
            np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int64),
        )
    return distinct_of, fps_out[:n_distinct].copy(), sigs[:n_distinct], all_shingles


DEFAULT_SHARE = 0.70
# A template shorter than this many words is a common phrase ("I agree with the above"),
# not a campaign, however many people sent it.
MIN_TEMPLATE_WORDS = 20
# Seeds: groups of distinct texts whose estimated Jaccard similarity is at least this, from
# which templates are first drawn (members that copied the letter with few edits).
_SEED_SIMILARITY = 0.6
_FILTER_BITS = 26
_MAX_SHARED = 2  # templates a shingle may be in and still count
_TEMPLATE_SAMPLE = 512  # distinct texts per group read when voting on its template
# A text holding at least this fraction of the minimum share of its best template's
# distinctive shingles has its share measured again on all the template's shingles.
_SECOND_LOOK = 0.7
_ASSIGN_SHINGLES = 1 << 20  # shingles per chunk of `_assign`
_VOTE_SHINGLES = 1 << 22  # shingles per piece when `_vote` builds its keys


def _group_runs(keys: npt.NDArray[Any]) -> tuple[I64, I64]:
    """Run starts and run lengths of a sorted key array."""
    if len(keys) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return starts, np.diff(np.r_[starts, len(keys)])


def _parallel_sort(keys: U64) -> None:
    """Sort in place on two threads: split around the median (an O(n) partition), then
    each half sorted on its own (numpy releases the GIL)."""
    if len(keys) < 1 << 16:
        keys.sort()
        return
    middle = len(keys) // 2
    keys.partition(middle)
    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(keys[:middle].sort), pool.submit(keys[middle:].sort)]:
            future.result()


def _vote(doc_group: I64, weights: I64, values: U32, owners: I32) -> tuple[U32, I64]:
    """Each group's voted shingles: those that at least half its members (each copy
    counted) contain, as (values, group) sorted by value then group. Groups are numbered
    by `doc_group` (-1: no group); large groups are read from an even sample of their
    distinct texts. (A text's shingles are already without repeats.)"""
    docs = np.flatnonzero(doc_group >= 0)
    if len(docs) == 0:
        return np.zeros(0, np.uint32), np.zeros(0, np.int64)
    order = docs[np.argsort(doc_group[docs], kind="stable")]
    starts, sizes = _group_runs(doc_group[order].astype(np.uint64))
    rank = np.arange(len(order)) - np.repeat(starts, sizes)
    stride = np.repeat(np.maximum(1, sizes // _TEMPLATE_SAMPLE), sizes)
    sampled = np.zeros(len(doc_group), dtype=bool)
    sampled[order[rank % stride == 0]] = True
    total = np.bincount(doc_group[sampled], weights=weights[sampled])
    pick = sampled[owners]
    # One vote per distinct text and shingle, weighted by its copies: each (group, shingle)
    # is counted once per text by a plain sort (not argsort, not np.unique: numpy 2's
    # hash-based unique is many times slower here), and the few texts with copies add
    # their extra weight apart.
    group_of = doc_group.astype(np.uint64)
    key = np.empty(int(np.count_nonzero(pick)), dtype=np.uint64)
    filled = 0
    for lo in range(0, len(values), _VOTE_SHINGLES):  # in pieces: no corpus-long temporaries
        part = pick[lo : lo + _VOTE_SHINGLES]
        own = owners[lo : lo + _VOTE_SHINGLES][part]
        piece = key[filled : filled + len(own)]
        np.left_shift(group_of[own], np.uint64(32), out=piece)
        piece |= values[lo : lo + _VOTE_SHINGLES][part]
        filled += len(own)
    _parallel_sort(key)
    run_starts, run_sizes = _group_runs(key)
    key = key[run_starts]
    votes = run_sizes.astype(np.float64)
    heavy = np.flatnonzero(pick & (weights > 1)[owners])
    del pick
    if len(heavy):
        extra_key = (group_of[owners[heavy]] << np.uint64(32)) | values[heavy]
        extra = (weights[owners[heavy]] - 1).astype(np.float64)
        by_key = np.argsort(extra_key)
        extra_key, extra = extra_key[by_key], extra[by_key]
        extra_starts, _ = _group_runs(extra_key)
        votes[np.searchsorted(key, extra_key[extra_starts])] += np.add.reduceat(extra, extra_starts)
    tpl = (key >> np.uint64(32)).astype(np.int64)
    kept = 2 * votes > total[tpl] + 1e-9  # a strict majority
    by_value = ((key[kept] & np.uint64(0xFFFFFFFF)) << np.uint64(32)) | tpl[kept].astype(np.uint64)
    by_value.sort()
    return (by_value >> np.uint64(32)).astype(np.uint32), (by_value & np.uint64(0xFFFFFFFF)).astype(
        np.int64
    )


def _overlapping(vals: U32, tpl: I64, n: int) -> I64 | None:
    """Labels joining templates that share at least half of the smaller one's shingles
    (two seeds of one campaign: its full copies and its partial ones, say), or None when
    no two do."""
    starts, sizes = _group_runs(vals)
    shared = sizes > 1
    if not np.any(shared):
        return None
    size = np.bincount(tpl, minlength=n)
    star = np.repeat(tpl[starts], sizes)
    other = tpl
    pair = star != other
    codes = star[pair] * n + other[pair]
    codes.sort()
    runs, counts = _group_runs(codes.astype(np.uint64))
    codes = codes[runs]
    a, b = codes // n, codes % n
    close = 2 * counts >= np.minimum(size[a], size[b])
    if not np.any(close):
        return None
    graph = coo_array(
        (np.ones(int(close.sum()), dtype=np.int8), (a[close], b[close])), shape=(n, n)
    ).tocsr()
    joined: I64 = connected_components(graph, directed=False)[1].astype(np.int64)
    return joined


def _distinctive(vals: U32, tpl: I64) -> tuple[U32, I64]:
    """Without the shingles that more than _MAX_SHARED templates have: common phrases
    ("I live in", "I think that") tell no letter from another."""
    _, sizes = _group_runs(vals)
    rare = np.repeat(sizes <= _MAX_SHARED, sizes)
    return vals[rare], tpl[rare]


# A template with its shingles: (sorted shingle values, their template, each template's size).
Table = tuple[U32, I64, I64]


def _templates(
    doc_group: I64, weights: I64, values: U32, owners: I32, min_shingles: int
) -> tuple[Table, Table, I64]:
    """The templates of the groups by their distinctive shingles, without templates under
    `min_shingles`; the same templates with all their shingles (common phrases too); and
    the groups, with overlapping ones joined. (A shingle may be in several templates:
    letters on one topic share phrases.)"""
    n = len(doc_group)
    voted = _vote(doc_group, weights, values, owners)
    vals, tpl = _distinctive(*voted)
    joined = _overlapping(vals, tpl, n)
    if joined is not None:
        in_group = doc_group >= 0
        doc_group = np.where(in_group, joined[np.maximum(doc_group, 0)], -1)
        # Only the groups that were joined are voted again; the others keep their votes
        # under their new number.
        present = np.unique(voted[1])
        merged = np.bincount(joined[present], minlength=n) > 1
        if np.any(merged):
            again = _vote(
                np.where(merged[np.maximum(doc_group, 0)], doc_group, -1), weights, values, owners
            )
            keep = ~merged[joined[voted[1]]]
            both = np.concatenate(
                [
                    (voted[0][keep].astype(np.uint64) << np.uint64(32))
                    | joined[voted[1][keep]].astype(np.uint64),
                    (again[0].astype(np.uint64) << np.uint64(32)) | again[1].astype(np.uint64),
                ]
            )
            both.sort()
            voted = (
                (both >> np.uint64(32)).astype(np.uint32),
                (both & np.uint64(0xFFFFFFFF)).astype(np.int64),
            )
        else:
            voted = (voted[0], joined[voted[1]])
            order = np.lexsort((voted[1], voted[0]))
            voted = (voted[0][order], voted[1][order])
        vals, tpl = _distinctive(*voted)
    size = np.bincount(tpl, minlength=n).astype(np.int64)
    big = size[tpl] >= min_shingles
    size[size < min_shingles] = 0
    # All the shingles, keyed by template then value, for the second look of `_assign`.
    full = (voted[1].astype(np.uint64) << np.uint64(32)) | voted[0]
    full.sort()
    full_tpl = (full >> np.uint64(32)).astype(np.int64)
    full_vals = (full & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    full_size = np.bincount(full_tpl, minlength=n).astype(np.int64)
    return (vals[big], tpl[big], size), (full_vals, full_tpl, full_size), doc_group


def _breaks(found: npt.NDArray[np.bool_], owners: I32, n_docs: int) -> I64:
    """Per text, how often its shingles go from found to not found (a seam)."""
    seam = found[:-1] & ~found[1:]
    seam &= owners[:-1] == owners[1:]
    return np.bincount(owners[:-1][seam], minlength=n_docs)


def _assign(
    values: U32,
    owners: I32,
    n_docs: int,
    tables: tuple[Table, Table],
    share: float,
    shingle_size: int,
) -> tuple[I64, npt.NDArray[np.float64]]:
    """Each distinct text's template (-1: none): the one it contains the largest share of,
    if that share reaches `share`; and that share. Where the text breaks off from the
    template (a paragraph cut, or words of its own inserted), the template's shingles that
    span the break are counted as present, since the words on either side are: the share
    is of the template's words, not of the accidents at its seams.

    The share is first measured on the templates' distinctive shingles (which tell one
    letter from another); a text that falls short but holds at least `_SECOND_LOOK` of its
    best template has that template's share measured again on all its shingles, common
    phrases included, since a partial copy that kept the letter's stock phrases and cut
    its own sentences has still kept that share of the letter.

    Texts are independent of each other here, so they are taken in chunks of about
    `_ASSIGN_SHINGLES` shingles, two at a time (numpy releases the GIL): memory stays
    bounded by the chunk, not the corpus."""
    (t_vals, t_tpl, t_size), (f_vals, f_tpl, f_size) = tables
    best = np.full(n_docs, -1, dtype=np.int64)
    best_share = np.zeros(n_docs, dtype=np.float64)
    if len(t_vals) == 0 or len(values) == 0:
        return best, best_share
    # Most shingles are in no template: a bit table of the templates' shingles (by their
    # low 26 bits) rules them out with one lookup, before the binary searches.
    bits = np.zeros(1 << _FILTER_BITS, dtype=bool)
    mask = np.uint32((1 << _FILTER_BITS) - 1)
    bits[t_vals & mask] = True
    full = (f_tpl.astype(np.uint64) << np.uint64(32)) | f_vals
    seam = shingle_size - 1

    def chunk(start: int, end: int) -> None:
        vals = values[start:end]
        own = owners[start:end]
        first_doc = int(own[0])
        docs = int(own[-1]) - first_doc + 1
        local = own - np.int32(first_doc)
        maybe = np.flatnonzero(bits[vals & mask])
        lo = np.searchsorted(t_vals, vals[maybe], side="left")
        many = np.searchsorted(t_vals, vals[maybe], side="right") - lo
        hit = many > 0
        maybe, lo, many = maybe[hit], lo[hit], many[hit]
        found = np.zeros(len(vals), dtype=bool)
        found[maybe] = True
        breaks = _breaks(found, local, docs)
        # Each matching (text, template) once per shingle of the text found in it.
        offsets = np.arange(int(many.sum())) - np.repeat(np.cumsum(many) - many, many)
        where = np.repeat(lo, many) + offsets
        pair = np.repeat(local[maybe].astype(np.int64), many) * n_docs + t_tpl[where]
        pair.sort()
        runs, counts = _group_runs(pair)
        doc, tpl = pair[runs] // n_docs, pair[runs] % n_docs
        shares = np.minimum(1.0, (counts + seam * breaks[doc]) / np.maximum(t_size[tpl], 1))
        order = np.lexsort((tpl, -shares, doc))
        doc, tpl, shares = doc[order], tpl[order], shares[order]
        first = np.r_[True, doc[1:] != doc[:-1]] if len(doc) else np.zeros(0, dtype=bool)
        doc, tpl, shares = doc[first], tpl[first], shares[first]
        ok = shares >= share - 1e-9
        best[first_doc + doc[ok]] = tpl[ok]
        best_share[first_doc + doc[ok]] = shares[ok]
        # The second look, on all of the best template's shingles, for the near misses.
        near = ~ok & (shares >= _SECOND_LOOK * share)
        if not np.any(near):
            return
        candidate = np.full(docs, -1, dtype=np.int64)
        candidate[doc[near]] = tpl[near]
        mine = np.flatnonzero(candidate[local] >= 0)
        key = candidate[local[mine]].astype(np.uint64) << np.uint64(32)
        key |= vals[mine]
        at = np.minimum(np.searchsorted(full, key), len(full) - 1)
        found[:] = False
        found[mine] = full[at] == key
        held = np.bincount(local[found], minlength=docs)
        size = np.maximum(f_size[np.maximum(candidate, 0)], 1)
        second = np.minimum(1.0, (held + seam * _breaks(found, local, docs)) / size)
        again = np.flatnonzero((candidate >= 0) & (second >= share - 1e-9))
        best[first_doc + again] = candidate[again]
        best_share[first_doc + again] = second[again]

    # Chunk bounds on text boundaries (a text longer than a chunk is a chunk of its own).
    doc_starts = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(owners, minlength=n_docs), out=doc_starts[1:])
    bounds = np.unique(
        doc_starts[np.searchsorted(doc_starts, np.arange(0, len(values), _ASSIGN_SHINGLES))]
    ).tolist()
    bounds = sorted({*bounds, len(values)})
    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(chunk, lo, hi) for lo, hi in itertools.pairwise(bounds)]:
            future.result()
    return best, best_share


def find_campaigns(
    items: Sequence[tuple[int, str]],
    *,
    threshold: float = DEFAULT_SHARE,
    shingle_size: int = 3,
    num_perm: int = 128,
    seed: int = 1,
    min_template_words: int = MIN_TEMPLATE_WORDS,
    progress: Progress | None = None,
) -> list[Campaign]:
    """Campaigns: groups of texts that each contain at least `threshold` of one shared
    template's word shingles (whatever each added, dropped or moved), largest first. The
    template is found, not given: the shingles at least half the members share. A template
    shorter than `min_template_words` words makes no campaign; texts with no words never
    group. `Campaign.template` is the member that contains most of the template, shortest
    first."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    total = len(items)
    ids = np.fromiter((i for i, _ in items), dtype=np.int64, count=total)
    distinct_of, fps, sigs, kept = _distinct_signatures(
        items,
        shingle_size=shingle_size,
        num_perm=num_perm,
        seed=seed,
        progress=progress,
        keep_shingles=True,
    )
    n_distinct = len(sigs)
    if n_distinct == 0 or kept is None:
        return []
    values, counts = kept
    owners = np.repeat(np.arange(n_distinct, dtype=np.int32), counts)
    grouped = distinct_of >= 0
    weights = np.bincount(distinct_of[grouped], minlength=n_distinct).astype(np.int64)
    first_ids = np.full(n_distinct, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_ids, distinct_of[grouped], ids[grouped])
    min_shingles = max(1, min_template_words - shingle_size + 1)

    # Seeds: near copies (exact copies included) of at least two comments.
    labels = _link(sigs, fps, min(threshold, _SEED_SIMILARITY))
    group_weight = np.bincount(labels, weights=weights)
    doc_group = np.where(group_weight[labels] >= 2, labels, -1)
    # Templates voted from the seeds; every text joins the template it contains most of;
    # the templates are voted again from their members, and texts assigned again.
    assigned = np.full(n_distinct, -1, dtype=np.int64)
    shares = np.zeros(n_distinct)
    for _round in range(2):
        if not np.any(doc_group >= 0):
            return []
        table, full, doc_group = _templates(doc_group, weights, values, owners, min_shingles)
        assigned, shares = _assign(
            values, owners, n_distinct, (table, full), threshold, shingle_size
        )
        del table, full
        doc_group = assigned
    campaign_weight = np.bincount(assigned[assigned >= 0], weights=weights[assigned >= 0])
    members_of: dict[int, list[int]] = {}
    item_group = np.full(total, -1, dtype=np.int64)
    item_group[grouped] = assigned[distinct_of[grouped]]
    item_group[item_group >= 0] = np.where(
        campaign_weight[item_group[item_group >= 0]] >= 2, item_group[item_group >= 0], -1
    )
    member_idx = np.flatnonzero(item_group >= 0)
    for group, pk in zip(item_group[member_idx].tolist(), ids[member_idx].tolist(), strict=True):
        members_of.setdefault(group, []).append(pk)
    # The typical member: most of the template, then fewest shingles, then smallest id.
    best_of: dict[int, int] = {}
    docs = np.flatnonzero(assigned >= 0)
    order = docs[np.lexsort((first_ids[docs], counts[docs], -shares[docs], assigned[docs]))]
    for group, doc in zip(assigned[order].tolist(), order.tolist(), strict=True):
        best_of.setdefault(group, int(first_ids[doc]))
    campaigns = []
    for group, pks in members_of.items():
        members = tuple(sorted(pks))
        campaigns.append(Campaign(key=f"c-{members[0]}", members=members, template=best_of[group]))
    campaigns.sort(key=lambda c: (-len(c.members), c.members[0]))
    return campaigns


_MAGIC = b"PCI1"
_HEADER = struct.Struct("<4sdHHQQ")  # magic, threshold, shingle_size, num_perm, seed, count
_PER_BUCKET = 8  # members of one LSH bucket compared with a new text (they are alike)


class CampaignIndex:
    """Incremental matching of one new comment against what has been seen (milliseconds).

    Texts indexed in bulk (by `build` or `from_bytes`) live in numpy arrays that a new
    text's band keys are compared with in one pass per band, so loading is a copy, not a
    rebuild (the app loads, adds one comment and stores); texts added since live in
    dictionaries. `to_bytes` writes both as one flat little-endian record (no pickle)."""

    def __init__(
        self, *, threshold: float = 0.8, shingle_size: int = 3, num_perm: int = 128, seed: int = 1
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        if shingle_size < 1 or num_perm < 1 or seed < 0:
            raise ValueError("shingle_size and num_perm must be positive, seed not negative")
        self.threshold = threshold
        self.shingle_size = shingle_size
        self.num_perm = num_perm
        self.seed = seed
        self._bands, self._rows = minhash.bands_for(threshold, num_perm)
        self._base_ids = np.zeros(0, dtype=np.int64)
        self._base_fps = np.zeros(0, dtype=np.uint64)
        self._base_sigs = np.zeros((0, num_perm), dtype=np.uint32)
        self._base_keys: npt.NDArray[np.uint64] | None = None  # (bands, texts), made on use
        self._ids: list[int] = []
        self._fps: dict[int, int] = {}
        self._fp_list: list[int] = []
        self._sigs: list[U32] = []
        self._buckets: list[dict[int, list[int]]] = [{} for _ in range(self._bands)]

    @classmethod
    def build(
        cls,
        items: Sequence[tuple[int, str]],
        *,
        threshold: float = 0.8,
        shingle_size: int = 3,
        num_perm: int = 128,
        seed: int = 1,
        progress: Progress | None = None,
    ) -> "CampaignIndex":
        """An index of all of `items` at once (hashed in bulk, as `find_campaigns` does):
        the same answers as adding them one by one, much faster. Each distinct text is
        kept once, under the smallest id that has it."""
        index = cls(threshold=threshold, shingle_size=shingle_size, num_perm=num_perm, seed=seed)
        distinct_of, fps, sigs, _ = _distinct_signatures(
            items, shingle_size=shingle_size, num_perm=num_perm, seed=seed, progress=progress
        )
        ids = np.fromiter((i for i, _ in items), dtype=np.int64, count=len(items))
        first_ids = np.full(len(sigs), np.iinfo(np.int64).max, dtype=np.int64)
        grouped = distinct_of >= 0
        np.minimum.at(first_ids, distinct_of[grouped], ids[grouped])
        order = np.argsort(first_ids, kind="stable")  # earliest first, as if added in order
        index._base_ids = first_ids[order]
        index._base_fps = fps[order]
        index._base_sigs = np.ascontiguousarray(sigs[order])
        return index

    def __len__(self) -> int:
        return len(self._base_ids) + len(self._ids)

    def _keys(self) -> npt.NDArray[np.uint64]:
        if self._base_keys is None:
            self._base_keys = np.stack(
                [minhash.band_keys(self._base_sigs, b, self._rows) for b in range(self._bands)]
            ).reshape(self._bands, len(self._base_sigs))
        return self._base_keys

    def add(self, comment_id: int, text: str) -> int | None:
        """Index the text; return the id of an already-indexed member it is near-identical to
        (so the caller can put it in that member's campaign), else None."""
        return self.add_entry(comment_id, text)[0]

    def add_entry(self, comment_id: int, text: str) -> tuple[int | None, bytes | None]:
        """`add`, also returning the text's entry (its hashes, `entry_size` bytes; None for a
        text with no words, which is not indexed) for `extend`: a caller can store the one
        new entry beside the index instead of rewriting the whole index."""
        hashed = self._hash(text)
        if hashed is None:
            return None, None  # no words: never grouped, so not worth indexing
        fp, sig = hashed
        entry = np.array([fp], dtype="<u8").tobytes() + sig.astype("<u4").tobytes()
        return self._add_hashed(comment_id, fp, sig), entry

    def match(self, text: str) -> int | None:
        """What `add` would answer for the text, leaving the index as it is."""
        hashed = self._hash(text)
        if hashed is None:
            return None
        fp, sig = hashed
        return self._match(fp, sig, self._band_keys(sig))

    def _hash(self, text: str) -> tuple[int, U32] | None:
        tokens = tokenise([text])
        if len(tokens.hashes) == 0:
            return None
        fp = int(fingerprints(tokens)[0])
        values, counts = shingles(tokens, self.shingle_size)
        sig = minhash.signatures(values, counts, num_perm=self.num_perm, seed=self.seed)[0]
        return fp, sig

    def _band_keys(self, sig: U32) -> list[int]:
        return [int(minhash.band_keys(sig[None, :], b, self._rows)[0]) for b in range(self._bands)]

    @property
    def entry_size(self) -> int:
        return 8 + 4 * self.num_perm

    def extend(self, entries: Sequence[tuple[int, bytes]]) -> None:
        """Index entries made by `add_entry` (of an index with the same parameters), in order,
        as if their texts had been added."""
        for comment_id, entry in entries:
            if len(entry) != self.entry_size:
                raise ValueError("not a campaign index entry: wrong length")
            fp = int(np.frombuffer(entry, "<u8", 1, 0)[0])
            sig = np.frombuffer(entry, "<u4", self.num_perm, 8).astype(np.uint32)
            self._add_hashed(comment_id, fp, sig)

    def fork(self) -> "CampaignIndex":
        """An index with the same texts that texts can be added to without changing this one
        (the bulk-indexed arrays are shared, not copied): one loaded index serves many uses."""
        twin = CampaignIndex(
            threshold=self.threshold,
            shingle_size=self.shingle_size,
            num_perm=self.num_perm,
            seed=self.seed,
        )
        twin._base_ids, twin._base_fps, twin._base_sigs = (
            self._base_ids,
            self._base_fps,
            self._base_sigs,
        )
        twin._base_keys = self._keys()
        twin.extend(
            [(comment_id, self._entry(position)) for position, comment_id in enumerate(self._ids)]
        )
        return twin

    def _entry(self, position: int) -> bytes:
        fp = np.array([self._fp_list[position]], dtype="<u8").tobytes()
        return fp + self._sigs[position].astype("<u4").tobytes()

    def _add_hashed(self, comment_id: int, fp: int, sig: U32) -> int | None:
        keys = self._band_keys(sig)
        match = self._match(fp, sig, keys)
        position = len(self._ids)
        self._ids.append(comment_id)
        self._fp_list.append(fp)
        self._fps.setdefault(fp, position)
        self._sigs.append(sig)
        for band, key in enumerate(keys):
            self._buckets[band].setdefault(key, []).append(position)
        return match

    def _match(self, fp: int, sig: U32, keys: list[int]) -> int | None:
        same = np.flatnonzero(self._base_fps == np.uint64(fp))
        if len(same):
            return int(self._base_ids[same[0]])
        if fp in self._fps:
            return self._ids[self._fps[fp]]
        base_keys = self._keys()
        base: set[int] = set()
        recent: set[int] = set()
        for band, key in enumerate(keys):
            base.update(np.flatnonzero(base_keys[band] == np.uint64(key))[:_PER_BUCKET].tolist())
            recent.update(self._buckets[band].get(key, [])[:_PER_BUCKET])
        best: tuple[float, int] | None = None  # (similarity, insertion position)
        for positions, offset, rows in (
            (sorted(base), 0, self._base_sigs),
            (sorted(recent), len(self._base_ids), None),
        ):
            if not positions:
                continue
            others = (
                rows[positions]
                if rows is not None
                else np.stack([self._sigs[p] for p in positions])
            )
            sims = (others == sig).mean(axis=1)
            for p, s in zip(positions, sims.tolist(), strict=True):
                if s >= self.threshold - 1e-9 and (best is None or s > best[0]):
                    best = (s, offset + p)
        if best is None:
            return None
        position = best[1]
        if position < len(self._base_ids):
            return int(self._base_ids[position])
        return self._ids[position - len(self._base_ids)]

    def to_bytes(self) -> bytes:
        ids = np.concatenate([self._base_ids, np.array(self._ids, dtype=np.int64)])
        fps = np.concatenate([self._base_fps, np.array(self._fp_list, dtype=np.uint64)])
        recent = (
            np.stack(self._sigs) if self._sigs else np.zeros((0, self.num_perm), dtype=np.uint32)
        )
        sigs = np.concatenate([self._base_sigs, recent])
        header = _HEADER.pack(
            _MAGIC, self.threshold, self.shingle_size, self.num_perm, self.seed, len(ids)
        )
        return b"".join(
            (
                header,
                ids.astype("<i8").tobytes(),
                fps.astype("<u8").tobytes(),
                sigs.astype("<u4").tobytes(),
            )
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> "CampaignIndex":
        if len(data) < _HEADER.size:
            raise ValueError("not a campaign index: too short")
        magic, threshold, shingle_size, num_perm, seed, count = _HEADER.unpack_from(data)
        if magic != _MAGIC:
            raise ValueError("not a campaign index: wrong magic bytes")
        expected = _HEADER.size + count * (8 + 8 + 4 * num_perm)
        if len(data) != expected:
            raise ValueError("not a campaign index: wrong length")
        index = cls(threshold=threshold, shingle_size=shingle_size, num_perm=num_perm, seed=seed)
        offset = _HEADER.size
        index._base_ids = np.frombuffer(data, "<i8", count, offset).astype(np.int64)
        offset += 8 * count
        index._base_fps = np.frombuffer(data, "<u8", count, offset).astype(np.uint64)
        offset += 8 * count
        flat = np.frombuffer(data, "<u4", count * num_perm, offset).astype(np.uint32)
        index._base_sigs = flat.reshape(count, num_perm)
        return index
