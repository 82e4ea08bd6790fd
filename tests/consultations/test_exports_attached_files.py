"""The exports end with when a response arrived, its attached files (each marked when no
text was found in it) and the text read from them, after every column they had before."""

import csv
import io
import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations import exports
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.files.simple_pdf import text_pdf
from parley.guidance.models import Version
from parley.organisations.models import Organisation
from tests.builders import bearer, pdf_bytes
from tests.consultations.conftest import good_answers
from tests.consultations.exporting import make_analyst, respond


@pytest.fixture
def analyst(organisation: Organisation) -> User:
    return make_analyst(organisation)


@pytest.fixture
def letter(
    open_version: Version, analyst: User, django_capture_on_commit_callbacks: Capture
) -> Response:
    """A confidential letter entered by post with two scans: one with text, one without."""
    with django_capture_on_commit_callbacks(execute=True):
        return consultations.enter_response(
            version=open_version,
            entered_by=analyst,
            channel="post",
            respondent=consultations.Respondent(name="Pat Post"),
            consent="confidential",
            answers=good_answers(),
            received_at=timezone.now() - timedelta(hours=2),
            attachments=[
                SimpleUploadedFile("letter.pdf", text_pdf([["Clause 2 needs a deadline."]])),
                SimpleUploadedFile("photo.pdf", pdf_bytes(1)),
            ],
        )


def export(client: Client, version: Version, fmt: str) -> bytes:
    url = reverse("consultations:export", args=[version.document.slug, version.number, fmt])
    response = client.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def test_the_csv_ends_with_the_files_their_marks_and_their_text(
    open_version: Version, letter: Response, signed_in: Callable[[User], Client], analyst: User
) -> None:
    respond(open_version, 1)
    header, first, online = csv.reader(
        io.StringIO(export(signed_in(analyst), open_version, "csv").decode())
    )
    assert header[:7] == list(exports.FIXED_COLUMNS)
    assert header[-3:] == ["received_at", "files", "files_text"]
    assert first[0] == letter.reference
    assert first[header.index("channel")] == "post"
    assert letter.received_at is not None
    assert first[-3] == letter.received_at.isoformat()
    assert first[-2] == "letter.pdf\nphoto.pdf (no text found)"
    assert "Clause 2 needs a deadline." in first[-1]
    assert online[-3:] == ["", "", ""]


def test_json_lines_give_each_file_with_its_mark_and_the_text(
    open_version: Version, letter: Response, signed_in: Callable[[User], Client], analyst: User
) -> None:
    [line] = export(signed_in(analyst), open_version, "jsonl").decode().splitlines()
    record = json.loads(line)
    assert record["channel"] == "post"
    assert record["files"] == [
        {"name": "letter.pdf", "text_status": "found", "no_text": False},
        {"name": "photo.pdf", "text_status": "none", "no_text": True},
    ]
    assert "Clause 2 needs a deadline." in record["files_text"]


def test_the_xlsx_has_the_same_last_columns(
    open_version: Version, letter: Response, signed_in: Callable[[User], Client], analyst: User
) -> None:
    sheet = load_workbook(io.BytesIO(export(signed_in(analyst), open_version, "xlsx"))).active
    assert sheet is not None
    header, first = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert header[-3:] == ["received_at", "files", "files_text"]
    assert first[-2] == "letter.pdf\nphoto.pdf (no text found)"
    assert "Clause 2 needs a deadline." in first[-1]


def test_a_text_longer_than_an_excel_cell_is_cut_in_the_xlsx_only(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    made = respond(open_version, 1)
    long = "word " * 8000  # 40,000 characters
    made.answers.filter(question__number=4).update(text=long)
    client = signed_in(analyst)
    sheet = load_workbook(io.BytesIO(export(client, open_version, "xlsx"))).active
    assert sheet is not None
    cell = [c.value for c in sheet[2]][10]  # Q4
    assert isinstance(cell, str)
    assert len(cell) == exports.XLSX_CELL_LIMIT
    assert cell.endswith(exports.XLSX_CUT)
    row = list(csv.reader(io.StringIO(export(client, open_version, "csv").decode())))[1]
    assert row[10] == long


def test_the_api_export_has_the_files_for_analysts_only(
    open_version: Version,
    letter: Response,
    client: Client,
    analyst: User,
    participant: User,
    token_for: Callable[[User], str],
) -> None:
    url = f"/api/v1/documents/{open_version.document.slug}/versions/1/responses.jsonl"
    assert client.get(url, headers=bearer(token_for(participant))).status_code == 403
    answer = client.get(url, headers=bearer(token_for(analyst)))
    assert answer.status_code == 200
    assert isinstance(answer, StreamingHttpResponse)
    record = json.loads(b"".join(answer.streaming_content))
    assert [f["name"] for f in record["files"]] == ["letter.pdf", "photo.pdf"]
