"""Exports of a consultation's comments: CSV, XLSX and JSON Lines parse back, with no
e-mail or IP address anywhere; the analysis as JSON."""

import csv
import io
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from parley.accounts.models import User
from parley.insights import queries
from tests.insights.conftest import GUEST_EMAIL, Corpus, publish_response

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


def url(corpus: Corpus, fmt: str) -> str:
    version = corpus.version
    return reverse("insights:export", args=[version.document.slug, version.number, fmt])


def body(response: "_MonkeyPatchedWSGIResponse") -> bytes:
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content)
    return response.content


def assert_no_personal_data(raw: bytes, corpus: Corpus) -> None:
    text = raw.decode("utf-8", errors="replace")
    assert "@example.net" not in text
    assert "198.51.100." not in text
    for comment in corpus.all:
        assert comment.author_email not in text
        assert str(comment.ip_address) not in text


@pytest.fixture
def public(analysed: Corpus, editor: User) -> Corpus:
    publish_response(analysed.version, editor)
    return analysed


def test_csv_has_every_comment_with_its_clause_stance_campaign_theme_and_outcome(
    public: Corpus, client: Client
) -> None:
    response = client.get(url(public, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = body(response)
    rows = list(csv.DictReader(io.StringIO(raw.decode())))
    assert len(rows) == 17
    assert list(rows[0]) == queries.EXPORT_FIELDS
    by_id = {int(row["id"]): row for row in rows}
    letter = by_id[public.letter[0].pk]
    assert letter["clause"] == "1"
    assert letter["stance"] == "oppose"
    assert letter["campaign"].startswith("c-")
    assert letter["author"] == "Signatory 1"
    assert by_id[public.privacy[0].pk]["campaign"] == ""
    assert by_id[public.short_letter[0].pk]["clause"] == "document"
    assert_no_personal_data(raw, public)


def test_xlsx_parses_back(public: Corpus, client: Client) -> None:
    response = client.get(url(public, "xlsx"))
    assert response.status_code == 200
    raw = body(response)
    sheet = load_workbook(io.BytesIO(raw), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == queries.EXPORT_FIELDS
    assert len(rows) == 18
    texts = {row[queries.EXPORT_FIELDS.index("text")] for row in rows[1:]}
    assert public.privacy[0].body_markdown in texts
    for row in rows:
        assert not any("@example.net" in str(cell) for cell in row)
        assert not any("198.51.100." in str(cell) for cell in row)


def test_jsonl_parses_back(public: Corpus, client: Client) -> None:
    response = client.get(url(public, "jsonl"))
    raw = body(response)
    lines = [json.loads(line) for line in raw.decode().splitlines()]
    assert len(lines) == 17
    assert set(lines[0]) == set(queries.EXPORT_FIELDS)
    assert {line["id"] for line in lines} == {c.pk for c in public.all}
    assert_no_personal_data(raw, public)


def test_the_analysis_as_json(public: Corpus, client: Client) -> None:
    version = public.version
    response = client.get(
        reverse("insights:analysis_json", args=[version.document.slug, version.number])
    )
    raw = body(response)
    data = json.loads(raw)
    assert data == json.loads(json.dumps(queries.analysis_document(version)))
    assert {c["size"] for c in data["campaigns"]} == {6, 3}
    assert data["themes"]
    assert data["stance"]["clauses"]
    assert_no_personal_data(raw, public)


def test_a_formula_in_a_comment_stays_text_in_the_spreadsheet(
    corpus: Corpus, editor: User, signed_in: Callable[[User], Client]
) -> None:
    from tests.insights.conftest import add_comment

    add_comment(corpus.version.discussion, '=HYPERLINK("http://evil.example")', n=500)
    response = signed_in(editor).get(url(corpus, "xlsx"))
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
    texts = [row[queries.EXPORT_FIELDS.index("text")] for row in sheet.iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://evil.example")' in texts


def test_unknown_format_is_not_found(public: Corpus, client: Client) -> None:
    assert client.get(url(public, "pdf")).status_code == 404


def test_exports_are_hidden_before_the_response_is_published(
    analysed: Corpus, client: Client
) -> None:
    assert client.get(url(analysed, "csv")).status_code == 404
    assert GUEST_EMAIL  # the corpus has guests' addresses to leak
