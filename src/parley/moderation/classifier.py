"""The spam classifier learned from moderators' own decisions (approve or spam).

A logistic regression over TF-IDF features in three blocks: words and word pairs, the
character n-grams (2 to 5) inside words (so "v1agra" and "c.heap" still look like what
they hide), and the signs `read` finds (the sites a comment links to, pieces of their
names, how many links, shouting, sums of money, kinds of self-promotion). Each block is
normalised on its own, so a spam link keeps its weight however many genuine words are
copied around it. scikit-learn
trains it, in the task worker only (`train` imports it when called); the weights are
exported to a small JSON layout and web workers score in plain Python, reproducing
scikit-learn's analysers, sublinear term frequencies and per-block l2 norms exactly. The
regularisation is chosen by cross-validation on the training decisions, and the score is
calibrated into a probability that means what it says (Platt scaling on those same
cross-validated scores). Deterministic: the same decisions always give the same model.

It stays silent (probability 0, no reasons) until moderators have decided enough
comments of each kind, so it never holds or rejects anything before it has learned.
"""

import contextlib
import functools
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from parley.discussions.models import Comment
from parley.moderation import reasons as stored
from parley.moderation.models import ModerationAction, SpamModel

# Where the calibrated probability says what, by bench/spam.py (docs/performance.md), on
# real spam (the YouTube Spam Collection, each site judged by a model trained on the
# other four; mean over the five sites): at 0.5, 97.5% of what is caught is spam and 96.1%
# of spam is caught; at 0.9, 99.1% and 92.0%. Holding costs a moderator one look and
# missing spam publishes it, so hold from HOLD_AT, where recall is high; treat as spam
# (hidden, still in the queue) only from SPAM_AT, where about 1 in 100 so treated is
# genuine. Higher hold thresholds buy precision with recall: 0.7 gives 98.2% and 94.9%.
HOLD_AT = 0.5
SPAM_AT = 0.9

FORMAT = 2  # the layout of SpamModel.parameters; a model in another layout is ignored
MIN_EXAMPLES_OF_EACH = 20  # decisions of each kind before the classifier says anything
MAX_EXAMPLES = 10_000  # the most recent decisions are enough, and bound training time
MODELS_KEPT = 5  # older SpamModel rows are deleted when a new one is saved
CS = (1.0, 3.0, 10.0, 30.0, 100.0)  # regularisation strengths tried (C: higher, weaker)
FOLDS = 3  # cross-validation folds that choose among them and calibrate
MAX_TERMS = {"words": 30_000, "characters": 50_000, "signs": 10_000}  # the most frequent
REASON_WEIGHT = 0.1  # a word or pair is named if it adds this much to the log-odds
COMMON_SHARE = 0.25  # ... and is in at most this share of the training comments
REASONS_SHOWN = 5

