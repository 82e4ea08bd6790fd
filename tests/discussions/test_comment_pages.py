"""A discussion's comments come a page of threads at a time (issue 23): PARLEY_COMMENTS_PER_PAGE
top-level threads with their first replies, oldest, newest or most liked first, and every
comment findable by `?comment=N` or `/c/<id>` on whichever page holds it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.conditional import ORDER_COOKIE
from parley.discussions import paging
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Discussion, Status
from tests.builders import bulk_thread, comment_as
from tests.html import attribute, find, find_all, text


@pytest.fixture(autouse=True)
def _two_threads_a_page(settings: Settings) -> None:
    settings.PARLEY_COMMENTS_PER_PAGE = 2


def numbers_shown(client: Client, url: str) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200
    return [
        int(attribute(li, "data-number") or 0)
        for li in find_all(response.content.decode(), "li", class_="parley-comment")
    ]


def three_threads(discussion: Discussion, author: User) -> list[Comment]:
    """#1, #2 (a reply to #1), #3, #4: threads 1, 3 and 4."""
    first = comment_as(discussion, author, "First thread")
    reply = comment_as(discussion, author, "A reply", parent_number=first.number)
    return [
        first,
        reply,
        comment_as(discussion, author, "Second thread"),
        comment_as(discussion, author, "Third thread"),
    ]


def test_a_page_shows_its_threads_with_their_replies_and_links_to_the_next_page(
    client: Client, page: tuple[str, Discussion], participant: User
) -> None:
    url, discussion = page
    three_threads(discussion, participant)
    assert numbers_shown(client, url) == [1, 2, 3]
    assert numbers_shown(client, f"{url}?page=2") == [4]
    first_page = client.get(url).content.decode()
    pagination = find(first_page, "nav", class_="govuk-pagination")
    assert attribute(find(pagination, "a", rel="next"), "href") == f"{url}?page=2&after=3#comments"
    assert text(find(pagination, "a", aria_current="page")) == "1"


def test_every_page_of_a_long_discussion_has_pagination_with_its_neighbours_and_ends(
    client: Client, post: Post, participant: User, settings: Settings
) -> None:
    settings.PARLEY_COMMENTS_PER_PAGE = 1
    bulk_thread(post.discussion, 12, participant)  # threads 1, 2, 4, 5, 7, 8, 10, 11
    url = post.get_absolute_url()
    for number in range(1, 9):
        assert client.get(f"{url}?page={number}").status_code == 200
    pagination = find(
        client.get(f"{url}?page=4").content.decode(), "ul", class_="govuk-pagination__list"
    )
    assert text(pagination).split() == ["1", "2", "3", "4", "5", "⋯", "8"]
    assert client.get(f"{url}?page=9").status_code == 404


def test_newest_first_puts_the_latest_thread_first_and_is_remembered(
    client: Client, post: Post, participant: User
) -> None:
    url = post.get_absolute_url()
    three_threads(post.discussion, participant)
    response = client.get(f"{url}?order=newest")
    assert response.cookies[ORDER_COOKIE].value == "newest"
    assert numbers_shown(client, f"{url}?order=newest") == [4, 3]
    # The next visit to the page's own address comes in the chosen order, never from a
    # copy kept for everyone, and links carry the order.
    assert numbers_shown(client, url) == [4, 3]
    assert numbers_shown(client, f"{url}?order=newest&page=2") == [1, 2]
    client.get(f"{url}?order=oldest")
    assert ORDER_COOKIE not in client.cookies or not client.cookies[ORDER_COOKIE].value
    assert numbers_shown(client, url) == [1, 2, 3]


def test_most_liked_first_puts_the_most_liked_thread_first(
    client: Client, post: Post, participant: User, outsider: User
) -> None:
    comments = three_threads(post.discussion, participant)
    discussions.like_comment(comment=comments[3], user=outsider)
    assert numbers_shown(client, f"{post.get_absolute_url()}?order=liked") == [4, 1, 2]


@pytest.mark.parametrize("asked", ["?comment=4", "/c/"])
def test_a_permalink_to_a_comment_on_a_later_page_goes_to_that_page_and_its_anchor(
    client: Client, page: tuple[str, Discussion], participant: User, asked: str
) -> None:
    url, discussion = page
    comments = three_threads(discussion, participant)
    address = f"/c/{comments[3].pk}" if asked == "/c/" else f"{url}{asked}"
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == f"{url}?page=2#comment-4"


