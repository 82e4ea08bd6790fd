"""Editors add, change, reorder and delete a draft's questions on its pages; errors beside
the field, with what was typed kept; nobody else can."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.guidance.models import Version


def url(name: str, version: Version, *args: object) -> str:
    return reverse(f"consultations:{name}", args=[version.document.slug, version.number, *args])


def test_an_editor_adds_a_question_and_sees_it_listed(
    draft: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    response = client.post(
        url("add_question", draft),
        {"kind": "single", "text": "Is it clear?", "options": "Yes\nNo\n", "required": "on"},
    )
    assert response.status_code == 302
    question = draft.questions.get()
    assert (question.number, question.options, question.required) == (1, ["Yes", "No"], True)
    page = client.get(url("questions", draft)).content.decode()
    assert "1. Is it clear?" in page
    assert url("edit_question", draft, question.pk) in page


def test_a_refused_question_shows_the_error_beside_the_field_and_keeps_the_input(
    draft: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    response = signed_in(editor).post(
        url("add_question", draft), {"kind": "multiple", "text": "Where?", "options": "Only"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_options-error"' in page
    assert "Give at least two choices" in page
    assert 'value="Where?"' in page
    assert not draft.questions.exists()


def test_an_editor_changes_moves_and_deletes_questions(
    questioned: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    fourth = questioned.questions.get(number=4)
    client.post(
        url("edit_question", questioned, fourth.pk), {"kind": "text", "text": "Anything else?"}
    )
    fourth.refresh_from_db()
    assert fourth.text == "Anything else?"
    assert fourth.word_limit is None
    client.post(url("move_question", questioned, fourth.pk), {"direction": "up"})
    fourth.refresh_from_db()
    assert fourth.number == 3
    assert client.get(url("delete_question", questioned, fourth.pk)).status_code == 200
    client.post(url("delete_question", questioned, fourth.pk))
    assert list(questioned.questions.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_only_editors_may_change_questions(
    questioned: Version, participant: User, signed_in: Callable[[User], Client], client: Client
) -> None:
    first = questioned.questions.get(number=1)
    assert client.get(url("add_question", questioned)).status_code == 302  # to sign in
    member_client = signed_in(participant)
    assert member_client.get(url("questions", questioned)).status_code == 404  # a draft
    assert member_client.post(url("delete_question", questioned, first.pk)).status_code == 404
    assert questioned.questions.count() == 5


def test_once_consulted_on_the_questions_are_shown_but_cannot_change(
    open_version: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    page = client.get(url("questions", open_version)).content.decode()
    assert "cannot change" in page
    assert url("add_question", open_version) not in page
    first = open_version.questions.get(number=1)
    response = client.post(url("delete_question", open_version, first.pk))
    assert response.status_code == 409
    assert open_version.questions.count() == 5


def test_the_version_page_links_to_the_questions_and_the_form(
    open_version: Version, client: Client
) -> None:
    page = client.get(open_version.get_absolute_url()).content.decode()
    assert url("questions", open_version) in page
    assert url("respond", open_version) in page


def test_a_clause_page_shows_the_questions_about_that_clause(
    open_version: Version, client: Client
) -> None:
    clause = open_version.clauses.get(number="2")
    open_version.questions.filter(number=4).update(lineage=clause.lineage)
    page = client.get(clause.get_absolute_url()).content.decode()
    assert "4. What would you change?" in page
    assert "1. Do the principles help you?" not in page
    assert f"{url('respond', open_version)}#id_answer_4" in page
    other = client.get(open_version.clauses.get(number="1").get_absolute_url()).content.decode()
    assert "What would you change?" not in other