# Addresses written without http:// or www. count as links when they end in a common
# top-level domain (two-letter ones that are also English words are left out).
_TLDS = (
    "com|net|org|info|biz|xyz|top|ru|cn|uk|io|co|ly|pw|tk|su|ua|cc|ws|tv|shop|site|online|"
    "click|store|live|app|club|vip|win|bet|casino|loan|link|fun|icu|buzz|space|website|tech|"
    "pro|today|world|life|email|agency|media|news|blog|cloud|digital|money|market|sale"
)
_URL_CHARS = r"[^\s<>()\[\]{}\"'`]"
_URL = re.compile(
    rf"(?:https?://|www\.){_URL_CHARS}+"
    rf"|\b(?:t|wa)\.me/{_URL_CHARS}+"
    rf"|\b(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:/{_URL_CHARS}*)?",
    re.IGNORECASE,
)
# Addresses written with spaces to get past filters ("kidsmediausa . com", "adf. ly / x",
# "www . site"), joined up again before anything else reads the comment. Only a dot
# before a top-level domain is joined, so "I love it. Come on" stays as it is.
_SHORT_TLDS = "com|net|org|ly|ru|tk|gl"
_SPACED_ADDRESSES = (
    (re.compile(rf"(?<=\w)\s+\.\s*(?=(?:{_TLDS}|be|gl)\b)", re.IGNORECASE), "."),
    (re.compile(rf"(?<=\w)\.\s+(?=(?:{_SHORT_TLDS})\b)", re.IGNORECASE), "."),
    (re.compile(r"\bwww\s*\.\s*", re.IGNORECASE), "www."),
    (re.compile(rf"\.({_SHORT_TLDS})(?:\s+/\s*|\s*/\s+)(?=\w)", re.IGNORECASE), r".\1/"),
)
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_DIGIT = re.compile(r"\d")
_MONEY = re.compile(r"[$£€¥₿]\s?\d|\d\s?(?:usd|gbp|eur|btc|k)\b", re.IGNORECASE)
_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")
_EXCLAIMED = re.compile(r"[!?]{2,}")
# Self-promotion, the commonest spam on comment sections, as opposed to talk about the
# page: someone's own channel or work, asking to subscribe, follow, check out, visit or
# like (in whatever words), "like 4 like", likes for the comment itself, and offers of
# money or prizes. Each is one sign,
# however it is phrased, so a site's spam teaches the classifier about another site's.
_PROMOTION = {
    "promote:own work": re.compile(
        r"\b(?:my|our)\s+(?:new\s+|own\s+|first\s+|youtube\s+|music\s+)?"
        r"(?:channel|video|vids?|songs?|music|page|cover|blog|site|website|account|band|album"
        r"|mixtape|vlogs?)\b",
        re.IGNORECASE,
    ),
    "promote:subscribe": re.compile(r"\bsub(?:scribe|scibe|s|)\b|\bsubs?cr\w*", re.IGNORECASE),
    "promote:check out": re.compile(r"\bcheck\s*(?:out|it out|my|this out|us)\b", re.IGNORECASE),
    "promote:please do": re.compile(
        r"\bpl(?:ease|z|s)\s+(?:\w+\s+){0,2}"
        r"(?:subscribe|sub|like|check|visit|watch|share|follow|help|give)\b",
        re.IGNORECASE,
    ),
    "promote:follow": re.compile(r"\bfollow\s+(?:me|us|my)\b", re.IGNORECASE),
    "promote:go there": re.compile(r"\b(?:visit|go to|click|search)\b", re.IGNORECASE),
    "promote:money": re.compile(
        r"\b(?:earn|make|making)\s+(?:money|\$|cash)|\bfree\b|\bgift\s*card|\bwin\b",
        re.IGNORECASE,
    ),
    "promote:x for x": re.compile(r"\b(\w+)\s*(?:4|for)\s*\1\b", re.IGNORECASE),
    # Asking for likes on the comment itself, to climb to the top of the page.
    "promote:like this": re.compile(
        r"\blike\s+(?:this|my)\s+comment|\bthumbs?\s+up\s+(?:if|for|this)\b"
        r"|\bgive\s+(?:it|this|me)\s+a\s+(?:like|thumbs)",
        re.IGNORECASE,
    ),
}


@dataclass(frozen=True)
class Link:
    """A web or e-mail address in a comment, with the features it contributes."""

    host: str
    features: tuple[str, ...]
    is_email: bool = False
    address: str = ""  # as written (an e-mail address's domain only)


@dataclass(frozen=True)
class Reading:
    """What the classifier sees in a comment: a set of features (repeating a word adds
    nothing), and each link separately."""

    features: frozenset[str]
    links: tuple[Link, ...]


@functools.lru_cache(maxsize=256)
def normalise(text: str) -> str:
    """`text` as every block reads it: compatibility forms folded (NFKC: full-width
    letters are plain letters, ligatures are split) and addresses written with spaces
    joined up. Kept for the last few texts: each block, and `read`, asks for the same."""
    text = unicodedata.normalize("NFKC", text)
    for pattern, joined in _SPACED_ADDRESSES:
        text = pattern.sub(joined, text)
    return text


