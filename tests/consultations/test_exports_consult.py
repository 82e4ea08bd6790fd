"""The responses in the shape i.AI Consult imports (its ConsultationDataBatch): respondents
numbered in the exports' order, questions with their options, free text and chosen options
by question number. For the organisation's analysts only."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations import exports
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.files.simple_pdf import text_pdf
from parley.guidance.models import Version
from parley.organisations.models import Organisation
from tests.builders import pdf_bytes
from tests.consultations.conftest import good_answers
from tests.consultations.exporting import bulk_responses, make_analyst, respond

# The keys i.AI Consult's import models accept (each forbids any other).
BATCH_KEYS = {
    "consultation_code",
    "consultation_title",
    "respondents",
    "questions",
    "responses_by_question",
    "multi_choice_by_question",
}
QUESTION_KEYS = {"question_text", "question_number", "has_free_text", "multi_choice_options"}


@pytest.fixture
def analyst(organisation: Organisation) -> User:
    return make_analyst(organisation)


def consult_url(version: Version) -> str:
    slug = version.document.slug
    return f"/api/v1/documents/{slug}/versions/{version.number}/responses.consult.json"


def streamed(response: HttpResponseBase) -> Any:
    """The streamed body, parsed: the download is written a piece at a time."""
    assert isinstance(response, StreamingHttpResponse)
    return json.loads(b"".join(response))


def test_the_consult_shape_has_respondents_questions_and_answers(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    respond(open_version, 1, "confidential")
    second = respond(open_version, 2, "named")
    second.answers.filter(question__number=4).update(text="")
    Response.objects.filter(pk=second.pk).update(demographics={"age": "35-44", "x": ""})
    response = signed_in(analyst).get(consult_url(open_version))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    batch = streamed(response)
    assert batch == exports.consult_document(open_version)
    assert set(batch) == BATCH_KEYS
    assert batch["consultation_code"] == f"{open_version.document.slug}-v1"
    assert batch["respondents"] == [
        {"themefinder_id": 1, "demographic_data": {}},
        {"themefinder_id": 2, "demographic_data": {"age": ["35-44"]}},
    ]
    questions = batch["questions"]
    assert all(set(question) == QUESTION_KEYS for question in questions)
    assert questions[0] == {
        "question_text": "Do the principles help you?",
        "question_number": 1,
        "has_free_text": False,
        "multi_choice_options": ["Yes", "No"],
    }
    assert questions[2]["multi_choice_options"][0] == "Strongly agree"
    assert questions[3]["has_free_text"] is True
    assert questions[3]["multi_choice_options"] == []
    assert questions[4]["multi_choice_options"] == ["1", "2", "3", "4"]
    assert batch["responses_by_question"] == {
        "4": [{"themefinder_id": 1, "text": "Shorter, please."}]
    }
    chosen = batch["multi_choice_by_question"]
    assert chosen["2"] == [
        {"themefinder_id": 1, "options": ["Blogs", "Video"]},
        {"themefinder_id": 2, "options": ["Blogs", "Video"]},
    ]
    assert chosen["3"][0] == {"themefinder_id": 1, "options": ["Agree"]}
    assert "person1@example.net" not in json.dumps(batch)


@pytest.mark.parametrize("who", ["participant", "moderator", "other_moderator"])
def test_nobody_else_gets_the_consult_shape(
    open_version: Version, who: str, request: pytest.FixtureRequest, client: Client
) -> None:
    respond(open_version, 1)
    assert client.get(consult_url(open_version)).status_code == 403
    client.force_login(request.getfixturevalue(who))
    response = client.get(consult_url(open_version))
    assert response.status_code == 403
    assert b"Shorter" not in response.content


def test_the_consult_shape_costs_the_same_queries_for_ten_responses_or_a_thousand(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    bulk_responses(open_version, 10)
    streamed(client.get(consult_url(open_version)))
    with CaptureQueriesContext(connection) as few:
        streamed(client.get(consult_url(open_version)))
    Response.objects.filter(version=open_version).delete()
    bulk_responses(open_version, 1000)
    with CaptureQueriesContext(connection) as many:
        batch = streamed(client.get(consult_url(open_version)))
    assert len(batch["respondents"]) == 1000
    assert batch == exports.consult_document(open_version)
    assert len(many) == len(few)


def test_the_streamed_consult_shape_parses_equal_to_the_whole_document_with_or_without_answers(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    empty = streamed(client.get(consult_url(open_version)))
    assert empty == exports.consult_document(open_version)
    assert empty["respondents"] == []
    assert empty["responses_by_question"] == {}
    first = respond(open_version, 1)
    respond(open_version, 2)
    first.answers.filter(question__number__in=[1, 2]).update(choice="", choices=[], text="")
    Response.objects.filter(pk=first.pk).update(demographics={"region": ["Wales", "North"]})
    batch = streamed(client.get(consult_url(open_version)))
    assert batch == exports.consult_document(open_version)
    assert [entry["themefinder_id"] for entry in batch["multi_choice_by_question"]["1"]] == [2]
    assert batch["respondents"][0]["demographic_data"] == {"region": ["Wales", "North"]}


def test_the_files_text_and_what_was_found_in_them_come_as_one_more_question(
    open_version: Version,
    analyst: User,
    signed_in: Callable[[User], Client],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    respond(open_version, 1)
    with django_capture_on_commit_callbacks(execute=True):
        consultations.enter_response(
            version=open_version,
            entered_by=analyst,
            channel="post",
            respondent=consultations.Respondent(name="Pat Post"),
            consent="confidential",
            answers=good_answers(),
            attachments=[
                SimpleUploadedFile("letter.pdf", text_pdf([["Clause 2 needs a deadline."]])),
                SimpleUploadedFile("photo.pdf", pdf_bytes(1)),
            ],
        )
        consultations.enter_response(
            version=open_version,
            entered_by=analyst,
            channel="post",
            respondent=consultations.Respondent(name="Sam Scan"),
            consent="named",
            answers=good_answers(),
            attachments=[SimpleUploadedFile("scan.pdf", pdf_bytes(2))],
        )
    batch = streamed(signed_in(analyst).get(consult_url(open_version)))
    assert batch == exports.consult_document(open_version)
    assert set(batch) == BATCH_KEYS
    questions = batch["questions"]
    assert [q["question_number"] for q in questions] == [1, 2, 3, 4, 5, 6]
    assert all(set(question) == QUESTION_KEYS for question in questions)
    assert questions[5] == {
        "question_text": "Files attached to the response: the text read from them",
        "question_number": 6,
        "has_free_text": True,
        "multi_choice_options": [
            "Text found",
            "No text found",
            "Text could not be read",
            "Text not read yet",
        ],
    }
    # Respondent 1 answered online with no file; 2 sent a letter and a photo; 3 a scan.
    [letter] = batch["responses_by_question"]["6"]
    assert letter["themefinder_id"] == 2
    assert set(letter) == {"themefinder_id", "text"}
    assert "Clause 2 needs a deadline." in letter["text"]
    assert batch["multi_choice_by_question"]["6"] == [
        {"themefinder_id": 2, "options": ["Text found", "No text found"]},
        {"themefinder_id": 3, "options": ["No text found"]},
    ]
    # The questions' own answers are as they were.
    assert [e["themefinder_id"] for e in batch["responses_by_question"]["4"]] == [1, 2, 3]


def test_without_files_there_is_no_files_question(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    respond(open_version, 1)
    batch = streamed(signed_in(analyst).get(consult_url(open_version)))
    assert [q["question_number"] for q in batch["questions"]] == [1, 2, 3, 4, 5]
    assert set(batch["responses_by_question"]) == {"4"}
    assert "6" not in batch["multi_choice_by_question"]
