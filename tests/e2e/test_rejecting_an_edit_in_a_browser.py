"""A moderator rejects a held edit from the queue in a browser, with JavaScript and without:
the approved text stays public (issue 18)."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment
from tests.builders import PASSWORD, comment_as
from tests.e2e.conftest import Console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EIGHT_LINKS = " ".join(f"https://shop{n}.example/cheap" for n in range(8))


@pytest.mark.parametrize("page_and_console", [True, False], indirect=True, ids=["js", "no-js"])
def test_a_moderator_rejects_a_held_edit_and_the_approved_text_stays_public(
    page_and_console: tuple[Page, Console],
    live_server: LiveServer,
    post: Post,
    participant: User,
    moderator: User,
) -> None:
    page, console = page_and_console
    comment = comment_as(post, participant, "A fair point about the plan")
    discussions.edit_comment(comment=comment, body=EIGHT_LINKS)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(moderator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"{live_server.url}/moderation/")
    card = page.locator(f"#pending-{comment.pk}")
    expect(card).to_contain_text("shop0.example")
    card.get_by_role("button", name=f"Reject the edit of comment {comment.number}").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "1 edit rejected: the earlier text stays shown"
    )
    expect(page.locator(f"#pending-{comment.pk}")).to_have_count(0)
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    expect(page.locator(f"#comment-{comment.number}")).to_contain_text(
        "A fair point about the plan"
    )
    expect(page.locator("main")).not_to_contain_text("shop0.example")
    assert Comment.objects.get(pk=comment.pk).held_edit_at is None
    assert console.errors == []
