"""Who the API thinks is calling: a token, a session with its CSRF token, or nobody."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from parley.accounts.models import AccessToken, User
from parley.accounts.services import revoke_access_token
from parley.blog.models import Post
from parley.discussions.models import Comment
from tests.builders import bearer, comment_as, csrf_client, post_json


def comments_url(post: Post) -> str:
    return f"/api/v1/discussions/{post.discussion_id}/comments"


def test_a_session_post_without_the_csrf_token_is_refused(post: Post, participant: User) -> None:
    client, _ = csrf_client(participant)

    response = client.post(comments_url(post), {"body": "Hi."}, content_type="application/json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert response.json()["errors"] == {}
    assert not Comment.objects.exists()


def test_a_session_post_with_the_csrf_token_comments_as_that_person(
    post: Post, participant: User
) -> None:
    client, csrf_token = csrf_client(participant)

    response = post_json(
        client,
        comments_url(post),
        {"body": "Hi."},
        headers={"X-CSRFToken": csrf_token},
    )

    assert response.status_code == 201
    assert Comment.objects.get().user == participant


def test_a_session_like_needs_the_csrf_token_too(
    post: Post, participant: User, moderator: User
) -> None:
    comment = comment_as(post, moderator, "Like me.")
    client, csrf_token = csrf_client(participant)

    refused = client.post(f"/api/v1/comments/{comment.pk}/like")
    accepted = client.post(
        f"/api/v1/comments/{comment.pk}/like", headers={"X-CSRFToken": csrf_token}
    )

    assert refused.status_code == 403
    assert accepted.status_code == 200


def test_a_session_read_needs_no_csrf_token(post: Post, participant: User) -> None:
    client, _ = csrf_client(participant)

    assert client.get(comments_url(post)).status_code == 200


def test_a_token_needs_no_csrf_token(
    post: Post, participant: User, token_for: Callable[[User], str]
) -> None:
    client = Client(enforce_csrf_checks=True)

    response = post_json(
        client,
        comments_url(post),
        {"body": "Hi."},
        headers=bearer(token_for(participant)),
    )

    assert response.status_code == 201
    assert Comment.objects.get().user == participant


def test_a_guest_needs_no_csrf_token(post: Post) -> None:
    client = Client(enforce_csrf_checks=True)

    response = post_json(
        client,
        comments_url(post),
        {"body": "Hi.", "author_name": "Gus", "author_email": "gus@example.net"},
    )

    assert response.status_code == 201


def test_a_token_records_when_it_was_last_used(
    client: Client, post: Post, participant: User, token_for: Callable[[User], str]
) -> None:
    raw = token_for(participant)

    client.get("/api/v1/posts", headers=bearer(raw))

    assert AccessToken.objects.get(user=participant).last_used_at is not None


def test_last_used_is_written_once_a_minute_not_on_every_request(
    client: Client, post: Post, participant: User, token_for: Callable[[User], str]
) -> None:
    raw = token_for(participant)
    client.get("/api/v1/posts", headers=bearer(raw))
    first = AccessToken.objects.get(user=participant).last_used_at
    client.get("/api/v1/posts", headers=bearer(raw))
    assert AccessToken.objects.get(user=participant).last_used_at == first

    two_minutes_ago = timezone.now() - timedelta(minutes=2)
    AccessToken.objects.filter(user=participant).update(last_used_at=two_minutes_ago)
    client.get("/api/v1/posts", headers=bearer(raw))
    last_used_at = AccessToken.objects.get(user=participant).last_used_at
    assert last_used_at is not None
    assert last_used_at > two_minutes_ago


def revoke(token: AccessToken) -> None:
    revoke_access_token(token=token)


def expire(token: AccessToken) -> None:
    AccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))


def deactivate(token: AccessToken) -> None:
    User.objects.filter(pk=token.user_id).update(is_active=False)


@pytest.mark.parametrize("spoil", [revoke, expire, deactivate], ids=lambda f: f.__name__)
def test_a_revoked_or_expired_token_is_refused_even_where_guests_are_welcome(
    client: Client,
    post: Post,
    participant: User,
    token_for: Callable[[User], str],
    spoil: Callable[[AccessToken], None],
) -> None:
    headers = bearer(token_for(participant))
    spoil(AccessToken.objects.get(user=participant))

    writing = post_json(
        client,
        comments_url(post),
        {"body": "Hi.", "author_name": "Mina", "author_email": "mina@example.org"},
        headers=headers,
    )
    reading = client.get("/api/v1/posts", headers=headers)
    liking = client.post("/api/v1/comments/1/like", headers=headers)

    for response in [writing, reading, liking]:
        assert response.status_code == 401
        assert "token" in response.json()["detail"]
        assert response.json()["errors"] == {}
    assert not Comment.objects.exists()


def test_a_made_up_token_is_refused(client: Client, post: Post) -> None:
    response = client.get("/api/v1/posts", headers=bearer("parley_madeup"))

    assert response.status_code == 401
