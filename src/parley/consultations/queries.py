"""Reads that the pages and the API share."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from parley.consultations import services
from parley.consultations.models import Answer, Question, Response, Scale
from parley.files import queries as files
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


@dataclass(frozen=True)
class ResponseText:
    """What a counted response says in words, for the insights."""

    id: int
    channel: str
    submitted_at: datetime
    text: str


def response_texts(version: Version) -> list[ResponseText]:
    """Each counted response of the version (any channel; not drafts, not unconfirmed
    guests', not replaced ones) with its words: its text answers in question order, then
    the text read from its attached files. Responses with no words are left out; oldest
    first (by id); three queries."""
    rows = Response.objects.counted().filter(version=version)
    responses = {
        pk: (channel, submitted_at or created_at)
        for pk, channel, submitted_at, created_at in rows.values_list(
            "pk", "channel", "submitted_at", "created_at"
        )
    }
    words = words_of(responses)
    return [
        ResponseText(
            id=pk,
            channel=responses[pk][0],
            submitted_at=responses[pk][1],
            text=words[pk],
        )
        for pk in sorted(responses)
        if pk in words
    ]


AGREEMENT_STANCE = {
    Scale.STRONGLY_AGREE.value: "support",
    Scale.AGREE.value: "support",
    Scale.NEITHER.value: "neutral",
    Scale.DISAGREE.value: "oppose",
    Scale.STRONGLY_DISAGREE.value: "oppose",
}


def response_stances(version: Version) -> list[tuple[int, uuid.UUID, str]]:
    """(response id, clause lineage, stance) for each answer of a counted response of the
    version (any channel) to an agree/disagree question about a clause whose agreement
    counts as support (`Question.agreement_is_support`): "support", "oppose" or "neutral",
    oldest response first; one query."""
    rows = (
        Answer.objects.filter(
            response__in=Response.objects.counted().filter(version=version),
            question__kind=Question.Kind.SCALE,
            question__agreement_is_support=True,
            question__lineage__isnull=False,
        )
        .order_by("response_id", "question__number")
        .values_list("response_id", "question__lineage", "choice")
    )
    return [
        (pk, lineage, AGREEMENT_STANCE[choice])
        for pk, lineage, choice in rows
        if choice in AGREEMENT_STANCE and lineage is not None
    ]


def words_of(response_ids: Iterable[int]) -> dict[int, str]:
    """What each of these responses says in words: its text answers in question order, then
    the text read from its attached files; responses with no words are left out. Two
    queries, however many responses."""
    ids = list(response_ids)
    words: dict[int, list[str]] = {pk: [] for pk in ids}
    for response_id, text in (
        Answer.objects.filter(response_id__in=ids, question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .order_by("response_id", "question__number")
        .values_list("response_id", "text")
    ):
        words[response_id].append(text.strip())
    for response_id, text in files.texts_of_responses(ids).items():
        words[response_id].append(text.strip())
    joined = {pk: "\n\n".join(part for part in parts if part) for pk, parts in words.items()}
    return {pk: text for pk, text in joined.items() if text}