def read(text: str) -> Reading:
    """The features of `text`, as training and scoring both see them."""
    text = normalise(text)
    emails = _EMAIL.findall(text)
    links = [_link(domain, is_email=True) for domain in emails]
    text = _EMAIL.sub(" ", text)
    addresses = _URL.findall(text)
    links += [_link(address) for address in addresses]
    count = f"links:{min(len(addresses), 3)}" if addresses else "shape:no links"
    found = {count, *(feature for link in links if link for feature in link.features)}
    if emails:
        found.add("shape:email")
    rest = _URL.sub(" ", text)
    if len(_SHOUTED.findall(rest)) >= 3:
        found.add("shape:shouting")
    if _EXCLAIMED.search(rest):
        found.add("shape:exclaiming")
    if _MONEY.search(rest):
        found.add("shape:money")
    found.update(sign for sign, pattern in _PROMOTION.items() if pattern.search(text))
    words = [_DIGIT.sub("0", word) for word in _WORD.findall(rest.casefold())]
    found.update(f"w:{word}" for word in words)
    found.update(f"b:{first} {second}" for first, second in pairwise(words))
    return Reading(
        features=frozenset(found),
        links=tuple(
            Link(link.host, (*link.features, count), link.is_email, link.address)
            for link in links
            if link
        ),
    )


def _without_links(text: str) -> str:
    """`text` with the web and e-mail addresses `read` finds taken out."""
    return _URL.sub(" ", _EMAIL.sub(" ", normalise(text)))


def _link(address: str, *, is_email: bool = False) -> Link | None:
    written = address
    if not address.lower().startswith(("http://", "https://")):
        address = f"http://{address}"
    try:
        parts = urlsplit(address)
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return None
    if not host:
        return None
    labels = host.split(".")
    found = [f"site:{host}", f"tld:{labels[-1]}"]
    if len(labels) > 2:
        found.append(f"site:{'.'.join(labels[-2:])}")
    # Pieces of the name, so a new site named like known spam sites is recognised.
    name = max(labels[:-1] or labels, key=len)
    found += [f"name:{name[i : i + 4]}" for i in range(max(len(name) - 3, 1))]
    found += [f"path:{word}" for word in _WORD.findall(f"{parts.path} {parts.query}".casefold())]
    return Link(host, tuple(dict.fromkeys(found)), is_email, written)


# scikit-learn's TfidfVectorizer, as the blocks are configured in `_vectorizers` and
# reproduced in plain Python below: its default token pattern, and its run of white space.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WHITE_SPACES = re.compile(r"\s\s+")


def preprocess(text: str) -> str:
    """What the words and characters blocks split into terms: `normalise`d, lowercased
    (TfidfVectorizer's `preprocessor` for both)."""
    return normalise(text).lower()


def word_terms(text: str) -> list[str]:
    """The words block's terms: lowercased words of two or more letters, then each pair
    of neighbouring words (TfidfVectorizer, analyzer "word", ngram_range (1, 2))."""
    tokens = _TOKEN.findall(preprocess(text))
    return tokens + [f"{first} {second}" for first, second in pairwise(tokens)]


def character_terms(text: str) -> list[str]:
    """The characters block's terms: the 2- to 5-character pieces of each lowercased
    word padded with a space either side (TfidfVectorizer, analyzer "char_wb")."""
    terms: list[str] = []
    for word in _WHITE_SPACES.sub(" ", preprocess(text)).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(2, 6):
            if length <= n:  # the whole padded word, once, for the first n that covers it
                terms.append(padded)
                break
            terms += [padded[i : i + n] for i in range(length - n + 1)]
    return terms


def sign_terms(text: str) -> list[str]:
    """The signs block's terms: what `read` finds besides words (links and shapes).
    Having no links is left out: the intercept already says what a comment without
    signs is, and a comment with no links proves nothing about its words."""
    return _signs(read(text))


