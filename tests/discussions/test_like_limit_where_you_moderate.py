"""Only those who moderate a comment's discussion skip the like rate limit there: another
organisation's moderator is counted like anyone, and on the site's own discussions only
site staff skip it (issue 18, the same rule as pre-moderation)."""

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Discussion
from tests.builders import comment_as


@pytest.fixture(autouse=True)
def _two_likes_a_minute(settings: Settings) -> None:
    settings.PARLEY_LIKE_RATE = "2/60"


@pytest.fixture
def site_comment(participant: User) -> Comment:
    discussion = discussions.create_discussion(
        kind=Discussion.Kind.WIKI,
        title="Writing for the web",
        url="/wiki/site/writing-for-the-web/",
        organisation=None,
    )
    return comment_as(discussion, participant, "Likeable.")


def toggle_four_times_on_the_page(user: User, comment: Comment) -> list[int]:
    client = Client()
    client.force_login(user)
    return [client.post(f"/comments/{comment.pk}/like/").status_code for _ in range(4)]


def toggle_four_times_through_the_api(user: User, comment: Comment) -> list[int]:
    _, token = create_access_token(user=user, name="script")
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/comments/{comment.pk}/like"
    client = Client()
    return [
        (client.post if n % 2 == 0 else client.delete)(url, headers=headers).status_code
        for n in range(4)
    ]


type Toggle = Callable[[User, Comment], list[int]]
TOGGLERS: list[Toggle] = [toggle_four_times_on_the_page, toggle_four_times_through_the_api]


@pytest.mark.parametrize("toggle", TOGGLERS)
def test_another_organisations_moderator_is_limited_on_this_organisations_comments(
    toggle: Toggle, post: Post, participant: User, other_moderator: User
) -> None:
    comment = comment_as(post, participant, "Likeable.")
    assert toggle(other_moderator, comment)[2:] == [429, 429]


@pytest.mark.parametrize("toggle", TOGGLERS)
def test_the_discussions_own_moderator_is_not_limited(
    toggle: Toggle, post: Post, participant: User, moderator: User
) -> None:
    comment = comment_as(post, participant, "Likeable.")
    assert 429 not in toggle(moderator, comment)


@pytest.mark.parametrize("toggle", TOGGLERS)
def test_an_organisations_moderator_is_limited_on_the_sites_own_discussions(
    toggle: Toggle, site_comment: Comment, moderator: User
) -> None:
    assert toggle(moderator, site_comment)[2:] == [429, 429]


@pytest.mark.parametrize("toggle", TOGGLERS)
def test_site_staff_are_not_limited_on_the_sites_own_discussions(
    toggle: Toggle, site_comment: Comment, admin_user: User
) -> None:
    assert 429 not in toggle(admin_user, site_comment)
