"""Welsh (issue #8; the rest is in tests/i18n/): in a real browser with JavaScript off, the
header's switch turns the page Welsh and back, staying on the same page."""

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from tests.e2e.conftest import open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_switch_works_without_javascript(browser: Browser, live_server: LiveServer) -> None:
    page, console = open_page(browser, javascript=False)
    page.goto(f"{live_server.url}/privacy/")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    welsh = page.get_by_role("navigation", name="Language").get_by_role("button", name="Cymraeg")
    expect(welsh).to_have_attribute("lang", "cy")

    welsh.click()
    page.wait_for_url(f"{live_server.url}/privacy/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Preifatrwydd")
    expect(page.get_by_role("link", name="Neidio i’r prif gynnwys")).to_be_attached()
    english = page.get_by_role("navigation", name="Iaith").get_by_role("button", name="English")
    expect(english).to_have_attribute("lang", "en-GB")

    # The choice is remembered on the next page.
    page.goto(f"{live_server.url}/comment-policy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Polisi sylwadau")

    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"{live_server.url}/comment-policy/")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comment policy")
    assert console.errors == []
