"""The spam classifier learned from moderators' own decisions (approve or spam).

Naive Bayes over what a comment contains: lowercased words and word pairs, the sites it
links to (and pieces of their names, so a new site named like known spam sites is
recognised), and a few shapes (how many links, shouting, sums of money). Training
records, for each feature, how much more often spam contains it than genuine comments
do (add-one smoothed rates per comment); scoring adds those log ratios. Each link is
also judged on its own, and the stronger verdict wins, so that a genuine comment copied
from elsewhere cannot hide a spam link under many genuine words. The sum is calibrated
into a probability that means what it says (Platt scaling). Pure Python and
deterministic: the same decisions always give the same model.

It stays silent (probability 0, no reasons) until moderators have decided enough
comments of each kind, so it never holds or rejects anything before it has learned.
"""

import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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

# Where the calibrated probability says what, by bench/spam.py (docs/performance.md):
# at 0.5 about 99% of what is caught is spam and 98% of spam is caught; at 0.9, 99.8%
# and 91%. So: hold for a moderator from HOLD_AT, treat as spam from SPAM_AT.
HOLD_AT = 0.5
SPAM_AT = 0.9

FORMAT = 1  # the layout of SpamModel.parameters; a model in another layout is ignored
MIN_EXAMPLES_OF_EACH = 20  # decisions of each kind before the classifier says anything
MAX_EXAMPLES = 50_000  # the most recent decisions are enough, and bound training time
MODELS_KEPT = 5  # older SpamModel rows are deleted when a new one is saved
REASON_WEIGHT = 1.5  # a word is named as a reason if spam has it e^1.5 ≈ 4.5 times as often
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
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_DIGIT = re.compile(r"\d")
_MONEY = re.compile(r"[$£€¥₿]\s?\d|\d\s?(?:usd|gbp|eur|btc|k)\b", re.IGNORECASE)
_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")
_EXCLAIMED = re.compile(r"[!?]{2,}")


@dataclass(frozen=True)
class Link:
    """A web or e-mail address in a comment, with the features it contributes."""

    host: str
    features: tuple[str, ...]
    is_email: bool = False


@dataclass(frozen=True)
class Reading:
    """What the classifier sees in a comment: a set of features (repeating a word adds
    nothing), and each link separately."""

    features: frozenset[str]
    links: tuple[Link, ...]


def read(text: str) -> Reading:
    """The features of `text`, as training and scoring both see them."""
    text = unicodedata.normalize("NFKC", text)
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
    words = [_DIGIT.sub("0", word) for word in _WORD.findall(rest.casefold())]
    found.update(f"w:{word}" for word in words)
    found.update(f"b:{first} {second}" for first, second in pairwise(words))
    return Reading(
        features=frozenset(found),
        links=tuple(
            Link(link.host, (*link.features, count), link.is_email) for link in links if link
        ),
    )


def _link(address: str, *, is_email: bool = False) -> Link | None:
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
    return Link(host, tuple(dict.fromkeys(found)), is_email)


