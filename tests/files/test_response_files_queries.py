"""The analysts' page and list of responses read every response's files in one query,
however many there are; the text read from them, for analysis, in one more."""

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.files import queries
from parley.guidance.models import Version
from tests.builders import make_user
from tests.consultations.conftest import good_answers


def respond(version: Version, index: int, capture: Capture) -> int:
    person = make_user(f"person{index}@example.net", f"Person {index}")
    with capture(execute=True):
        return consultations.respond(
            version=version,
            respondent=consultations.Respondent(user=person),
            consent="named",
            answers=good_answers(),
            attachments=[
                SimpleUploadedFile(f"letter-{index}.txt", f"Letter {index}.".encode()),
                SimpleUploadedFile(f"notes-{index}.txt", f"Notes {index}.".encode()),
            ],
        ).response.pk


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_responses_page_and_list_cost_the_same_queries_for_one_response_or_four(
    consultation: Version,
    analyst: User,
    signed_in: Callable[[User], Client],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    client = signed_in(analyst)
    page = f"/guidance/{consultation.document.slug}/versions/1/responses/"
    api = f"/api/v1/documents/{consultation.document.slug}/versions/1/responses"
    respond(consultation, 1, django_capture_on_commit_callbacks)
    one = queries_for(client, page), queries_for(client, api)
    for index in (2, 3, 4):
        respond(consultation, index, django_capture_on_commit_callbacks)
    html = client.get(page).content.decode()
    assert all(f"letter-{i}.txt" in html for i in (1, 2, 3, 4))
    assert (queries_for(client, page), queries_for(client, api)) == one


def test_the_text_of_each_responses_files_is_read_together_in_one_query(
    consultation: Version, django_capture_on_commit_callbacks: Capture
) -> None:
    first = respond(consultation, 1, django_capture_on_commit_callbacks)
    second = respond(consultation, 2, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as captured:
        texts = queries.texts_of_responses([first, second])
    assert len(captured) == 1
    assert texts == {first: "Letter 1.\n\nNotes 1.", second: "Letter 2.\n\nNotes 2."}
