"""Reading posts: the public list, a page at a time, and one post in full."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.api.pagination import cursor_after
from parley.api.posts import ORDER
from parley.blog import services as blog
from parley.blog.models import Post
from parley.organisations.models import Organisation
from tests.builders import comment_as


def write(editor: User, organisation: Organisation, title: str, **extra: Any) -> Post:
    options: dict[str, Any] = {"status": Post.Status.PUBLISHED, **extra}
    return blog.create_post(
        author=editor,
        organisation=organisation,
        title=title,
        body=f"The text of {title}.",
        **options,
    )


def test_list_shows_public_posts_newest_first_with_counts_and_absolute_urls(
    client: Client, editor: User, organisation: Organisation, post: Post, moderator: User
) -> None:
    older = write(editor, organisation, "An older post")
    Post.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=3))
    comment_as(post, moderator, "A first comment.")
    write(editor, organisation, "A draft", status=Post.Status.DRAFT)
    write(
        editor,
        organisation,
        "Scheduled for later",
        status=Post.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )

    response = client.get("/api/v1/posts")

    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    assert [item["slug"] for item in body["items"]] == [post.slug, older.slug]
    first = body["items"][0]
    assert set(first) >= {"slug", "title", "published_at", "comment_count", "like_count", "url"}
    assert first["title"] == post.title
    assert first["comment_count"] == 1
    assert first["like_count"] == 0
    assert first["url"] == f"http://testserver/blog/{post.slug}/"


def test_cursor_pages_through_every_post_once_in_order(
    client: Client, editor: User, organisation: Organisation
) -> None:
    base = timezone.now() - timedelta(days=30)
    posts = [write(editor, organisation, f"Post number {n}") for n in range(23)]
    for n, post in enumerate(posts):
        # Pairs share a publication time, so the page boundary must also order by id.
        Post.objects.filter(pk=post.pk).update(published_at=base + timedelta(hours=n // 2))
    expected = [
        p.slug for p in Post.objects.order_by("-published_at", "-pk").only("slug", "published_at")
    ]

    seen: list[str] = []
    pages = 0
    url = "/api/v1/posts?limit=5"
    while True:
        body = client.get(url).json()
        pages += 1
        assert len(body["items"]) <= 5
        seen.extend(item["slug"] for item in body["items"])
        if body["next"] is None:
            break
        url = f"/api/v1/posts?limit=5&cursor={body['next']}"

    assert pages == 5
    assert seen == expected
    assert len(set(seen)) == 23


def test_a_post_published_after_the_first_page_does_not_shift_the_next_page(
    client: Client, editor: User, organisation: Organisation
) -> None:
    for n in range(4):
        post = write(editor, organisation, f"Early post {n}")
        Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(days=n + 1))
    first = client.get("/api/v1/posts?limit=2").json()

    write(editor, organisation, "Breaking news")
    second = client.get(f"/api/v1/posts?limit=2&cursor={first['next']}").json()

    slugs = [item["slug"] for item in first["items"] + second["items"]]
    assert slugs == ["early-post-0", "early-post-1", "early-post-2", "early-post-3"]
    assert second["next"] is None


def test_limit_defaults_to_twenty(client: Client, editor: User, organisation: Organisation) -> None:
    for n in range(21):
        write(editor, organisation, f"Post {n}")

    body = client.get("/api/v1/posts").json()

    assert len(body["items"]) == 20
    assert body["next"] is not None


@pytest.mark.parametrize("limit", ["0", "101", "many"])
def test_a_limit_outside_one_to_a_hundred_is_refused(client: Client, limit: str) -> None:
    response = client.get(f"/api/v1/posts?limit={limit}")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["limit"]


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor!", "bm90IGpzb24", "WyIyMDI1LTAxLTAxIiwxXQ", "WzEsMl0", "e30"],
    ids=["not base64", "not json", "naive time", "wrong types", "an object"],
)
def test_a_malformed_cursor_is_a_bad_request_naming_the_cursor(client: Client, cursor: str) -> None:
    response = client.get(f"/api/v1/posts?cursor={cursor}")

    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"cursor"}
    assert body["detail"]


def test_a_cursor_from_a_post_is_accepted(client: Client, post: Post) -> None:
    response = client.get(f"/api/v1/posts?cursor={cursor_after(post, ORDER)}")

    assert response.status_code == 200
    assert response.json() == {"items": [], "next": None}


def test_detail_shows_the_whole_post(client: Client, post: Post, moderator: User) -> None:
    comment_as(post, moderator, "Well put.")

    response = client.get(f"/api/v1/posts/{post.slug}")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == post.slug
    assert body["title"] == "Principles for taking part online"
    assert body["url"] == f"http://testserver/blog/{post.slug}/"
    assert "<strong>principles</strong>" in body["body_html"]
    assert body["author"] == {"name": "Edith Editor"}
    assert body["comments_open"] is True
    assert body["discussion"] == post.discussion_id
    assert body["tags"] == ["guidance"]
    assert body["comment_count"] == 1
    assert body["like_count"] == 0
    assert body["published_at"] is not None
    assert "example.org" not in response.content.decode()


def test_detail_of_a_post_whose_author_left_names_the_organisation(
    client: Client, post: Post, editor: User
) -> None:
    editor.delete()

    body = client.get(f"/api/v1/posts/{post.slug}").json()

    assert body["author"] == {"name": "Department for Testing"}


def test_drafts_scheduled_and_unknown_posts_are_not_found(
    client: Client, editor: User, organisation: Organisation
) -> None:
    draft = write(editor, organisation, "Not yet", status=Post.Status.DRAFT)
    later = write(
        editor,
        organisation,
        "Next week",
        status=Post.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=7),
    )

    for slug in [draft.slug, later.slug, "no-such-post"]:
        response = client.get(f"/api/v1/posts/{slug}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found", "errors": {}}
