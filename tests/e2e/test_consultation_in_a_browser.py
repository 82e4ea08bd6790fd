from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.discussions.models import Comment
from parley.guidance import services
from parley.guidance.models import Clause
from parley.organisations.models import Organisation
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_clause(editor: User, organisation: Organisation) -> Clause:
    document = services.create_document(user=editor, organisation=organisation, title="Principles")
    draft = document.versions.get()
    services.add_clause(
        version=draft,
        user=editor,
        heading="Channels",
        body="Treat social media as just another channel.",
    )
    services.schedule_consultation(
        version=draft,
        user=editor,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=3),
    )
    return draft.clauses.get()


def test_selected_words_of_a_clause_are_quoted_in_a_comment_with_a_stance(
    browser: Browser, live_server: LiveServer, open_clause: Clause, participant: User
) -> None:
    page, console = open_page(browser)
    sign_in(page, live_server, participant)
    page.goto(f"{live_server.url}{open_clause.get_absolute_url()}")
    expect(page.get_by_text("Open for comments")).to_be_visible()
    page.evaluate(
        """() => {
            const text = document.querySelector('#clause-text p').firstChild;
            const start = text.data.indexOf('just another channel');
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, start + 'just another channel'.length);
            document.getSelection().removeAllRanges();
            document.getSelection().addRange(range);
        }"""
    )
    page.get_by_role("button", name="Quote the selected words").click()
    expect(page.locator("#id_quote")).to_have_value("just another channel")
    page.get_by_label("Oppose").check()
    page.get_by_label("Your comment").fill("It needs people and time.")
    page.get_by_role("button", name="Post comment").click()
    reply = page.locator("#comment-1")
    expect(reply).to_contain_text("just another channel")
    expect(reply).to_contain_text("Oppose")
    comment = Comment.objects.get()
    assert (comment.stance, comment.quote) == ("oppose", "just another channel")
    assert console.errors == []
