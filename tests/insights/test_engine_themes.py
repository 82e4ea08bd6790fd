"""Themes on small planted corpora, and on the inputs that have none to find."""

import random
from collections import Counter

import pytest

from parley.insights.engine import ThemeResult, find_themes

TOPICS = {
    "parking": [
        "parking",
        "car",
        "bays",
        "permit",
        "charges",
        "spaces",
        "meter",
        "driveway",
        "wardens",
        "vehicles",
    ],
    "schools": [
        "school",
        "pupils",
        "teachers",
        "classroom",
        "uniform",
        "lessons",
        "homework",
        "headteacher",
        "exams",
    ],
    "flooding": [
        "flooding",
        "river",
        "drains",
        "sandbags",
        "rainfall",
        "flood",
        "defences",
        "culvert",
        "storm",
        "water",
    ],
    "housing": [
        "housing",
        "rent",
        "tenants",
        "landlord",
        "deposit",
        "affordable",
        "homes",
        "eviction",
        "mortgage",
    ],
}
COMMON = [
    "the",
    "council",
    "should",
    "really",
    "think",
    "about",
    "our",
    "town",
    "and",
    "this",
    "plan",
    "for",
    "next",
    "year",
]


def planted_topics(
    seed: int = 1, per_topic: int = 40
) -> tuple[list[tuple[int, str]], dict[str, list[int]]]:
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    items = []
    truth: dict[str, list[int]] = {}
    next_id = 1
    for topic, vocab in TOPICS.items():
        for _ in range(per_topic):
            ws = [rng.choice(vocab) for _ in range(rng.randrange(6, 12))]
            ws += [rng.choice(COMMON) for _ in range(rng.randrange(4, 10))]
            rng.shuffle(ws)
            items.append((next_id, " ".join(ws)))
            truth.setdefault(topic, []).append(next_id)
            next_id += 1
    rng.shuffle(items)
    return items, truth


def check_partition(result: ThemeResult, items: list[tuple[int, str]]) -> None:
    placed = [m for theme in result.themes for m in theme.members]
    assert len(placed) == len(set(placed))
    assert set(placed).isdisjoint(result.unassigned)
    assert set(placed) | set(result.unassigned) == {i for i, _ in items}
    for n, theme in enumerate(result.themes, start=1):
        assert theme.key == f"t-{n}"
        assert set(theme.representatives) <= set(theme.members)
        assert 1 <= len(theme.representatives) <= 3


def test_planted_topics_are_recovered_as_themes() -> None:
    items, truth = planted_topics()
    result = find_themes(items, max_themes=4)
    check_partition(result, items)
    theme_of = {m: theme.key for theme in result.themes for m in theme.members}
    chosen = set()
    for topic, ids in truth.items():
        key, count = Counter(theme_of.get(i) for i in ids).most_common(1)[0]
        assert count >= 0.9 * len(ids), topic
        chosen.add(key)
        terms = next(t.terms for t in result.themes if t.key == key)
        assert set(terms) <= set(TOPICS[topic]) | set(COMMON)
    assert len(chosen) == len(truth)


def test_themes_are_deterministic_for_the_same_seed() -> None:
    items, _ = planted_topics(seed=2)
    assert find_themes(items, seed=3) == find_themes(items, seed=3)


def test_themes_never_exceed_max_themes() -> None:
    items, _ = planted_topics(per_topic=60)
    result = find_themes(items, max_themes=2)
    assert 1 <= len(result.themes) <= 2
    check_partition(result, items)


def test_progress_reaches_the_total() -> None:
    items, _ = planted_topics()
    calls: list[tuple[int, int]] = []
    find_themes(items, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(items), len(items))


DEGENERATE = {
    "empty": [],
    "one comment": [(1, "I think the new parking rules are unfair to residents.")],
    "one-word comments": [(i, w) for i, w in enumerate(["Yes", "No", "Agree", "Why", "Ok"] * 3)],
    "all identical": [(i, "Please keep the library open on Saturdays.") for i in range(30)],
    "Welsh": [
        (i, t)
        for i, t in enumerate(
            [
                "Mae angen mwy o fysiau gyda'r nos rhwng y pentref a'r dref.",
                "Rydw i'n cefnogi'r cynllun i agor y llyfrgell ar ddydd Sadwrn.",
                "Dylai'r cyngor drwsio'r tyllau yn y ffordd cyn y gaeaf.",
                "Mae'r parc yn fudr ac mae angen mwy o finiau sbwriel.",
                "Hoffwn weld llwybr beicio diogel i'r ysgol gynradd.",
                "Mae'r bysiau'n hwyr bob bore ac mae plant yn colli gwersi.",
            ]
            * 4
        )
    ],
    "Greek": [(i, "Χρειαζόμαστε περισσότερα λεωφορεία το βράδυ στην πόλη") for i in range(8)],
    "emoji only": [(i, e) for i, e in enumerate(["👍", "👎👎", "🙂", "🚌🚌🚌", "❤️"] * 4)],
    "numbers and punctuation": [(i, t) for i, t in enumerate(["123", "!!!", "", "   ", "42 42"])],
}


@pytest.mark.parametrize("name", list(DEGENERATE))
def test_degenerate_input_completes_with_a_note(name: str) -> None:
    items = DEGENERATE[name]
    result = find_themes(items)
    check_partition(result, items)
    assert result.note
    assert result.note.endswith(".")


def test_a_corpus_that_is_all_one_text_is_one_theme() -> None:
    items = DEGENERATE["all identical"]
    result = find_themes(items)
    assert [len(t.members) for t in result.themes] == [30]
    assert "library" in result.themes[0].terms


def test_welsh_comments_are_labelled_with_welsh_content_words() -> None:
    result = find_themes(DEGENERATE["Welsh"])
    terms = {t for theme in result.themes for t in theme.terms}
    assert terms
    assert not terms & {"mae", "yn", "y", "yr", "i", "o", "ar"}


def test_themes_are_labelled_by_what_comments_are_about_not_words_any_comment_uses() -> None:
    comments = [
        "People say they need a rota for weekends, people ask who answers.",
        "Please say who answers at weekends: people need to know, people ask.",
        "I think people need training; say so, and ask managers to plan training.",
        "People ask for screenshots guidance: say deleted posts can be copied.",
        "Say what people need: a named contact, people ask who to call.",
        "Really, people need the rota written down, say it plainly, ask teams.",
    ]
    result = find_themes(list(enumerate(comments, start=1)))

    labels = {term for theme in result.themes for term in theme.terms}
    assert labels
    assert not labels & {"people", "say", "need", "ask", "think", "really", "please"}
    assert "weekends" in labels or "rota" in labels
