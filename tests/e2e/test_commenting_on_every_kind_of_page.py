"""A comment journey on each kind of page that owns a discussion (a post, a clause, a wiki
page), with JavaScript and without: they are served by one entry point
(`discussions.pages.serve`), and must behave alike."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.guidance.models import Version
from parley.wiki import services as wiki
from tests.e2e.conftest import Console, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["post", "clause", "wiki page"])
def address(request: pytest.FixtureRequest, post: Post, consulting: Version, editor: User) -> str:
    if request.param == "post":
        return post.get_absolute_url()
    if request.param == "clause":
        clause = consulting.clauses.order_by("position").first()
        assert clause is not None
        return clause.get_absolute_url()
    page = wiki.create_page(space=wiki.site_space(), user=editor, title="Help", body="Text.")
    return page.get_absolute_url()


@pytest.mark.parametrize("page_and_console", [True, False], ids=["js", "no-js"], indirect=True)
def test_a_signed_in_reader_posts_two_comments_from_the_page(
    page_and_console: tuple[Page, Console], live_server: LiveServer, address: str, participant: User
) -> None:
    page, console = page_and_console
    sign_in(page, live_server, participant)
    page.goto(f"{live_server.url}{address}")
    for number, words in ((1, "First thoughts."), (2, "Second thoughts.")):
        page.get_by_label("Your comment").fill(words)
        page.get_by_role("button", name="Post comment").click()
        expect(page.locator(f"#comment-{number}")).to_contain_text(words)
    expect(page.locator(".parley-comment-count")).to_contain_text("2")
    assert list(Comment.objects.order_by("number").values_list("body_markdown", flat=True)) == [
        "First thoughts.",
        "Second thoughts.",
    ]
    assert console.errors == []
