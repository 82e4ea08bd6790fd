"""A wiki page's history comes a hundred revisions a page (issue 23): each page costs the
same queries however often the page was edited, and a page past the end is not found."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.wiki import services
from parley.wiki.models import Page
from parley.wiki.views import HISTORY_PER_PAGE


def edit(page: Page, editor: User, times: int) -> None:
    for _ in range(times):
        page.refresh_from_db()
        services.edit_page(
            page=page,
            user=editor,
            title=page.title,
            body=f"Revision {page.revision_number + 1}",
            message="",
            base_revision=page.revision_number,
        )


def history(page: Page) -> str:
    return reverse("wiki:history", args=[page.space.slug, page.slug])


def test_the_history_costs_the_same_queries_for_3_or_110_revisions(
    client: Client,
    wiki_page: Page,
    editor: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    def count(url: str) -> int:
        with django_assert_max_num_queries(15) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    edit(wiki_page, editor, 2)
    few = count(history(wiki_page))
    edit(wiki_page, editor, 107)
    assert count(history(wiki_page)) == few
    assert count(f"{history(wiki_page)}?page=2") == few
    first = client.get(history(wiki_page)).content.decode()
    assert "110 revisions, newest first" in first
    assert first.count('name="to"') == HISTORY_PER_PAGE
    assert f'href="{history(wiki_page)}?page=2"' in first


@pytest.mark.parametrize("page", ["2", "0", "x"])
def test_a_history_page_past_the_end_or_not_a_number_is_not_found(
    client: Client, wiki_page: Page, page: str
) -> None:
    assert client.get(history(wiki_page), {"page": page}).status_code == 404