@dataclass(frozen=True)
class _SignsLeavingOut:
    """`sign_terms` without the signs that start with one of `prefixes` (an analyser for
    scikit-learn: a sign it never sees gets no weight, and scoring skips it)."""

    prefixes: tuple[str, ...]

    def __call__(self, text: str) -> list[str]:
        return [sign for sign in sign_terms(text) if not sign.startswith(self.prefixes)]


def _signs(reading: Reading) -> list[str]:
    return sorted(f for f in reading.features if not f.startswith(("w:", "b:", "shape:no ")))


BLOCKS = {"words": word_terms, "characters": character_terms, "signs": sign_terms}


@dataclass(frozen=True)
class Settings:
    """The modelling choices `train` is given (C it chooses itself). `DEFAULT` is the one
    in use, chosen by nested leave-one-site-out on real spam (bench/spam.py --nested).

    The n-gram ranges may only narrow what `word_terms` and `character_terms` produce,
    and signs may only be left out: a model so trained has no term outside its
    vocabulary, and scoring skips such terms, so the plain-Python scorer stays exactly
    scikit-learn's without knowing the settings."""

    words: tuple[int, int] = (1, 2)  # word n-grams: single words, pairs
    characters: tuple[int, int] = (2, 5)  # character n-grams inside words
    balanced: bool = False  # weigh each kind of comment by the inverse of its count
    signs_left_out: tuple[str, ...] = ()  # signs starting with any of these are not used

    def __post_init__(self) -> None:
        (low, high), (low_c, high_c) = self.words, self.characters
        if not (1 <= low <= high <= 2 and 2 <= low_c <= high_c <= 5):
            raise ValueError("n-gram ranges must lie within words 1-2 and characters 2-5")


DEFAULT = Settings()


@dataclass(frozen=True)
class Block:
    """One TF-IDF block of a trained model: how many training comments its idf was
    counted over, and per term its document frequency and its weight (the term's idf
    times its coefficient in the regression)."""

    documents: int
    frequencies: dict[str, int]
    weights: dict[str, float]
    # Each term's idf, as scikit-learn computes it: ln((documents + 1) / (df + 1)) + 1.
    idf: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        smoothed = self.documents + 1
        idf = {term: math.log(smoothed / (df + 1)) + 1.0 for term, df in self.frequencies.items()}
        object.__setattr__(self, "idf", idf)

    def score(self, terms: list[str]) -> float:
        """The block's share of the log-odds: the sum of `contributions`, computed
        without keeping each term's."""
        idf, weights = self.idf, self.weights
        dot = squares = 0.0
        for term, count in Counter(terms).items():
            if (inverse := idf.get(term)) is None:
                continue
            tf = 1.0 if count == 1 else 1.0 + math.log(count)
            squares += (tf * inverse) ** 2
            dot += weights.get(term, 0.0) * tf
        return dot / math.sqrt(squares) if squares else 0.0

    def contributions(self, terms: list[str]) -> dict[str, float]:
        """Each known term's share of the log-odds: sublinear tf · idf, l2-normalised
        over the block, times the coefficient."""
        idf = self.idf
        tf = {term: 1.0 + math.log(count) for term, count in Counter(terms).items() if term in idf}
        if not tf:
            return {}
        norm = math.sqrt(sum((value * idf[term]) ** 2 for term, value in tf.items()))
        weights = self.weights
        return {term: weights.get(term, 0.0) * value / norm for term, value in tf.items()}


