"""In a real browser, an old WordPress comment link ends on that comment.

Here, beside the other browser tests, so that it shares their session's one browser: a
second copy of the `browser` fixture in another directory would start a second Playwright
in the same process, which Playwright refuses."""

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from parley.blog.models import Post
from tests.e2e.conftest import open_page
from tests.wordpress.test_old_comment_links import early_post  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_old_comment_link_is_followed_to_the_comment_it_named(
    browser: Browser,
    live_server: LiveServer,
    early_post: Post,  # noqa: F811
) -> None:
    page, console = open_page(browser)
    page.set_viewport_size({"width": 800, "height": 300})  # so the comment must be scrolled to
    page.goto(f"{live_server.url}/?p=1#comment-2")
    assert page.url == f"{live_server.url}/blog/early/?wp=1#comment-2"
    target = page.locator(":target")
    expect(target).to_have_attribute("data-number", "2")  # WordPress's comment 2 is our #2
    expect(target).to_contain_text("Comment 2 here.")
    expect(target).to_be_in_viewport()

    page.goto(f"{live_server.url}/2008/01/early/#comment-4")
    expect(page.locator(":target")).to_have_attribute("data-number", "1")
    expect(page.locator(":target")).to_contain_text("Comment 4 here.")
    expect(page.locator(":target")).to_be_in_viewport()
    assert console.errors == []


def test_replying_inline_works_on_a_page_reached_by_an_old_link(
    browser: Browser,
    live_server: LiveServer,
    early_post: Post,  # noqa: F811
) -> None:
    page, console = open_page(browser)
    page.goto(f"{live_server.url}/?p=1#comment-3")
    # Our #1 is WordPress's comment 4 here: its element is comment-4, not comment-1.
    page.get_by_role("link", name="Reply to comment 1").click()
    expect(page.locator('.parley-comment[data-number="1"] #comment-form')).to_be_visible()
    assert console.errors == []
