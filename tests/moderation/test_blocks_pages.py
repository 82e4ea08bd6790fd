"""The blocks in force come a hundred a page (issue 23): a wave of spam that leaves
thousands of blocks does not make one huge page, and each page costs the same queries."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.moderation import blocks
from parley.moderation.block_views import BLOCKS_PER_PAGE


def block(moderator: User, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        blocks.block(
            moderator=moderator,
            kind="email",
            email=f"spammer{n}@example.net",
            reason="Spam",
            until=timezone.now() + timedelta(days=7 + n),
        )


def test_the_blocks_page_costs_the_same_queries_for_3_or_105_blocks(
    signed_in: Callable[[User], Client],
    moderator: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    moderating = signed_in(moderator)

    def count(url: str) -> int:
        with django_assert_max_num_queries(15) as captured:
            assert moderating.get(url).status_code == 200
        return len(captured)

    block(moderator, 3)
    few = count("/moderation/blocks/")
    block(moderator, 102, 3)
    assert count("/moderation/blocks/") == few
    assert count("/moderation/blocks/?page=2") == few
    first = moderating.get("/moderation/blocks/").content.decode()
    assert first.count('id="block-') == BLOCKS_PER_PAGE
    assert 'href="/moderation/blocks/?page=2"' in first
    assert "spammer104@example.net" in moderating.get("/moderation/blocks/?page=2").content.decode()


@pytest.mark.parametrize("page", ["2", "0", "x"])
def test_a_blocks_page_past_the_end_or_not_a_number_is_not_found(
    signed_in: Callable[[User], Client], moderator: User, page: str
) -> None:
    block(moderator, 3)
    assert signed_in(moderator).get("/moderation/blocks/", {"page": page}).status_code == 404
