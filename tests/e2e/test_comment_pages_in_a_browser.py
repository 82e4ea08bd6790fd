"""In a real browser, with JavaScript and without: a link to a comment on the second page of
its discussion opens that page at the comment, and a reply posted there shows under it
(issue 23)."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.blog.models import Post
from tests.builders import comment_as
from tests.e2e.conftest import Console, sign_in
from tests.e2e.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("page_and_console", [True, False], ids=["js", "no-js"], indirect=True)
def test_a_reader_follows_a_link_to_a_comment_on_page_two_and_replies_to_it(
    page_and_console: tuple[Page, Console],
    live_server: LiveServer,
    post: Post,
    participant: User,
    outsider: User,
    settings: Settings,
    request: pytest.FixtureRequest,
) -> None:
    settings.PARLEY_COMMENTS_PER_PAGE = 2
    for words in ("First thread.", "Second thread.", "Third thread."):
        last = comment_as(post, outsider, words)
    page, console = page_and_console
    sign_in(page, live_server, participant)

    page.goto(f"{live_server.url}/c/{last.pk}")
    assert page.url == f"{live_server.url}{post.get_absolute_url()}?page=2#comment-3"
    expect(page.locator(":target")).to_contain_text("Third thread.")
    expect(page.locator(".govuk-pagination")).to_contain_text("1")
    if request.node.callspec.params["page_and_console"]:  # axe needs the page's JavaScript
        assert violations(page) == []  # the pagination and the order links

    page.get_by_role("link", name="Reply to comment 3").click()
    page.get_by_label("Your comment").fill("A reply on page two.")
    page.get_by_role("button", name="Post comment").click()
    reply = page.locator("#comment-4")
    expect(reply).to_contain_text("A reply on page two.")
    # Under the comment it answers, on the same page of the discussion.
    expect(page.locator("#comment-list > li.parley-comment")).to_have_count(2)
    assert page.locator("#comment-list > li.parley-comment").nth(0).get_attribute("id") == (
        "comment-3"
    )
    assert "page=2" in page.url
    assert console.errors == []
