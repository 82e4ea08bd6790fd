"""A guest comments from a post page nginx served from a kept file (PARLEY_PAGE_FILES,
deploy/nginx/kept-pages*.conf), with and without JavaScript, in chromium: the browser's
Origin header is what lets the file's form through (parley/csrf.py)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from parley.blog.models import Post
from parley.discussions.models import Comment
from tests.e2e.conftest import open_page
from tests.scale.edge import edge


@pytest.fixture
def front(
    settings: Settings, live_server: LiveServer, tmp_path: Path
) -> Iterator[tuple[str, Path]]:
    pages = tmp_path / "pages"
    settings.PARLEY_PAGE_FILES = str(pages)
    with edge(tmp_path / "nginx", servers=[live_server.url], pages=pages) as url:
        yield url, pages


@pytest.mark.parametrize("javascript", [False, True])
def test_a_guest_comments_from_a_page_nginx_served_from_its_file(
    browser: Browser, front: tuple[str, Path], post: Post, javascript: bool
) -> None:
    url, pages = front
    address = f"{url}{post.get_absolute_url()}"
    kept = pages / "current" / "en-gb" / post.get_absolute_url().strip("/") / "index.html"
    page, console = open_page(browser, javascript=javascript)
    page.goto(address)  # Parley answers and writes the file
    assert kept.is_file()
    page, console = open_page(browser, javascript=javascript)  # a new reader
    answer = page.goto(address)
    assert answer is not None
    assert "default-src" not in answer.headers["content-security-policy"]  # from the file
    page.get_by_label("Name", exact=True).fill("Gwen Guest")
    page.get_by_label("E-mail address").fill("gwen@example.net")
    page.get_by_label("Your comment").fill("Posted from a page nginx served.")
    page.get_by_role("button", name="Post comment").click()
    comment = page.locator("#comment-1")
    expect(comment).to_contain_text("Posted from a page nginx served.")
    expect(comment).to_contain_text("Awaiting moderation")
    assert Comment.objects.get().author_name == "Gwen Guest"
    assert console.errors == []
