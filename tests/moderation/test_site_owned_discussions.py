"""The site's own discussions (the site wiki's pages) belong to no organisation: only site
staff moderate them, and nobody else skips their pre-moderation or rate limits there."""

import pytest
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Discussion, Status
from parley.moderation import services
from tests.builders import comment_as

LINKS = " ".join(f"https://example.net/{n}" for n in range(8))


@pytest.fixture
def site_discussion(db: None) -> Discussion:
    return discussions.create_discussion(
        kind=Discussion.Kind.WIKI,
        title="Writing for the web",
        url="/wiki/site/writing-for-the-web/",
        organisation=None,
    )


@pytest.fixture
def held(site_discussion: Discussion, guest: discussions.Author) -> Comment:
    comment = comment_as(site_discussion, guest, f"Look at these: {LINKS}")
    assert comment.status == Status.PENDING
    return comment


def test_an_organisations_moderator_cannot_moderate_the_sites_discussion(
    held: Comment, moderator: User, editor: User
) -> None:
    for someone in (moderator, editor):
        with pytest.raises(services.NotAllowed):
            services.moderate(comment=held, moderator=someone, action="approve")
        with pytest.raises(services.NotAllowed):
            services.hold_all(discussion=held.discussion, moderator=someone, hold=True)


def test_site_staff_moderate_the_sites_discussion(held: Comment, admin_user: User) -> None:
    services.moderate(comment=held, moderator=admin_user, action="approve")
    assert Comment.objects.get(pk=held.pk).status == Status.APPROVED


def test_the_api_refuses_an_organisations_moderator_a_site_comment(
    held: Comment, moderator: User
) -> None:
    _, token = create_access_token(user=moderator, name="script")
    response = Client().post(
        f"/api/v1/comments/{held.pk}/moderate",
        {"action": "approve"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403
    assert Comment.objects.get(pk=held.pk).status == Status.PENDING


def test_the_hold_page_refuses_an_organisations_moderator_on_a_site_discussion(
    site_discussion: Discussion, moderator: User, client: Client, settings: Settings
) -> None:
    client.force_login(moderator)
    response = client.post(f"/moderation/discussions/{site_discussion.pk}/hold/", {"hold": "on"})
    assert response.status_code == 403
    assert not Discussion.objects.get(pk=site_discussion.pk).hold_all


def test_the_queue_page_refuses_an_organisations_moderator_a_site_comment(
    held: Comment, moderator: User, client: Client
) -> None:
    client.force_login(moderator)
    assert held not in [item.comment for item in client.get("/moderation/").context["items"]]
    response = client.post("/moderation/", {"one": f"approve:{held.pk}"})
    assert response.status_code == 403
    assert Comment.objects.get(pk=held.pk).status == Status.PENDING


def test_an_organisations_editor_is_pre_moderated_on_the_sites_discussion(
    site_discussion: Discussion, editor: User
) -> None:
    comment = comment_as(site_discussion, editor, f"Look at these: {LINKS}")
    assert comment.status == Status.PENDING


def test_an_organisations_moderator_is_rate_limited_on_the_sites_discussion(
    site_discussion: Discussion, moderator: User, settings: Settings
) -> None:
    settings.PARLEY_COMMENT_RATE = "2/60"
    comment_as(site_discussion, moderator, "One.")
    comment_as(site_discussion, moderator, "Two.")
    with pytest.raises(discussions.CommentRejected):
        comment_as(site_discussion, moderator, "Three.")


def test_site_staff_are_not_pre_moderated_on_the_sites_discussion(
    site_discussion: Discussion, admin_user: User
) -> None:
    comment = comment_as(site_discussion, admin_user, f"Look at these: {LINKS}")
    assert comment.status == Status.APPROVED
