"""Themes: what the comments talk about, by TF-IDF and non-negative matrix factorisation.

Each comment becomes a TF-IDF vector over words (English and Welsh function words
dropped); NMF with a fixed seed splits the matrix into a few themes; each comment joins
the theme with the largest weight in its row, and each theme is labelled by its most
distinctive words: those that weigh most in it *and* least in the other themes, so a word
every theme shares ("online" in a consultation about being online) does not label any, and
the generic words of any comment ("people", "say", "need") are dropped with the function
words. Comments with no usable words are left unassigned.
"""

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import NMF  # type: ignore[import-untyped]
from sklearn.exceptions import ConvergenceWarning  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import (  # type: ignore[import-untyped]
    ENGLISH_STOP_WORDS,
    TfidfVectorizer,
)

from .text import normalise

Progress = Callable[[int, int], None]

_TERMS = 5
_REPRESENTATIVES = 3
_MIN_COMMENTS = 5  # fewer usable comments than this: no themes, only a note
_PER_THEME = 20  # roughly how many comments one theme should have before adding another

# Common Welsh function words (docs/welsh.md): Welsh comments get content words as labels.
_WELSH_STOP_WORDS = frozenset([
    "a", "ac", "ag", "am", "ar", "at", "beth", "bod", "bydd", "byddai", "chi", "da", "dan",
    "dros", "drwy", "dy", "e", "ei", "eich", "eu", "fe", "fel", "fi", "fy", "gan", "gyda",
    "hi", "hwn", "hwnnw", "hyn", "hynny", "i", "iddi", "iddo", "ir", "mae", "maen", "maer",
    "mai", "mewn", "na", "nac", "nad", "nag", "neu", "ni", "nid", "o", "oedd", "oes", "ohono",
    "or", "os", "pa", "pan", "pe", "pob", "rhag", "rydw", "rydych", "rydym", "sy", "sydd",
    "ti", "tra", "trwy", "un", "wedi", "wrth", "y", "ychydig", "ydw", "ydy", "ydych", "ydym",
    "ydyn", "ym", "yma", "yn", "ynddo", "yng", "yno", "yr", "yw", "ywr",
])  # fmt: skip
# Words any comment on anything uses: they say nothing about what a theme is about.
_GENERIC_WORDS = frozenset([
    "agree", "agreed", "ask", "asked", "asking", "comment", "comments", "did", "does", "doing",
    "don", "feel", "get", "gets", "getting", "good", "great", "just", "know", "let", "like",
    "lot", "lots", "make", "makes", "maybe", "need", "needed", "needs", "people", "person",
    "please", "point", "really", "right", "said", "say", "saying", "says", "sure", "thank",
    "thanks", "thing", "things", "think", "use", "used", "want", "wants", "way", "ways", "yes",
])  # fmt: skip
STOP_WORDS = sorted(ENGLISH_STOP_WORDS | _WELSH_STOP_WORDS | _GENERIC_WORDS)


@dataclass(frozen=True)
class Theme:
    key: str
    terms: tuple[str, ...]
    members: tuple[int, ...]
    representatives: tuple[int, ...]


@dataclass(frozen=True)
class ThemeResult:
    themes: list[Theme]
    unassigned: tuple[int, ...]
    note: str


def _theme_count(usable: int, terms: int, max_themes: int) -> int:
    return max(1, min(max_themes, usable // _PER_THEME, terms // 2))


def find_themes(
    items: Sequence[tuple[int, str]],
    *,
    max_themes: int = 8,
    seed: int = 0,
    progress: Progress | None = None,
) -> ThemeResult:
    """Deterministic for the same items and seed. Works on 0, 1, one-word, identical,
    non-English and emoji-only texts without raising (returns a note instead)."""
    total = len(items)
    if progress is not None:
        progress(0, total)
    if total == 0:
        return ThemeResult([], (), "There are no comments, so there are no themes to find.")
    ids = np.fromiter((i for i, _ in items), dtype=np.int64, count=total)
    vectoriser = TfidfVectorizer(
        preprocessor=normalise,
        token_pattern=r"(?u)\b[^\W\d_][^\W_]+\b",  # noqa: S106 (a regex, not a password): 2+ letters  # nosec B106
        stop_words=STOP_WORDS,
        sublinear_tf=True,
        min_df=2 if total >= 200 else 1,
        max_df=0.9 if total >= 200 else 1.0,
        max_features=20_000,
        dtype=np.float32,
    )
    try:
        matrix = vectoriser.fit_transform([text for _, text in items])
    except ValueError:  # no word survives: empty, emoji-only, numbers, function words
        return ThemeResult(
            [],
            tuple(sorted(ids.tolist())),
            "The comments have no words that can be compared (they may be empty, "
            "emoji, numbers or very short), so no themes were found.",
        )
    if progress is not None:
        progress(total // 2, total)
    usable = np.asarray(matrix.getnnz(axis=1)) > 0
    unassigned_ids = sorted(ids[~usable].tolist())
    n_usable = int(usable.sum())
    vocabulary = vectoriser.get_feature_names_out()
    if n_usable < _MIN_COMMENTS:
        if progress is not None:
            progress(total, total)
        return ThemeResult(
            [],
            tuple(sorted(ids.tolist())),
            f"Only {n_usable} of the {total} comments have words that can be compared; "
            f"themes need at least {_MIN_COMMENTS}.",
        )
    rows = matrix[usable]
    row_ids = ids[usable]
    k = _theme_count(n_usable, len(vocabulary), max_themes)
    if k == 1:
        weights = np.ones((n_usable, 1), dtype=np.float32)
        topic_terms = np.asarray(rows.sum(axis=0)).reshape(1, -1)
    else:
        model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=300, tol=1e-4)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            weights = model.fit_transform(rows)
        topic_terms = model.components_
    assignment = weights.argmax(axis=1)
    strength = weights.max(axis=1)
    placed = strength > 0
    unassigned_ids = sorted(unassigned_ids + row_ids[~placed].tolist())
    # A term's weight in a theme times the share of its weight that theme holds.
    exclusive = topic_terms / np.maximum(topic_terms.sum(axis=0, keepdims=True), 1e-12)
    distinctive = topic_terms * exclusive
    found = []
    for topic in range(topic_terms.shape[0]):
        members = np.flatnonzero(placed & (assignment == topic))
        if len(members) == 0:
            continue
        top = np.argsort(-distinctive[topic], kind="stable")[:_TERMS]
        terms = tuple(str(vocabulary[t]) for t in top if topic_terms[topic, t] > 0)
        # Representatives: the members whose weight sits most in this theme.
        share = weights[members, topic] / np.maximum(weights[members].sum(axis=1), 1e-12)
        best = members[np.lexsort((row_ids[members], -weights[members, topic], -share))]
        found.append(
            (
                tuple(sorted(row_ids[members].tolist())),
                terms,
                tuple(row_ids[best[:_REPRESENTATIVES]].tolist()),
            )
        )
    found.sort(key=lambda t: (-len(t[0]), t[0][0]))
    themes = [
        Theme(key=f"t-{n}", terms=terms, members=members, representatives=representatives)
        for n, (members, terms, representatives) in enumerate(found, start=1)
    ]
    notes = []
    if len(themes) == 1:
        notes.append("The comments are too few or too alike to split into more than one theme.")
    if unassigned_ids:
        notes.append(f"{len(unassigned_ids)} comments have too few words to place in a theme.")
    if progress is not None:
        progress(total, total)
    return ThemeResult(themes, tuple(unassigned_ids), " ".join(notes))
