"""Liking comments through the API: signed in, once per person, undone by DELETE."""

from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.organisations.models import Organisation
from tests.builders import bearer, comment_as


def like_url(comment_id: int) -> str:
    return f"/api/v1/comments/{comment_id}/like"


def test_liking_twice_counts_once_and_unliking_takes_it_back(
    client: Client, post: Post, moderator: User, participant: User, token_for: Callable[[User], str]
) -> None:
    comment = comment_as(post, moderator, "Worth a like.")
    headers = bearer(token_for(participant))

    first = client.post(like_url(comment.pk), headers=headers)
    again = client.post(like_url(comment.pk), headers=headers)
    shown = client.get(f"/api/v1/discussions/{post.discussion_id}/comments").json()["items"][0]
    undone = client.delete(like_url(comment.pk), headers=headers)
    undone_again = client.delete(like_url(comment.pk), headers=headers)

    assert first.status_code == 200
    assert first.json() == {"liked": True, "like_count": 1}
    assert again.json() == {"liked": True, "like_count": 1}
    assert shown["like_count"] == 1
    assert undone.status_code == 200
    assert undone.json() == {"liked": False, "like_count": 0}
    assert undone_again.json() == {"liked": False, "like_count": 0}


def test_likes_from_different_people_add_up(
    client: Client,
    post: Post,
    moderator: User,
    participant: User,
    outsider: User,
    token_for: Callable[[User], str],
) -> None:
    comment = comment_as(post, moderator, "Popular.")

    client.post(like_url(comment.pk), headers=bearer(token_for(participant)))
    client.force_login(outsider)
    response = client.post(like_url(comment.pk))

    assert response.json() == {"liked": True, "like_count": 2}


def test_anonymous_callers_cannot_like(client: Client, post: Post, moderator: User) -> None:
    comment = comment_as(post, moderator, "Worth a like.")

    assert client.post(like_url(comment.pk)).status_code == 401
    assert client.delete(like_url(comment.pk)).status_code == 401
    comment.refresh_from_db()
    assert comment.like_count == 0


def test_an_unknown_comment_is_not_found(
    client: Client, participant: User, token_for: Callable[[User], str]
) -> None:
    response = client.post(like_url(999_999), headers=bearer(token_for(participant)))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found", "errors": {}}


def test_a_comment_awaiting_moderation_cannot_be_liked(
    client: Client,
    post: Post,
    guest: discussions.Author,
    participant: User,
    token_for: Callable[[User], str],
) -> None:
    pending = comment_as(post, guest, "Not shown yet.")

    response = client.post(like_url(pending.pk), headers=bearer(token_for(participant)))

    assert response.status_code == 409
    assert set(response.json()["errors"]) == {"comment"}
    pending.refresh_from_db()
    assert pending.like_count == 0


def test_a_comment_on_a_draft_post_is_not_found(
    client: Client,
    editor: User,
    organisation: Organisation,
    participant: User,
    token_for: Callable[[User], str],
) -> None:
    draft = blog.create_post(
        author=editor, organisation=organisation, title="Draft", body="Text.", status="draft"
    )
    comment = comment_as(draft, editor, "Editor's note.")

    response = client.post(like_url(comment.pk), headers=bearer(token_for(participant)))

    assert response.status_code == 404
