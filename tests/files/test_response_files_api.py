"""POST /api/v1/documents/{slug}/versions/{n}/responses as multipart: the JSON body in a
`response` part, files in `files` parts. A refused file answers 415 or 413 naming `files`,
and nothing is saved; the analysts' list gives each file with its text."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations.models import Response
from parley.files.models import ResponseFile
from parley.files.simple_pdf import text_pdf
from parley.guidance.models import Version
from tests.builders import bearer, docx_bytes
from tests.files.conftest import read, stored_files

MB = 1024 * 1024
BODY = {
    "respondent": {"type": "organisation", "organisation": "Valleys Trust"},
    "consent": "named",
    "answers": [{"question": 1, "choice": "Yes"}, {"question": 4, "text": "See attached."}],
}


def responses(version: Version) -> str:
    return f"/api/v1/documents/{version.document.slug}/versions/{version.number}/responses"


def test_a_response_with_files_is_submitted_and_analysts_read_their_text(
    client: Client,
    consultation: Version,
    participant: User,
    analyst: User,
    token_for: Callable[[User], str],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    files = [
        SimpleUploadedFile("letter.pdf", text_pdf([["We support clause 2 in full."]])),
        SimpleUploadedFile("notes.docx", docx_bytes(["Clause 3 needs a deadline."])),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            responses(consultation),
            {"response": json.dumps(BODY), "files": files},
            headers=bearer(token_for(participant)),
        )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["status"] == "submitted"
    assert [(f["name"], f["content_type"]) for f in body["files"]] == [
        ("letter.pdf", "application/pdf"),
        ("notes.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]
    listed = client.get(responses(consultation), headers=bearer(token_for(analyst))).json()
    (item,) = listed["items"]
    texts = {f["name"]: (f["text_status"], f["text"]) for f in item["files"]}
    assert texts["letter.pdf"][0] == "found"
    assert "We support clause 2 in full." in texts["letter.pdf"][1]
    assert texts["notes.docx"] == ("found", "Clause 3 needs a deadline.")
    client.force_login(analyst)
    download = client.get(item["files"][0]["url"])
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    assert read(download).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("upload", "status", "message"),
    [
        (
            SimpleUploadedFile("letter.pdf", b"<svg onload=alert(1)></svg>"),
            415,
            "“letter.pdf” is not a real PDF file",
        ),
        (
            SimpleUploadedFile("big.txt", b"a" * (10 * MB + 1)),
            413,
            "“big.txt” is larger than 10 MB",
        ),
    ],
    ids=["type", "size"],
)
def test_a_refused_file_answers_naming_the_field_and_saves_nothing(
    client: Client,
    consultation: Version,
    participant: User,
    token_for: Callable[[User], str],
    media: Path,
    upload: SimpleUploadedFile,
    status: int,
    message: str,
) -> None:
    answer = client.post(
        responses(consultation),
        {"response": json.dumps(BODY), "files": [upload]},
        headers=bearer(token_for(participant)),
    )
    assert answer.status_code == status
    assert answer.json()["errors"] == {"files": [message]}
    assert not Response.objects.exists()
    assert stored_files(media) == []


def test_a_multipart_response_without_its_json_part_names_it(
    client: Client, consultation: Version, participant: User, token_for: Callable[[User], str]
) -> None:
    answer = client.post(
        responses(consultation),
        {"files": [SimpleUploadedFile("a.txt", b"A note.")]},
        headers=bearer(token_for(participant)),
    )
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["response"]


def test_a_guests_multipart_needs_a_header_no_other_sites_form_can_send(
    client: Client, consultation: Version, django_capture_on_commit_callbacks: Capture
) -> None:
    guest = {**BODY, "respondent": {"name": "Gwen Guest", "email": "gwen@example.net"}}
    data = {"response": json.dumps(guest), "files": [SimpleUploadedFile("a.txt", b"A note.")]}
    assert client.post(responses(consultation), data).status_code == 415
    assert not Response.objects.exists()
    data["files"] = [SimpleUploadedFile("a.txt", b"A note.")]
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(responses(consultation), data, headers={"Idempotency-Key": "gwen-1"})
    assert answer.status_code == 201, answer.content
    assert answer.json()["status"] == "unconfirmed"
    assert ResponseFile.objects.get().text == "A note."
