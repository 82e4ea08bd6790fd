"""Repeating someone's held comment in a browser, with JavaScript and without: the
repeater is told their comment waits for a moderator and sees nothing of the earlier
comment (issue 18)."""

import pytest
from django.test import Client
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from parley.blog.models import Post
from parley.discussions.models import Comment, Status
from tests.e2e.conftest import Console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "My considered view, with https://example.org/my-evidence"


@pytest.mark.parametrize("page_and_console", [True, False], indirect=True, ids=["js", "no-js"])
def test_the_repeater_is_told_it_waits_and_never_sees_the_held_comment(
    page_and_console: tuple[Page, Console], live_server: LiveServer, post: Post
) -> None:
    page, console = page_and_console
    Client().post(
        post.get_absolute_url(),
        {"author_name": "Vera Victim", "author_email": "vera@example.net", "body": WORDS},
    )
    assert Comment.objects.get().status == Status.PENDING

    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.get_by_label("Name", exact=True).fill("Cathy Copycat")
    page.get_by_label("E-mail address").fill("vera@example.net")
    page.get_by_label("Your comment").fill(WORDS)
    page.get_by_role("button", name="Post comment").click()

    expect(page.locator("main")).to_contain_text("Your comment is waiting for a moderator")
    expect(page.locator("#comments")).not_to_contain_text("my-evidence")
    expect(page.locator("main")).not_to_contain_text("Vera Victim")
    assert Comment.objects.count() == 1
    assert console.errors == []
