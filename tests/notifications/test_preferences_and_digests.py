"""Each person chooses per kind: at once, daily digest, weekly digest or never."""

from collections.abc import Callable

from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.notifications import services
from parley.notifications.models import Email, Kind, Notification, Recipient, Target
from tests.builders import comment_as
from tests.conftest import Mailbox
from tests.notifications.helpers import html_of, link_path, text_of


def test_signed_in_users_get_replies_and_mentions_at_once_by_default(participant: User) -> None:
    recipient = services.recipient_for_user(participant)
    assert services.frequency_of(recipient, Kind.REPLY) == "immediate"
    assert services.frequency_of(recipient, Kind.MENTION) == "immediate"


def test_a_guest_who_ticked_nothing_gets_nothing(
    post: Post,
    guest: discussions.Author,
    moderator: User,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from parley.moderation import services as moderation

    first = comment_as(post, guest, "A guest's comment")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(comment=first, moderator=moderator, action="approve")
        comment_as(post, participant, "A reply to the guest", parent_number=first.number)
    assert smtp.messages == []
    assert not Recipient.objects.filter(email=guest.email).exists()


def test_never_means_nothing_is_sent_or_kept(
    post: Post,
    participant: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    services.set_frequencies(
        recipient=services.recipient_for_user(participant), frequencies={Kind.REPLY: "never"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_as(post, participant, "First")
        comment_as(post, outsider, "Reply", parent_number=first.number)
    assert smtp.messages == []
    assert Notification.objects.count() == 0


def test_a_daily_digest_groups_news_by_discussion_and_goes_once(
    post: Post,
    participant: User,
    outsider: User,
    admin_user: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from parley.blog import services as blog

    other = blog.create_post(
        author=admin_user,
        organisation=post.organisation,
        title="A second post",
        body="More.",
        status="published",
    )
    recipient = services.recipient_for_user(participant)
    services.set_frequencies(
        recipient=recipient, frequencies={Kind.REPLY: "daily", Kind.COMMENT: "daily"}
    )
    services.follow(user=participant, target=Target.DISCUSSION, target_id=other.discussion_id)
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_as(post, participant, "First")
        comment_as(post, outsider, "Reply one", parent_number=first.number)
        comment_as(post, admin_user, "Reply two", parent_number=first.number)
        comment_as(other, outsider, "On the other post")
    assert smtp.messages == []
    assert Notification.objects.filter(recipient=recipient, email=None).count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(frequency="weekly") == 0
        assert services.send_digests(frequency="daily") == 1
        assert services.send_digests(frequency="daily") == 0
    (digest,) = smtp.messages
    assert digest["Subject"] == "Daily digest from Parley: 3 updates"
    text = text_of(digest)
    assert text.index(f"== {post.title} ==") < text.index("Reply one") < text.index("Reply two")
    assert text.index(f"== {other.title} ==") < text.index("On the other post")
    assert text.count("== ") == 2
    assert "Reply two" in html_of(digest)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Email.objects.get().kind == "digest"


def test_a_weekly_digest_collects_only_the_kinds_chosen_weekly(
    post: Post,
    participant: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    services.set_frequencies(
        recipient=services.recipient_for_user(participant), frequencies={Kind.MENTION: "weekly"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_as(post, participant, "First")
        comment_as(post, outsider, "A reply", parent_number=first.number)
        comment_as(post, outsider, "And @Mina Member again")
    assert [m["Subject"] for m in smtp.messages] == [
        f"Otto Outsider replied to your comment on ‘{post.title}’"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(frequency="weekly") == 1
    assert smtp.messages[1]["Subject"] == "Weekly digest from Parley: 1 update"
    assert "And @Mina Member again" in text_of(smtp.messages[1])


def test_the_account_page_links_to_the_preferences_page_which_saves_choices(
    signed_in: Callable[[User], Client], participant: User
) -> None:
    client = signed_in(participant)
    assert "/notifications/preferences/" in client.get("/accounts/profile/").content.decode()
    page = client.get("/notifications/preferences/")
    assert page.status_code == 200
    assert "Replies to my comments" in page.content.decode()
    choices = dict.fromkeys(Kind.values, "immediate") | {Kind.COMMENT: "weekly"}
    saved = client.post("/notifications/preferences/", choices)
    assert saved.status_code == 302
    recipient = services.recipient_for_user(participant)
    assert services.frequency_of(recipient, Kind.COMMENT) == "weekly"


def test_the_preferences_form_shows_an_error_beside_a_bad_choice(
    signed_in: Callable[[User], Client], participant: User
) -> None:
    choices = dict.fromkeys(Kind.values, "immediate") | {Kind.REPLY: "hourly"}
    page = signed_in(participant).post("/notifications/preferences/", choices)
    assert page.status_code == 400
    html = page.content.decode()
    assert "There is a problem" in html
    assert 'id="id_reply-error"' in html or "govuk-error-message" in html
    assert (
        services.frequency_of(services.recipient_for_user(participant), Kind.REPLY) == "immediate"
    )


def test_the_preferences_page_needs_a_sign_in(client: Client) -> None:
    response = client.get("/notifications/preferences/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_guest_reaches_their_preferences_from_an_email_without_signing_in(
    client: Client,
    post: Post,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        subscription = services.follow_as_guest(
            email="gus@example.net",
            target=Target.DISCUSSION,
            target_id=post.discussion_id,
            title=post.title,
        )
    services.confirm(recipient_id=subscription.recipient_id)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            news=services.News(kind=Kind.COMMENT, subject="News", text="Hi", html="", url="/"),
            followers_of=(Target.DISCUSSION, post.discussion_id),
        )
    path = link_path(smtp.messages[-1], "/notifications/preferences/")
    page = client.get(path)
    assert page.status_code == 200
    assert f"‘{post.title}’ (new comments on discussions I follow)" in page.content.decode()

    choices = dict.fromkeys(Kind.values, "never")
    assert client.post(path, choices).status_code == 302
    recipient = Recipient.objects.get(pk=subscription.recipient_id)
    assert services.frequency_of(recipient, Kind.COMMENT) == "never"
    assert client.post(path, {"remove": subscription.pk}).status_code == 302
    assert not subscription.recipient.subscriptions.exists()
    assert client.get("/notifications/preferences/forged/").status_code == 404
