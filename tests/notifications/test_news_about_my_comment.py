"""What happens to my comment: approved, removed, and its outcome."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Status
from parley.guidance import services as guidance
from parley.guidance.models import Document
from parley.moderation import services as moderation
from parley.notifications.models import Email, Kind
from tests.builders import close, comment_as
from tests.conftest import Mailbox
from tests.notifications.helpers import text_of, to, unsubscribe_path


def test_a_user_is_told_when_a_moderator_approves_their_held_comment(
    post: Post,
    participant: User,
    moderator: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    post.discussion.hold_all = True
    post.discussion.save()
    held = comment_as(post, participant, "Held for a moment")
    assert held.status == Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(comment=held, moderator=moderator, action="approve")
    (approved,) = smtp.messages
    assert approved["To"] == "member@example.org"
    assert approved["Subject"] == f"Your comment on ‘{post.title}’ is published"


def test_a_removal_notice_goes_through_notifications_and_can_be_unsubscribed_from(
    client: Client,
    post: Post,
    guest: discussions.Author,
    moderator: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    first = comment_as(post, guest, "Rude words")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(comment=first, moderator=moderator, action="remove", reason="abusive")
    (removed,) = to(smtp.messages, guest.email)
    assert Email.objects.get().kind == Kind.MODERATION
    assert removed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Abusive, threatening or discriminatory" in text_of(removed)

    assert client.post(unsubscribe_path(removed)).status_code == 200
    second = comment_as(post, guest, "More rude words")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(comment=second, moderator=moderator, action="remove", reason="abusive")
    assert len(to(smtp.messages, guest.email)) == 1


def test_the_author_hears_what_became_of_their_comment(
    document: Document,
    editor: User,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    version = guidance.schedule_consultation(
        version=document.versions.get(),
        user=editor,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=1),
    )
    comment = discussions.post_comment(
        discussion=version.discussion,
        body="Please define ‘timely’",
        author=discussions.Author(user=participant, ip="192.0.2.1"),
    ).comment
    close(version)
    with django_capture_on_commit_callbacks(execute=True):
        guidance.set_outcomes(
            version=version,
            user=editor,
            outcomes=[(comment.pk, "adopted", "We now say twelve weeks.")],
        )
    (outcome,) = to(smtp.messages, "member@example.org")
    assert outcome["Subject"] == f"What became of your comment on ‘{version.discussion.title}’"
    assert "was adopted" in text_of(outcome)
    assert "We now say twelve weeks." in text_of(outcome)

    # Giving the same outcome again changes nothing and tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        guidance.set_outcomes(
            version=version,
            user=editor,
            outcomes=[(comment.pk, "adopted", "We now say twelve weeks.")],
        )
    assert len(to(smtp.messages, "member@example.org")) == 1
