"""Suggesting comments into the analysts' themes: nearest theme centroid by TF-IDF.

Each theme is the centroid of its seed texts (its comments coded by hand and its name and
terms); each comment joins the theme whose centroid is most like it, if that likeness is
at least `minimum` (cosine), else none. Deterministic.
"""

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

from .text import normalise
from .themes import STOP_WORDS

MINIMUM = 0.1


def nearest_themes(
    comments: Sequence[tuple[int, str]],
    themes: Sequence[tuple[int, Sequence[str]]],
    *,
    minimum: float = MINIMUM,
) -> dict[int, int]:
    """comment id → theme id, for the comments near enough one theme."""
    seeded = [(key, " ".join(seeds)) for key, seeds in themes if any(s.strip() for s in seeds)]
    if not comments or not seeded:
        return {}
    vectoriser = TfidfVectorizer(
        preprocessor=normalise,
        token_pattern=r"(?u)\b[^\W\d_][^\W_]+\b",  # noqa: S106 (a regex, not a password)  # nosec B106
        stop_words=STOP_WORDS,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        matrix = vectoriser.fit_transform(
            [text for _, text in comments] + [text for _, text in seeded]
        )
    except ValueError:  # no usable words anywhere
        return {}
    rows = matrix[: len(comments)]
    centroids = matrix[len(comments) :]
    likeness = (rows @ centroids.T).toarray()  # rows are L2-normalised by TF-IDF
    best = likeness.argmax(axis=1)
    out: dict[int, int] = {}
    for n, (pk, _text) in enumerate(comments):
        if likeness[n, best[n]] >= minimum:
            out[pk] = seeded[int(best[n])][0]
    return out
