"""Campaign detection on small planted corpora (pure unit tests, no database)."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.insights.engine import Campaign, campaigns, find_campaigns
from parley.insights.engine.text import tokenise, words

TEMPLATES = [
    [
        "I am writing to object to the proposed changes to parking in the town centre.",
        "Removing the short stay bays outside the library will make it much harder for "
        "older residents and disabled people to reach the services they rely on.",
        "Local shops on the high street already struggle and fewer visitors will close them.",
        "Please keep the existing bays and consult traders before any further changes.",
        "I ask the council to publish the evidence behind this proposal in full.",
    ],
    [
        "As a parent of two children at the primary school I support the new crossing.",
        "Traffic on Mill Lane moves far too fast at drop off and pick up times and "
        "several children have had near misses over the past year.",
        "A zebra crossing with flashing beacons and a twenty mile an hour limit would "
        "make the walk to school safer for every family in the area.",
        "Thank you for listening to parents and please build it before next September.",
    ],
    [
        "The draft guidance on tenancy deposits does not go far enough to protect renters.",
        "Landlords should be required to return deposits within fourteen days unless "
        "they give written reasons with photographs of any damage.",
        "Disputes should go to an independent adjudicator at no cost to the tenant.",
        "Agents who repeatedly withhold deposits without cause should lose their licence.",
        "These simple rules would restore trust between tenants and landlords.",
    ],
    [
        "Mae angen mwy o fysiau gyda'r nos rhwng y pentref a chanol y dref.",
        "Mae llawer o bobl ifanc yn gweithio shifftiau hwyr ac nid oes ganddynt gar.",
        "Byddai gwasanaeth bob awr tan hanner nos yn gwneud gwahaniaeth mawr i'r gymuned.",
        "Ar hyn o bryd mae'r bws olaf yn gadael am saith o'r gloch ac mae hynny'n rhy gynnar "
        "i unrhyw un sy'n gweithio yn y siopau neu'r bwytai yng nghanol y dref.",
        "Diolch am ystyried y cynnig hwn yn ofalus.",
    ],
]

FILLER = [
    "river",
    "budget",
    "housing",
    "plan",
    "road",
    "meadow",
    "council",
    "ward",
    "bus",
    "bridge",
    "tree",
    "library",
    "market",
    "noise",
    "lighting",
    "bins",
    "recycling",
    "fence",
    "hedge",
    "drain",
    "pothole",
    "kerb",
    "verge",
    "allotment",
    "cafe",
    "clinic",
    "surgery",
    "pharmacy",
    "station",
    "platform",
    "ticket",
    "fare",
    "cycle",
    "lane",
    "junction",
    "roundabout",
    "signal",
    "crossing",
    "pavement",
    "bench",
    "shelter",
    "timetable",
    "depot",
    "garage",
    "workshop",
    "orchard",
    "pond",
    "playground",
    "pitch",
    "court",
    "pool",
    "gym",
    "hall",
    "chapel",
    "church",
    "mosque",
    "temple",
    "school",
    "college",
]

NAMES = ["Aisha", "Ben", "Carys", "Dev", "Eleri", "Femi", "Gwen", "Hari", "Ifan", "Joan"]


def jaccard(a: str, b: str, size: int = 3) -> float:
    def grams(text: str) -> set[tuple[str, ...]]:
        w = words(text)
        return {tuple(w[i : i + size]) for i in range(max(1, len(w) - size + 1))}

    x, y = grams(a), grams(b)
    return len(x & y) / len(x | y)


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def variant(sentences: list[str], rng: random.Random) -> str:
    """One of: a typo, a swapped pair of sentences, a personal opening, a changed word."""
    sentences = list(sentences)
    edit = rng.randrange(4)
    if edit == 0:
        i = rng.randrange(len(sentences))
        ws = sentences[i].split()
        j = rng.randrange(len(ws))
        ws[j] = typo(ws[j], rng)
        sentences[i] = " ".join(ws)
    elif edit == 1:
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    elif edit == 2:
        sentences.insert(0, f"My name is {rng.choice(NAMES)}.")
    else:
        i = rng.randrange(len(sentences))
        ws = sentences[i].split()
        ws[rng.randrange(len(ws))] = rng.choice(FILLER)
        sentences[i] = " ".join(ws)
    text = " ".join(sentences)
    return text.upper() if rng.random() < 0.1 else text


def independent(rng: random.Random) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(rng.randrange(12, 40))) + "."


def planted(seed: int = 7) -> tuple[list[tuple[int, str]], list[set[int]], dict[int, int]]:
    """Items, the planted campaigns (sets of ids) and each campaign's template id."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    items: list[tuple[int, str]] = []
    truth: list[set[int]] = []
    templates: dict[int, int] = {}
    next_id = 100
    for n, sentences in enumerate(TEMPLATES):
        members = set()
        original = " ".join(sentences)
        templates[n] = next_id
        for copy in range(12 + 3 * n):
            text = original
            while copy and (text == original or jaccard(text, original) < 0.85):
                text = variant(sentences, rng)  # small edits: at least 0.85 from the letter
            items.append((next_id, text))
            members.add(next_id)
            next_id += 1
        truth.append(members)
    for _ in range(60):
        items.append((next_id, independent(rng)))
        next_id += 1
    rng.shuffle(items)
    return items, truth, templates


