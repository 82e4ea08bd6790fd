"""A page of threads counts nothing (issue 23): how many threads a discussion shows is kept on
the discussion by its services in every change's transaction, and pages beside each other
start from a thread rather than counting through the discussion."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from parley import personal_data
from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.conditional import ORDER_COOKIE
from parley.discussions import queries
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Discussion, Status
from tests.builders import bulk_thread, comment_as
from tests.html import attribute, find, find_all


def kept(discussion: Discussion) -> dict[str, int]:
    discussion.refresh_from_db(fields=["thread_count", "removed_count"])
    return {"thread_count": discussion.thread_count, "removed_count": discussion.removed_count}


def assert_true(discussion: Discussion) -> dict[str, int]:
    """The counters kept on the discussion are what counting its comments finds."""
    stored = kept(discussion)
    assert stored == queries.thread_counts(discussion.pk)
    return stored


def test_the_counters_stay_true_through_every_kind_of_change(
    post: Post, participant: User, guest: discussions.Author, moderator: User
) -> None:
    discussion = post.discussion
    assert assert_true(discussion) == {"thread_count": 0, "removed_count": 0}
    first = comment_as(discussion, participant, "A first thread")
    reply = comment_as(discussion, participant, "A reply", parent_number=first.number)
    assert assert_true(discussion) == {"thread_count": 1, "removed_count": 0}
    letter = [comment_as(discussion, participant, f"Same letter {n}") for n in range(3)]
    assert assert_true(discussion)["thread_count"] == 4
    # Held, approved, removed (a placeholder once public), restored.
    discussions.change_status(comment=letter[2], status=Status.PENDING)
    assert assert_true(discussion)["thread_count"] == 3
    discussions.change_status(comment=letter[2], status=Status.APPROVED)
    assert assert_true(discussion)["thread_count"] == 4
    discussions.change_status(comment=reply, status=Status.REMOVED)
    assert assert_true(discussion) == {"thread_count": 4, "removed_count": 1}
    discussions.change_status(comment=reply, status=Status.APPROVED)
    assert assert_true(discussion)["removed_count"] == 0
    # A held thread is counted only once approved; one removed unseen leaves no placeholder.
    discussion.hold_all = True
    discussion.save(update_fields=["hold_all"])
    held = comment_as(discussion, guest, "Held until a moderator sees it")
    assert held.status == Status.PENDING
    assert assert_true(discussion)["thread_count"] == 4
    discussions.change_status(comment=held, status=Status.REMOVED)
    assert assert_true(discussion) == {"thread_count": 4, "removed_count": 0}
    # Copies of a letter are folded behind its first thread, and handed on when it goes.
    discussions.mark_copies(letters=[[c.pk for c in letter]], discussion_ids=[discussion.pk])
    assert assert_true(discussion)["thread_count"] == 2
    discussions.delete_comment(comment=Comment.objects.get(pk=letter[0].pk))
    assert assert_true(discussion)["thread_count"] == 3  # its placeholder and the next copy
    discussions.change_status(comment=Comment.objects.get(pk=letter[1].pk), status=Status.REMOVED)
    assert assert_true(discussion) == {"thread_count": 4, "removed_count": 1}
    late = comment_as(discussion, moderator, "Same letter, late")
    discussions.mark_copy(
        comment=late, letter=Comment.objects.filter(pk__in=[letter[2].pk, late.pk])
    )
    assert assert_true(discussion)["thread_count"] == 4
    # Erasure, with the comments' words.
    personal_data.erase(user=participant, delete_comments=True)
    assert_true(discussion)


def test_the_import_of_comments_keeps_the_counters(post: Post, participant: User) -> None:
    bulk_thread(post.discussion, 30, participant)  # the bulk builder recounts, as imports do
    assert assert_true(post.discussion) == {"thread_count": 20, "removed_count": 0}


def test_a_page_of_threads_counts_no_comments(
    client: Client, post: Post, participant: User, settings: Settings
) -> None:
    settings.PARLEY_PAGE_CACHE = False
    settings.PARLEY_COMMENTS_PER_PAGE = 2
    bulk_thread(post.discussion, 12, participant)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{post.get_absolute_url()}?page=3").status_code == 200
    # Counting bounded things (a thread's replies, a letter's copies) is all it does.
    assert captured.captured_queries
    assert not [q for q in captured if 'COUNT("discussions_comment"."depth")' in q["sql"]]


def test_a_readers_own_held_thread_is_counted_for_them_alone(
    client: Client, post: Post, participant: User, outsider: User, settings: Settings
) -> None:
    settings.PARLEY_COMMENTS_PER_PAGE = 1
    settings.PARLEY_PAGE_CACHE = False
    comment_as(post.discussion, participant, "Public thread")
    post.discussion.hold_all = True
    post.discussion.save(update_fields=["hold_all"])
    mine = comment_as(post.discussion, outsider, "Mine, held")
    assert mine.status == Status.PENDING
    url = post.get_absolute_url()
    client.force_login(outsider)  # their own held thread makes a second page for them only
    assert f'data-number="{mine.number}"' in client.get(f"{url}?page=2").content.decode()
    client.force_login(participant)
    assert client.get(f"{url}?page=2").status_code == 404
    assert Client().get(f"{url}?page=2").status_code == 404


@pytest.mark.parametrize("order", ["oldest", "newest"])
def test_next_and_previous_start_from_the_thread_beside_them(
    client: Client, post: Post, participant: User, settings: Settings, order: str
) -> None:
    settings.PARLEY_COMMENTS_PER_PAGE = 2
    settings.PARLEY_PAGE_CACHE = False
    bulk_thread(post.discussion, 15, participant)  # threads 1, 2, 4, 5, 7, 8, 10, 11, 13, 14
    url = post.get_absolute_url()
    threads = [1, 2, 4, 5, 7, 8, 10, 11, 13, 14]
    if order == "newest":
        threads.reverse()
    tops = Comment.objects.filter(discussion=post.discussion, depth=0)
    expected = [threads[i : i + 2] for i in range(0, 10, 2)]
    # Every page reached by Next and Previous shows the same threads as by its number.
    for number, page_threads in enumerate(expected, start=1):
        by_number = f"{url}?order={order}&page={number}"
        body = client.get(by_number).content.decode()
        numbers = [
            int(attribute(li, "data-number") or 0)
            for li in find_all(body, "li", class_="parley-comment")
            if tops.filter(number=int(attribute(li, "data-number") or 0)).exists()
        ]
        assert numbers == page_threads
        if number < len(expected):
            href = (attribute(find(body, "a", rel="next"), "href") or "").split("#")[0]
            assert f"after={page_threads[-1]}" in href
            following = client.get(href).content.decode()
            assert f'data-number="{expected[number][0]}"' in following
        if number > 1:
            href = (attribute(find(body, "a", rel="prev"), "href") or "").split("#")[0]
            if number > 2:
                assert f"before={page_threads[0]}" in href
            preceding = client.get(href).content.decode()
            assert f'data-number="{expected[number - 2][0]}"' in preceding
    # A key that is not a number, or in the most-liked order, finds no page.
    assert client.get(f"{url}?order={order}&page=2&after=x").status_code == 404
    assert client.get(f"{url}?order=liked&page=2&after=2").status_code == 404
    past = 99999 if order == "oldest" else 0  # no thread comes after it
    assert client.get(f"{url}?order={order}&page=2&after={past}").status_code == 404


def test_deep_pages_and_permalinks_in_a_big_discussion(
    client: Client, editor: User, post: Post, participant: User, settings: Settings
) -> None:
    settings.PARLEY_COMMENTS_PER_PAGE = 20
    settings.PARLEY_PAGE_CACHE = False
    large = blog.create_post(
        author=editor, organisation=post.organisation, title="Large", body="x", status="published"
    )
    bulk_thread(large.discussion, 3000, participant)  # 2,000 threads: 100 pages
    url = large.get_absolute_url()
    # A page near the end, by its number, is read from the end: the same threads.
    last = client.get(f"{url}?page=100").content.decode()
    assert 'data-number="2971"' in last
    assert 'data-number="2999"' in last
    assert 'data-number="2969"' not in last
    assert client.get(f"{url}?page=101").status_code == 404
    newest_last = client.get(f"{url}?order=newest&page=100").content.decode()
    assert 'data-number="1"' in newest_last
    assert 'data-number="2"' in newest_last
    # A permalink to a comment deep in it lands on its page and anchor, in either order.
    comment = Comment.objects.get(discussion=large.discussion, number=2702)  # thread 2702
    for order, page in (("oldest", 91), ("newest", 10)):
        client.cookies[ORDER_COOKIE] = order
        response = client.get(f"/c/{comment.pk}")
        assert response.status_code == 302
        target = response["Location"]
        assert f"page={page}" in target
        assert target.endswith("#comment-2702")
        assert 'id="comment-2702"' in client.get(target.split("#")[0]).content.decode()
    # A reply (#2703 answers #1351) without JavaScript: `?comment=N` on the page's address.
    client.cookies[ORDER_COOKIE] = "oldest"
    asked = client.get(f"{url}?comment=2703")
    assert asked.status_code == 302
    assert asked["Location"].endswith("page=46#comment-2703")
    assert 'id="comment-2703"' in client.get(asked["Location"].split("#")[0]).content.decode()
