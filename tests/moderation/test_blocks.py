"""Moderators suspend accounts and block guests for a time; the blocked are told why."""

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment
from parley.moderation import blocks
from parley.moderation.models import Block, ModerationAction
from tests.builders import comment_as

GUEST = {"author_name": "Gus Guest", "author_email": "gus@example.net", "body": "Hello again"}


def a_week() -> datetime:
    return timezone.now() + timedelta(days=7)


def test_a_suspended_account_cannot_comment_and_is_told_why(
    signed_in: Callable[[User], Client], post: Post, participant: User, moderator: User
) -> None:
    blocks.block(
        moderator=moderator,
        kind="user",
        user=participant,
        reason="Personal attacks",
        until=a_week(),
    )

    response = signed_in(participant).post(post.get_absolute_url(), {"body": "Let me back in"})

    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot comment until" in page
    assert "Personal attacks" in page
    assert "Let me back in" in page  # what they typed is kept
    assert not Comment.objects.exists()


def test_a_blocked_guest_e_mail_address_cannot_comment(
    client: Client, post: Post, moderator: User
) -> None:
    blocks.block(
        moderator=moderator, kind="email", email=" GUS@Example.net ", reason="Spam", until=a_week()
    )

    response = client.post(post.get_absolute_url(), GUEST)

    assert response.status_code == 403
    assert "You cannot comment until" in response.content.decode()
    assert not Comment.objects.exists()
    assert Block.objects.get().email == "gus@example.net"


def test_a_blocked_ip_range_stops_guests_posting_from_inside_it(
    post: Post, moderator: User
) -> None:
    blocks.block(
        moderator=moderator, kind="network", network="192.0.2.99/24", reason="Spam", until=a_week()
    )
    inside = discussions.Author(name="Gus", email="gus@example.net", ip="192.0.2.10")
    outside = discussions.Author(name="Olga", email="olga@example.net", ip="198.51.100.10")

    with pytest.raises(discussions.CommentRejected) as refused:
        comment_as(post, inside, "From inside the range")

    assert refused.value.status == 403
    assert Block.objects.get().network == "192.0.2.0/24"
    assert comment_as(post, outside, "From elsewhere").pk


def test_an_expired_block_no_longer_applies(
    signed_in: Callable[[User], Client], post: Post, participant: User, moderator: User
) -> None:
    Block.objects.create(
        kind="user",
        user=participant,
        reason="Cooling off",
        until=timezone.now() - timedelta(minutes=1),
        created_by=moderator,
    )

    response = signed_in(participant).post(post.get_absolute_url(), {"body": "I am back"})

    assert response.status_code == 302
    assert Comment.objects.get().body_markdown == "I am back"
    assert list(blocks.active_blocks(moderator)) == []


def test_lifting_a_block_lets_the_person_comment_again_and_is_logged(
    client: Client, post: Post, participant: User, moderator: User
) -> None:
    block = blocks.block(
        moderator=moderator, kind="user", user=participant, reason="Heated", until=a_week()
    )
    client.force_login(moderator)

    response = client.post(f"/moderation/blocks/{block.pk}/lift/", follow=True)

    assert "Lifted the block on Mina Member" in response.content.decode()
    block.refresh_from_db()
    assert block.lifted_at is not None
    assert list(ModerationAction.objects.order_by("pk").values_list("note", flat=True)) == [
        "Account: Mina Member, until " + f"{timezone.localtime(block.until):%-d %B %Y at %H:%M}",
        "Lifted",
    ]
    assert list(ModerationAction.objects.order_by("pk").values_list("action", flat=True)) == [
        "block",
        "lift",
    ]
    assert comment_as(post, participant, "Thank you").pk


def test_a_moderator_blocks_a_guest_from_the_page_prefilled_by_the_queue(
    signed_in: Callable[[User], Client], moderator: User
) -> None:
    client = signed_in(moderator)
    form = client.get("/moderation/blocks/?email=gus@example.net").content.decode()
    assert 'value="gus@example.net"' in form
    assert "Nobody is blocked." in form

    response = client.post(
        "/moderation/blocks/",
        {"kind": "email", "email": "gus@example.net", "reason": "Spam links", "days": "30"},
        follow=True,
    )

    page = response.content.decode()
    assert "Blocked gus@example.net" in page
    assert "Spam links" in page
    block = Block.objects.get()
    assert (block.created_by, block.kind) == (moderator, "email")
    assert timedelta(days=29) < block.until - timezone.now() <= timedelta(days=30)
    action = ModerationAction.objects.get()
    assert (action.action, action.block, action.moderator, action.reason) == (
        "block",
        block,
        moderator,
        "Spam links",
    )


def test_the_queue_can_link_to_suspending_an_account(
    signed_in: Callable[[User], Client], moderator: User, participant: User
) -> None:
    client = signed_in(moderator)
    assert (
        "Suspend the account of Mina Member"
        in client.get(f"/moderation/blocks/?user={participant.pk}").content.decode()
    )

    client.post(
        "/moderation/blocks/",
        {"kind": "user", "user": participant.pk, "reason": "Abuse", "days": "1"},
    )

    assert Block.objects.get().user == participant


def test_mistakes_are_shown_beside_their_fields_and_what_was_typed_is_kept(
    signed_in: Callable[[User], Client], moderator: User
) -> None:
    response = signed_in(moderator).post(
        "/moderation/blocks/", {"kind": "network", "network": "not-an-address", "days": "7"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter an IP address or range" in page
    assert "Enter the reason" in page
    assert 'value="not-an-address"' in page
    assert not Block.objects.exists()


def test_a_range_too_wide_is_refused(moderator: User) -> None:
    with pytest.raises(blocks.BlockRejected) as refused:
        blocks.block(
            moderator=moderator, kind="network", network="10.0.0.0/8", reason="x", until=a_week()
        )

    assert set(refused.value.errors) == {"network"}


def test_a_block_must_end_in_the_future(moderator: User) -> None:
    with pytest.raises(blocks.BlockRejected) as refused:
        blocks.block(
            moderator=moderator,
            kind="email",
            email="gus@example.net",
            reason="Spam",
            until=timezone.now() - timedelta(seconds=1),
        )

    assert refused.value.errors == {"until": ["The block must end in the future"]}


def test_only_moderators_may_block(
    client: Client, signed_in: Callable[[User], Client], participant: User, outsider: User
) -> None:
    assert client.get("/moderation/blocks/").status_code == 302
    assert signed_in(participant).get("/moderation/blocks/").status_code == 403
    with pytest.raises(blocks.BlockRejected) as refused:
        blocks.block(
            moderator=participant, kind="user", user=outsider, reason="Because", until=a_week()
        )
    assert refused.value.status == 403
    assert not Block.objects.exists()


def test_a_moderator_cannot_suspend_a_site_administrator(moderator: User, admin_user: User) -> None:
    with pytest.raises(blocks.BlockRejected) as refused:
        blocks.block(
            moderator=moderator, kind="user", user=admin_user, reason="Revenge", until=a_week()
        )

    assert set(refused.value.errors) == {"user"}