def test_a_mention_of_a_comment_on_an_earlier_page_leads_to_that_page(
    client: Client, page: tuple[str, Discussion], participant: User, outsider: User
) -> None:
    url, discussion = page
    mentioned = comment_as(discussion, outsider, "The first thread, by Otto")
    for n in range(3):
        comment_as(discussion, participant, f"Thread {n + 2}")
    reply = comment_as(discussion, participant, "As @Otto Outsider said")

    assert numbers_shown(client, f"{url}?page=3") == [reply.number]
    (mention,) = find_all(
        client.get(f"{url}?page=3").content.decode(), "a", class_="parley-mention"
    )
    followed = client.get(attribute(mention, "href") or "")
    assert followed.status_code == 302
    assert followed["Location"] == f"{url}#comment-{mentioned.number}"
    assert mentioned.number in numbers_shown(client, followed["Location"].split("#")[0])


def test_mentions_stored_as_anchors_are_rewritten_to_permalinks_and_back(
    page: tuple[str, Discussion], participant: User, outsider: User
) -> None:
    from importlib import import_module

    from django.apps import apps

    rewrite = import_module("parley.discussions.migrations.0011_mentions_link_to_permalinks")
    _, discussion = page
    mentioned = comment_as(discussion, outsider, "Otto's view")
    reply = comment_as(discussion, participant, "As @Otto Outsider said")
    permalink = f'href="/c/{mentioned.pk}"'
    anchor = f'href="#comment-{mentioned.number}"'
    Comment.objects.filter(pk=reply.pk).update(
        body_html=reply.body_html.replace(permalink, anchor),
        held_edit_html=f"<p><a {anchor}>@Otto Outsider</a> again</p>",
    )

    rewrite.to_permalinks(apps, None)
    reply.refresh_from_db()
    assert permalink in reply.body_html
    assert anchor not in reply.body_html
    assert reply.held_edit_html == f"<p><a {permalink}>@Otto Outsider</a> again</p>"
    assert Comment.objects.get(pk=mentioned.pk).body_html == mentioned.body_html

    rewrite.to_anchors(apps, None)
    reply.refresh_from_db()
    assert anchor in reply.body_html
    assert permalink not in reply.body_html


def test_a_permalink_to_a_reply_finds_its_thread_in_the_order_the_reader_chose(
    client: Client, post: Post, participant: User
) -> None:
    three_threads(post.discussion, participant)
    url = post.get_absolute_url()
    assert client.get(f"{url}?comment=2")["Location"] == f"{url}#comment-2"
    client.get(f"{url}?order=newest")  # remembered
    assert client.get(f"{url}?comment=2")["Location"] == f"{url}?order=newest&page=2#comment-2"


def test_a_comment_nobody_else_may_see_is_not_found_by_its_permalink(
    client: Client, post: Post, participant: User, guest: discussions.Author
) -> None:
    first = comment_as(post, participant, "Public")
    held = comment_as(post, guest, "Held for a moderator")
    Comment.objects.filter(pk=held.pk).update(status=Status.PENDING)
    spam = comment_as(post, guest, "Spam words")
    Comment.objects.filter(pk=spam.pk).update(status=Status.SPAM)
    url = post.get_absolute_url()
    for hidden in (held, spam):
        assert client.get(f"{url}?comment={hidden.number}").status_code == 404
        assert client.get(f"/c/{hidden.pk}").status_code == 404
    for odd in ("99", "x", ""):
        assert client.get(f"{url}?comment={odd}").status_code == 404
    assert client.get(f"/c/{first.pk}").status_code == 302
    Post.objects.filter(pk=post.pk).update(status="draft")
    assert client.get(f"/c/{first.pk}").status_code == 404


@pytest.mark.parametrize("asked", ["?page=3", "?page=0", "?page=two", "?page=", "?thread=x"])
def test_a_page_past_the_last_or_not_a_number_is_not_found(
    client: Client, post: Post, participant: User, asked: str
) -> None:
    three_threads(post.discussion, participant)
    assert client.get(f"{post.get_absolute_url()}{asked}").status_code == 404


