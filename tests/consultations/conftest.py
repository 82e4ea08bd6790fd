"""A draft with questions of every kind, and the same version open for responses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Question
from parley.guidance import services as guidance
from parley.guidance.models import Document, Version

QUESTIONS = [
    consultations.QuestionIn(
        kind="single", text="Do the principles help you?", options=["Yes", "No"], required=True
    ),
    consultations.QuestionIn(
        kind="multiple", text="Where do you take part?", options=["Blogs", "Forums", "Video"]
    ),
    consultations.QuestionIn(kind="scale", text="The principles are clear."),
    consultations.QuestionIn(kind="text", text="What would you change?", word_limit=5),
    consultations.QuestionIn(kind="clause", text="Which clause matters most to you?"),
]


@pytest.fixture
def draft(document: Document) -> Version:
    return document.versions.get(number=1)


@pytest.fixture
def questioned(draft: Version, editor: User) -> Version:
    """Version 1, a draft with five questions (one of each kind)."""
    for question in QUESTIONS:
        consultations.add_question(version=draft, user=editor, question=question)
    return draft


@pytest.fixture
def open_version(questioned: Version, editor: User) -> Version:
    """The same version, open for responses since yesterday, closing in a week."""
    now = timezone.now()
    return guidance.schedule_consultation(
        version=questioned,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )


def good_answers() -> list[consultations.AnswerIn]:
    return [
        consultations.AnswerIn(question=1, choice="Yes"),
        consultations.AnswerIn(question=2, choices=["Blogs", "Video"]),
        consultations.AnswerIn(question=3, choice="agree"),
        consultations.AnswerIn(question=4, text="Shorter, please."),
        consultations.AnswerIn(question=5, choice="2"),
    ]


def question(version: Version, number: int) -> Question:
    return version.questions.get(number=number)
