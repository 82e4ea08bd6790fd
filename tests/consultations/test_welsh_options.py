"""The choices of one- and several-choice questions in Welsh: set by editors (site and API),
shown on Welsh pages (the form, check your answers), the English where there is none."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.guidance import services as guidance
from parley.guidance.models import Version
from tests.builders import close, post_json
from tests.consultations.test_responding_in_the_site import GOOD, respond_url


def url(name: str, version: Version, *args: object) -> str:
    return reverse(f"consultations:{name}", args=[version.document.slug, version.number, *args])


def test_an_editor_gives_welsh_choices_line_by_line_blank_for_the_english(
    draft: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    response = client.post(
        url("add_question", draft),
        {
            "kind": "multiple",
            "text": "Where?",
            "options": "Blogs\n\nForums\nVideo\n",
            "options_cy": "Blogiau\n\n\nFideo",
        },
    )
    assert response.status_code == 302
    question = draft.questions.get()
    assert question.options == ["Blogs", "Forums", "Video"]
    assert question.options_cy == ["Blogiau", "", "Fideo"]
    edit = client.get(url("edit_question", draft, question.pk)).content.decode()
    assert "Blogiau\n\nFideo" in edit


def test_more_welsh_choices_than_choices_are_refused(draft: Version, editor: User) -> None:
    with pytest.raises(consultations.ConsultationRejected) as refused:
        consultations.add_question(
            version=draft,
            user=editor,
            question=consultations.QuestionIn(
                kind="single", text="?", options=["A", "B"], options_cy=["1", "2", "3"]
            ),
        )
    assert list(refused.value.errors) == ["options_cy"]
    with pytest.raises(consultations.ConsultationRejected) as refused:
        consultations.add_question(
            version=draft,
            user=editor,
            question=consultations.QuestionIn(
                kind="single", text="?", options=["A", "B"], options_cy=["ŵ" * 201]
            ),
        )
    assert list(refused.value.errors) == ["options_cy"]


def test_a_welsh_reader_sees_welsh_choices_and_the_answers_are_still_the_values(
    questioned: Version, editor: User, participant: User, signed_in: Callable[[User], Client]
) -> None:
    first = questioned.questions.get(number=1)
    consultations.update_question(
        question=first,
        user=editor,
        change=consultations.QuestionIn(
            kind="single",
            text=first.text,
            options=["Yes", "No"],
            options_cy=["Ydyn"],
            required=True,
        ),
    )
    now = timezone.now()
    guidance.schedule_consultation(
        version=questioned,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    client = signed_in(participant)
    client.cookies["django_language"] = "cy"
    form = client.get(respond_url(questioned)).content.decode()
    assert ">Ydyn</label>" in form
    assert ">No</label>" in form  # no Welsh: the English
    check = client.post(respond_url(questioned), GOOD, follow=True).content.decode()
    assert "Ydyn" in check
    assert Response.objects.get().answers.get(question__number=1).choice == "Yes"
    english = signed_in(participant)
    english.cookies["django_language"] = "en"
    assert ">Yes</label>" in english.get(respond_url(questioned)).content.decode()


def test_the_api_takes_and_gives_welsh_choices_and_a_new_version_keeps_them(
    questioned: Version, editor: User
) -> None:
    _, token = create_access_token(user=editor, name="test")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    path = f"/api/v1/documents/{questioned.document.slug}/versions/1/questions"
    made = post_json(
        client,
        path,
        {"kind": "single", "text": "Lunch?", "options": ["Tea", "Cake"], "options_cy": ["Te"]},
    )
    assert made.status_code == 201
    assert made.json()["options_cy"] == ["Te", ""]
    items = client.get(path).json()["items"]
    assert items[2]["options_cy"] == []  # a scale question has no options of its own
    now = timezone.now()
    guidance.schedule_consultation(
        version=questioned,
        user=editor,
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=1),
    )
    close(questioned)
    second = guidance.create_version(document=questioned.document, user=editor)
    assert second.questions.get(number=6).options_cy == ["Te"]
