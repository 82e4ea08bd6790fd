"""CampaignIndex: one new comment matched against what has been seen."""

import random

import pytest

from parley.insights.engine import CampaignIndex

from .test_engine_campaigns import TEMPLATES, independent, planted, variant


def test_a_near_copy_is_matched_to_an_indexed_member() -> None:
    index = CampaignIndex()
    original = " ".join(TEMPLATES[0])
    assert index.add(10, original) is None
    assert index.add(11, " ".join(TEMPLATES[1])) is None
    assert index.add(12, original.replace("library", "museum") + " Thank you.") == 10
    assert index.add(13, "Something else entirely: more benches in the park please.") is None
    assert len(index) == 4


def test_an_exact_copy_is_matched_to_the_first_indexed_copy() -> None:
    index = CampaignIndex()
    index.add(1, "Save our library!")
    index.add(2, "Keep the buses running")
    assert index.add(3, "SAVE OUR LIBRARY") == 1
    assert index.add(4, "save our library...") == 1


def test_texts_with_no_words_are_never_matched() -> None:
    index = CampaignIndex()
    assert index.add(1, "") is None
    assert index.add(2, "") is None
    assert index.add(3, "?!") is None


def test_the_index_round_trips_through_bytes_and_keeps_matching() -> None:
    rng = random.Random(5)  # noqa: S311 (test data, not secrets)
    index = CampaignIndex(threshold=0.7, shingle_size=2, num_perm=64, seed=9)
    originals = {}
    next_id = 1
    for sentences in TEMPLATES:
        originals[next_id] = sentences
        index.add(next_id, " ".join(sentences))
        next_id += 1
    for _ in range(30):
        index.add(next_id, independent(rng))
        next_id += 1
    data = index.to_bytes()
    assert isinstance(data, bytes)

    loaded = CampaignIndex.from_bytes(data)
    assert (loaded.threshold, loaded.shingle_size, loaded.num_perm, loaded.seed) == (
        0.7,
        2,
        64,
        9,
    )
    assert len(loaded) == len(index)
    assert loaded.to_bytes() == data
    for template_id, sentences in originals.items():
        assert loaded.add(next_id, variant(sentences, rng)) == template_id
        next_id += 1
    # A copy of a text added after loading is matched to it, and survives another trip.
    later = "A brand new form letter about street lighting on Station Road and Park Avenue."
    assert loaded.add(500, later) is None
    assert loaded.add(501, later + " Regards.") == 500
    again = CampaignIndex.from_bytes(loaded.to_bytes())
    assert again.add(502, later.lower()) == 500
    assert again.add(503, independent(rng)) is None


@pytest.mark.parametrize(
    "data", [b"", b"PCI1", b"not an index at all, just some bytes", b"X" * 200]
)
def test_from_bytes_refuses_what_is_not_an_index(data: bytes) -> None:
    with pytest.raises(ValueError, match="not a campaign index"):
        CampaignIndex.from_bytes(data)


def test_a_truncated_index_is_refused() -> None:
    index = CampaignIndex()
    index.add(1, " ".join(TEMPLATES[0]))
    with pytest.raises(ValueError, match="wrong length"):
        CampaignIndex.from_bytes(index.to_bytes()[:-1])


def test_an_index_built_in_bulk_answers_as_one_built_one_by_one() -> None:
    items, truth, _ = planted(seed=4)
    bulk = CampaignIndex.build(items)
    single = CampaignIndex()
    for comment_id, text in sorted(items):
        single.add(comment_id, text)
    rng = random.Random(8)  # noqa: S311 (test data, not secrets)
    for n, sentences in enumerate(TEMPLATES):
        copy = variant(sentences, rng)
        matched = bulk.add(1000 + n, copy)
        assert matched in truth[n]
        assert single.add(1000 + n, copy) in truth[n]
    fresh = independent(rng)
    assert bulk.add(2000, fresh) is None
    assert single.add(2000, fresh) is None
    # Copies of one text are kept once, under the smallest id.
    assert len(bulk) < len(single)
    assert CampaignIndex.from_bytes(bulk.to_bytes()).add(2001, fresh) == 2000


def test_an_index_extended_with_stored_entries_matches_as_if_the_texts_were_added() -> None:
    rng = random.Random(7)  # noqa: S311 (test data, not secrets)
    texts = [" ".join(sentences) for sentences in TEMPLATES] + [independent(rng) for _ in range(20)]
    built = CampaignIndex.build(list(enumerate(texts[:10], start=1)))
    added = CampaignIndex.from_bytes(built.to_bytes())
    entries = []
    for n, text in enumerate(texts[10:], start=11):
        _twin, entry = added.add_entry(n, text)
        assert entry is not None
        assert len(entry) == added.entry_size
        entries.append((n, entry))
    extended = CampaignIndex.from_bytes(built.to_bytes())
    extended.extend(entries)

    assert len(extended) == len(added)
    for n, text in enumerate(texts, start=100):
        copy = text + " Thank you."
        assert extended.fork().add(n, copy) == added.fork().add(n, copy)
    assert extended.to_bytes() == added.to_bytes()


def test_a_fork_takes_new_texts_without_changing_the_index_it_came_from() -> None:
    index = CampaignIndex.build([(1, " ".join(TEMPLATES[0]))])
    fork = index.fork()
    assert fork.add(2, " ".join(TEMPLATES[1])) is None
    assert fork.add(3, " ".join(TEMPLATES[1])) == 2
    assert len(index) == 1
    assert index.add(4, " ".join(TEMPLATES[1])) is None


def test_a_text_with_no_words_has_no_entry() -> None:
    assert CampaignIndex().add_entry(1, "?!") == (None, None)


def test_an_entry_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="wrong length"):
        CampaignIndex().extend([(1, b"short")])


def test_matching_a_text_leaves_the_index_as_it_was() -> None:
    index = CampaignIndex.build([(1, " ".join(TEMPLATES[0]))])
    assert index.match(" ".join(TEMPLATES[0]) + " Thank you.") == 1
    assert index.match(" ".join(TEMPLATES[1])) is None
    assert index.match("?!") is None
    assert len(index) == 1
