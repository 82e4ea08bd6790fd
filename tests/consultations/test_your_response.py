"""'Your response': what became of a response, for its author only (their account, the
browser session that wrote it, or the signed link in the receipt e-mail)."""

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations import publication, tokens
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.guidance import services as guidance
from parley.guidance.models import Version
from tests.builders import close, welsh
from tests.conftest import Mailbox
from tests.consultations.conftest import good_answers
from tests.consultations.publishing import Responses, responses_to


@pytest.fixture
def closed(open_version: Version) -> Responses:
    return responses_to(open_version)


def page_url(response: Response) -> str:
    return reverse("consultations:receipt", args=[response.reference])


def signed_link(response: Response) -> str:
    return f"{page_url(response)}?token={tokens.response_token(response)}"


def test_the_receipt_e_mail_links_to_your_response_on_any_device(
    open_version: Version,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = consultations.respond(
            version=open_version,
            respondent=consultations.Respondent(user=participant),
            consent="anonymous",
            answers=good_answers(),
        ).response
    [receipt] = smtp.messages
    link = re.search(
        r"https?://\S+/responses/" + response.reference + r"/\?token=\S+", receipt.get_content()
    )
    assert link is not None
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    stranger_device = Client()  # no session, no account
    page = stranger_device.get("/" + path)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    assert "Shorter, please." in page.content.decode()
    api = stranger_device.get(f"/api/v1/responses/{response.reference}?{path.split('?', 1)[1]}")
    assert api.status_code == 200


def test_a_guest_without_cookies_or_someone_else_cannot_open_a_reference(
    closed: Responses, participant: User
) -> None:
    assert Client().get(page_url(closed.named)).status_code == 404
    other = Client()
    other.force_login(participant)
    assert other.get(page_url(closed.named)).status_code == 404
    wrong = f"{page_url(closed.named)}?token={tokens.response_token(closed.anonymous)}"
    assert Client().get(wrong).status_code == 404
    assert Client().get(f"{page_url(closed.named)}?token=forged").status_code == 404


def test_the_page_says_it_is_counted_and_not_yet_published(
    closed: Responses, client: Client
) -> None:
    page = client.get(signed_link(closed.named)).content.decode()
    assert "What became of your response" in page
    assert "Yes: it is counted in every tally and in the summary of responses." in page
    assert "Not published yet: responses are published after the consultation closes." in page


def test_the_author_sees_their_response_published_as_consented_and_redacted(
    closed: Responses, client: Client, editor: User, moderator: User
) -> None:
    answer = closed.named.answers.select_related("question", "response__version__document").get(
        question__number=4
    )
    publication.redact(answer=answer, moderator=moderator, passage="0123", reason="personal_data")
    publication.publish_responses(version=closed.version, user=editor)
    page = client.get(signed_link(closed.named)).content.decode()
    assert "Published, from “Nia Named”." in page
    assert "Call Nia on [redacted: personal data]." in page
    assert "0123" not in page
    assert "A moderator hid some passages of your answers" in page
    welsh_page = welsh(client).get(page_url(closed.named)).content.decode()
    assert "Call Nia on [wedi’i olygu: data personol]." in welsh_page
    assert "Beth ddigwyddodd i’ch ymateb" in welsh_page


def test_a_confidential_or_replaced_response_says_what_became_of_it(
    closed: Responses, client: Client, editor: User
) -> None:
    publication.publish_responses(version=closed.version, user=editor)
    confidential = client.get(signed_link(closed.confidential)).content.decode()
    assert "It will not be published." in confidential
    replaced = client.get(signed_link(closed.replaced)).content.decode()
    assert f"No: your later response {closed.named.reference} replaced it." in replaced


def test_the_bodys_published_response_is_shown_to_the_respondent(
    closed: Responses, client: Client, editor: User
) -> None:
    body = guidance.save_response(
        version=closed.version, user=editor, summary="We heard you: shorter principles."
    )
    page = client.get(signed_link(closed.named)).content.decode()
    assert "We heard you" not in page  # written, not yet published
    guidance.publish_response(response=body, user=editor)
    page = client.get(signed_link(closed.named)).content.decode()
    assert "We heard you: shorter principles." in page
    assert body.get_absolute_url() in page


def test_the_signed_in_author_opens_it_from_their_account(
    open_version: Version, participant: User, signed_in: Callable[[User], Client]
) -> None:
    response = consultations.respond(
        version=open_version,
        respondent=consultations.Respondent(user=participant),
        consent="named",
        answers=good_answers(),
    ).response
    close(open_version)
    assert signed_in(participant).get(page_url(response)).status_code == 200
