"""Only verified people's reports hide a comment, weighted by trust: one anonymous client
cannot silence anyone, and reports never hide a comment by the discussion's own staff."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment, Status
from parley.notifications import services as notifications
from parley.notifications.models import Recipient, Target
from parley.notifications.tokens import confirm_url
from tests.builders import comment_as, make_user, post_json


def api_flag(client: Client, comment: Comment) -> int:
    return post_json(
        client,
        f"/api/v1/comments/{comment.pk}/flag",
        {"reason": "abusive"},
    ).status_code


def settled(email: str, name: str) -> User:
    return make_user(email, name, date_joined=timezone.now() - timedelta(days=30))


def page_flag(client: Client, comment: Comment) -> int:
    return client.post(
        f"/moderation/comments/{comment.pk}/flag/", {"reason": "abusive"}
    ).status_code


@pytest.fixture
def comment(post: Post, participant: User) -> Comment:
    return comment_as(post, participant, "Something people object to.")


def test_one_cookie_less_client_cannot_hide_a_comment_but_asks_for_a_review(
    comment: Comment, moderator: User
) -> None:
    assert [api_flag(Client(), comment) for _ in range(5)] == [201] * 5

    assert Comment.objects.get(pk=comment.pk).status == Status.APPROVED
    reviewer = Client()
    reviewer.force_login(moderator)
    waiting = [item.comment for item in reviewer.get("/moderation/").context["items"]]
    assert waiting == [comment]
    reviewer.post("/moderation/", {"one": f"approve:{comment.pk}"})
    assert reviewer.get("/moderation/").context["items"] == []


def test_guests_in_many_browsers_cannot_hide_a_comment(comment: Comment) -> None:
    for _ in range(5):
        assert page_flag(Client(), comment) == 302

    assert Comment.objects.get(pk=comment.pk).status == Status.APPROVED


def test_three_settled_members_hide_a_comment(comment: Comment) -> None:
    for n in range(3):
        client = Client()
        client.force_login(settled(f"reader{n}@example.org", f"Reader {n}"))
        assert page_flag(client, comment) == 302

    assert Comment.objects.get(pk=comment.pk).status == Status.PENDING


def test_new_accounts_count_half(comment: Comment) -> None:
    readers = [make_user(f"new{n}@example.org", f"New {n}") for n in range(6)]
    for n, reader in enumerate(readers):
        client = Client()
        client.force_login(reader)
        page_flag(client, comment)
        hidden = Comment.objects.get(pk=comment.pk).status == Status.PENDING
        assert hidden == (n == 5), n


def test_reports_never_hide_a_comment_by_the_discussions_staff(
    post: Post, editor: User, admin_user: User
) -> None:
    for author in (editor, admin_user):
        staff_comment = comment_as(post, author, f"Our answer, from {author.display_name}.")
        for n in range(4):
            client = Client()
            client.force_login(settled(f"r{n}-{author.pk}@example.org", f"Reader {n}"))
            assert page_flag(client, staff_comment) == 302
        assert Comment.objects.get(pk=staff_comment.pk).status == Status.APPROVED


def test_another_organisations_moderators_comment_can_be_hidden(
    post: Post, other_moderator: User
) -> None:
    outside = comment_as(post, other_moderator, "Not staff here.")
    for n in range(3):
        client = Client()
        client.force_login(settled(f"o{n}@example.org", f"Reader {n}"))
        page_flag(client, outside)

    assert Comment.objects.get(pk=outside.pk).status == Status.PENDING


def test_a_guest_who_confirmed_their_address_counts_once_in_any_browser(
    comment: Comment,
) -> None:
    notifications.follow_as_guest(email="gwen@example.net", target=Target.SITE, target_id=0)
    recipient = Recipient.objects.get(email="gwen@example.net")
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.post(urlsplit(confirm_url(recipient.pk)).path)

    assert page_flag(browsers[0], comment) == 302
    assert page_flag(browsers[1], comment) == 409
    flag = comment.flags.get()
    assert (flag.reporter, flag.weight) == ("email:gwen@example.net", 0.5)


def test_the_limit_per_address_holds_for_cookie_less_clients(
    post: Post, participant: User, settings: Settings
) -> None:
    settings.PARLEY_FLAG_RATE = "2/60"
    targets = [comment_as(post, participant, f"Comment {n}.") for n in range(3)]

    assert [api_flag(Client(), target) for target in targets] == [201, 201, 429]
