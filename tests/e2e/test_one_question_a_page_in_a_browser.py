"""A guest answers a consultation one question a page in a browser, with JavaScript off and
on, partly by keyboard: an error on its own page, Back, about you with an equality
question, check your answers, a Change link that comes back to it, and send."""

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
def paged_version(editor: User, organisation: Organisation) -> Version:
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
            consultations.QuestionIn(kind="text", text="What would you change?", word_limit=10),
        ],
        layout="per_question",
        demographics=["welsh_speaker"],
    )


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_a_guest_answers_one_question_a_page_changes_an_answer_and_sends(
    browser: Browser,
    live_server: LiveServer,
    paged_version: Version,
    smtp: Mailbox,
    javascript: bool,
) -> None:
    page, console = open_page(browser, javascript=javascript)
    page.goto(f"{live_server.url}{paged_version.get_absolute_url()}")
    page.get_by_role("link", name="Respond to the consultation’s questions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 1 of 2")
    page.get_by_role("button", name="Continue").click()  # nothing answered
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer question 1")
    console.errors.clear()  # the browser reports that page's 400 status, which is meant
    page.get_by_label("Yes").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")  # submits the form, as a keyboard user would
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 2 of 2")
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_label("Yes")).to_be_checked()  # the answer was kept
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What would you change? (optional)").fill("Shorter sentences.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    expect(page.locator("body")).to_contain_text("never published")
    page.get_by_label("Your name").fill("Gus Guest")
    page.get_by_label("Your e-mail address").fill("gus@example.net")
    page.get_by_label("Yes, some").check()
    page.get_by_label("Publish my response without my name").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your response"
    )
    page.get_by_role("link", name="Change your answer to question 2").click()
    expect(page.get_by_label("What would you change? (optional)")).to_have_value(
        "Shorter sentences."
    )
    page.get_by_label("What would you change? (optional)").fill("Fewer words.")
    page.get_by_role("button", name="Save and go back to check your answers").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Fewer words.")
    page.get_by_role("button", name="Send response").click()
    response = Response.objects.get()
    expect(page.locator("[data-reference]")).to_have_text(response.reference)
    assert response.status == "unconfirmed"
    assert response.demographics == {"welsh_speaker": "some"}
    assert console.errors == []
    page.context.close()
