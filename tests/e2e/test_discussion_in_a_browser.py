import re

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment, Status
from tests.builders import PASSWORD, comment_as
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_with_javascript_a_reply_opens_inline_and_posts_without_reloading(
    browser: Browser, live_server: LiveServer, post: Post, participant: User, outsider: User
) -> None:
    first = comment_as(post, outsider, "What about weekends?")
    page, console = open_page(browser)
    sign_in(page, live_server, participant)
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.evaluate("window.notReloaded = true")

    page.get_by_role("link", name="Reply to comment 1").click()
    form = page.locator("#comment-1 #comment-form")
    expect(form).to_be_visible()
    expect(page.locator("#comment-form-heading")).to_have_text("Reply to comment #1")
    form.get_by_label("Your comment").fill("Weekends need a rota too.")
    form.get_by_role("button", name="Post comment").click()

    reply = page.locator("#comment-2")
    expect(reply).to_contain_text("Weekends need a rota too.")
    expect(reply).to_have_class(re.compile(r"parley-indent-1"))
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator("#comment-form-heading")).to_have_text("Leave a comment")
    saved = Comment.objects.get(number=2)
    assert (saved.parent, saved.user, saved.status) == (first, participant, Status.APPROVED)
    assert console.errors == []


def test_with_javascript_errors_appear_beside_the_field_and_keep_the_text(
    browser: Browser, live_server: LiveServer, post: Post
) -> None:
    page, console = open_page(browser)
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Name", exact=True).fill("Gus Guest")
    page.get_by_label("Your comment").fill("I forgot my address")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your e-mail address")
    expect(page.get_by_label("Your comment")).to_have_value("I forgot my address")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Gus Guest")
    assert page.evaluate("window.notReloaded") is True
    assert not Comment.objects.exists()
    # Chromium logs the form's intended 400 answer; nothing else may fail.
    assert [e for e in console.errors if "status of 400" not in e] == []


def test_without_javascript_a_guest_replies_and_sees_it_awaiting_moderation(
    browser: Browser, live_server: LiveServer, post: Post, outsider: User
) -> None:
    comment_as(post, outsider, "Is this for contractors too?")
    page, _ = open_page(browser, javascript=False)
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.get_by_role("link", name="Reply to comment 1").click()
    assert "reply=1" in page.url
    expect(page.locator("#comment-form-heading")).to_have_text("Reply to comment #1")
    page.get_by_label("Name", exact=True).fill("Gus Guest")
    page.get_by_label("E-mail address").fill("gus@example.net")
    page.get_by_label("Your comment").fill("Yes, I think it should be.")
    page.get_by_role("button", name="Post comment").click()
    assert page.url.endswith("#comment-2")
    expect(page.locator("#comment-2")).to_contain_text("Awaiting moderation")
    expect(page.locator("#comment-2")).to_contain_text("Yes, I think it should be.")
    reply = Comment.objects.get(number=2)
    assert reply.parent is not None
    assert reply.parent.number == 1


def test_with_javascript_liking_a_comment_updates_it_in_place(
    browser: Browser, live_server: LiveServer, post: Post, participant: User, outsider: User
) -> None:
    comment_as(post, outsider, "Worth a like")
    page, console = open_page(browser)
    sign_in(page, live_server, participant)
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.get_by_role("button", name="Like comment 1").click()
    expect(page.locator("#comment-1")).to_contain_text("1 person likes this")
    expect(page.get_by_role("button", name="Unlike comment 1")).to_be_visible()
    assert console.errors == []


def test_with_javascript_signing_in_from_the_comment_form_keeps_the_draft(
    browser: Browser, live_server: LiveServer, post: Post, participant: User
) -> None:
    page, console = open_page(browser)
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.get_by_label("Your comment").fill("Typed before signing in")
    page.get_by_role("button", name="Sign in with your account here").click()
    page.get_by_label("E-mail address").fill(participant.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("You are commenting as")).to_be_visible()
    expect(page.get_by_label("Your comment")).to_have_value("Typed before signing in")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comment-1")).to_contain_text("Typed before signing in")
    assert Comment.objects.get().user == participant
    assert console.errors == []
