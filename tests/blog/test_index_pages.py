"""The blog's lists come a page at a time (issue 23): each page costs the same queries
however many posts there are, and a page past the end or not a number is not found."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from parley.organisations.models import Organisation
from tests.feeds.test_feed_queries_do_not_grow_with_entries import add_posts

LISTS = ["/blog/", "/blog/tags/guidance/", "/blog/archive/"]


def test_the_blog_lists_cost_the_same_queries_for_3_or_60_posts(
    client: Client,
    editor: User,
    organisation: Organisation,
    settings: Settings,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    settings.PARLEY_POSTS_PER_PAGE = 10
    organisation_list = f"/blog/organisations/{organisation.slug}/"

    def counts() -> list[int]:
        found = []
        for url in [*LISTS, organisation_list]:
            with django_assert_max_num_queries(12) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured))
        return found

    add_posts(editor, organisation, 3)
    few = counts()
    add_posts(editor, organisation, 57)
    assert counts() == few
    second = client.get("/blog/?page=2").content.decode()
    assert 'href="/blog/?page=6"' in second  # the last page
    assert 'href="/blog/?page=4"' not in second  # pages far from this one are elided


@pytest.mark.parametrize("page", ["9", "0", "two", "１"])
@pytest.mark.parametrize("url", LISTS)
def test_a_blog_page_past_the_end_or_not_a_number_is_not_found(
    client: Client, editor: User, organisation: Organisation, url: str, page: str
) -> None:
    add_posts(editor, organisation, 3)
    assert client.get(url, {"page": page}).status_code == 404
