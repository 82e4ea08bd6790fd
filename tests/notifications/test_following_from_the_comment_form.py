"""The "Notify me" boxes on the comment form, as on WordPress blogs."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog.models import Post
from parley.notifications.models import Email, Kind, Subscription, Target
from tests.conftest import Mailbox
from tests.notifications.helpers import link_path, text_of

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


def guest_comment(client: Client, post: Post, **extra: str) -> "_MonkeyPatchedWSGIResponse":
    return client.post(
        post.get_absolute_url(),
        {"author_name": "Gus Guest", "author_email": "Gus@Example.net", "body": "Hi", **extra},
    )


def test_a_signed_in_person_who_ticks_both_boxes_follows_at_once(
    signed_in: Callable[[User], Client],
    post: Post,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(participant).post(
            post.get_absolute_url(),
            {"body": "Count me in", "notify_followups": "on", "notify_posts": "on"},
        )
    assert response.status_code == 302
    following = {
        (s.target, s.target_id, tuple(s.kinds), s.confirmed_at is not None)
        for s in Subscription.objects.filter(recipient__user=participant)
    }
    assert following == {
        (Target.DISCUSSION, post.discussion_id, (Kind.COMMENT,), True),
        (Target.SITE, 0, (Kind.POST,), True),
    }
    assert smtp.messages == []  # no confirmation needed: the account's address is verified


def test_a_guest_who_ticks_new_posts_gets_one_confirmation_email_and_nothing_else(
    client: Client,
    post: Post,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        guest_comment(client, post, notify_posts="on", notify_followups="on")
        guest_comment(client, post, notify_posts="on", body="Again")
    (confirmation,) = smtp.messages
    assert confirmation["To"] == "gus@example.net"
    text = text_of(confirmation)
    assert "new blog posts" in text
    assert f"‘{post.title}’ (new comments on discussions I follow)" in text
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()

    # Opening the link (as a mail scanner might) confirms nothing; the button does.
    assert client.get(link_path(confirmation, "/confirm/")).status_code == 200
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()
    assert client.post(link_path(confirmation, "/confirm/")).status_code == 200
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 2


def test_a_guest_who_ticks_nothing_is_sent_nothing(
    client: Client,
    post: Post,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        guest_comment(client, post)
    assert smtp.messages == []
    assert not Subscription.objects.exists()


def test_a_spam_comment_subscribes_nobody(
    client: Client,
    post: Post,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        guest_comment(client, post, notify_followups="on", homepage="http://spam.example")
    assert not Subscription.objects.exists()
    assert not Email.objects.exists()


def test_a_comment_form_with_errors_keeps_the_ticked_box(client: Client, post: Post) -> None:
    response = client.post(
        post.get_absolute_url(),
        {"author_name": "Gus", "author_email": "not-an-address", "body": "Hi",
         "notify_followups": "on"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="notify_followups"' in html
    assert 'id="id_notify_followups" checked' in html
    assert not Subscription.objects.exists()
