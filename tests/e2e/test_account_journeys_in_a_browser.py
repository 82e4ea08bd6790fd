"""A newcomer's first runs, in Debian's chromium, with and without JavaScript: the demo
moderator from sign-in to the queue, and a new person from sign-up through the e-mailed
link to signed in."""

import re
from io import StringIO
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from tests.builders import PASSWORD, code_for
from tests.conftest import Mailbox
from tests.e2e.conftest import Console
from tests.notifications.helpers import text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("page_and_console", [True, False], indirect=True, ids=["js", "no-js"])
def test_the_demo_moderator_reads_the_queue_three_steps_after_the_sign_in_form(
    page_and_console: tuple[Page, Console],
    live_server: LiveServer,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.PARLEY_STAFF_SECOND_FACTOR = True
    settings.MFA_TOTP_TOLERANCE = 1
    settings.VAR_DIR = tmp_path
    cache.clear()  # a code is accepted once per account; each run signs in afresh
    output = StringIO()
    call_command("demo", stdout=output)
    password = re.search(r"moderator@demo\.invalid with password (\S+)", output.getvalue())
    assert password is not None
    # The newcomer reads a fresh code from `parley demo --code`, as the demo says.
    secret = decrypt(
        Authenticator.objects.get(user__email="moderator@demo.invalid", type="totp").data["secret"]
    )
    page, console = page_and_console

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("moderator@demo.invalid")
    page.get_by_label("Password").fill(password.group(1))
    steps = 0
    page.get_by_role("button", name="Sign in", exact=True).click()
    steps += 1
    page.get_by_label("Code").fill(code_for(secret))
    page.get_by_role("button", name="Sign in", exact=True).click()
    steps += 1
    page.get_by_role("link", name="Moderation").click()
    steps += 1
    expect(page.get_by_text("Will there be a version of this for contractors")).to_be_visible()
    assert page.url == f"{live_server.url}/moderation/"
    assert steps <= 4
    assert console.errors == []


@pytest.mark.parametrize("page_and_console", [True, False], indirect=True, ids=["js", "no-js"])
def test_a_newcomer_signs_up_confirms_by_the_e_mailed_link_and_is_signed_in(
    page_and_console: tuple[Page, Console], live_server: LiveServer, smtp: Mailbox
) -> None:
    page, console = page_and_console
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("E-mail address").fill("newcomer@example.org")
    page.get_by_label("Your name").fill("Nia Newcomer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    (message,) = smtp.messages
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", text_of(message))
    assert link is not None
    page.goto(f"{live_server.url}{link.group(1)}")
    expect(page.get_by_role("heading", name="Confirm your e-mail address")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert "/accounts/login/" not in page.url
    assert console.errors == []
