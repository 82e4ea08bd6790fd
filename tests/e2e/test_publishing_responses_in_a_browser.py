"""After a consultation closes, in a browser with JavaScript off and on: a moderator
redacts a passage of a written answer (refused first for words not in it), an editor
publishes the responses, and a reader with no account reads them as consented and
redacted, then the summary of responses once the body's response is published."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.guidance import responses as body_responses
from parley.guidance import services as guidance
from parley.guidance.models import Document
from tests.consultations.conftest import QUESTIONS
from tests.consultations.publishing import SECRET, Responses, responses_to
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def closed(document: Document, editor: User) -> Responses:
    """Version 1 with five questions and its responses (named, anonymous, on behalf of an
    organisation, confidential, unconfirmed, replaced); its consultation ended a minute ago."""
    version = document.versions.get(number=1)
    for question in QUESTIONS:
        consultations.add_question(version=version, user=editor, question=question)
    now = timezone.now()
    guidance.schedule_consultation(
        version=version,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    return responses_to(version)  # closes it


def section(page: Page, name: str) -> Locator:
    return page.get_by_role("region", name=name, exact=True)


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_a_moderator_redacts_an_editor_publishes_and_a_reader_reads_them_and_the_summary(
    browser: Browser,
    live_server: LiveServer,
    closed: Responses,
    editor: User,
    moderator: User,
    javascript: bool,
) -> None:
    version, named = closed.version, closed.named
    version_url = f"{live_server.url}{version.get_absolute_url()}"
    page, console = open_page(browser, javascript=javascript)

    sign_in(page, live_server, moderator)
    page.goto(version_url)
    page.get_by_role("link", name="Redact responses").click()
    page.get_by_role("link", name=f"Redact passages of response {named.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Redact response {named.reference}")
    page.get_by_label("Words to redact").fill("Call Bob")
    page.get_by_label("Personal data").check()
    page.get_by_role("button", name="Redact", exact=True).click()
    expect(page.locator("#id_answer-4-passage-error")).to_contain_text(
        "These words are not in the answer"
    )
    expect(page.get_by_label("Words to redact")).to_have_value("Call Bob")
    expect(page.get_by_label("Personal data")).to_be_checked()
    summary_link = page.locator(".govuk-error-summary a")
    expect(summary_link).to_have_text(
        "These words are not in the answer: copy them from it exactly"
    )
    expect(page.locator(f"{summary_link.get_attribute('href')}")).to_have_id("id_answer-4-passage")
    console.errors.clear()  # the browser reports that page's 400 status, which is meant
    page.get_by_label("Words to redact").fill("0123")
    page.get_by_label("Personal data").check()
    page.get_by_role("button", name="Redact", exact=True).click()
    answer = page.locator("#answer-4")
    expect(answer).to_contain_text("Call Nia on [redacted: personal data].")
    expect(answer.get_by_role("button", name="Undo the redaction of “0123”")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, editor)
    page.goto(version_url)
    page.get_by_role("link", name="Publish the responses").click()
    expect(page.locator("body")).to_contain_text("1 confidential")
    page.get_by_role("button", name="Publish the responses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Published responses")
    page.get_by_role("button", name="Sign out").click()
    assert console.errors == []
    page.context.close()

    page, console = open_page(browser, javascript=javascript)  # a reader without an account
    page.goto(version_url)
    page.get_by_role("link", name="Read the published responses").click()
    expect(page.locator("[data-published-count]")).to_contain_text(
        "3 responses are published here. 1 confidential response was counted but is not"
    )
    expect(section(page, "Nia Named")).to_contain_text("Call Nia on [redacted: personal data].")
    expect(section(page, "An individual")).to_contain_text("Be brief.")
    expect(section(page, "Walkers Club")).to_contain_text("Members agree.")
    body = page.locator("body")
    for never in ("0123", SECRET, "Cai Secret", "Ann Anon", "Unsure now.", "First thoughts."):
        expect(body).not_to_contain_text(never)

    body_response = body_responses.save_response(
        version=version, user=editor, summary="We listened and made it shorter."
    )
    body_responses.publish_response(response=body_response, user=editor)
    page.goto(version_url)
    page.get_by_role("link", name="What you said and what we did").click()
    page.get_by_role(
        "link", name="Summary of the formal responses to the consultation’s questions, with charts"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Summary of responses")
    counted = page.locator("#respondents .govuk-summary-list__row", has_text="Responses counted")
    expect(counted.locator("dd")).to_have_text("4")
    answers = page.get_by_role("table", name="Answers to question 1")
    # All responses, individuals only, organisations: the confidential one is counted too.
    expect(answers.get_by_role("row", name="Yes").get_by_role("cell")).to_have_text(["4", "3", "1"])
    expect(body).not_to_contain_text(SECRET)
    page.get_by_role("link", name="Read the published responses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Published responses")
    assert console.errors == []
    page.context.close()
