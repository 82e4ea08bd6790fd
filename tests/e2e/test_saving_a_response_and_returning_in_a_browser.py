"""A guest saves a response part-way in a browser, with JavaScript off and on, and finishes
it on another device from the e-mailed link: the saved answers are there, what is missing is
asked for, and the response is sent, confirmed by e-mail and counted once."""

import re

import pytest
from playwright.sync_api import Browser, expect
from pytest_django import Settings
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
            consultations.QuestionIn(kind="text", text="What would you change?", word_limit=10),
        ],
    )


def link_in(mailbox: Mailbox, subject_starts: str, path: str) -> str:
    [message] = [m for m in mailbox.messages if m["Subject"].startswith(subject_starts)]
    found = re.search(rf"https?://\S+{path}\S+/", message.get_content())
    assert found is not None, message.get_content()
    return found.group(0)


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_a_guest_saves_part_way_and_finishes_from_the_emailed_link_on_another_device(
    browser: Browser,
    live_server: LiveServer,
    open_version: Version,
    smtp: Mailbox,
    settings: Settings,
    javascript: bool,
) -> None:
    settings.PARLEY_SITE_URL = live_server.url  # what the e-mailed links start with
    page, console = open_page(browser, javascript=javascript)
    page.goto(f"{live_server.url}{open_version.get_absolute_url()}")
    page.get_by_role("link", name="Respond to the consultation’s questions").click()
    page.get_by_label("2. What would you change? (optional)").fill("Shorter sentences.")
    page.get_by_label("Your name").fill("Gus Guest")
    page.get_by_label("Your e-mail address").fill("gus@example.net")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your response is saved")
    expect(page.locator("body")).to_contain_text("We have e-mailed a link to gus@example.net")
    draft = Response.objects.get()
    assert draft.status == "draft"
    page.context.close()

    resume = link_in(smtp, "", "/responses/continue/")
    assert resume.startswith(live_server.url)
    elsewhere, console = open_page(browser, javascript=javascript)  # another device
    elsewhere.goto(resume)
    expect(elsewhere.get_by_label("2. What would you change? (optional)")).to_have_value(
        "Shorter sentences."
    )
    expect(elsewhere.get_by_label("Your name")).to_have_value("Gus Guest")
    elsewhere.get_by_role("button", name="Continue").click()  # question 1 still unanswered
    expect(elsewhere.locator("#id_answer_1-error")).to_contain_text("Answer question 1")
    console.errors.clear()  # the browser reports that page's 400 status, which is meant
    expect(elsewhere.get_by_label("2. What would you change? (optional)")).to_have_value(
        "Shorter sentences."
    )
    elsewhere.get_by_label("Yes").check()
    elsewhere.get_by_label("Publish my response with my name").check()
    elsewhere.get_by_role("button", name="Continue").click()
    expect(elsewhere.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your response"
    )
    expect(elsewhere.locator(".govuk-summary-list")).to_contain_text("Shorter sentences.")
    elsewhere.get_by_role("button", name="Send response").click()
    expect(elsewhere.locator("[data-reference]")).to_have_text(draft.reference)

    elsewhere.goto(link_in(smtp, "Confirm your response", "/responses/confirm/"))
    elsewhere.get_by_role("button", name="Confirm my response").click()
    expect(elsewhere.locator("[data-reference]")).to_have_text(draft.reference)
    [response] = Response.objects.all()
    assert (response.pk, response.status, response.consent) == (draft.pk, "submitted", "named")
    assert console.errors == []
    elsewhere.context.close()
