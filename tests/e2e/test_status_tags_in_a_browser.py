"""Status tags stay on one line, even in a card's narrow column."""

import pytest
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.guidance.models import Version
from parley.organisations.models import Organisation
from tests.e2e.conftest import open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ONE_LINE = """tag => {
    const box = tag.getBoundingClientRect();
    return box.height < 2 * parseFloat(getComputedStyle(tag).lineHeight);
}"""


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_open_for_comments_tag_of_a_guidance_card_is_one_line(
    browser: Browser,
    live_server: LiveServer,
    consulting: Version,
    editor: User,
    organisation: Organisation,
    javascript: bool,
) -> None:
    post = blog.create_post(
        author=editor,
        organisation=organisation,
        title="Have your say",
        body=f"[The principles]({consulting.document.get_absolute_url()})",
        status=Post.Status.PUBLISHED,
    )
    page, console = open_page(browser, javascript=javascript)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}{post.get_absolute_url()}")

    tag = page.locator(".parley-card .govuk-tag", has_text="Open for comments")
    assert tag.evaluate(ONE_LINE)
    assert console.errors == []
