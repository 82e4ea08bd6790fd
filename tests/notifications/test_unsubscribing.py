"""One click, no login: RFC 8058 POST unsubscribes; a GET only asks to confirm."""

from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog.models import Post
from parley.notifications import services, tokens
from parley.notifications.models import Frequency, Kind, Recipient, Target
from tests.conftest import Mailbox


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_opening_the_link_asks_to_confirm_with_a_button_and_changes_nothing(
    client: Client, participant: User
) -> None:
    recipient = services.recipient_for_user(participant)
    page = client.get(path_of(tokens.unsubscribe_url(recipient.pk, f"kind:{Kind.REPLY}")))
    assert page.status_code == 200
    html = page.content.decode()
    assert "replies to my comments" in html
    assert '<form method="post">' in html
    assert ">Unsubscribe</button>" in html
    assert services.frequency_of(recipient, Kind.REPLY) == Frequency.IMMEDIATE


def test_one_click_post_without_session_or_csrf_token_stops_a_subscription(
    participant: User,
) -> None:
    subscription = services.follow(user=participant, target=Target.SITE, target_id=0)
    url = tokens.unsubscribe_url(subscription.recipient_id, f"sub:{subscription.pk}")
    response = Client(enforce_csrf_checks=True).post(
        path_of(url), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not Recipient.objects.get(pk=subscription.recipient_id).subscriptions.exists()
    again = Client(enforce_csrf_checks=True).post(path_of(url))
    assert again.status_code == 200  # repeating is harmless


def test_unsubscribing_from_a_digest_stops_every_kind_sent_in_it(participant: User) -> None:
    recipient = services.set_frequencies(
        recipient=services.recipient_for_user(participant),
        frequencies={Kind.COMMENT: "daily", Kind.POST: "daily", Kind.REPLY: "weekly"},
    )
    Client().post(path_of(tokens.unsubscribe_url(recipient.pk, "digest:daily")))
    recipient.refresh_from_db()
    assert services.frequency_of(recipient, Kind.COMMENT) == "never"
    assert services.frequency_of(recipient, Kind.POST) == "never"
    assert services.frequency_of(recipient, Kind.REPLY) == "weekly"
    assert services.frequency_of(recipient, Kind.MENTION) == "immediate"


def test_a_forged_or_altered_link_unsubscribes_nobody(client: Client, participant: User) -> None:
    recipient = services.recipient_for_user(participant)
    url = tokens.unsubscribe_url(recipient.pk, f"kind:{Kind.REPLY}")
    assert client.post(path_of(url)[:-3] + "xx/").status_code == 404
    assert client.post("/notifications/unsubscribe/not-a-token/").status_code == 404
    recipient.refresh_from_db()
    assert services.frequency_of(recipient, Kind.REPLY) == Frequency.IMMEDIATE


def test_a_confirmation_link_that_was_tampered_with_confirms_nothing(
    client: Client,
    post: Post,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        subscription = services.follow_as_guest(
            email="gus@example.net", target=Target.DISCUSSION, target_id=post.discussion_id
        )
    assert client.get("/notifications/confirm/forged/").status_code == 404
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
