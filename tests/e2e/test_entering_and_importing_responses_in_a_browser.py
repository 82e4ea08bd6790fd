"""An analyst types in a letter, and an editor imports a spreadsheet of postcards, in a
browser with JavaScript off and on: from the responses page, the entry form (the error
beside the answer, what was typed kept), the response counted with its channel and who
entered it; then the upload, the mapping page's row problems, and the import."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.guidance import services as guidance
from parley.guidance.models import Document, Version
from tests.consultations.conftest import QUESTIONS
from tests.consultations.exporting import make_analyst
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_version(document: Document, editor: User) -> Version:
    version = document.versions.get(number=1)
    for question in QUESTIONS:
        consultations.add_question(version=version, user=editor, question=question)
    now = timezone.now()
    return guidance.schedule_consultation(
        version=version,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )


def _responses_url(live_server: LiveServer, version: Version) -> str:
    return f"{live_server.url}/guidance/{version.document.slug}/versions/1/responses/"


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_an_analyst_types_in_a_letter(
    browser: Browser, live_server: LiveServer, open_version: Version, javascript: bool
) -> None:
    analyst = make_analyst(open_version.document.organisation)
    page, console = open_page(browser, javascript=javascript)
    sign_in(page, live_server, analyst)
    page.goto(_responses_url(live_server, open_version))
    page.get_by_role("link", name="Enter a response received by post, e-mail or in person").click()
    page.get_by_label("Post", exact=True).check()
    page.get_by_label("Respondent’s name").fill("Pat Post")
    page.get_by_label("As an individual").check()
    page.get_by_label("Do not publish my response").check()
    page.get_by_role("button", name="Enter the response").click()
    # Question 1 is required: the error beside it, the name still there
    expect(page.get_by_role("alert").first).to_contain_text("Answer question 1")
    expect(page.get_by_label("Respondent’s name")).to_have_value("Pat Post")
    console.errors.clear()  # the browser reports that page's 400 status, which is meant
    page.get_by_role("group", name="1. Do the principles help you?").get_by_label("Yes").check()
    page.get_by_role("button", name="Enter the response").click()
    [response] = Response.objects.counted()
    expect(page.locator("body")).to_contain_text(f"Response {response.reference} entered (Post)")
    assert (response.channel, response.entered_by, response.guest_name) == (
        "post",
        analyst,
        "Pat Post",
    )
    page.goto(_responses_url(live_server, open_version))
    expect(page.locator("#channels")).to_contain_text("Post: 1")
    expect(page.locator("body")).to_contain_text(f"entered by {analyst.display_name}")
    assert console.errors == []


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_an_editor_imports_a_spreadsheet_after_fixing_a_bad_row(
    browser: Browser,
    live_server: LiveServer,
    open_version: Version,
    editor: User,
    tmp_path: Path,
    javascript: bool,
) -> None:
    bad = tmp_path / "postcards.csv"
    bad.write_text("Name,Q1,Q4\nAlun,Yes,Shorter\nBethan,Maybe,Clearer\n", encoding="utf-8")
    good = tmp_path / "postcards-fixed.csv"
    good.write_text("Name,Q1,Q4\nAlun,Yes,Shorter\nBethan,No,Clearer\n", encoding="utf-8")
    page, console = open_page(browser, javascript=javascript)
    sign_in(page, live_server, editor)
    for attempt in (bad, good):
        page.goto(_responses_url(live_server, open_version))
        page.get_by_role("link", name="Import responses from a spreadsheet").click()
        page.get_by_label("Post", exact=True).check()
        page.get_by_label("Upload a spreadsheet").set_input_files(attempt)
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Map the columns")
        # the headings were guessed: Name → name, Q1 → question 1, Q4 → question 4
        page.get_by_label("Do not publish my response").check()
        page.get_by_role("button", name="Check the rows").click()
        if attempt is bad:
            problems = page.locator("#row-problems")
            expect(problems).to_contain_text("“Maybe” is not one of the choices of question 1")
            expect(problems.locator("tbody tr").first).to_contain_text("3")
            assert not Response.objects.exists()
            console.errors.clear()  # the browser reports that page's 422 status, which is meant
    expect(page.locator("body")).to_contain_text("2 responses are ready to import")
    page.get_by_role("button", name="Import 2 responses").click()
    expect(page.locator("body")).to_contain_text("Imported 2 responses from postcards-fixed.csv")
    assert Response.objects.counted().filter(channel="post", entered_by=editor).count() == 2
    assert console.errors == []
