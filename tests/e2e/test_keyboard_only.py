"""Keyboard only: a reader replies to a comment, and a moderator approves a held comment,
with Tab, Enter and typing, never the mouse."""

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from tests.builders import PASSWORD, comment_as
from tests.e2e.conftest import open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page: Page, matches: str, *, limit: int = 300) -> None:
    """Press Tab until the focused element satisfies the JavaScript predicate `matches`
    (given the element as `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {matches})(document.activeElement)"):
            return
    pytest.fail(f"Tab never reached an element where {matches}")


def sign_in_by_keyboard(page: Page, live_server: LiveServer, user: User) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, "el.type === 'email'")
    page.keyboard.type(user.email)
    tab_to(page, "el.type === 'password'")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_a_reader_replies_to_a_comment_by_keyboard(
    browser: Browser, live_server: LiveServer, post: Post, participant: User, moderator: User,
    javascript: bool,
) -> None:  # fmt: skip
    comment_as(post, moderator, "Who has read clause 4?")
    page, console = open_page(browser, javascript=javascript)
    sign_in_by_keyboard(page, live_server, participant)
    page.goto(f"{live_server.url}{post.get_absolute_url()}")

    tab_to(page, "el.matches('a.parley-reply-link[data-reply=\"1\"]')")
    if javascript:
        page.keyboard.press("Enter")  # the reply form opens in place
    else:
        with page.expect_navigation():  # the page comes back with the reply form
            page.keyboard.press("Enter")
    tab_to(page, "el.tagName === 'TEXTAREA'")
    page.keyboard.type("I have, by keyboard alone.")
    tab_to(page, "el.tagName === 'BUTTON' && /Post/.test(el.textContent)")
    page.keyboard.press("Enter")

    page.locator("#comment-2").wait_for()
    reply = Comment.objects.get(number=2)
    assert reply.parent is not None
    assert (reply.user, reply.parent.number, reply.body_markdown) == (
        participant,
        1,
        "I have, by keyboard alone.",
    )
    assert console.errors == []


def test_a_moderator_approves_a_held_comment_by_keyboard(
    browser: Browser,
    live_server: LiveServer,
    post: Post,
    moderator: User,
    guest: discussions.Author,
) -> None:
    held = comment_as(post, guest, "A guest's first comment, held")
    assert held.status == Status.PENDING
    page, console = open_page(browser)
    sign_in_by_keyboard(page, live_server, moderator)
    page.goto(f"{live_server.url}/moderation/")

    tab_to(page, f"el.tagName === 'BUTTON' && el.value === 'approve:{held.pk}'")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    held.refresh_from_db()
    assert held.status == Status.APPROVED
    assert console.errors == []
