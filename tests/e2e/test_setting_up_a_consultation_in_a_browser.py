"""An editor sets up a draft's consultation in a browser, with JavaScript off and on: from
the version page to its questions, a refused question corrected without retyping, a second
question, one question a page with an equality question, the Welsh-language set, and a
question moved up; then the respondent's form asks them in that order."""

import re

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.consultations.models import Consultation
from parley.guidance import services as guidance
from parley.guidance.models import Version
from parley.organisations.models import Organisation
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(editor: User, organisation: Organisation) -> Version:
    document = guidance.create_document(user=editor, organisation=organisation, title="Principles")
    version = document.versions.get()
    guidance.add_clause(version=version, user=editor, heading="Channels", body="Use them well.")
    return version


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_an_editor_adds_questions_a_template_set_and_moves_one(
    browser: Browser, live_server: LiveServer, draft: Version, editor: User, javascript: bool
) -> None:
    page, console = open_page(browser, javascript=javascript)
    sign_in(page, live_server, editor)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    page.get_by_role("link", name="Consultation questions").click()
    expect(page.locator("body")).to_contain_text("This version has no consultation questions.")

    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("One choice", exact=True).check()
    page.get_by_label("Question", exact=True).fill("Do the principles help you?")
    page.get_by_label("Choices (for one or several choices)").fill("Yes")
    page.get_by_role("button", name="Save question").click()
    expect(page.locator("#id_options-error")).to_contain_text("Give at least two choices")
    console.errors.clear()  # the browser reports that page's 400 status, which is meant
    expect(page.get_by_label("Question", exact=True)).to_have_value("Do the principles help you?")
    expect(page.get_by_label("One choice", exact=True)).to_be_checked()
    page.get_by_label("Choices (for one or several choices)").fill("Yes\nNo")
    page.get_by_label("An answer is required").check()
    page.get_by_role("button", name="Save question").click()
    expect(page.locator("li[id^=question-] h2")).to_have_text(["1. Do the principles help you?"])

    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Free text", exact=True).check()
    page.get_by_label("Question", exact=True).fill("What would you change?")
    page.get_by_label("Word limit (free text, optional)").fill("50")
    page.get_by_role("button", name="Save question").click()

    page.get_by_role("link", name="Set up the consultation").click()
    page.get_by_label("One question per page").check()
    page.get_by_label("What is your age?").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultation questions")
    page.get_by_role("link", name="Set up the consultation").click()
    expect(page.get_by_label("One question per page")).to_be_checked()  # kept
    # Chromium names it "Add these questions : Effects…", spacing off the hidden words
    page.get_by_role(
        "button", name=re.compile(r"^Add these questions\W+Effects on the Welsh language$")
    ).click()
    questions = page.locator("li[id^=question-] h2")
    expect(questions).to_have_count(5)
    expect(questions.nth(2)).to_contain_text("3. What effects do you think the proposals")

    page.get_by_role("button", name="Move up question 2").click()
    expect(questions.nth(0)).to_have_text("1. What would you change?")
    expect(questions.nth(1)).to_have_text("2. Do the principles help you?")
    expect(page.locator("#question-1")).to_contain_text("up to 50 words")
    expect(page.locator("#question-2")).to_contain_text("One choice · required")

    consultation = Consultation.objects.get(version=draft)
    assert (consultation.layout, consultation.demographics) == ("per_question", ["age"])
    assert list(draft.questions.order_by("number").values_list("kind", flat=True)) == [
        "text",
        "single",
        "text",
        "text",
        "text",
    ]
    assert console.errors == []
    page.context.close()
