"""Save and return: a response saved part-way is e-mailed as a signed link that opens it
on any device until the consultation closes; it cannot be sent until it is complete."""

import re

from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.consultations.models import Response
from parley.guidance.models import Version
from tests.builders import close
from tests.conftest import Mailbox

PART_WAY = {
    "answer_2": ["Forums"],
    "answer_4": "Half a thought",
    "respondent_type": "individual",
    "name": "Gus Guest",
    "email": "gus@example.net",
}


def respond_url(version: Version) -> str:
    return reverse("consultations:respond", args=[version.document.slug, version.number])


def save_part_way(version: Version, client: Client, smtp: Mailbox, capture: Capture) -> str:
    """Saves PART_WAY and returns the path of the e-mailed link."""
    with capture(execute=True):
        page = client.post(respond_url(version), {**PART_WAY, "action": "save"})
    assert page.status_code == 200
    assert "Your response is saved" in page.content.decode()
    [email] = smtp.messages
    link = re.search(r"https?://\S+/responses/continue/\S+/", email.get_content())
    assert link is not None
    return "/" + link.group(0).split("/", 3)[3]


def test_a_response_saved_part_way_is_finished_on_another_device(
    open_version: Version,
    client: Client,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    path = save_part_way(open_version, client, smtp, django_capture_on_commit_callbacks)
    draft = Response.objects.get()
    assert (draft.status, draft.consent) == ("draft", "")
    elsewhere = Client()
    form = elsewhere.get(path, follow=True).content.decode()
    assert "Half a thought</textarea>" in form
    elsewhere.post(
        respond_url(open_version),
        {**PART_WAY, "draft": draft.reference, "answer_1": "No", "consent": "named"},
    )
    elsewhere.post(reverse("consultations:check", args=[draft.reference]))
    draft.refresh_from_db()
    assert draft.status == "unconfirmed"
    assert Response.objects.count() == 1


def test_a_response_saved_part_way_cannot_be_sent_until_complete(
    open_version: Version,
    client: Client,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    save_part_way(open_version, client, smtp, django_capture_on_commit_callbacks)
    draft = Response.objects.get()
    page = client.post(reverse("consultations:check", args=[draft.reference]))
    assert page.status_code == 422
    assert "Answer question 1" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_forged_or_late_link_is_refused(
    open_version: Version,
    client: Client,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    path = save_part_way(open_version, client, smtp, django_capture_on_commit_callbacks)
    assert Client().get(path[:-3] + "xx/").status_code == 404
    close(open_version)
    assert Client().get(path).status_code == 404
