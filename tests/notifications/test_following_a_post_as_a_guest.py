"""Done means: a new user can follow a post as a guest, confirm by e-mail, receive a
reply notification and unsubscribe in one click."""

from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment, Status
from parley.moderation import services as moderation
from tests.builders import comment_as
from tests.conftest import Mailbox
from tests.notifications.helpers import html_of, link_path, text_of, to, unsubscribe_path

GUEST = "gus@example.net"


def test_a_guest_follows_a_post_confirms_gets_a_reply_and_unsubscribes_in_one_click(
    client: Client,
    post: Post,
    participant: User,
    moderator: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Notify me of follow-up comments by e-mail" in page
    assert "Notify me of new posts by e-mail" in page

    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(
            post.get_absolute_url(),
            {
                "author_name": "Gus Guest",
                "author_email": GUEST,
                "body": "Will you consult on clause 4?",
                "notify_followups": "on",
            },
        )
    assert posted.status_code == 302
    confirmation = to(smtp.messages, GUEST)
    assert len(confirmation) == 1
    assert "Confirm your e-mail address" in confirmation[0]["Subject"]

    # Before confirming, nothing is sent: a comment by someone else tells the guest nothing.
    guest_comment = Comment.objects.get(author_email=GUEST)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(comment=guest_comment, moderator=moderator, action="approve")
        comment_as(post, participant, "An unrelated first thought")
    assert len(to(smtp.messages, GUEST)) == 1

    confirm_page = link_path(confirmation[0], "/notifications/confirm/")
    assert "Confirm your e-mail address" in client.get(confirm_page).content.decode()
    confirmed = client.post(confirm_page)
    assert confirmed.status_code == 200
    assert "Your e-mail address is confirmed" in confirmed.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        comment_as(
            post, participant, "Yes: it opens next month.", parent_number=guest_comment.number
        )
    received = to(smtp.messages, GUEST)
    assert len(received) == 2  # one e-mail for the reply, though the guest also follows
    reply = received[-1]
    assert reply["Subject"] == "Mina Member replied to your comment on ‘" + post.title + "’"
    assert "Yes: it opens next month." in text_of(reply)
    assert "Yes: it opens next month." in html_of(reply)
    assert "member@example.org" not in reply.as_string()
    assert reply["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # RFC 8058: the mail client POSTs to the header's address, with no session or CSRF token.
    one_click = Client(enforce_csrf_checks=True).post(
        unsubscribe_path(reply),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    assert "You are unsubscribed" in one_click.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        comment_as(post, participant, "And another thing.", parent_number=guest_comment.number)
    assert len(to(smtp.messages, GUEST)) == 2
    assert Comment.objects.filter(status=Status.APPROVED).count() == 4
