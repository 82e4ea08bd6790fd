"""A guest reaches what is linked to their e-mail address through a link sent to it, and
downloads or erases it."""

import json
from typing import TYPE_CHECKING

from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment
from parley.notifications import services as notifications
from parley.notifications.models import Recipient, Target
from tests.builders import comment_as
from tests.conftest import Mailbox
from tests.notifications.helpers import link_path

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

GUS = "gus@example.net"


def ask_for_link(
    client: Client, email: str, capture: DjangoCaptureOnCommitCallbacks
) -> "_MonkeyPatchedWSGIResponse":
    with capture(execute=True):
        return client.post("/privacy/your-comments/", {"email": email})


def test_a_guest_downloads_and_erases_what_is_linked_to_their_address(
    client: Client,
    post: Post,
    guest: discussions.Author,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    theirs = comment_as(post, guest, "A guest's view")
    comment_as(post, participant, "Someone else's")
    Comment.objects.filter(pk=theirs.pk).update(ip_address="203.0.113.9")
    notifications.follow_as_guest(email=guest.email, target=Target.SITE, target_id=0)
    smtp.messages.clear()

    page = ask_for_link(client, guest.email, django_capture_on_commit_callbacks)
    assert "we have sent a link" in page.content.decode()
    (message,) = smtp.messages
    link = link_path(message, "/privacy/your-comments/")

    download = client.get(link, {"download": "1"})
    held = json.loads(download.content)
    assert [c["text"] for c in held["comments"]] == ["A guest's view"]
    assert held["comments"][0]["ip_address"] == "203.0.113.9"
    assert participant.email not in download.content.decode()

    erased = client.post(link, {"comments": "keep"})
    said = " ".join(erased.content.decode().split())
    assert "We no longer hold your e-mail address. 1 comment now shows as by a former" in said
    kept = Comment.objects.get(pk=theirs.pk)
    assert (kept.author_name, kept.author_email, kept.ip_address) == (
        "A former participant",
        "",
        None,
    )
    assert kept.body_markdown == "A guest's view"
    assert not Recipient.objects.filter(email=guest.email).exists()
    assert guest.email not in json.dumps(
        list(Comment.objects.values_list("author_email", flat=True))
    )


def test_an_unknown_address_is_sent_nothing_and_the_page_says_the_same(
    client: Client,
    db: None,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    page = ask_for_link(client, "stranger@example.net", django_capture_on_commit_callbacks)
    assert "we have sent a link" in page.content.decode()
    assert smtp.messages == []


def test_asking_too_often_is_refused(
    client: Client,
    post: Post,
    guest: discussions.Author,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    comment_as(post, guest, "Hello")
    for _ in range(3):
        ask_for_link(client, guest.email, django_capture_on_commit_callbacks)
    refused = ask_for_link(client, guest.email, django_capture_on_commit_callbacks)
    assert refused.status_code == 429
    assert len(smtp.messages) == 3


def test_a_bad_address_comes_back_with_the_error_beside_it(client: Client, db: None) -> None:
    response = client.post("/privacy/your-comments/", {"email": "not-an-address"})
    assert response.status_code == 400
    assert 'value="not-an-address"' in response.content.decode()


def test_a_forged_link_shows_nothing(client: Client, db: None) -> None:
    assert client.get("/privacy/your-comments/forged/").status_code == 404
    assert client.post("/privacy/your-comments/forged/", {"comments": "delete"}).status_code == 404