@dataclass(frozen=True)
class Parameters:
    """A trained model: its blocks, intercept, and the calibration of its log-odds."""

    blocks: dict[str, Block]
    intercept: float
    scale: float = 1.0  # calibration: probability = sigmoid(scale * decision + shift)
    shift: float = 0.0

    def _decision(self, text: str, reading: Reading | None = None) -> float:
        total = self.intercept
        for name, block in self.blocks.items():
            if name == "signs" and reading is not None:
                total += block.score(_signs(reading))  # sign_terms(text), not read again
            else:
                total += block.score(BLOCKS[name](text))
        return total

    def decision(self, text: str) -> float:
        """The regression's log-odds before calibration (scikit-learn's
        `decision_function`)."""
        return self._decision(text)

    def raw_log_odds(self, text: str) -> tuple[float, Link | None]:
        """The log-odds before calibration, and the link that decided them if that link
        alone is stronger evidence than the whole comment: so that a genuine comment
        copied from elsewhere cannot hide a spam link under many genuine words."""
        return self._verdict(text)[:2]

    def _verdict(self, text: str) -> tuple[float, Link | None, Reading]:
        reading = read(text)
        best, decider = self._decision(text, reading), None
        for link in reading.links:
            if (alone := self.decision(link.address)) > best:
                best, decider = alone, link
        return best, decider, reading

    def log_odds(self, text: str) -> float:
        return self.scale * self.raw_log_odds(text)[0] + self.shift

    def probability(self, text: str) -> float:
        return _sigmoid(self.log_odds(text))

    def explain(self, text: str) -> tuple[float, list[str]]:
        """The probability that `text` is spam and, when it would be held, why: the link
        that decides it if one does, and the words and word pairs that weigh most."""
        raw, decider, reading = self._verdict(text)
        probability = _sigmoid(self.scale * raw + self.shift)
        if probability < HOLD_AT:
            return probability, []
        signs_block, words_block = self.blocks.get("signs"), self.blocks.get("words")
        signs = signs_block.contributions(_signs(reading)) if signs_block else {}
        by_word = words_block.contributions(word_terms(text)) if words_block else {}
        # Else the links decide if the comment without them would not be held; the one
        # named is the link whose own signs weigh most.
        links = reading.links
        if decider is None and links and self.probability(_without_links(text)) < HOLD_AT:
            decider = max(
                links, key=lambda link: math.fsum(signs.get(f, 0.0) for f in set(link.features))
            )
        # Words most comments contain ("the", "to") explain nothing to a moderator.
        common = words_block.documents * COMMON_SHARE if words_block else 0.0
        telling = sorted(
            (
                (weight, term)
                for term, weight in by_word.items()
                if weight * self.scale >= REASON_WEIGHT
                and len(term) > 2
                and words_block is not None
                and words_block.frequencies[term] <= common
            ),
            key=lambda pair: (-pair[0], pair[1]),
        )
        # Single words first; a pair only when it adds a word not already named.
        words = [term for _, term in telling if " " not in term]
        for _, term in telling:
            if " " in term and not set(term.split()) <= set(words):
                words.append(term)
        reasons = []
        if decider is not None:
            seen = stored.SPAM_HOST_ADDRESS if decider.is_email else stored.SPAM_HOST_LINK
            reasons.append(seen.store(host=decider.host))
        if words:
            reasons.append(stored.SPAM_WORDS.store(words=", ".join(words[:REASONS_SHOWN])))
        if not reasons:
            reasons.append(stored.LIKE_SPAM.store())
        return probability, reasons

    def to_json(self) -> dict[str, Any]:
        """The layout stored in SpamModel.parameters. Weights keep 12 decimals, far
        below what changes a probability; terms are sorted so equal models store alike."""
        return {
            "format": FORMAT,
            "intercept": self.intercept,
            "scale": self.scale,
            "shift": self.shift,
            "blocks": {
                name: {
                    "documents": block.documents,
                    "terms": {
                        term: [block.frequencies[term], round(block.weights.get(term, 0.0), 12)]
                        for term in sorted(block.frequencies)
                    },
                }
                for name, block in self.blocks.items()
            },
        }

    @classmethod
    def from_json(cls, data: object) -> "Parameters | None":
        """The parameters stored by `to_json`, or None if they are in another layout."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        blocks = {}
        for name, block in data["blocks"].items():
            if name not in BLOCKS:
                return None
            terms = block["terms"]
            blocks[name] = Block(
                documents=int(block["documents"]),
                frequencies={term: int(pair[0]) for term, pair in terms.items()},
                weights={term: float(pair[1]) for term, pair in terms.items() if pair[1]},
            )
        return cls(
            blocks=blocks,
            intercept=float(data["intercept"]),
            scale=float(data["scale"]),
            shift=float(data["shift"]),
        )


def _sigmoid(log_odds: float) -> float:
    if log_odds >= 0:
        return 1.0 / (1.0 + math.exp(-log_odds))
    odds = math.exp(log_odds)
    return odds / (1.0 + odds)


def train(examples: Iterable[tuple[str, bool]], settings: Settings = DEFAULT) -> Parameters:
    """Learn from (text, is_spam) pairs; needs at least two of each kind.

    Runs scikit-learn (imported here, so that web workers, which only score, never load
    it). The regularisation strength is the one of `CS` whose cross-validated scores have
    the lowest log-loss; those same held-out scores calibrate the final model's log-odds
    (Platt scaling), since a regression fitted on every example is surer of itself than
    it has reason to be.
    """
    texts: list[str] = []
    labels: list[bool] = []
    for text, is_spam in examples:
        texts.append(text)
        labels.append(bool(is_spam))
    spam = sum(labels)
    if min(spam, len(labels) - spam) < 2:
        raise ValueError("training needs at least two examples of both spam and genuine comments")
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    folds = StratifiedKFold(
        n_splits=min(FOLDS, spam, len(labels) - spam), shuffle=True, random_state=0
    )
    held_out: dict[float, list[tuple[float, bool]]] = {c: [] for c in CS}
    for fit_on, judge in folds.split(texts, labels):
        vectorizers = fit_vectorizers([texts[i] for i in fit_on], settings)
        fitting = transform(vectorizers, [texts[i] for i in fit_on])
        # Scored as `Parameters.raw_log_odds` scores: the whole comment, or a link alone
        # if that is stronger.
        judged = [texts[i] for i in judge]
        links = [[link.address for link in read(text).links] for text in judged]
        judging = transform(vectorizers, judged + [a for addresses in links for a in addresses])
        for c in CS:
            regression = fit_regression(
                fitting, [labels[i] for i in fit_on], c, balanced=settings.balanced
            )
            scored = iter(float(value) for value in regression.decision_function(judging))
            whole = [next(scored) for _ in judged]
            for index, addresses in enumerate(links):
                whole[index] = max([whole[index], *(next(scored) for _ in addresses)])
            held_out[c] += [(value, labels[i]) for value, i in zip(whole, judge, strict=True)]
    best = min(CS, key=lambda c: (_log_loss(held_out[c]), c))
    scale, shift = _platt(held_out[best])
    vectorizers = fit_vectorizers(texts, settings)
    regression = fit_regression(
        transform(vectorizers, texts), labels, best, balanced=settings.balanced
    )
    return export(vectorizers, regression, documents=len(texts), scale=scale, shift=shift)


def fit_vectorizers(texts: list[str], settings: Settings = DEFAULT) -> dict[str, Any]:
    """One fitted scikit-learn TfidfVectorizer per block, as `Block` reproduces them."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    signs = _SignsLeavingOut(settings.signs_left_out) if settings.signs_left_out else sign_terms
    blocks: dict[str, dict[str, Any]] = {
        "words": {"analyzer": "word", "ngram_range": settings.words, "preprocessor": preprocess},
        "characters": {
            "analyzer": "char_wb",
            "ngram_range": settings.characters,
            "preprocessor": preprocess,
        },
        "signs": {"analyzer": signs},
    }
    vectorizers = {}
    for name, setting in blocks.items():
        # min_df: a term met in one comment only teaches nothing general, and would
        # make the stored model several times larger. max_features bounds the model
        # (about 3 MB as JSON) when tens of thousands of decisions have been made: 8,000
        # comments give about 11,000 word, 32,000 character and 2,000 sign terms.
        vectorizer = TfidfVectorizer(
            sublinear_tf=True, min_df=2, max_features=MAX_TERMS[name], **setting
        )
        try:
            vectorizers[name] = vectorizer.fit(texts)
        except ValueError:  # no term in two comments: few comments, or no words in them
            with contextlib.suppress(ValueError):  # no term at all: the block is left out
                vectorizers[name] = vectorizer.set_params(min_df=1).fit(texts)
    return vectorizers


