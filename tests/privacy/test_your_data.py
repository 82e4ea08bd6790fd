"""A person can download everything held about them and delete their account after
confirming by e-mail; commenters' IP addresses are forgotten after 30 days."""

import json
from collections.abc import Callable
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley import personal_data
from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment, CommentLike
from parley.management.commands.clock import tick
from parley.notifications import services as notifications
from parley.notifications.models import Recipient, Target
from tests.builders import comment_as
from tests.conftest import Mailbox
from tests.notifications.helpers import link_path


def test_the_download_holds_what_we_keep_about_you_and_nobody_else(
    signed_in: Callable[[User], Client], participant: User, moderator: User, post: Post
) -> None:
    mine = comment_as(post, participant, "My own words")
    comment_as(post, moderator, "Someone else's words")
    discussions.like_comment(
        comment=Comment.objects.get(body_markdown="Someone else's words"), user=participant
    )
    notifications.follow(user=participant, target=Target.SITE, target_id=0)
    Comment.objects.filter(pk=mine.pk).update(ip_address="192.0.2.7")

    response = signed_in(participant).get("/accounts/data/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    held = json.loads(response.content)
    assert held["account"]["email"] == participant.email
    assert [c["text"] for c in held["comments"]] == ["My own words"]
    assert held["comments"][0]["ip_address"] == "192.0.2.7"
    assert len(held["comment_likes"]) == 1
    assert held["notifications"]["following"][0]["what"] == "site"
    assert moderator.email not in response.content.decode()
    assert "Someone else's words" not in response.content.decode()


def test_the_download_needs_a_sign_in(client: Client) -> None:
    response = client.get("/accounts/data/download/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_deleting_an_account_keeps_comments_as_by_a_former_participant(
    signed_in: Callable[[User], Client],
    participant: User,
    moderator: User,
    post: Post,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = signed_in(participant)
    mine = comment_as(post, participant, "Words that stay")
    liked = comment_as(post, moderator, "Liked by the leaver")
    discussions.like_comment(comment=liked, user=participant)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/accounts/data/", {"comments": "keep"})
    assert "We have sent a link" in page.content.decode()
    (message,) = smtp.messages
    assert message["To"] == participant.email
    link = link_path(message, "/accounts/erase/")

    assert "Delete my account" in Client().get(link).content.decode()
    assert User.objects.filter(pk=participant.pk).exists()  # opening the link deletes nothing
    done = Client().post(link)
    assert "Your account has been deleted" in done.content.decode()
    assert "1 comment now shows as by a former participant." in " ".join(
        done.content.decode().split()
    )

    assert not User.objects.filter(pk=participant.pk).exists()
    assert not EmailAddress.objects.filter(email=participant.email).exists()
    assert not Recipient.objects.filter(user_id=participant.pk).exists()
    kept = Comment.objects.get(pk=mine.pk)
    assert (kept.user, kept.author_email, kept.body_markdown) == (None, "", "Words that stay")
    public = Client().get(post.get_absolute_url()).content.decode()
    assert "A former participant" in public
    assert participant.display_name not in public
    liked.refresh_from_db()
    assert liked.like_count == 0
    assert not CommentLike.objects.exists()
    assert Client().post(link).status_code == 404  # used once


def test_deleting_an_account_with_its_comments_removes_their_words(
    signed_in: Callable[[User], Client],
    participant: User,
    moderator: User,
    post: Post,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    first = comment_as(post, participant, "Words to remove")
    reply = comment_as(post, moderator, "A reply that stays", parent_number=first.number)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(participant).post("/accounts/data/", {"comments": "delete"})
    done = Client().post(link_path(smtp.messages[0], "/accounts/erase/"))
    assert "1 comment was deleted." in " ".join(done.content.decode().split())
    gone = Comment.objects.get(pk=first.pk)
    assert (gone.body_markdown, gone.user) == ("", None)
    assert gone.is_deleted
    assert Comment.objects.get(pk=reply.pk).parent_id == gone.pk  # the thread holds
    assert "Words to remove" not in Client().get(post.get_absolute_url()).content.decode()


def test_a_choice_must_be_made_and_the_form_says_so(
    signed_in: Callable[[User], Client], participant: User, smtp: Mailbox
) -> None:
    response = signed_in(participant).post("/accounts/data/", {})
    assert response.status_code == 400
    assert "Choose what happens to your comments" in response.content.decode()
    assert smtp.messages == []


def test_a_forged_or_stale_link_deletes_nothing(participant: User) -> None:
    assert Client().post("/accounts/erase/forged/").status_code == 404
    token = personal_data.erase_token(participant, delete_comments=False)
    participant.set_password("a new password entirely")
    participant.save()
    assert Client().post(f"/accounts/erase/{token}/").status_code == 404
    assert User.objects.filter(pk=participant.pk).exists()


def test_ip_addresses_are_forgotten_after_30_days_by_the_clock(
    post: Post, participant: User, guest: discussions.Author
) -> None:
    old = comment_as(post, participant, "Old")
    new = comment_as(post, participant, "New")
    Comment.objects.update(ip_address="198.51.100.4")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    done = tick()
    assert done["old IP addresses forgotten"] == 1
    assert Comment.objects.get(pk=old.pk).ip_address is None
    assert Comment.objects.get(pk=new.pk).ip_address == "198.51.100.4"
    assert "old IP addresses forgotten" not in tick()  # once a day
