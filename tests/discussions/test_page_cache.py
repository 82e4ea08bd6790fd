"""Kept pages for anonymous readers (parley.discussions.page_cache): never stale after a
write, never shared across languages or with signed-in people, and usable for commenting."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from parley.guidance.models import Version
from parley.moderation import services as moderation
from parley.organisations.models import Organisation
from tests.builders import bulk_thread, comment_as


def get(client: Client, url: str, **headers: Any) -> tuple[str, int]:
    """The page's HTML and the number of SQL queries it cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def hidden(page: str, name: str) -> list[str]:
    return re.findall(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)


def test_a_kept_page_costs_one_query_for_10_or_1000_comments(
    post: Post, editor: User, organisation: Organisation, participant: User
) -> None:
    large = blog.create_post(
        author=editor, organisation=organisation, title="Large", body="x", status="published"
    )
    bulk_thread(post.discussion, 10, participant)
    bulk_thread(large.discussion, 1000, participant)
    counts = {}
    for page in (post, large):
        first, rendered = get(Client(), page.get_absolute_url())
        again, kept = get(Client(), page.get_absolute_url())
        assert kept == 1  # the validators; the page itself comes from the cache
        assert again.count('class="parley-comment ') == first.count('class="parley-comment ')
        counts[page.pk] = rendered
    assert counts[post.pk] == counts[large.pk]


def test_an_approved_comment_shows_on_the_very_next_anonymous_view(
    post: Post, guest: discussions.Author, moderator: User
) -> None:
    held = comment_as(post, guest, "Held until a moderator approves it")
    assert held.status == Status.PENDING
    page, _ = get(Client(), post.get_absolute_url())
    page, kept = get(Client(), post.get_absolute_url())
    assert kept == 1
    assert "Held until a moderator" not in page
    moderation.moderate(comment=held, moderator=moderator, action="approve")
    page, _ = get(Client(), post.get_absolute_url())
    assert "Held until a moderator approves it" in page


def test_a_like_added_or_taken_back_shows_on_the_very_next_anonymous_view(
    post: Post, participant: User, outsider: User
) -> None:
    comment = comment_as(post, participant, "Likeable")
    get(Client(), post.get_absolute_url())
    assert "person likes this" not in get(Client(), post.get_absolute_url())[0]
    discussions.like_comment(comment=comment, user=outsider)
    assert "1 person likes this" in get(Client(), post.get_absolute_url())[0]
    discussions.like_comment(comment=comment, user=participant)
    assert "2 people like this" in get(Client(), post.get_absolute_url())[0]
    discussions.unlike_comment(comment=comment, user=outsider)
    discussions.unlike_comment(comment=comment, user=participant)
    page = get(Client(), post.get_absolute_url())[0]
    assert "people like this" not in page
    assert "person likes this" not in page


def test_an_edited_post_shows_on_the_very_next_anonymous_view(post: Post) -> None:
    get(Client(), post.get_absolute_url())
    assert "Principles" in get(Client(), post.get_absolute_url())[0]
    blog.update_post(
        post=post, title="Rules for taking part", body="New words.", status="published"
    )
    page = get(Client(), post.get_absolute_url())[0]
    assert "Rules for taking part" in page
    assert "New words." in page


def test_an_edited_or_deleted_comment_shows_on_the_very_next_anonymous_view(
    post: Post, participant: User
) -> None:
    comment = comment_as(post, participant, "First thoughts")
    get(Client(), post.get_absolute_url())
    discussions.edit_comment(comment=comment, body="Second thoughts")
    page = get(Client(), post.get_absolute_url())[0]
    assert "Second thoughts" in page
    assert "First thoughts" not in page
    discussions.delete_comment(comment=Comment.objects.get(pk=comment.pk))
    page = get(Client(), post.get_absolute_url())[0]
    assert "Second thoughts" not in page
    assert "This comment was deleted by its author." in page


