"""A retried POST with the same Idempotency-Key makes one comment, never two."""

import json
import threading
import uuid
from typing import TYPE_CHECKING

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services
from parley.discussions.models import Comment
from tests.builders import GUEST, comment_as, post_json

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


def post_comment(
    client: Client, post: Post, key: str | None, body: str = "A careful thought"
) -> "_MonkeyPatchedWSGIResponse":
    headers = {"Idempotency-Key": key} if key else {}
    return post_json(
        client,
        f"/api/v1/discussions/{post.discussion_id}/comments",
        json.dumps({"body": body, **GUEST}),
        headers=headers,
    )


def test_a_retry_with_the_same_key_returns_the_first_comment(client: Client, post: Post) -> None:
    key = str(uuid.uuid4())
    first = post_comment(client, post, key)
    assert first.status_code == 201
    # Much later (past the double-submission window), the client retries after a timeout.
    Comment.objects.update(created_at=Comment.objects.get().created_at.replace(year=2020))
    again = post_comment(client, post, key)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Comment.objects.count() == 1


def test_without_a_key_a_later_repeat_is_a_new_comment(client: Client, post: Post) -> None:
    post_comment(client, post, None)
    Comment.objects.update(created_at=Comment.objects.get().created_at.replace(year=2020))
    assert post_comment(client, post, None).status_code == 201
    assert Comment.objects.count() == 2


def test_a_key_reused_for_other_text_is_refused_naming_it(client: Client, post: Post) -> None:
    key = "my-key-1"
    post_comment(client, post, key, body="First text")
    refused = post_comment(client, post, key, body="Different text")
    assert refused.status_code == 422
    assert "idempotency_key" in refused.json()["errors"]
    assert Comment.objects.count() == 1


def test_one_persons_key_never_finds_anothers_comment(
    post: Post, participant: User, moderator: User
) -> None:
    mine = services.post_comment(
        discussion=post.discussion,
        body="Same words",
        author=services.Author(user=participant),
        idempotency_key="k",
    )
    theirs = services.post_comment(
        discussion=post.discussion,
        body="Same words",
        author=services.Author(user=moderator),
        idempotency_key="k",
    )
    assert theirs.created
    assert theirs.comment.pk != mine.comment.pk


def test_an_overlong_key_is_refused(client: Client, post: Post) -> None:
    response = post_comment(client, post, "x" * 256)
    assert response.status_code == 422
    assert not Comment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_twice_at_once_makes_one_comment(post: Post, participant: User) -> None:
    from django.db import connection

    results: list[services.Posted] = []

    def send() -> None:
        try:
            results.append(
                services.post_comment(
                    discussion=post.discussion,
                    body="Sent twice at once",
                    author=services.Author(user=participant),
                    idempotency_key="same-key",
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert len({posted.comment.pk for posted in results}) == 1
    assert sum(posted.created for posted in results) == 1
    assert Comment.objects.count() == 1
    assert comment_as(post, participant, "Next").number == 2
