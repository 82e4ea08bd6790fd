from collections.abc import Callable
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions.models import Comment, Status
from parley.guidance.models import Clause
from parley.organisations.models import Organisation
from tests.builders import make_user
from tests.feeds.conftest import parse


def add_posts(editor: User, organisation: Organisation, count: int) -> None:
    for n in range(count):
        blog.create_post(
            author=editor,
            organisation=organisation,
            title=f"Post {n}",
            body=f"Body {n}",
            status=Post.Status.PUBLISHED,
            tags=["guidance", f"tag-{n}"],
        )


def add_comments(discussion_id: int, people: list[User], count: int, start: int) -> None:
    """Approved comments straight into the table (the services' rules are not under test)."""
    Comment.objects.bulk_create(
        Comment(
            discussion_id=discussion_id,
            number=start + n,
            path=f"{start + n:07d}",
            user=people[n % len(people)],
            body_markdown="Hello",
            body_html="<p>Hello</p>",
            status=Status.APPROVED,
            created_at=timezone.now(),
        )
        for n in range(count)
    )


def queries_for(
    client: Client, url: str, django_assert_max_num_queries: Callable[..., Any], limit: int
) -> int:
    with django_assert_max_num_queries(limit) as captured:
        parse(client, url)
    return len(captured)


@pytest.mark.parametrize("name", ["blog:feed", "blog:tag_feed", "blog:organisation_feed"])
def test_post_feeds_cost_the_same_for_3_or_30_posts(
    client: Client,
    editor: User,
    organisation: Organisation,
    clause: Clause,
    name: str,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    args = {"blog:feed": [], "blog:tag_feed": ["guidance"], "blog:organisation_feed": ["testing"]}
    url = reverse(name, args=args[name])
    add_posts(editor, organisation, 3)
    few = queries_for(client, url, django_assert_max_num_queries, 10)
    add_posts(editor, organisation, 27)
    many = queries_for(client, url, django_assert_max_num_queries, 10)
    assert many == few
    assert len(parse(client, url).entries) == 30 + (name == "blog:organisation_feed")


def test_comment_feeds_cost_the_same_for_3_or_30_comments(
    client: Client,
    post: Post,
    clause: Clause,
    participant: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    people = [participant, *(make_user(f"p{n}@example.org", f"Person {n}") for n in range(5))]
    version = clause.version
    urls = [
        reverse("blog:comments_feed", args=[post.slug]),
        reverse(
            "guidance:clause_feed", args=[version.document.slug, version.number, clause.number]
        ),
        reverse("people:feed", args=[participant.pk]),
    ]
    add_comments(post.discussion_id, people, 3, 1)
    add_comments(clause.discussion_id, people, 3, 1)
    few = [queries_for(client, url, django_assert_max_num_queries, 8) for url in urls]
    add_comments(post.discussion_id, people, 27, 4)
    add_comments(clause.discussion_id, people, 27, 4)
    many = [queries_for(client, url, django_assert_max_num_queries, 8) for url in urls]
    assert many == few
    assert len(parse(client, urls[0]).entries) == 30


def test_the_sitemap_and_a_person_page_cost_the_same_for_3_or_30_rows(
    client: Client,
    editor: User,
    organisation: Organisation,
    post: Post,
    participant: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    def count(url: str) -> int:
        with django_assert_max_num_queries(12) as captured:
            response = client.get(url)
            assert response.status_code == 200
            if isinstance(response, StreamingHttpResponse):
                b"".join(response)
        return len(captured)

    person = reverse("people:person", args=[participant.pk])
    add_posts(editor, organisation, 3)
    add_comments(post.discussion_id, [participant], 3, 1)
    few = (count("/sitemap.xml"), count("/sitemaps/posts/1.xml"), count(person))
    add_posts(editor, organisation, 27)
    add_comments(post.discussion_id, [participant], 27, 4)
    assert (count("/sitemap.xml"), count("/sitemaps/posts/1.xml"), count(person)) == few
