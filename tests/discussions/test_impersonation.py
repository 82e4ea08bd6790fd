"""Staff comments carry their role; guests cannot borrow a staff name or link to the
site's own pages (issue 18, item 5)."""

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services
from parley.discussions.models import Comment
from parley.organisations.models import Organisation
from tests.builders import comment_as

GUEST = {"author_name": "Gus Guest", "author_email": "gus@example.net", "author_url": ""}


def test_an_editors_and_a_moderators_comments_carry_their_role(
    post: Post, editor: User, moderator: User, participant: User, organisation: Organisation
) -> None:
    comment_as(post, editor, "From the editor")
    comment_as(post, moderator, "From the moderator")
    comment_as(post, participant, "From a member")
    page = Client().get(post.get_absolute_url()).content.decode()
    assert f"Editor, {organisation.name}</strong>" in page
    assert f"Moderator, {organisation.name}</strong>" in page
    assert page.count("parley-comment__role") == 2


def test_site_staff_comments_say_so(post: Post, admin_user: User) -> None:
    comment_as(post, admin_user, "From the site's staff")
    assert "Site staff</strong>" in Client().get(post.get_absolute_url()).content.decode()


def test_a_role_elsewhere_gives_no_badge_here(post: Post, other_moderator: User) -> None:
    comment_as(post, other_moderator, "Not my organisation")
    assert "parley-comment__role" not in Client().get(post.get_absolute_url()).content.decode()


def test_a_comment_posted_with_javascript_shows_its_badge(
    signed_in: Callable[[User], Client], post: Post, editor: User
) -> None:
    response = signed_in(editor).post(
        post.get_absolute_url(), {"body": "Quick answer"}, HTTP_X_PARLEY_FRAGMENT="1"
    )
    assert response.status_code == 201
    assert "parley-comment__role" in response.content.decode()


@pytest.mark.parametrize("name", ["Edith Editor", "\u0415dith Editor", "EDITH  EDITOR"])
def test_a_guest_cannot_comment_under_an_editors_name(
    client: Client, post: Post, name: str
) -> None:
    response = client.post(post.get_absolute_url(), {**GUEST, "author_name": name, "body": "Hi"})
    assert response.status_code == 400
    assert "looks like a member of staff" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/people/1/",
        "https://LOCALHOST/people/1/",
        "http://127.0.0.1/",
        "https://www.localhost/",
    ],
)
def test_a_guests_website_cannot_point_into_this_site(
    client: Client, post: Post, editor: User, settings: Settings, url: str
) -> None:
    settings.PARLEY_SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]  # as in the tests
    response = client.post(post.get_absolute_url(), {**GUEST, "author_url": url, "body": "Hi"})
    assert response.status_code == 400
    assert "your own website" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_guests_own_website_is_linked(client: Client, post: Post) -> None:
    client.post(
        post.get_absolute_url(), {**GUEST, "author_url": "https://gus.example/", "body": "Hi"}
    )
    assert Comment.objects.get().author_url == "https://gus.example/"


def test_the_service_refuses_a_same_site_website_from_the_api_too(
    post: Post, settings: Settings
) -> None:
    settings.PARLEY_SITE_URL = "https://parley.example"
    author = services.Author(
        name="Gus", email="gus@example.net", url="https://parley.example/people/1/"
    )
    with pytest.raises(services.CommentRejected) as refused:
        services.post_comment(discussion=post.discussion, body="Hi", author=author)
    assert "author_url" in refused.value.errors
    assert User.objects.count() == 1  # only the editor of the post fixture
