import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.organisations.models import Organisation
from tests.builders import bulk_thread, comment_as


def queries_for_page(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "signed in"])
def test_a_discussion_costs_the_same_queries_for_10_and_1000_comments(
    post: Post,
    editor: User,
    organisation: Organisation,
    participant: User,
    signed_in: Callable[[User], Client],
    who: str,
    settings: Settings,
) -> None:
    from parley.blog import services as blog

    settings.PARLEY_PAGE_CACHE = False  # rendered every time (tests/discussions/test_page_cache.py)
    client = signed_in(participant) if who == "signed in" else Client()
    small = post
    large = blog.create_post(
        author=editor, organisation=organisation, title="Large", body="x", status="published"
    )
    bulk_thread(small.discussion, 10, participant)
    bulk_thread(large.discussion, 1000, participant)
    small_count = queries_for_page(client, small.get_absolute_url())
    large_count = queries_for_page(client, large.get_absolute_url())
    assert small_count == large_count
    # 16 signed in: whether they follow the post by e-mail, and (on a first view) the
    # comments whose HTML is not yet kept read in full.
    assert small_count <= 16
    if who == "anonymous":  # (the member's own comments are always rendered afresh)
        # Once the comments and the post's article are kept: the post (with its
        # validators and how many threads it has), which of them this page shows, and
        # their comments' versions.
        assert queries_for_page(client, large.get_absolute_url()) == 3
    page = client.get(large.get_absolute_url()).content.decode()
    # One page of threads, each with its replies (`discussions.paging`), not all 1,000.
    assert 50 <= page.count('class="parley-comment ') < 1000


def test_every_comment_has_its_number_and_a_permalink_anchor(
    client: Client, post: Post, participant: User
) -> None:
    comment_as(post, participant, "One")
    comment_as(post, participant, "Two", parent_number=1)
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'id="comment-1"' in page
    assert 'href="#comment-2"' in page
    assert ">#2<" in page


def test_indentation_stops_at_the_cap_and_deeper_replies_say_whom_they_answer(
    client: Client, post: Post, moderator: User, settings: Settings
) -> None:
    settings.PARLEY_THREAD_INDENT_CAP = 2
    parent = None
    for level in range(4):
        parent = comment_as(
            post, moderator, f"Level {level}", parent_number=parent.number if parent else None
        )
    page = client.get(post.get_absolute_url()).content.decode()
    indents = re.findall(r'class="parley-comment parley-indent-(\d)', page)
    assert indents == ["0", "1", "2", "2"]
    assert 'in reply to <a class="govuk-link" href="#comment-3">#3</a>' in page
    assert 'in reply to <a class="govuk-link" href="#comment-1">' not in page


def test_a_removed_comment_keeps_its_place_without_its_text(
    client: Client, post: Post, participant: User, moderator: User
) -> None:
    from parley.moderation import services as moderation

    first = comment_as(post, participant, "Rude words")
    comment_as(post, participant, "A reply that stays", parent_number=first.number)
    moderation.moderate(comment=first, moderator=moderator, action="remove", reason="abusive")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Rude words" not in page
    assert "Removed by a moderator: abusive, threatening or discriminatory" in page
    assert "1 comment removed under the" in page
    assert "A reply that stays" in page


def test_the_comment_count_counts_only_public_comments(
    client: Client, post: Post, participant: User
) -> None:
    comment_as(post, participant, "Shown")
    client.post(
        post.get_absolute_url(),
        {"author_name": "New", "author_email": "new@example.net", "body": "Held"},
    )
    post.discussion.refresh_from_db()
    assert post.discussion.comment_count == 1
    assert re.search(r"\b1 comment\s*<", Client().get(post.get_absolute_url()).content.decode())
