"""Guidance's Welsh versions through the API: documents and clauses written and read."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.test import Client

from parley.accounts.models import User
from parley.guidance.models import Clause, Document, Version
from parley.organisations.models import Organisation
from tests.builders import bearer

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


def _send(
    client: Client, method: str, path: str, data: dict[str, object], token: str
) -> "_MonkeyPatchedWSGIResponse":
    response: _MonkeyPatchedWSGIResponse = getattr(client, method)(
        path, data, content_type="application/json", headers=bearer(token)
    )
    return response


def test_an_editor_writes_a_document_and_clauses_in_welsh_and_reads_them_back(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    token = token_for(editor)

    created = _send(
        client,
        "post",
        "/api/v1/documents",
        {"title": "Principles", "title_cy": "Egwyddorion", "summary_cy": "Byr."},
        token,
    )
    slug = created.json()["slug"]
    added = _send(
        client,
        "post",
        f"/api/v1/documents/{slug}/versions/1/clauses",
        {
            "heading": "Be open",
            "body": "Publish early.",
            "heading_cy": "Byddwch yn agored",
            "body_cy": "Cyhoeddwch yn *gynnar*. <img src=x onerror=alert(1)>",
        },
        token,
    )
    changed = _send(
        client,
        "patch",
        f"/api/v1/documents/{slug}/versions/1/clauses/1",
        {"body_cy": "Cyhoeddwch yn gynnar iawn."},
        token,
    )
    kept = _send(
        client,
        "patch",
        f"/api/v1/documents/{slug}/versions/1/clauses/1",
        {"body": "Publish very early."},
        token,
    )

    assert created.status_code == 201
    assert (created.json()["title_cy"], created.json()["summary_cy"]) == ("Egwyddorion", "Byr.")
    assert added.status_code == 201
    assert added.json()["heading_cy"] == "Byddwch yn agored"
    assert "<em>gynnar</em>" in added.json()["body_html_cy"]
    assert "<img" not in added.json()["body_html_cy"]
    assert changed.json()["body_html_cy"] == "<p>Cyhoeddwch yn gynnar iawn.</p>\n"
    assert changed.json()["heading_cy"] == "Byddwch yn agored"
    # Leaving the Welsh out of a change keeps it.
    assert kept.json()["body_html_cy"] == "<p>Cyhoeddwch yn gynnar iawn.</p>\n"
    clause = Clause.objects.get(version__document__slug=slug)
    assert clause.body_markdown_cy == "Cyhoeddwch yn gynnar iawn."
    assert Document.objects.get(slug=slug).title_cy == "Egwyddorion"
    shown = client.get(f"/api/v1/documents/{slug}", headers=bearer(token)).json()
    assert shown["title_cy"] == "Egwyddorion"
    assert shown["version"]["introduction_html_cy"] == ""
    assert shown["version"]["clauses"][0]["heading_cy"] == "Byddwch yn agored"


def test_the_api_stays_english_for_a_welsh_browser(client: Client, consulting: Version) -> None:
    shown = client.get(
        f"/api/v1/documents/{consulting.document.slug}", HTTP_ACCEPT_LANGUAGE="cy"
    ).json()

    assert shown["title"] == "Principles for taking part online"
    assert shown["title_cy"] == ""
    assert shown["version"]["clauses"][0]["heading"] == "Be clear about your role"


def test_refusals_stay_english_for_a_welsh_browser(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    refused = client.post(
        "/api/v1/documents",
        {"title": " "},
        content_type="application/json",
        headers=bearer(token_for(editor)),
        HTTP_ACCEPT_LANGUAGE="cy",
    )

    assert refused.json()["errors"] == {"title": ["Enter a title"]}