def transform(vectorizers: dict[str, Any], texts: list[str]) -> Any:
    """The blocks side by side, each row l2-normalised within each block."""
    from scipy.sparse import hstack  # type: ignore[import-untyped]

    return hstack([vectorizer.transform(texts) for vectorizer in vectorizers.values()]).tocsr()


def fit_regression(features: Any, labels: list[bool], c: float, *, balanced: bool = False) -> Any:
    import warnings

    from sklearn.exceptions import ConvergenceWarning  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    # liblinear: several times faster than lbfgs on these sparse features, and the same
    # model but for a small penalty on the intercept.
    regression = LogisticRegression(
        C=c,
        solver="liblinear",
        max_iter=1_000,
        random_state=0,
        class_weight="balanced" if balanced else None,
    )
    with warnings.catch_warnings():
        # Close enough after 1,000 steps: the weights are rounded when stored anyway.
        warnings.simplefilter("ignore", ConvergenceWarning)
        regression.fit(features, labels)
    return regression


def export(
    vectorizers: dict[str, Any],
    regression: Any,
    *,
    documents: int,
    scale: float = 1.0,
    shift: float = 0.0,
) -> Parameters:
    """The vectorizers fitted on `documents` comments, and the regression fitted on
    their features, as plain-Python `Parameters`."""
    coefficients = [float(c) for c in regression.coef_[0]]
    blocks, offset = {}, 0
    for name, vectorizer in vectorizers.items():
        idf = [float(value) for value in vectorizer.idf_]
        frequencies, weights = {}, {}
        for term, index in vectorizer.vocabulary_.items():
            # idf = ln((documents + 1) / (df + 1)) + 1: the document frequency, exactly.
            frequencies[term] = round((documents + 1) / math.exp(idf[index] - 1.0)) - 1
            if round(weight := coefficients[offset + index] * idf[index], 12):
                weights[term] = weight
        blocks[name] = Block(documents=documents, frequencies=frequencies, weights=weights)
        offset += len(idf)
    return Parameters(
        blocks=blocks, intercept=float(regression.intercept_[0]), scale=scale, shift=shift
    )


