"""Editors' questions on a draft version: checked, numbered, frozen once consulted on, and
in the document's history."""

import uuid
from collections.abc import Callable

import pytest

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Question
from parley.guidance import services as guidance
from parley.guidance.models import GuidanceChange, Version
from tests.builders import close
from tests.consultations.conftest import question


def test_questions_are_numbered_in_the_order_they_are_added(questioned: Version) -> None:
    assert list(questioned.questions.values_list("number", "kind")) == [
        (1, "single"),
        (2, "multiple"),
        (3, "scale"),
        (4, "text"),
        (5, "clause"),
    ]


def test_every_question_change_is_in_the_documents_history(
    questioned: Version, editor: User
) -> None:
    consultations.move_question(question=question(questioned, 4), user=editor, to=1)
    consultations.remove_question(question=question(questioned, 2), user=editor)
    actions = list(
        GuidanceChange.objects.filter(document=questioned.document)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert "added question 1 to version 1" in actions
    assert actions[-2:] == [
        "moved question 4 of version 1 to 1",
        "removed question 2 of version 1",
    ]


def test_moving_and_removing_renumber_the_rest(questioned: Version, editor: User) -> None:
    consultations.move_question(question=question(questioned, 4), user=editor, to=1)
    assert list(questioned.questions.values_list("kind", flat=True)) == [
        "text",
        "single",
        "multiple",
        "scale",
        "clause",
    ]
    consultations.remove_question(question=question(questioned, 1), user=editor)
    assert list(questioned.questions.values_list("number", "kind")) == [
        (1, "single"),
        (2, "multiple"),
        (3, "scale"),
        (4, "clause"),
    ]


@pytest.mark.parametrize(
    ("given", "field"),
    [
        (consultations.QuestionIn(kind="single", text="Pick", options=["Only one"]), "options"),
        (consultations.QuestionIn(kind="single", text="Pick", options=["A", "A"]), "options"),
        (consultations.QuestionIn(kind="poll", text="Pick"), "kind"),
        (consultations.QuestionIn(kind="text", text="  "), "text"),
        (consultations.QuestionIn(kind="text", text="Say", word_limit=0), "word_limit"),
        (consultations.QuestionIn(kind="text", text="x" * 501), "text"),
    ],
)
def test_a_bad_question_is_refused_naming_the_field(
    draft: Version, editor: User, given: consultations.QuestionIn, field: str
) -> None:
    with pytest.raises(consultations.ConsultationRejected) as refused:
        consultations.add_question(version=draft, user=editor, question=given)
    assert field in refused.value.errors
    assert not draft.questions.exists()


def test_a_question_is_tied_only_to_a_clause_of_its_version(draft: Version, editor: User) -> None:
    clause = draft.clauses.get(number="2")
    tied = consultations.add_question(
        version=draft,
        user=editor,
        question=consultations.QuestionIn(kind="text", text="About 2?", lineage=clause.lineage),
    )
    assert tied.lineage == clause.lineage

    with pytest.raises(consultations.ConsultationRejected) as refused:
        consultations.add_question(
            version=draft,
            user=editor,
            question=consultations.QuestionIn(kind="text", text="?", lineage=uuid.uuid4()),
        )
    assert "lineage" in refused.value.errors


def test_questions_of_a_version_under_consultation_cannot_change(
    open_version: Version, editor: User
) -> None:
    first = question(open_version, 1)
    attempts: list[Callable[[], object]] = [
        lambda: consultations.add_question(
            version=open_version,
            user=editor,
            question=consultations.QuestionIn(kind="text", text="Late"),
        ),
        lambda: consultations.update_question(
            question=first,
            user=editor,
            change=consultations.QuestionIn(kind="text", text="Changed"),
        ),
        lambda: consultations.move_question(question=first, user=editor, to=2),
        lambda: consultations.remove_question(question=first, user=editor),
    ]
    for attempt in attempts:
        with pytest.raises(consultations.ConsultationRejected) as refused:
            attempt()
        assert refused.value.status == 409
    assert Question.objects.get(pk=first.pk).text == "Do the principles help you?"
    assert open_version.questions.count() == 5


def test_a_new_version_starts_with_the_questions_of_the_one_before_by_lineage(
    open_version: Version, editor: User
) -> None:
    clause = open_version.clauses.get(number="2")
    Question.objects.filter(version=open_version, number=4).update(lineage=clause.lineage)
    close(open_version)
    second = guidance.create_version(document=open_version.document, user=editor)
    assert list(second.questions.values_list("number", "kind", "text")) == list(
        open_version.questions.values_list("number", "kind", "text")
    )
    copied = second.questions.get(number=4)
    assert copied.lineage == clause.lineage
    assert second.clauses.filter(lineage=copied.lineage).exists()
    assert GuidanceChange.objects.filter(
        document=open_version.document, action="copied 5 question(s) from version 1 to version 2"
    ).exists()
    consultations.add_question(
        version=second, user=editor, question=consultations.QuestionIn(kind="text", text="New?")
    )
    assert open_version.questions.count() == 5
