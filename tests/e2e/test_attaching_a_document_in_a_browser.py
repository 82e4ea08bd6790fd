"""An editor attaches a PDF to a version from its page, with JavaScript off and on: a file
that is not what its name says is refused beside the field with the title kept, then the
real one is attached; a reader downloads it from the published version's page."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.guidance.models import Version
from parley.organisations.models import Organisation
from tests.builders import draft, latest, pdf_bytes, publish
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_an_editor_attaches_a_pdf_and_a_reader_downloads_it(
    browser: Browser,
    live_server: LiveServer,
    editor: User,
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
    version: Version = latest(draft(editor, organisation))
    fake, real = tmp_path / "assessment.pdf", tmp_path / "impact-assessment.pdf"
    fake.write_bytes(b"<!doctype html><title>not a PDF</title>")
    real.write_bytes(pdf_bytes(pages=2))

    page, console = open_page(browser, javascript=javascript)
    sign_in(page, live_server, editor)
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    page.get_by_role("link", name="Attach or change documents").click()
    page.get_by_label("Title", exact=True).fill("Impact assessment")
    page.get_by_label("Upload a file").set_input_files(fake)
    page.get_by_role("button", name="Attach document").click()
    expect(page.locator("#id_file-error")).to_contain_text("The file is not a real PDF file")
    console.errors.clear()  # the browser reports that page's 400 status, which is meant
    expect(page.get_by_label("Title", exact=True)).to_have_value("Impact assessment")
    page.get_by_label("Upload a file").set_input_files(real)
    page.get_by_role("button", name="Attach document").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Impact assessment")
    page.context.close()

    publish(version, editor)
    reader, reader_console = open_page(browser, javascript=javascript)
    reader.goto(f"{live_server.url}{version.document.get_absolute_url()}")
    expect(reader.locator(".parley-attachment")).to_contain_text("PDF")
    expect(reader.locator(".parley-attachment")).to_contain_text("2 pages")
    with reader.expect_download() as download:
        reader.get_by_role("link", name="Impact assessment").click()
    assert download.value.suggested_filename == "impact-assessment.pdf"
    assert Path(download.value.path()).read_bytes() == real.read_bytes()
    assert console.errors == reader_console.errors == []
    reader.context.close()
