"""The post itself, as signed-out readers see it, is rendered once and kept
(blog.views._kept_article): the same HTML as a fresh render, never stale after a change,
and each reader's own CSRF token in its forms. The page cache is off here, so every
request renders the page and only the kept article is under test."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog import views
from parley.blog.models import Post, Tag
from parley.organisations.models import Organisation

pytestmark = pytest.mark.usefixtures("no_page_cache")


@pytest.fixture
def no_page_cache(settings: Settings) -> None:
    settings.PARLEY_PAGE_CACHE = False


def read(post: Post, **headers: Any) -> str:
    response = Client().get(post.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(page: str) -> str:
    return re.sub(r'name="(csrfmiddlewaretoken|shown_at|submission)" value="[^"]*"', "", page)


@pytest.mark.parametrize("language", ["en-GB", "cy"])
def test_the_kept_article_is_what_a_fresh_render_gives(
    post: Post, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    read(post, HTTP_ACCEPT_LANGUAGE=language)
    kept = read(post, HTTP_ACCEPT_LANGUAGE=language)
    monkeypatch.setattr(views, "_kept_article", lambda *args: None)
    fresh = read(post, HTTP_ACCEPT_LANGUAGE=language)
    assert without_tokens(kept) == without_tokens(fresh)
    assert "parley-tag" in kept


def test_a_kept_article_costs_no_query_for_its_tags(post: Post) -> None:
    read(post)
    with CaptureQueriesContext(connection) as queries:
        read(post)
    # The post with its validators; the discussion's kept counts say it has no threads,
    # so none are read.
    assert len(queries) == 1


def test_each_reader_gets_their_own_csrf_token_in_the_follow_form(post: Post) -> None:
    tokens = [
        re.findall(
            r'action="/notifications/follow/"[^>]*>\s*<input type="hidden" '
            r'name="csrfmiddlewaretoken" value="([^"]+)"',
            read(post),
        )
        for _ in range(2)
    ]
    assert all(len(found) == 1 for found in tokens)
    assert tokens[0] != tokens[1]


def test_every_change_to_what_the_article_shows_shows_at_once(
    post: Post, outsider: User, editor: User, organisation: Organisation, admin_user: User
) -> None:
    read(post)
    blog.like_post(post=post, user=outsider)
    assert "1 person likes this" in read(post)
    blog.update_post(
        post=post, title="A new title", body="New words", status=post.status, tags=["guidance"]
    )
    assert "A new title" in read(post)
    editor.display_name = "Edith Renamed"
    editor.save()
    assert "Edith Renamed" in read(post)
    organisation.name = "The Renamed Department"
    organisation.save()
    assert "The Renamed Department" in read(post)
    staff = Client()
    staff.force_login(admin_user)
    tag = Tag.objects.get(name="guidance")
    renamed = staff.post(
        f"/admin/blog/tag/{tag.pk}/change/", {"name": "online conduct", "slug": tag.slug}
    )
    assert renamed.status_code == 302
    assert "online conduct" in read(post)