def _log_loss(scored: list[tuple[float, bool]]) -> float:
    """The mean negative log-likelihood of the labels under sigmoid(score)."""
    total = 0.0
    for score, is_spam in scored:
        f = score if is_spam else -score  # -log(sigmoid(f)), without overflow
        total += (-f if f < 0 else 0.0) + math.log1p(math.exp(-abs(f)))
    return total / len(scored)


def _platt(scored: list[tuple[float, bool]]) -> tuple[float, float]:
    """The scale and shift that turn raw log-odds into calibrated ones: Newton's method
    with a backtracking line search on the log-loss (Lin, Lin and Weng's version of
    Platt's method), with Platt's smoothed targets so that separable data stays finite."""
    spam = sum(1 for _, is_spam in scored if is_spam)
    genuine = len(scored) - spam
    high, low = (spam + 1) / (spam + 2), 1 / (genuine + 2)
    points = [(raw, high if is_spam else low) for raw, is_spam in scored]

    def loss(scale: float, shift: float) -> float:
        total = 0.0
        for raw, target in points:
            f = scale * raw + shift  # log(1 + e^f) - target·f, computed without overflow
            total += (f if f > 0 else 0.0) + math.log1p(math.exp(-abs(f))) - target * f
        return total

    scale, shift = 0.0, math.log((spam + 1) / (genuine + 1))  # Lin et al.'s starting point
    current = loss(scale, shift)
    for _ in range(100):
        g_a = g_b = h_aa = h_ab = h_bb = 0.0
        for raw, target in points:
            p = _sigmoid(scale * raw + shift)
            error, curvature = p - target, p * (1 - p)
            g_a += error * raw
            g_b += error
            h_aa += curvature * raw * raw
            h_ab += curvature * raw
            h_bb += curvature
        if abs(g_a) < 1e-5 and abs(g_b) < 1e-5:
            break
        h_aa += 1e-12
        h_bb += 1e-12
        determinant = h_aa * h_bb - h_ab * h_ab
        step_a = -(h_bb * g_a - h_ab * g_b) / determinant
        step_b = -(h_aa * g_b - h_ab * g_a) / determinant
        length = 1.0
        while length >= 1e-10:
            candidate = loss(scale + length * step_a, shift + length * step_b)
            if candidate < current + 1e-4 * length * (g_a * step_a + g_b * step_b):
                scale, shift, current = scale + length * step_a, shift + length * step_b, candidate
                break
            length /= 2
        else:
            break  # no step improves: as good as it gets
    if not scale > 0:  # a model that cannot rank is not trusted to say anything
        return 0.0, -10.0
    return scale, shift