def test_welsh_and_english_readers_each_get_their_own_kept_page(
    post: Post, participant: User
) -> None:
    comment_as(post, participant, "Hello")
    welsh: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "cy"}
    english = {"HTTP_ACCEPT_LANGUAGE": "en-GB"}
    for _ in range(2):  # a first view keeps each page, the second is served from it
        page = get(Client(), post.get_absolute_url(), **welsh)[0]
        assert '<html lang="cy"' in page
        assert "Gadael sylw" in page  # "Leave a comment"
        assert "Leave a comment" not in page
        page = get(Client(), post.get_absolute_url(), **english)[0]
        assert '<html lang="en-GB"' in page
        assert "Leave a comment" in page
        assert "Gadael sylw" not in page
    cookie = Client()
    cookie.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    assert '<html lang="cy"' in get(cookie, post.get_absolute_url(), **english)[0]
    response = Client().get(post.get_absolute_url(), **welsh)
    assert {"cookie", "accept-language"} <= {v.strip().lower() for v in response["Vary"].split(",")}


def test_a_guest_can_comment_from_a_kept_page_with_their_own_csrf_token(post: Post) -> None:
    pages = []
    for name in ("Gwen Guest", "Gareth Guest"):
        get(
            Client(), post.get_absolute_url()
        )  # kept (again: the last guest's comment, held, changed it)
        browser = Client(enforce_csrf_checks=True)
        page, kept = get(browser, post.get_absolute_url())
        assert kept == 1
        pages.append(page)
        token = hidden(page, "csrfmiddlewaretoken")[0]
        response = browser.post(
            post.get_absolute_url(),
            {
                "csrfmiddlewaretoken": token,
                "author_name": name,
                "author_email": f"{name.split()[0].lower()}@example.net",
                "body": f"A comment from {name}",
                "shown_at": hidden(page, "shown_at")[0],
                "submission": hidden(page, "submission")[0],
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Comment.objects.get(author_name=name).body_markdown == f"A comment from {name}"
    # Each reader got their own token, stamp and submission key.
    for name in ("csrfmiddlewaretoken", "submission"):
        assert hidden(pages[0], name)[0] != hidden(pages[1], name)[0]


def test_signed_in_people_and_visitors_with_a_message_never_get_a_kept_page(
    post: Post, participant: User, signed_in: Callable[[User], Client]
) -> None:
    comment_as(post, participant, "Mine")
    get(Client(), post.get_absolute_url())
    page, count = get(signed_in(participant), post.get_absolute_url())
    assert count > 1
    assert "You are commenting as" in page
    assert 'href="/comments/' in page  # edit and delete links to their own comment
    assert "csrf-" not in page  # no marker left in place of a token
    with_message = Client()
    with_message.cookies["messages"] = "anything"
    page, count = get(with_message, post.get_absolute_url())
    assert count > 1
    anonymous = get(Client(), post.get_absolute_url())[0]
    assert "You are commenting as" not in anonymous
    assert 'href="/comments/' not in anonymous


@pytest.mark.parametrize("enabled", [True, False])
def test_the_page_is_the_same_kept_or_rendered(
    post: Post, participant: User, settings: Settings, enabled: bool
) -> None:
    settings.PARLEY_PAGE_CACHE = enabled
    comment_as(post, participant, "Same either way", stance="")
    first = get(Client(), post.get_absolute_url())[0]
    second = get(Client(), post.get_absolute_url())[0]

    def without_per_response(page: str) -> str:
        return re.sub(
            r'(name="(?:csrfmiddlewaretoken|shown_at|submission)" value=")[^"]*', r"\1", page
        )

    assert without_per_response(first) == without_per_response(second)


def test_a_clause_page_is_kept_and_shows_a_new_comment_and_like_at_once(
    consulting: Version, participant: User, outsider: User
) -> None:
    clause = consulting.clauses.get(number="4")
    url = clause.get_absolute_url()
    _, rendered = get(Client(), url)
    _, kept = get(Client(), url)
    assert kept < rendered
    comment = comment_as(
        clause.discussion, participant, "Not just another channel", stance="oppose"
    )
    page = get(Client(), url)[0]
    assert "Not just another channel" in page
    get(Client(), url)
    discussions.like_comment(comment=comment, user=outsider)
    assert "1 person likes this" in get(Client(), url)[0]
