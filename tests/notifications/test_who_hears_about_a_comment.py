"""Replies, mentions and new comments: each person hears once, by the most personal
reason, never about their own comment, and only once the comment is public."""

from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment
from parley.moderation import services as moderation
from parley.notifications import services
from parley.notifications.models import Kind, Target
from tests.builders import comment_as
from tests.conftest import Mailbox
from tests.notifications.helpers import text_of, to


def test_the_author_of_a_comment_hears_of_a_reply_to_it(
    post: Post,
    participant: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_as(post, participant, "First")
        comment_as(post, outsider, "A reply", parent_number=first.number)
    (reply,) = smtp.messages
    assert reply["To"] == "member@example.org"
    assert reply["Subject"] == f"Otto Outsider replied to your comment on ‘{post.title}’"
    assert "A reply" in text_of(reply)
    assert f"/blog/{post.slug}/?comment=2#comment-2" in text_of(reply)


def test_nobody_hears_of_their_own_reply_or_comment(
    post: Post,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    services.follow(user=participant, target=Target.DISCUSSION, target_id=post.discussion_id)
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_as(post, participant, "First")
        comment_as(post, participant, "Replying to myself", parent_number=first.number)
    assert smtp.messages == []


def test_a_mentioned_user_hears_of_the_mention(
    post: Post,
    participant: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        comment_as(post, participant, "Hello")
        comment_as(post, outsider, "I agree with @Mina Member on this")
    (mention,) = smtp.messages
    assert mention["To"] == "member@example.org"
    assert mention["Subject"] == f"Otto Outsider mentioned you on ‘{post.title}’"


def test_a_confirmed_guest_hears_of_a_mention_but_an_unconfirmed_one_does_not(
    client: Client,
    post: Post,
    guest: discussions.Author,
    moderator: User,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    guest_comment = comment_as(post, guest, "A guest's view")
    moderation.moderate(comment=guest_comment, moderator=moderator, action="approve")
    with django_capture_on_commit_callbacks(execute=True):
        comment_as(post, participant, "Thanks @Gus Guest")
    assert to(smtp.messages, guest.email) == []

    subscription = services.follow_as_guest(
        email=guest.email, target=Target.SITE, target_id=0, kinds=[Kind.POST]
    )
    services.confirm(recipient_id=subscription.recipient_id)
    with django_capture_on_commit_callbacks(execute=True):
        comment_as(post, participant, "Thanks again @Gus Guest")
    (mention,) = to(smtp.messages, guest.email)
    assert "mentioned you" in mention["Subject"]
    assert "member@example.org" not in mention.as_string()


def test_followers_hear_of_each_new_comment_once_and_a_reply_counts_as_a_reply(
    post: Post,
    participant: User,
    outsider: User,
    admin_user: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    for person in (participant, outsider):
        services.follow(user=person, target=Target.DISCUSSION, target_id=post.discussion_id)
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_as(post, participant, "First")
    (news,) = smtp.messages
    assert news["To"] == "outsider@example.org"
    assert news["Subject"] == f"New comment on ‘{post.title}’"

    with django_capture_on_commit_callbacks(execute=True):
        comment_as(post, admin_user, "Answering", parent_number=first.number)
    received = {m["To"]: m["Subject"] for m in smtp.messages[1:]}
    assert received == {
        "member@example.org": f"Ada Admin replied to your comment on ‘{post.title}’",
        "outsider@example.org": f"New comment on ‘{post.title}’",
    }


def test_a_follower_of_only_replies_hears_nothing_of_other_comments(
    post: Post,
    participant: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    services.follow(
        user=participant, target=Target.DISCUSSION, target_id=post.discussion_id, kinds=[Kind.REPLY]
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_as(post, outsider, "Anyone there?")
    assert smtp.messages == []


def test_a_held_comment_is_announced_when_a_moderator_approves_it_and_only_once(
    post: Post,
    participant: User,
    moderator: User,
    guest: discussions.Author,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    services.follow(user=participant, target=Target.DISCUSSION, target_id=post.discussion_id)
    with django_capture_on_commit_callbacks(execute=True):
        held = comment_as(post, guest, "A first comment from a guest")
    assert smtp.messages == []  # held for moderation: not public, nobody told

    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(comment=held, moderator=moderator, action="approve")
    assert [m["To"] for m in smtp.messages] == ["member@example.org"]

    # Hidden again (as flags do) and approved again: the followers are not told twice.
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(pk=held.pk).update(status="pending")
        held.refresh_from_db()
        moderation.moderate(comment=held, moderator=moderator, action="approve")
    assert [m["To"] for m in smtp.messages] == ["member@example.org"]
