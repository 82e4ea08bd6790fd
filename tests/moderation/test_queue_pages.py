"""The moderation queue comes fifty comments a page (issue 23): a queue of thousands is not
one huge page, each page costs the same queries, and a decision returns to its page."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions.models import Comment, Status
from parley.moderation.views import QUEUE_PER_PAGE
from tests import html
from tests.builders import bulk_thread


def waiting(post: Post, editor: User, count: int, status: str = Status.PENDING) -> list[int]:
    """`count` comments waiting in the queue (replies among them), oldest first."""
    bulk_thread(post.discussion, count, editor)
    Comment.objects.filter(discussion=post.discussion).update(status=status)
    return list(
        Comment.objects.filter(discussion=post.discussion)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def cards(page: str) -> list[int]:
    return [
        int((html.attribute(card, "id") or "").removeprefix("pending-"))
        for card in html.find_all(page, "div", class_="govuk-summary-card")
    ]


def test_the_queue_shows_fifty_comments_a_page_oldest_first_with_pagination(
    signed_in: Callable[[User], Client], post: Post, editor: User, moderator: User
) -> None:
    ids = waiting(post, editor, 60)
    moderating = signed_in(moderator)
    first = moderating.get("/moderation/").content.decode()
    assert cards(first) == ids[:QUEUE_PER_PAGE]
    assert "60 comments waiting" in first
    assert 'href="/moderation/?page=2"' in first
    second = moderating.get("/moderation/?page=2").content.decode()
    assert cards(second) == ids[QUEUE_PER_PAGE:]


def test_the_pages_of_comments_caught_as_spam_keep_the_filter_in_their_links(
    signed_in: Callable[[User], Client], post: Post, editor: User, moderator: User
) -> None:
    ids = waiting(post, editor, 55, Status.SPAM)
    moderating = signed_in(moderator)
    first = moderating.get("/moderation/?show=spam").content.decode()
    assert cards(first) == ids[::-1][:QUEUE_PER_PAGE]  # newest first
    assert 'href="/moderation/?show=spam&amp;page=2"' in first
    second = moderating.get("/moderation/?show=spam&page=2").content.decode()
    assert cards(second) == ids[::-1][QUEUE_PER_PAGE:]


@pytest.mark.parametrize("page", ["3", "0", "x", "²", "99999999999999999999999"])
def test_a_page_past_the_end_or_not_a_number_is_not_found(
    signed_in: Callable[[User], Client], post: Post, editor: User, moderator: User, page: str
) -> None:
    waiting(post, editor, 60)
    assert signed_in(moderator).get("/moderation/", {"page": page}).status_code == 404


@pytest.mark.parametrize("decision", ["approve", "spam", "remove"])
def test_a_decision_on_page_two_returns_to_page_two_with_the_filter(
    signed_in: Callable[[User], Client],
    post: Post,
    editor: User,
    moderator: User,
    decision: str,
) -> None:
    ids = waiting(post, editor, 120)
    moderating = signed_in(moderator)
    chosen = ids[QUEUE_PER_PAGE + 3]
    decided = moderating.post(
        "/moderation/?page=2",
        {"one": f"{decision}:{chosen}", f"reason-{chosen}": "off_topic"},
    )
    assert decided.status_code == 302
    assert decided["Location"] == "/moderation/?page=2"
    assert Comment.objects.get(pk=chosen).status != Status.PENDING
    assert chosen not in cards(moderating.get(decided["Location"]).content.decode())


def test_emptying_the_last_page_returns_to_the_page_before_it(
    signed_in: Callable[[User], Client], post: Post, editor: User, moderator: User
) -> None:
    ids = waiting(post, editor, QUEUE_PER_PAGE + 2, Status.SPAM)
    moderating = signed_in(moderator)
    last_two = ids[::-1][QUEUE_PER_PAGE:]
    decided = moderating.post(
        "/moderation/?show=spam&page=2", {"comments": last_two, "action": "approve"}
    )
    assert decided["Location"] == "/moderation/?show=spam"
    assert moderating.get(decided["Location"]).status_code == 200


def test_a_refused_decision_shows_its_page_again(
    signed_in: Callable[[User], Client], post: Post, editor: User, moderator: User
) -> None:
    ids = waiting(post, editor, 60)
    refused = signed_in(moderator).post("/moderation/?page=2", {"action": "approve"})
    assert refused.status_code == 400
    assert cards(refused.content.decode()) == ids[QUEUE_PER_PAGE:]


def test_a_page_of_the_queue_costs_the_same_queries_for_5_or_60_waiting_comments(
    signed_in: Callable[[User], Client],
    post: Post,
    editor: User,
    moderator: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    moderating = signed_in(moderator)

    def count(url: str) -> int:
        with django_assert_max_num_queries(16) as captured:
            assert moderating.get(url).status_code == 200
        return len(captured)

    waiting(post, editor, 5)
    few = count("/moderation/")
    another = blog.create_post(
        author=editor,
        organisation=post.organisation,
        title="Another",
        body="More",
        status=Post.Status.PUBLISHED,
    )
    waiting(another, editor, 55)
    assert count("/moderation/") == few
    assert count("/moderation/?page=2") == few