@dataclass(frozen=True)
class Parameters:
    """A trained model: the prior log-odds of spam and each feature's log-likelihood ratio."""

    prior: float
    weights: dict[str, float]
    scale: float = 1.0  # calibration: probability = sigmoid(scale * raw log-odds + shift)
    shift: float = 0.0

    def _weigh(self, features: Iterable[str]) -> float:
        weights = self.weights
        return self.prior + sum(weights.get(feature, 0.0) for feature in features)

    def raw_log_odds(self, reading: Reading) -> tuple[float, Link | None]:
        """Naive Bayes' log-odds of spam, before calibration, and the link that decided
        them if that link alone is stronger evidence than the whole comment."""
        best, decider = self._weigh(reading.features), None
        for link in reading.links:
            if (alone := self._weigh(link.features)) > best:
                best, decider = alone, link
        return best, decider

    def _verdict(self, reading: Reading) -> tuple[float, Link | None]:
        raw, decider = self.raw_log_odds(reading)
        return self.scale * raw + self.shift, decider

    def log_odds(self, text: str) -> float:
        return self._verdict(read(text))[0]

    def probability(self, text: str) -> float:
        return _sigmoid(self.log_odds(text))

    def explain(self, text: str) -> tuple[float, list[str]]:
        """The probability that `text` is spam and, when it probably is, why."""
        reading = read(text)
        log_odds, decider = self._verdict(reading)
        probability = _sigmoid(log_odds)
        if probability < 0.5:
            return probability, []
        telling = sorted(
            (
                (weight, feature)
                for feature in reading.features
                if (weight := self.weights.get(feature, 0.0)) >= REASON_WEIGHT
            ),
            key=lambda pair: (-pair[0], pair[1]),
        )
        # Single words first; a pair only when it adds a word not already named.
        words = [feature[2:] for _, feature in telling if feature.startswith("w:")]
        for _, feature in telling:
            if feature.startswith("b:") and not set(feature[2:].split()) <= set(words):
                words.append(feature[2:])
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
        return {
            "format": FORMAT,
            "prior": round(self.prior, 6),
            "scale": round(self.scale, 6),
            "shift": round(self.shift, 6),
            "weights": {
                feature: round(self.weights[feature], 4) for feature in sorted(self.weights)
            },
        }

    @classmethod
    def from_json(cls, data: object) -> "Parameters | None":
        """The parameters stored by `to_json`, or None if they are in another layout."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        return cls(
            prior=float(data["prior"]),
            weights=dict(data["weights"]),
            scale=float(data["scale"]),
            shift=float(data["shift"]),
        )


def _sigmoid(log_odds: float) -> float:
    if log_odds >= 0:
        return 1.0 / (1.0 + math.exp(-log_odds))
    odds = math.exp(log_odds)
    return odds / (1.0 + odds)


def train(examples: Iterable[tuple[str, bool]]) -> Parameters:
    """Learn from (text, is_spam) pairs; needs at least two of each kind.

    Naive Bayes is sure of itself far beyond what it knows, so its log-odds are then
    rescaled (Platt scaling) to what they predict on examples it was not trained on:
    each half of the examples is scored by weights learned from the other half.
    """
    # Alternate comments of each kind between the halves, so each half has both kinds.
    split: list[list[tuple[Reading, bool]]] = [[], []]
    seen = {True: 0, False: 0}
    for text, is_spam in examples:
        split[seen[is_spam] % 2].append((read(text), is_spam))
        seen[is_spam] += 1
    if min(seen.values()) < 2:
        raise ValueError("training needs at least two examples of both spam and genuine comments")
    halves = [_count(split[0]), _count(split[1])]
    scored: list[tuple[float, bool]] = []
    for half, other in ((0, 1), (1, 0)):
        held_out = Parameters(*_weights(halves[other]))
        scored += [(held_out.raw_log_odds(r)[0], is_spam) for r, is_spam in split[half]]
    scale, shift = _platt(scored)
    prior, weights = _weights(_merge(*halves))
    return Parameters(prior=prior, weights=weights, scale=scale, shift=shift)


@dataclass
class _Counts:
    spam: int
    genuine: int
    in_spam: Counter[str]
    in_genuine: Counter[str]


def _count(readings: Iterable[tuple[Reading, bool]]) -> _Counts:
    counts = _Counts(0, 0, Counter(), Counter())
    for reading, is_spam in readings:
        if is_spam:
            counts.spam += 1
            counts.in_spam.update(reading.features)
        else:
            counts.genuine += 1
            counts.in_genuine.update(reading.features)
    return counts


def _merge(first: _Counts, second: _Counts) -> _Counts:
    return _Counts(
        first.spam + second.spam,
        first.genuine + second.genuine,
        first.in_spam + second.in_spam,
        first.in_genuine + second.in_genuine,
    )


def _weights(counts: _Counts) -> tuple[float, dict[str, float]]:
    # Smoothed so that a feature seen on one side only is strong evidence, never certainty.
    spam_total, genuine_total = counts.spam + 2, counts.genuine + 2
    in_spam, in_genuine = counts.in_spam, counts.in_genuine
    weights = {
        feature: math.log((in_spam[feature] + 1) / spam_total)
        - math.log((in_genuine[feature] + 1) / genuine_total)
        for feature in in_spam.keys() | in_genuine.keys()
    }
    return math.log(counts.spam / counts.genuine), weights


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