def test_planted_campaigns_are_found_with_perfect_precision_and_recall() -> None:
    items, truth, _ = planted()
    found = find_campaigns(items)
    assert sorted(map(set, (c.members for c in found)), key=min) == sorted(truth, key=min)


def test_independent_comments_are_not_grouped() -> None:
    rng = random.Random(3)  # noqa: S311 (test data, not secrets)
    items = [(i, independent(rng)) for i in range(200)]
    assert find_campaigns(items) == []


def test_the_template_is_the_most_central_member() -> None:
    items, truth, templates = planted(seed=11)
    found = {min(c.members): c for c in find_campaigns(items)}
    for n, members in enumerate(truth):
        assert found[min(members)].template == templates[n]


def test_campaigns_are_keyed_by_smallest_member_sorted_and_largest_first() -> None:
    items, _, _ = planted()
    found = find_campaigns(items)
    assert [len(c.members) for c in found] == sorted((len(c.members) for c in found), reverse=True)
    for campaign in found:
        assert campaign.members == tuple(sorted(campaign.members))
        assert campaign.key == f"c-{campaign.members[0]}"
        assert campaign.template in campaign.members


LETTER = (
    "Please save our library on Mill Lane. It is the only warm and quiet place where older "
    "residents, children and job seekers can read, use a computer and ask for help for free."
)


def test_exact_duplicates_group_whatever_their_case_and_punctuation() -> None:
    items = [
        (5, LETTER + "!"),
        (3, LETTER.lower()),
        (9, LETTER.upper().replace(" ", "   ").replace(".", "...")),
        (4, "Keep the bus station open"),
    ]
    assert find_campaigns(items) == [Campaign(key="c-3", members=(3, 5, 9), template=3)]


def test_short_common_phrases_never_make_a_campaign_however_often_sent() -> None:
    items = [(n, "I agree with the above.") for n in range(1, 50)]
    items += [(n, "Save our library!") for n in range(50, 60)]
    assert find_campaigns(items) == []


def test_texts_with_no_words_never_group() -> None:
    items = [(1, ""), (2, ""), (3, "!!!"), (4, "!!!"), (5, "   "), (6, "— ... —")]
    assert find_campaigns(items) == []
    assert find_campaigns([]) == []


def test_welsh_greek_chinese_and_japanese_copies_are_grouped() -> None:
    welsh = " ".join(TEMPLATES[3])
    greek = (
        "Ζητούμε περισσότερα λεωφορεία το βράδυ για τους νέους που δουλεύουν αργά στην πόλη "
        "και δεν έχουν αυτοκίνητο για να γυρίσουν σπίτι τους με ασφάλεια κάθε νύχτα"
    )
    chinese = "我们要求市政府在晚上增加公交车班次，因为很多年轻人在城里工作到很晚，没有汽车回家。"
    japanese = "夜のバスを増やしてください。町で遅くまで働く若い人たちは車がなく、家に帰れません。"
    items = [
        (1, welsh),
        (2, welsh.replace("mawr", "enfawr")),
        (3, greek),
        (4, greek.upper()),
        (5, chinese),
        (6, "我是一名护士。" + chinese),
        (7, japanese),
        (8, japanese + "よろしくお願いします。"),
        (9, "我们需要更多的图书馆和公园，让孩子们在周末有地方可以去玩耍和学习。"),
    ]
    assert [c.members for c in find_campaigns(items)] == [(1, 2), (3, 4), (5, 6), (7, 8)]


