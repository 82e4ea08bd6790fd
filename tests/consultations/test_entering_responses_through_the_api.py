"""Staff entering a response received by e-mail, post, at a meeting … through the API:
`channel` and `received_at` on POST …/responses, for the organisation's analysts and editors
only, while the consultation is open and after it has closed, as the staff-entry page."""

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations import publication
from parley.consultations.models import Response
from parley.files.models import ResponseFile
from parley.files.simple_pdf import text_pdf
from parley.guidance.models import Version
from parley.organisations.models import Organisation, Role
from tests.builders import bearer, close, member_of, post_json
from tests.conftest import Mailbox

LETTER = {
    "respondent": {"name": "Pat Post", "type": "individual"},
    "consent": "confidential",
    "answers": [
        {"question": 1, "choice": "Yes"},
        {"question": 4, "text": "Shorter, please."},
    ],
    "channel": "post",
}


@pytest.fixture
def analyst(organisation: Organisation) -> User:
    return member_of(organisation, "analyst@example.org", "Ana Lyst", Role.ANALYST)


def responses(version: Version) -> str:
    return f"/api/v1/documents/{version.document.slug}/versions/{version.number}/responses"


def test_an_analyst_enters_a_letter_counted_at_once_with_channel_and_who_entered_it(
    open_version: Version,
    analyst: User,
    client: Client,
    token_for: Callable[[User], str],
    smtp: Mailbox,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    arrived = (timezone.now() - timedelta(hours=3)).replace(microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_json(
            client,
            responses(open_version),
            LETTER | {"received_at": arrived.isoformat()},
            headers=bearer(token_for(analyst)),
        )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["status"], body["channel"]) == ("submitted", "post")
    stored = Response.objects.get(reference=body["reference"])
    assert (stored.channel, stored.entered_by, stored.guest_name) == ("post", analyst, "Pat Post")
    assert stored.entered_at is not None
    assert stored.received_at == arrived
    assert stored.user is None
    assert list(Response.objects.counted()) == [stored]
    assert smtp.messages == []
    listed = client.get(responses(open_version), headers=bearer(token_for(analyst))).json()
    (item,) = listed["items"]
    assert (item["channel"], item["received_at"]) == (
        "post",
        arrived.isoformat().replace("+00:00", "Z"),
    )
    assert item["entered_at"] is not None


def test_an_editor_enters_a_scanned_letter_as_multipart_after_the_consultation_closed(
    open_version: Version, editor: User, client: Client, token_for: Callable[[User], str]
) -> None:
    close(open_version)
    scan = SimpleUploadedFile("letter.pdf", text_pdf([["Posted before the closing date."]]))
    answer = client.post(
        responses(open_version),
        {"response": json.dumps(LETTER | {"channel": "email"}), "files": [scan]},
        headers=bearer(token_for(editor)),
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["channel"] == "email"
    assert [f["name"] for f in body["files"]] == ["letter.pdf"]
    stored = Response.objects.get(reference=body["reference"])
    assert (stored.channel, stored.entered_by) == ("email", editor)
    assert ResponseFile.objects.get().response == stored


def test_nobody_enters_after_the_responses_are_published(
    open_version: Version, editor: User, client: Client, token_for: Callable[[User], str]
) -> None:
    close(open_version)
    publication.publish_responses(version=open_version, user=editor)
    answer = post_json(client, responses(open_version), LETTER, headers=bearer(token_for(editor)))
    assert answer.status_code == 409
    assert "version" in answer.json()["errors"]
    assert not Response.objects.exists()


@pytest.mark.parametrize("who", ["participant", "moderator", "other_moderator", "guest"])
def test_anyone_else_giving_a_channel_is_refused_naming_it(
    who: str,
    open_version: Version,
    client: Client,
    token_for: Callable[[User], str],
    request: pytest.FixtureRequest,
) -> None:
    body = LETTER | {
        "respondent": {"name": "Gus", "email": "gus@example.net", "type": "individual"}
    }
    headers = {} if who == "guest" else bearer(token_for(request.getfixturevalue(who)))
    answer = post_json(client, responses(open_version), body, headers=headers)
    assert answer.status_code == 403
    assert "channel" in answer.json()["errors"]
    assert not Response.objects.exists()


@pytest.mark.parametrize("channel", ["import", "pigeon"])
def test_a_bulk_import_or_an_unknown_channel_is_refused(
    channel: str,
    open_version: Version,
    editor: User,
    client: Client,
    token_for: Callable[[User], str],
) -> None:
    answer = post_json(
        client,
        responses(open_version),
        LETTER | {"channel": channel},
        headers=bearer(token_for(editor)),
    )
    assert answer.status_code == 422
    assert "channel" in answer.json()["errors"]
    assert not Response.objects.exists()


def test_a_date_of_arrival_in_the_future_is_refused_and_nothing_saved(
    open_version: Version, analyst: User, client: Client, token_for: Callable[[User], str]
) -> None:
    later = (timezone.now() + timedelta(days=2)).isoformat()
    answer = post_json(
        client,
        responses(open_version),
        LETTER | {"received_at": later, "answers": [{"question": 1, "choice": "Maybe"}]},
        headers=bearer(token_for(analyst)),
    )
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"received_at", "answers.1"}
    assert not Response.objects.exists()


def test_a_date_of_arrival_without_a_channel_is_refused(
    open_version: Version, participant: User, client: Client, token_for: Callable[[User], str]
) -> None:
    body = {k: v for k, v in LETTER.items() if k != "channel"}
    answer = post_json(
        client,
        responses(open_version),
        body | {"received_at": timezone.now().isoformat()},
        headers=bearer(token_for(participant)),
    )
    assert answer.status_code == 422
    assert "received_at" in answer.json()["errors"]


def test_online_stays_the_respondents_own_response(
    open_version: Version, participant: User, client: Client, token_for: Callable[[User], str]
) -> None:
    answer = post_json(
        client,
        responses(open_version),
        LETTER | {"channel": "online"},
        headers=bearer(token_for(participant)),
    )
    assert answer.status_code == 201, answer.content
    stored = Response.objects.get()
    assert (stored.channel, stored.user, stored.entered_by) == ("online", participant, None)


def test_a_retry_with_the_same_idempotency_key_enters_one_letter(
    open_version: Version, analyst: User, client: Client, token_for: Callable[[User], str]
) -> None:
    headers = bearer(token_for(analyst)) | {"Idempotency-Key": "letter-17"}
    first = post_json(client, responses(open_version), LETTER, headers=headers)
    again = post_json(client, responses(open_version), LETTER, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["reference"] == again.json()["reference"]
    assert Response.objects.count() == 1


def test_the_responses_page_says_when_a_letter_arrived(
    open_version: Version,
    analyst: User,
    client: Client,
    token_for: Callable[[User], str],
    signed_in: Callable[[User], Client],
) -> None:
    arrived = timezone.now() - timedelta(days=1)
    post_json(
        client,
        responses(open_version),
        LETTER | {"received_at": arrived.isoformat()},
        headers=bearer(token_for(analyst)),
    )
    url = reverse("consultations:responses", args=[open_version.document.slug, 1])
    page = signed_in(analyst).get(url).content.decode()
    local = timezone.localtime(arrived)
    assert f"received {local.day} {local:%B} {local.year}" in " ".join(page.split())
    assert "entered by Ana Lyst" in " ".join(page.split())


def test_a_letter_said_to_arrive_before_the_consultation_opened_is_refused(
    open_version: Version, analyst: User, client: Client, token_for: Callable[[User], str]
) -> None:
    assert open_version.opens_at is not None
    before = open_version.opens_at - timedelta(days=2)
    answer = post_json(
        client,
        responses(open_version),
        LETTER | {"received_at": before.isoformat()},
        headers=bearer(token_for(analyst)),
    )
    assert answer.status_code == 422
    assert answer.json()["errors"]["received_at"] == [
        "The date it arrived must be on or after the day the consultation opened"
    ]
    assert not Response.objects.exists()
