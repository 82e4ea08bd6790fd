"""Every page that owns a discussion (a post, a guidance version, a clause, a wiki page)
serves it the same way, through `discussions.pages.serve` (issue 19): posting with and
without JavaScript, a refused comment, and how the thread is put into the page."""

import json

from django.test import Client

from parley.accounts.models import User
from parley.discussions.fragments import Thread
from parley.discussions.models import Discussion
from parley.discussions.views import NEXT_FORM_HEADER
from tests.builders import comment_as


def test_without_javascript_a_posted_comment_lands_on_its_anchor(
    client: Client, page: tuple[str, Discussion], participant: User
) -> None:
    url, discussion = page
    client.force_login(participant)
    response = client.post(url, {"body": "Well put"})
    assert response.status_code == 302
    assert response["Location"] == f"{discussion.url}#comment-1"
    assert "Well put" in client.get(url).content.decode()


def test_with_javascript_a_posted_comment_comes_back_with_what_the_next_post_needs(
    client: Client, page: tuple[str, Discussion], participant: User
) -> None:
    url, _ = page
    client.force_login(participant)
    response = client.post(url, {"body": "Well put"}, HTTP_X_PARLEY_FRAGMENT="1")
    assert response.status_code == 201
    fragment = response.content.decode()
    assert 'id="comment-1"' in fragment
    assert "Well put" in fragment
    assert "<html" not in fragment
    assert json.loads(response[NEXT_FORM_HEADER])["count"] == 1


def test_without_javascript_a_refused_comment_shows_the_page_with_the_words_kept(
    client: Client, page: tuple[str, Discussion]
) -> None:
    url, _ = page
    response = client.post(url, {"author_email": "gus@example.net", "body": "Keep these"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" in html
    assert "Keep these</textarea>" in html
    assert "Enter your name" in html


def test_with_javascript_a_refused_comment_comes_back_as_the_form_alone(
    client: Client, page: tuple[str, Discussion]
) -> None:
    url, _ = page
    response = client.post(
        url, {"author_email": "gus@example.net", "body": "Keep these"}, HTTP_X_PARLEY_FRAGMENT="1"
    )
    assert response.status_code == 400
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "Keep these</textarea>" in fragment
    assert "Enter your name" in fragment


def test_the_thread_is_put_into_the_page_once_the_page_is_rendered(
    client: Client, page: tuple[str, Discussion], participant: User
) -> None:
    """A long thread handed up through every level of the page's templates cost more than
    the rest of the page (docs/performance.md): the page is rendered around a stand-in.
    The wiki page used to render its thread through its templates."""
    url, discussion = page
    comment_as(discussion, participant, "On the thread")
    response = client.get(url)
    assert response.status_code == 200
    rendered_with = response.context["thread"]
    assert isinstance(rendered_with, Thread)
    assert rendered_with.count == 1
    assert "On the thread" not in rendered_with.html
    assert response.content.decode().count("On the thread") == 1