def personal(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(n)) + "."


def test_members_who_add_their_own_paragraphs_are_one_campaign() -> None:
    rng = random.Random(5)  # noqa: S311 (test data, not secrets)
    letter = "\n\n".join(TEMPLATES[0])
    items = [(1, letter), (2, letter)]
    items += [(3, personal(rng, 60) + "\n\n" + letter)]
    items += [(4, letter + "\n\n" + personal(rng, 80))]
    middle = list(TEMPLATES[0])
    middle.insert(2, personal(rng, 40))
    items += [(5, "\n\n".join(middle))]
    assert jaccard(items[2][1], items[3][1]) < 0.5  # far apart by whole-text similarity
    assert [c.members for c in find_campaigns(items)] == [(1, 2, 3, 4, 5)]


def test_deleted_and_reordered_paragraphs_still_count() -> None:
    paragraphs = TEMPLATES[0]
    letter = "\n\n".join(paragraphs)
    reordered = [paragraphs[1], paragraphs[0], *paragraphs[2:]]
    items = [
        (1, letter),
        (2, letter),
        (3, "\n\n".join(reordered)),
        (4, "\n\n".join(paragraphs[:2] + paragraphs[3:])),  # one paragraph left out
    ]
    assert [c.members for c in find_campaigns(items)] == [(1, 2, 3, 4)]


def test_the_minimum_share_decides_whether_a_partial_copy_joins() -> None:
    paragraphs = TEMPLATES[0]
    letter = " ".join(paragraphs)
    half = " ".join(paragraphs[:3])  # about 55% of the letter
    items = [(1, letter), (2, letter), (3, half)]
    assert [c.members for c in find_campaigns(items)] == [(1, 2)]
    assert [c.members for c in find_campaigns(items, threshold=0.5)] == [(1, 2, 3)]


def test_campaigns_on_one_topic_that_share_words_but_not_text_stay_apart() -> None:
    one = " ".join(TEMPLATES[0])
    other = (
        "Parking in the town centre should change: the short stay bays outside the library "
        "are always full of commuters, so older residents and disabled people who rely on "
        "its services cannot reach it, and shops lose visitors."
    )
    items = [(1, one), (2, one), (3, one + " Thanks."), (4, other), (5, other), (6, other)]
    assert [c.members for c in find_campaigns(items)] == [(1, 2, 3), (4, 5, 6)]


def test_progress_is_reported_up_to_the_total() -> None:
    items, _, _ = planted()
    calls: list[tuple[int, int]] = []
    find_campaigns(items, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(items), len(items))


def test_results_do_not_depend_on_input_order() -> None:
    items, _, _ = planted()
    assert find_campaigns(items) == find_campaigns(list(reversed(items)))


texts = st.sampled_from(
    [
        " ".join(TEMPLATES[0]),
        " ".join(TEMPLATES[0][1:]),
        " ".join(TEMPLATES[1]),
        " ".join(TEMPLATES[1]) + " Thanks.",
        "library",
        "",
        "👍",
    ]
) | st.text(max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, max_size=25))
def test_campaigns_never_overlap_and_always_have_two_members(corpus: list[str]) -> None:
    items = list(enumerate(corpus))
    found = find_campaigns(items)
    seen: set[int] = set()
    for campaign in found:
        assert len(campaign.members) >= 2
        assert campaign.template in campaign.members
        assert not seen.intersection(campaign.members)
        seen.update(campaign.members)
    assert seen <= {i for i, _ in items}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=30) | texts, min_size=1, max_size=6))
