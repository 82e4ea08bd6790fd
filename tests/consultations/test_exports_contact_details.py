"""E-mail addresses are exported only when an analyst confirms they need them and says why;
each such export is logged (who, when, which version, format, reason) and the log is shown
to the organisation's owners and editors."""

import csv
import io
from collections.abc import Callable

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.consultations.models import ContactExport
from parley.guidance.models import Version
from parley.organisations.models import Organisation
from tests.builders import welsh
from tests.consultations.exporting import make_analyst, respond


@pytest.fixture
def analyst(organisation: Organisation) -> User:
    return make_analyst(organisation)


def contact_url(version: Version) -> str:
    return reverse("consultations:contact_export", args=[version.document.slug, version.number])


def responses_url(version: Version) -> str:
    return reverse("consultations:responses", args=[version.document.slug, version.number])


def api_url(version: Version, fmt: str) -> str:
    return f"/api/v1/documents/{version.document.slug}/versions/{version.number}/responses.{fmt}"


def test_asking_for_contact_details_on_an_export_link_leads_to_the_confirmation(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    export = reverse("consultations:export", args=[open_version.document.slug, 1, "xlsx"])
    response = signed_in(analyst).get(f"{export}?contact=1")
    assert response.status_code == 302
    assert response["Location"] == f"{contact_url(open_version)}?format=xlsx"
    assert not ContactExport.objects.exists()


def test_the_confirmation_needs_the_box_ticked_and_a_reason_and_keeps_what_was_typed(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    page = client.get(contact_url(open_version)).content.decode()
    assert "Include respondents’ e-mail addresses" in page
    response = client.post(contact_url(open_version), {"format": "csv", "reason": "To thank"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Confirm that you need respondents’ e-mail addresses" in html
    assert "To thank" in html
    response = client.post(contact_url(open_version), {"format": "csv", "confirm": "on"})
    assert "Say why you need respondents’ e-mail addresses" in response.content.decode()
    assert not ContactExport.objects.exists()


def test_a_confirmed_export_has_e_mail_addresses_and_is_logged(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    respond(open_version, 1, "confidential")
    response = signed_in(analyst).post(
        contact_url(open_version),
        {"format": "csv", "confirm": "on", "reason": "  To ask   for permission to quote  "},
    )
    assert isinstance(response, StreamingHttpResponse)
    header, row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert header[7] == "email"
    assert row[7] == "person1@example.net"
    logged = ContactExport.objects.get()
    assert (logged.user, logged.version, logged.format) == (analyst, open_version, "csv")
    assert logged.reason == "To ask for permission to quote"


def test_editors_see_the_log_and_analysts_do_not(
    open_version: Version, analyst: User, editor: User, client: Client
) -> None:
    ContactExport.objects.create(
        version=open_version, user=analyst, format="xlsx", reason="<b>Follow-up</b>"
    )
    client.force_login(analyst)
    page = client.get(responses_url(open_version)).content.decode()
    assert "Exports with e-mail addresses" not in page
    client.force_login(editor)
    html = client.get(responses_url(open_version)).content.decode()
    assert "Exports with e-mail addresses" in html
    assert "Ana Lyst" in html
    assert "&lt;b&gt;Follow-up&lt;/b&gt;" in html


@pytest.mark.parametrize("who", ["anonymous", "participant", "moderator", "other_moderator"])
def test_nobody_else_reaches_the_confirmation(
    open_version: Version, who: str, request: pytest.FixtureRequest, client: Client
) -> None:
    if who == "anonymous":
        assert client.get(contact_url(open_version)).status_code == 302  # to sign in
        return
    client.force_login(request.getfixturevalue(who))
    assert client.get(contact_url(open_version)).status_code == 403
    response = client.post(
        contact_url(open_version), {"format": "csv", "confirm": "on", "reason": "Curious"}
    )
    assert response.status_code == 403
    assert not ContactExport.objects.exists()


def test_the_api_needs_a_reason_for_contact_details_and_logs_it(
    open_version: Version, analyst: User, token_for: Callable[[User], str]
) -> None:
    respond(open_version, 1)
    client = Client(headers={"Authorization": f"Bearer {token_for(analyst)}"})
    refused = client.get(api_url(open_version, "jsonl"), {"contact": "true"})
    assert refused.status_code == 422
    assert "reason" in refused.json()["errors"]
    assert not ContactExport.objects.exists()
    response = client.get(api_url(open_version, "jsonl"), {"contact": "true", "reason": "Quote"})
    assert response.status_code == 200
    assert b"person1@example.net" in b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert ContactExport.objects.get().reason == "Quote"
    plain = client.get(api_url(open_version, "jsonl"))
    assert b"person1@example.net" not in b"".join(plain.streaming_content)  # type: ignore[attr-defined]
    assert ContactExport.objects.count() == 1


def test_the_confirmation_is_in_welsh_for_welsh_readers(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    html = welsh(signed_in(analyst)).get(contact_url(open_version)).content.decode()
    assert "Allforio ymatebion gyda chyfeiriadau e-bost" in html


def test_control_characters_in_a_reason_are_dropped_not_a_server_error(
    open_version: Version, analyst: User, token_for: Callable[[User], str]
) -> None:
    client = Client(headers={"Authorization": f"Bearer {token_for(analyst)}"})
    url = api_url(open_version, "csv")
    assert client.get(url, {"contact": "true", "reason": "\x07\x08"}).status_code == 422
    response = client.get(url, {"contact": "true", "reason": "To\x07 thank\u202e"})
    assert response.status_code == 200
    assert ContactExport.objects.get().reason == "To thank"