def training_examples() -> Iterator[tuple[str, bool]]:
    """Moderators' decisions, most recent first: each decided comment's text, and whether
    their latest approve-or-spam decision on it was spam. Deleted comments are left out."""
    decisions = [ModerationAction.Action.APPROVE, ModerationAction.Action.SPAM]
    latest = (
        ModerationAction.objects.filter(comment=OuterRef("pk"), action__in=decisions)
        .order_by("-created_at", "-pk")
        .values("action")[:1]
    )
    decided = ModerationAction.objects.filter(action__in=decisions).values("comment_id")
    rows = (
        Comment.objects.filter(pk__in=decided, deleted_at__isnull=True)
        .exclude(body_markdown="")
        .annotate(decision=Subquery(latest))
        .order_by("-pk")
        .values_list("body_markdown", "decision")[:MAX_EXAMPLES]
    )
    for body, decision in rows.iterator(chunk_size=2_000):
        yield body, decision == ModerationAction.Action.SPAM


@transaction.atomic
def save_model(
    parameters: Parameters,
    examples: int,
    spam_examples: int,
    *,
    trained_at: datetime | None = None,
) -> SpamModel:
    """Store a trained model as the one in use, keeping only the few before it.

    `trained_at` is when its examples were read: decisions after it count as new.
    """
    model = SpamModel.objects.create(
        trained_at=trained_at or timezone.now(),
        examples=examples,
        spam_examples=spam_examples,
        parameters=parameters.to_json(),
    )
    older = list(SpamModel.objects.values_list("pk", flat=True)[MODELS_KEPT:])
    SpamModel.objects.filter(pk__in=older).delete()
    return model


# The latest model, keyed by its id and time (ids can be reused after a rollback).
_cached: tuple[tuple[int, datetime], Parameters | None] | None = None
_cache_lock = threading.Lock()


def current_parameters() -> Parameters | None:
    """The latest model's parameters, if it learned from enough decisions of each kind.

    One small query per call; the parameters are loaded again only when a newer model
    has been saved (by this process or the task worker)."""
    global _cached
    latest = SpamModel.objects.values_list("pk", "trained_at").first()
    if latest is None:
        return None
    cached = _cached
    if cached is not None and cached[0] == latest:
        return cached[1]
    with _cache_lock:
        row = SpamModel.objects.filter(pk=latest[0]).first()
        parameters = None
        if row is not None and min(row.spam_examples, row.examples - row.spam_examples) >= (
            MIN_EXAMPLES_OF_EACH
        ):
            parameters = Parameters.from_json(row.parameters)
        _cached = (latest, parameters)
    return parameters


def spam_probability(text: str) -> tuple[float, list[str]]:
    """How likely `text` is spam (0 to 1) and why, by the latest model; (0.0, []) until
    one has been trained on enough decisions of each kind."""
    parameters = current_parameters()
    if parameters is None:
        return 0.0, []
    return parameters.explain(text)