def test_batch_hashing_sees_the_same_words_as_one_text_at_a_time(corpus: list[str]) -> None:
    tokens = tokenise(corpus)
    assert tokens.lengths.tolist() == [len(words(t)) for t in corpus]
    for n, text in enumerate(corpus):
        alone = tokenise([text])
        assert (
            alone.hashes.tolist()
            == tokens.hashes[tokens.offsets[n] : tokens.offsets[n + 1]].tolist()
        )


def test_words_are_case_folded_unicode_words_without_punctuation() -> None:
    assert words("Don’t CLOSE the café—please!") == ["dont", "close", "the", "café", "please"]
    assert words("Mae’r cyngor yn iawn; i'r dref") == ["maer", "cyngor", "yn", "iawn", "ir", "dref"]
    assert words("ΟΔΟΣ οδός") == ["οδοσ", "οδόσ"]
    assert words("👍👍 great🙂") == ["👍", "👍", "great", "🙂"]
    assert words("snake_case £25 ...") == ["snake", "case", "25"]


STOCK = [
    "We believe that the council must listen to the people who live here every day.",
    "This proposal would affect families, local businesses and visitors to the area alike.",
    "Any decision should be based on clear evidence that is published for everyone to read.",
    "We urge the council to think again before it is too late for our community.",
]


def letters_sharing_stock_phrases() -> list[list[str]]:
    """Four letters on one topic: the same four stock sentences, each followed by two
    sentences of the letter's own (so the stock phrases tell no letter from another)."""
    rng = random.Random(3)  # noqa: S311 (test data, not secrets)
    letters = []
    for _ in range(4):
        parts = []
        for stock in STOCK:
            parts += [stock, personal(rng, 12).capitalize(), personal(rng, 12).capitalize()]
        letters.append(parts)
    return letters


def test_a_partial_copy_that_kept_the_stock_phrases_joins_its_campaign() -> None:
    letters = letters_sharing_stock_phrases()
    items = [(10 * n + k, " ".join(letter)) for n, letter in enumerate(letters) for k in (1, 2, 3)]
    letter = letters[0]
    # Three of the letter's own sentences cut and a fourth halved: about 72% of its words,
    # but well under 70% of what tells this letter from the others.
    kept = [p for j, p in enumerate(letter) if j not in {5, 8, 11}]
    kept[1] = " ".join(kept[1].split()[:6]) + "."
    partial = " ".join(kept)
    assert 0.70 < len(words(partial)) / len(words(" ".join(letter))) < 0.74
    found = [c.members for c in find_campaigns([*items, (99, partial)])]
    assert found == [(1, 2, 3, 99), (11, 12, 13), (21, 22, 23), (31, 32, 33)]


def test_a_copy_well_under_the_share_still_stays_out_with_stock_phrases() -> None:
    letters = letters_sharing_stock_phrases()
    items = [(10 * n + k, " ".join(letter)) for n, letter in enumerate(letters) for k in (1, 2, 3)]
    letter = letters[0]
    kept = [p for j, p in enumerate(letter) if j not in {5, 7, 8, 10, 11}]  # about 61%
    found = [c.members for c in find_campaigns([*items, (99, " ".join(kept))])]
    assert found == [(1, 2, 3), (11, 12, 13), (21, 22, 23), (31, 32, 33)]


def test_the_stock_phrases_alone_make_no_campaign_however_often_sent() -> None:
    letters = letters_sharing_stock_phrases()
    items = [(10 * n + k, " ".join(letter)) for n, letter in enumerate(letters) for k in (1, 2, 3)]
    items += [(100 + k, " ".join(STOCK)) for k in range(20)]
    found = [c.members for c in find_campaigns(items)]
    assert found == [(1, 2, 3), (11, 12, 13), (21, 22, 23), (31, 32, 33)]


def test_chunked_matching_and_voting_give_the_same_campaigns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items, _, _ = planted()
    whole = find_campaigns(items)
    # Chunks and pieces far smaller than one text: every boundary case is crossed.
    monkeypatch.setattr(campaigns, "_ASSIGN_SHINGLES", 7)
    monkeypatch.setattr(campaigns, "_VOTE_SHINGLES", 5)
    assert find_campaigns(items) == whole
    assert len(whole) >= 4
