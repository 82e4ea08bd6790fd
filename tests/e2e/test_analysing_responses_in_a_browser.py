"""An analyst reads a consultation's responses and exports them in a browser, with
JavaScript off and on: a confidential response's answers on the responses page, the CSV
(a row per counted response, no e-mail column), then the export with e-mail addresses,
refused without a reason and logged with one, which an editor then reads in the log."""

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.guidance import services as guidance
from parley.guidance.models import Document, Version
from tests.consultations.conftest import QUESTIONS
from tests.consultations.exporting import make_analyst
from tests.consultations.publishing import SECRET, Responses, responses_to
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def answered(document: Document, editor: User) -> Responses:
    """Version 1 with five questions, four counted responses (one confidential), one
    replaced and one a guest never confirmed; the consultation has closed."""
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
    return responses_to(version)


def downloaded_csv(page: Page, click: Callable[[], None]) -> list[dict[str, str]]:
    with page.expect_download() as download:
        click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def open_responses(page: Page, live_server: LiveServer, version: Version) -> None:
    """From the version's page, through its questions, as the docs say an analyst goes."""
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    page.get_by_role("link", name="Read the consultation questions").click()
    page.get_by_role("link", name="Read the responses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Responses")


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_an_analyst_reads_exports_and_asks_for_contact_details_which_an_editor_sees_logged(
    browser: Browser,
    live_server: LiveServer,
    answered: Responses,
    editor: User,
    javascript: bool,
) -> None:
    version = answered.version
    analyst = make_analyst(version.document.organisation)
    page, console = open_page(browser, javascript=javascript)
    sign_in(page, live_server, analyst)
    open_responses(page, live_server, version)
    expect(page.locator("body")).to_contain_text("4 responses counted (1 confidential")
    confidential = page.get_by_role("region", name=answered.confidential.reference)
    expect(confidential).to_contain_text("Cai Secret")
    expect(confidential).to_contain_text(SECRET)
    expect(page.locator("body")).not_to_contain_text("Unsure now.")  # never confirmed

    rows = downloaded_csv(page, page.get_by_role("link", name="Download as CSV").click)
    counted = {answered.named, answered.anonymous, answered.on_behalf, answered.confidential}
    assert sorted(row["reference"] for row in rows) == sorted(r.reference for r in counted)
    assert "email" not in rows[0]
    assert not any("@" in value for row in rows for value in row.values())

    page.get_by_role("link", name="Export with respondents’ e-mail addresses").click()
    page.get_by_label("Include respondents’ e-mail addresses").check()
    page.get_by_role("button", name="Export with e-mail addresses").click()
    expect(page.locator("#id_reason-error")).to_contain_text(
        "Say why you need respondents’ e-mail addresses"
    )
    summary_link = page.locator(".govuk-error-summary a")
    expect(summary_link).to_have_text("Say why you need respondents’ e-mail addresses")
    expect(page.locator(f"{summary_link.get_attribute('href')}")).to_have_id("id_reason")
    expect(page.get_by_label("Include respondents’ e-mail addresses")).to_be_checked()
    console.errors.clear()  # the browser reports that page's 400 status, which is meant
    page.get_by_label("Why do you need respondents’ e-mail addresses?").fill(
        "To ask the Walkers Club to confirm its response."
    )
    rows = downloaded_csv(
        page, page.get_by_role("button", name="Export with e-mail addresses").click
    )
    assert {row["reference"]: row["email"] for row in rows} == {
        answered.named.reference: "nia@example.net",
        answered.anonymous.reference: "ann@example.net",
        answered.on_behalf.reference: "olu@example.net",
        answered.confidential.reference: "cai@example.net",
    }
    assert console.errors == []
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, editor)
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    page.get_by_role("link", name="Read the responses").click()
    log = page.get_by_role("table", name="Exports with e-mail addresses")
    expect(log.locator("tbody tr")).to_have_count(1)  # the refused request was not logged
    expect(log).to_contain_text("Ana Lyst")
    expect(log).to_contain_text("CSV")
    expect(log).to_contain_text("To ask the Walkers Club to confirm its response.")
    assert console.errors == []
    page.context.close()
