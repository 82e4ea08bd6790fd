"""A block belongs to the organisation whose moderator made it: it applies in that
organisation's discussions only, and only its moderators (and site staff) see whom it
blocks or lift it. Site staff's blocks apply across the whole site."""

from datetime import datetime, timedelta

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.moderation import blocks
from parley.moderation.models import Block
from parley.organisations.models import Organisation
from tests.builders import comment_as

GUS = discussions.Author(name="Gus Guest", email="gus@example.net", ip="192.0.2.10")


def a_week() -> datetime:
    return timezone.now() + timedelta(days=7)


@pytest.fixture
def elsewhere_post(other_organisation: Organisation, other_moderator: User) -> Post:
    return blog.create_post(
        author=other_moderator,
        organisation=other_organisation,
        title="Bins on Tuesdays",
        body="Tell us what you think.",
        status=Post.Status.PUBLISHED,
        tags=["bins"],
    )


@pytest.fixture
def gus_blocked_elsewhere(other_moderator: User) -> Block:
    return blocks.block(
        moderator=other_moderator,
        kind="email",
        email="gus@example.net",
        reason="Spam about bins",
        until=a_week(),
    )


def test_a_block_applies_only_in_its_own_organisations_discussions(
    gus_blocked_elsewhere: Block, post: Post, elsewhere_post: Post, other_organisation: Organisation
) -> None:
    assert gus_blocked_elsewhere.organisation == other_organisation
    with pytest.raises(discussions.CommentRejected):
        comment_as(elsewhere_post, GUS, "Bins!")

    assert comment_as(post, GUS, "On another organisation's post.").pk


def test_another_organisations_moderator_does_not_see_a_blocked_guests_address(
    gus_blocked_elsewhere: Block, moderator: User, client: Client
) -> None:
    client.force_login(moderator)

    for page in ("/moderation/blocks/", "/moderation/log/", "/moderation/log.csv"):
        response = client.get(page)
        if isinstance(response, StreamingHttpResponse):
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        assert b"gus@example.net" not in body, page


def test_another_organisations_moderator_cannot_lift_a_block(
    gus_blocked_elsewhere: Block, moderator: User, client: Client
) -> None:
    client.force_login(moderator)

    response = client.post(f"/moderation/blocks/{gus_blocked_elsewhere.pk}/lift/")

    assert response.status_code == 404
    assert Block.objects.get().lifted_at is None
    with pytest.raises(blocks.BlockRejected) as refused:
        blocks.lift(block=gus_blocked_elsewhere, moderator=moderator)
    assert refused.value.status == 403


def test_the_organisations_own_moderator_sees_and_lifts_its_block(
    gus_blocked_elsewhere: Block, other_moderator: User, client: Client
) -> None:
    client.force_login(other_moderator)
    assert b"gus@example.net" in client.get("/moderation/blocks/").content

    client.post(f"/moderation/blocks/{gus_blocked_elsewhere.pk}/lift/")

    assert Block.objects.get().lifted_at is not None


def test_site_staff_see_every_block_and_lift_any(
    gus_blocked_elsewhere: Block, admin_user: User, client: Client
) -> None:
    client.force_login(admin_user)
    assert b"gus@example.net" in client.get("/moderation/blocks/").content

    client.post(f"/moderation/blocks/{gus_blocked_elsewhere.pk}/lift/")

    assert Block.objects.get().lifted_at is not None


def test_a_moderator_cannot_block_for_another_organisation_or_the_whole_site(
    moderator: User, other_organisation: Organisation, client: Client
) -> None:
    for where in (other_organisation, None):
        with pytest.raises(blocks.BlockRejected) as refused:
            blocks.block(
                moderator=moderator,
                kind="email",
                email="gus@example.net",
                reason="Spam",
                until=a_week(),
                organisation=where,
            )
        assert refused.value.status == 403
    client.force_login(moderator)
    response = client.post(
        "/moderation/blocks/",
        {
            "kind": "email",
            "email": "gus@example.net",
            "reason": "Spam",
            "days": "7",
            "organisation": other_organisation.slug,
        },
    )
    assert response.status_code == 400
    assert not Block.objects.exists()


def test_site_staffs_blocks_apply_across_the_whole_site(
    admin_user: User, post: Post, elsewhere_post: Post
) -> None:
    block = blocks.block(
        moderator=admin_user, kind="email", email="gus@example.net", reason="Spam", until=a_week()
    )

    assert block.organisation is None
    for where in (post, elsewhere_post):
        with pytest.raises(discussions.CommentRejected):
            comment_as(where, GUS, "Anywhere?")
