"""A guest answers a consultation's questions in a browser, with JavaScript off and on:
one form, check your answers, send, and the reference on the page and in an e-mail."""

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.guidance.models import Version
from parley.organisations.models import Organisation
from tests.builders import open_with_questions
from tests.conftest import Mailbox
from tests.e2e.conftest import open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_version(editor: User, organisation: Organisation) -> Version:
    return open_with_questions(
        editor,
        organisation,
        [
            consultations.QuestionIn(
                kind="single",
                text="Do the principles help you?",
                options=["Yes", "No"],
                required=True,
            ),
            consultations.QuestionIn(kind="scale", text="They are clear."),
            consultations.QuestionIn(kind="text", text="What would you change?", word_limit=10),
        ],
    )


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_a_guest_answers_checks_sends_and_gets_a_reference(
    browser: Browser,
    live_server: LiveServer,
    open_version: Version,
    smtp: Mailbox,
    javascript: bool,
) -> None:
    page, console = open_page(browser, javascript=javascript)
    page.goto(f"{live_server.url}{open_version.get_absolute_url()}")
    page.get_by_role("link", name="Respond to the consultation’s questions").click()
    page.get_by_role("button", name="Continue").click()  # nothing answered yet
    expect(page.locator("#id_answer_1-error")).to_contain_text("Answer question 1")
    console.errors.clear()  # the browser reports that page's 400 status, which is meant
    page.get_by_label("Yes").check()
    page.get_by_label("Agree", exact=True).check()
    page.get_by_label("3. What would you change? (optional)").fill("Shorter sentences.")
    page.get_by_label("Your name").fill("Gus Guest")
    page.get_by_label("Your e-mail address").fill("gus@example.net")
    page.get_by_label("Publish my response without my name").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your response"
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text("Shorter sentences.")
    page.get_by_role("button", name="Send response").click()
    response = Response.objects.get()
    expect(page.locator("[data-reference]")).to_have_text(response.reference)
    assert response.status == "unconfirmed"
    assert [m["Subject"] for m in smtp.messages] == [f"Confirm your response {response.reference}"]
    assert console.errors == []
    page.context.close()