def test_a_thread_with_many_replies_links_to_the_rest_of_them(
    client: Client, post: Post, participant: User, settings: Settings
) -> None:
    settings.PARLEY_COMMENT_RATE = "100/60"
    first = comment_as(post, participant, "A popular thread")
    replies = [
        comment_as(post, participant, f"Reply {n}", parent_number=first.number)
        for n in range(paging.REPLIES_SHOWN + 2)
    ]
    url = post.get_absolute_url()
    shown = numbers_shown(client, url)
    assert shown == [1, *[r.number for r in replies[: paging.REPLIES_SHOWN]]]
    more = find(client.get(url).content.decode(), "li", class_="parley-more-replies")
    assert text(more).startswith("Show 2 more replies")
    assert numbers_shown(client, f"{url}?thread=1") == [1, *[r.number for r in replies]]
    last = replies[-1].number
    assert client.get(f"{url}?comment={last}")["Location"] == f"{url}?thread=1#comment-{last}"
    assert client.get(f"{url}?thread=2").status_code == 404  # a reply, not a thread


def test_without_javascript_a_new_comment_lands_on_the_page_that_holds_it(
    client: Client, page: tuple[str, Discussion], participant: User
) -> None:
    url, discussion = page
    three_threads(discussion, participant)
    client.force_login(participant)
    response = client.post(url, {"body": "A fourth thread"})
    assert response["Location"] == f"{url}?page=2#comment-5"
    client.get(f"{url}?order=newest")
    response = client.post(url, {"body": "A fifth thread"})
    assert response["Location"] == f"{url}?order=newest#comment-6"


def test_replying_without_javascript_shows_the_page_of_the_comment_replied_to(
    client: Client, post: Post, participant: User
) -> None:
    three_threads(post.discussion, participant)
    url = post.get_absolute_url()
    assert numbers_shown(client, f"{url}?reply=4") == [4]
    client.force_login(participant)
    response = client.post(url, {"body": "A reply to the third", "parent": "4"})
    assert response["Location"] == f"{url}?page=2#comment-5"
    # Refused (no words): the form comes back on the page of the comment replied to.
    response = client.post(url, {"body": "", "parent": "4"})
    assert response.status_code == 400
    assert 'id="comment-4"' in response.content.decode()


def test_the_page_cache_keeps_each_page_apart(
    client: Client, post: Post, participant: User, settings: Settings
) -> None:
    settings.PARLEY_PAGE_CACHE = True
    cache.clear()
    three_threads(post.discussion, participant)
    url = post.get_absolute_url()
    assert numbers_shown(Client(), url) == [1, 2, 3]
    assert numbers_shown(Client(), url) == [1, 2, 3]  # from the kept copy
    assert numbers_shown(Client(), f"{url}?page=2") == [4]
    assert numbers_shown(Client(), f"{url}?order=newest") == [4, 3]
    remembering = Client()
    remembering.cookies[ORDER_COOKIE] = "newest"
    assert numbers_shown(remembering, url) == [4, 3]


def queries_for(client: Client, url: str, status: int = 200) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == status
    return len(queries)


@pytest.mark.parametrize("order", ["oldest", "newest", "liked"])
def test_a_page_of_threads_costs_the_same_queries_whatever_the_size_of_the_discussion(
    post: Post, editor: User, participant: User, settings: Settings, order: str
) -> None:
    from parley.blog import services as blog

    settings.PARLEY_PAGE_CACHE = False
    settings.PARLEY_COMMENTS_PER_PAGE = 20
    large = blog.create_post(
        author=editor, organisation=post.organisation, title="Large", body="x", status="published"
    )
    bulk_thread(post.discussion, 60, participant)
    bulk_thread(large.discussion, 3000, participant)
    client = Client()
    small, big = post.get_absolute_url(), large.get_absolute_url()
    for address, status in ((f"?order={order}&page=2", 200), (f"?order={order}&comment=40", 302)):
        assert queries_for(client, f"{small}{address}", status) == queries_for(
            client, f"{big}{address}", status
        )
    # And bounded: each thread shows its first replies, the rest a link away.
    shown = numbers_shown(client, f"{big}?order={order}&page=2")
    assert 20 <= len(shown) <= 20 * (1 + paging.REPLIES_SHOWN)
