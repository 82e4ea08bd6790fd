"""Browser tests drive Debian's chromium through Playwright (never a downloaded browser)."""

import os
from collections.abc import Iterator

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from tests.builders import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the tests' own ORM calls
# (setting up data, checking results) are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"browser tests need Debian's chromium at {CHROMIUM}: run `make install`")
    # Playwright runs an event loop in this thread, and Django keeps a separate set of
    # database connections for code running under it: close this thread's connections on
    # each side of that loop, or the ones left behind stay open, unused, until the test
    # database is dropped (which PostgreSQL refuses while anyone is connected).
    connections.close_all()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        connections.close_all()


class Console:
    def __init__(self) -> None:
        self.errors: list[str] = []


def open_page(browser: Browser, *, javascript: bool = True) -> tuple[Page, Console]:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    console = Console()
    page.on("console", lambda m: console.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: console.errors.append(str(error)))
    return page, console


def sign_in(page: Page, live_server: LiveServer, user: User) -> None:
    """Signs `user` in through the sign-in page and waits until the page says so."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.fixture(autouse=True)
def _instant_typists(transactional_db: None) -> None:
    """Playwright fills a form in milliseconds; here that is not a robot's tell."""
    from parley.moderation.models import ModerationRules

    ModerationRules.objects.create(organisation=None, min_seconds_to_submit=0)


@pytest.fixture
def page_and_console(
    browser: Browser, request: pytest.FixtureRequest
) -> Iterator[tuple[Page, Console]]:
    """A page with JavaScript on or off, as the test's parameter says (indirect=True)."""
    page, console = open_page(browser, javascript=request.param)
    yield page, console
    page.context.close()
