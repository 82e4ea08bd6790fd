"""A person's page shows fifty comments a page, and every feed at most FEED_LENGTH entries
(issue 23): neither grows with the person's or the site's comments."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.people_views import PER_PAGE
from parley.syndication import FEED_LENGTH
from tests.feeds.conftest import parse
from tests.feeds.test_feed_queries_do_not_grow_with_entries import add_comments


def test_a_person_page_costs_the_same_queries_for_3_or_120_comments(
    client: Client,
    post: Post,
    participant: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    person = reverse("people:person", args=[participant.pk])

    def count(url: str) -> int:
        with django_assert_max_num_queries(12) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add_comments(post.discussion_id, [participant], 3, 1)
    few = count(person)
    add_comments(post.discussion_id, [participant], 117, 4)
    assert count(person) == few
    assert count(f"{person}?page=3") == few
    first = client.get(person).content.decode()
    assert first.count('class="parley-prose"') == PER_PAGE
    assert f'href="{person}?page=2"' in first


@pytest.mark.parametrize("page", ["3", "0", "x"])
def test_a_person_page_past_the_end_or_not_a_number_is_not_found(
    client: Client, post: Post, participant: User, page: str
) -> None:
    add_comments(post.discussion_id, [participant], 60, 1)
    person = reverse("people:person", args=[participant.pk])
    assert client.get(person, {"page": page}).status_code == 404


def test_comment_feeds_hold_at_most_feed_length_entries(
    client: Client, post: Post, participant: User
) -> None:
    add_comments(post.discussion_id, [participant], FEED_LENGTH + 10, 1)
    for url in (
        reverse("people:feed", args=[participant.pk]),
        reverse("blog:comments_feed", args=[post.slug]),
    ):
        assert len(parse(client, url).entries) == FEED_LENGTH
