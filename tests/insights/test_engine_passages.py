"""A campaign's template is found from its members, and each member's additions and
removals are read against it (pure unit tests, no database)."""

from parley.insights.engine.passages import difference, template

LETTER = [
    "I am writing to object to the proposed changes to parking in the town centre.",
    "Removing the short stay bays outside the library will make it much harder for older "
    "residents and disabled people to reach the services they rely on.",
    "Local shops on the high street already struggle and fewer visitors will close them.",
    "Please keep the existing bays and consult traders before any further changes.",
]


def test_the_template_is_the_text_most_members_share_not_anyones_personal_words() -> None:
    letter = "\n\n".join(LETTER)
    members = [
        "Dear council,\n\n" + letter,
        letter + "\n\nI have lived on Mill Lane for forty years.",
        letter,
        "As a carer I drive my mother to the library every week. " + letter,
    ]
    assert template(members) == [letter]


def test_a_member_s_additions_and_removals_are_passages_in_their_own_words() -> None:
    letter = "\n\n".join(LETTER)
    text = (
        "Dear Sir,\n\n"
        + "\n\n".join(LETTER[:2] + LETTER[3:])
        + "\n\nMy daughter uses a wheelchair and the bays are her only way in."
    )
    added, removed = difference([letter], text)
    assert added == [
        "Dear Sir,",
        "My daughter uses a wheelchair and the bays are her only way in.",
    ]
    assert removed == [LETTER[2]]


def test_case_punctuation_and_moved_paragraphs_are_not_differences() -> None:
    letter = "\n\n".join(LETTER)
    swapped = "\n\n".join([LETTER[1], LETTER[0], *LETTER[2:]]).upper().replace(".", "!")
    assert difference([letter], swapped) == ([], [])


def test_a_typo_is_one_word_added_and_one_removed() -> None:
    letter = "\n\n".join(LETTER)
    assert difference([letter], letter.replace("residents", "residnets")) == (
        ["residnets"],
        ["residents"],
    )


def test_text_without_spaces_is_compared_character_by_character() -> None:
    base = "我们要求市政府在晚上增加公交车班次。"
    added, removed = difference([base], "我是护士。" + base)
    assert added == ["我是护士"]  # punctuation between words is not a word
    assert removed == []
