"""Setting up a second factor and signing in with it, in Debian's chromium."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from tests.builders import PASSWORD, code_for
from tests.e2e.conftest import Console, open_page

pytestmark = [
    pytest.mark.usefixtures("second_factor_required"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., tuple[Page, Console]]]:
    """open_page, closing the browser context afterwards: its kept-alive connections would
    otherwise hold the live server's database connections open until the session ends."""
    pages: list[Page] = []

    def make(**options: bool) -> tuple[Page, Console]:
        page, console = open_page(browser, **options)
        pages.append(page)
        return page, console

    yield make
    for page in pages:
        page.context.close()


def sign_in(page: Page, live_server: LiveServer, user: User) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def set_up_second_factor(page: Page, live_server: LiveServer) -> tuple[str, list[str]]:
    """From a power page to the authenticator app turned on; returns its secret and the
    recovery codes shown."""
    page.goto(f"{live_server.url}/blog/new/")
    expect(page.get_by_text("Set up a second factor to use your editing")).to_be_visible()
    # Just signed in with the password: not asked for it again before adding an authenticator.
    expect(page.get_by_role("heading", name="Set up a second factor")).to_be_visible()
    secret = page.locator("#authenticator-secret").inner_text().strip()
    page.get_by_label("Code from your app").fill(code_for(secret))
    page.get_by_role("button", name="Turn on the second factor").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    codes = [code.strip() for code in page.locator("#recovery-codes code").all_inner_texts()]
    return secret, codes


def test_an_editor_sets_up_a_second_factor_and_signs_in_with_it(
    new_page: Callable[..., tuple[Page, Console]], live_server: LiveServer, editor: User
) -> None:
    page, console = new_page()
    sign_in(page, live_server, editor)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    secret, codes = set_up_second_factor(page, live_server)

    assert len(codes) == 10
    page.get_by_role("button", name="Continue").click()
    assert page.url == f"{live_server.url}/blog/new/"
    expect(page.get_by_role("heading", name="Write a post")).to_be_visible()

    sign_out(page)
    sign_in(page, live_server, editor)
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    page.get_by_label("Code").fill(code_for(secret))
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"{live_server.url}/blog/new/")
    expect(page.get_by_role("heading", name="Write a post")).to_be_visible()
    assert console.errors == []


def test_a_recovery_code_signs_in_once(
    new_page: Callable[..., tuple[Page, Console]], live_server: LiveServer, editor: User
) -> None:
    page, _ = new_page(javascript=False)
    sign_in(page, live_server, editor)
    _, codes = set_up_second_factor(page, live_server)
    sign_out(page)

    sign_in(page, live_server, editor)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, editor)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator(".govuk-error-message")).to_contain_text("Incorrect code")
    expect(page.get_by_role("button", name="Sign out")).not_to_be_visible()
