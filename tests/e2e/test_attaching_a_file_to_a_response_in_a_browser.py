"""A respondent attaches a file to their response in a browser, with JavaScript off and on:
a file that is not what its name says comes back beside the field with the answers kept,
then the real PDF is attached, listed on "check your answers" and sent; the organisation's
analyst downloads it from the responses page."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.files.simple_pdf import text_pdf
from parley.organisations.models import Membership, Organisation, Role
from tests.builders import make_user, open_with_questions
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_a_respondent_attaches_a_pdf_and_an_analyst_downloads_it(
    browser: Browser,
    live_server: LiveServer,
    editor: User,
    participant: User,
    organisation: Organisation,
    settings: Settings,
    tmp_path: Path,
    javascript: bool,
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    version = open_with_questions(
        editor,
        organisation,
        [
            consultations.QuestionIn(
                kind="single", text="Do the principles help you?", options=["Yes", "No"]
            ),
            consultations.QuestionIn(kind="text", text="What would you change?"),
        ],
    )
    analyst = make_user("analyst@example.org", "Ana Lyst")
    Membership.objects.create(organisation=organisation, user=analyst, role=Role.ANALYST)
    fake, real = tmp_path / "our-response.pdf", tmp_path / "branch-response.pdf"
    fake.write_bytes(b"<!doctype html><title>not a PDF</title>")
    real.write_bytes(text_pdf([["Our branch supports clause 2."]]))

    page, console = open_page(browser, javascript=javascript)
    sign_in(page, live_server, participant)
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    page.get_by_role("link", name="Respond to the consultation’s questions").click()
    page.get_by_label("Yes").check()
    page.get_by_label("2. What would you change? (optional)").fill("See the attached letter.")
    page.get_by_label("Publish my response with my name").check()
    page.get_by_label("Attach files (optional)").set_input_files(fake)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#id_files-error")).to_contain_text(
        "“our-response.pdf” is not a real PDF file"
    )
    console.errors.clear()  # the browser reports that page's 400 status, which is meant
    expect(page.get_by_label("2. What would you change? (optional)")).to_have_value(
        "See the attached letter."
    )
    page.get_by_label("Attach files (optional)").set_input_files(real)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your response"
    )
    expect(page.locator("#attached-files + dl")).to_contain_text("branch-response.pdf")
    page.get_by_role("button", name="Send response").click()
    assert Response.objects.get().files.get().text_status == "found"
    assert console.errors == []
    page.context.close()

    reader, reader_console = open_page(browser, javascript=javascript)
    sign_in(reader, live_server, analyst)
    reader.goto(f"{live_server.url}/guidance/{version.document.slug}/versions/1/responses/")
    with reader.expect_download() as download:
        reader.get_by_role("link", name="branch-response.pdf").click()
    assert download.value.suggested_filename == "branch-response.pdf"
    assert Path(download.value.path()).read_bytes() == real.read_bytes()
    assert reader_console.errors == []
    reader.context.close()
