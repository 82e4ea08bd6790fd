"""Reads that the pages and the API share."""

from django.db.models import Prefetch, QuerySet

from parley.consultations import services
from parley.consultations.models import Answer, Question, Response
from parley.guidance.models import Clause, Version
from parley.guidance.queries import version_for as version_for  # the pages' and the API's one way
from parley.guidance.queries import version_or_404 as version_or_404


def questions_of(version: Version) -> list[Question]:
    return list(version.questions.order_by("number"))


def answers_of(response: Response) -> QuerySet[Answer]:
    return response.answers.select_related("question").order_by("question__number")


def answers_given(response: Response) -> list[services.AnswerIn]:
    """A draft's answers as they were given, to be saved again with a change."""
    return [
        services.AnswerIn(
            question=answer.question.number,
            choice=answer.choice,
            choices=answer.choices,
            text=answer.text,
        )
        for answer in answers_of(response)
    ]


def counted_responses(version: Version) -> list[Response]:
    """The version's counted responses, oldest first, each with its answers in question
    order and its attached files: four queries, however many responses there are."""
    return list(counted_with_answers(version).order_by("submitted_at", "pk"))


def counted_with_answers(version: Version) -> QuerySet[Response]:
    """The responses of `counted_responses`, unordered (the API pages them)."""
    return (
        Response.objects.counted()
        .filter(version=version)
        .select_related("user", "entered_by")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by("question__number"),
            ),
            "files",
        )
    )


def questions_about(clause: Clause) -> list[Question]:
    """The questions of the clause's version that are tied to it."""
    return list(
        Question.objects.filter(version_id=clause.version_id, lineage=clause.lineage).order_by(
            "number"
        )
    )
