from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Discussion
from parley.guidance.models import Clause


def page_urls(post: Post, clause: Clause) -> list[str]:
    version = clause.version
    return [
        reverse("blog:index"),
        post.get_absolute_url(),
        version.document.get_absolute_url(),
        version.get_absolute_url(),
        clause.get_absolute_url(),
        reverse("blog:feed"),
        reverse("blog:comments_feed", args=[post.slug]),
        reverse("guidance:feed", args=[version.document.slug]),
        reverse(
            "guidance:clause_feed", args=[version.document.slug, version.number, clause.number]
        ),
    ]


def test_a_repeat_request_with_the_etag_gets_304_and_no_body(
    client: Client, post: Post, clause: Clause, commented: dict[str, Any]
) -> None:
    for url in page_urls(post, clause):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first.headers["Cache-Control"] == "no-cache", url
        again = client.get(url, headers={"if-none-match": first.headers["ETag"]})
        assert again.status_code == 304, url
        assert again.content == b"", url


def test_signed_in_people_always_get_the_whole_page(
    signed_in: Any, post: Post, clause: Clause, participant: User
) -> None:
    client = signed_in(participant)
    for url in page_urls(post, clause)[:5]:
        response = client.get(url, headers={"if-none-match": "*"})
        assert response.status_code == 200, url
        assert "ETag" not in response.headers, url
        assert "Sign out" in response.content.decode(), url


def test_a_guest_who_has_just_commented_gets_the_whole_page(client: Client, post: Post) -> None:
    """Their comment awaits moderation and only they can see it: the page is theirs."""
    first = client.get(post.get_absolute_url())
    posted = client.post(
        post.get_absolute_url(),
        {"body": "A first comment", "author_name": "Gus Guest", "author_email": "gus@example.net"},
    )
    assert posted.status_code == 302
    again = client.get(post.get_absolute_url(), headers={"if-none-match": first.headers["ETag"]})
    assert again.status_code == 200
    assert "A first comment" in again.content.decode()


def test_if_modified_since_is_answered_from_the_last_change(
    client: Client, post: Post, participant: User
) -> None:
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Post.objects.filter(pk=post.pk).update(updated_at=an_hour_ago, published_at=an_hour_ago)
    Discussion.objects.filter(pk=post.discussion_id).update(last_activity_at=an_hour_ago)
    url = reverse("blog:comments_feed", args=[post.slug])
    first = client.get(url)
    stamp = first.headers["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": stamp}).status_code == 304

    from tests.builders import comment_as

    comment_as(post, participant, "News!")
    changed = client.get(url, headers={"if-modified-since": stamp})
    assert changed.status_code == 200
    assert "News!" in changed.content.decode()
    # No date at all while the change's second lasts (a second change in it would look
    # unchanged), then the new one.
    assert changed.headers.get("Last-Modified") != stamp


@pytest.mark.parametrize("method", ["post", "put"])
def test_unsafe_methods_are_never_answered_not_modified(
    client: Client, post: Post, method: str
) -> None:
    etag = client.get(post.get_absolute_url()).headers["ETag"]
    response = getattr(client, method)(post.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code != 304


def test_a_page_cached_before_the_csrf_cookie_changed_is_sent_again(
    client: Client, post: Post
) -> None:
    """Its comment form's token would no longer match the browser's cookie."""
    first = client.get(post.get_absolute_url())
    etag = first.headers["ETag"]
    assert client.get(post.get_absolute_url(), headers={"if-none-match": etag}).status_code == 304
    client.cookies["csrftoken"] = "x" * 32
    response = client.get(post.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
