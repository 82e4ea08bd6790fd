"""A site admin's first run, in Debian's chromium, with and without JavaScript: from the
home page's "Set up this site" to the first organisation, with its owner."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.organisations.models import Membership, Role
from tests.builders import PASSWORD
from tests.e2e.conftest import Console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("page_and_console", [True, False], indirect=True, ids=["js", "no-js"])
def test_a_site_admin_sets_up_the_first_organisation_from_the_home_page(
    page_and_console: tuple[Page, Console], live_server: LiveServer, admin_user: User
) -> None:
    page, console = page_and_console
    url = live_server.url
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("E-mail address").fill(admin_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.goto(f"{url}/")
    page.get_by_role("link", name="Set up this site").click()
    expect(page.get_by_role("heading", name="Set up this site")).to_be_visible()
    page.get_by_label("Your organisation’s name").fill("Powys County Council")
    page.get_by_label("E-mail address of its owner").fill("clerk@example.org")
    page.get_by_role("button", name="Set up").click()
    expect(page.get_by_text("Powys County Council is set up")).to_be_visible()
    assert page.url == f"{url}/organisations/powys-county-council/"
    owner = Membership.objects.get(organisation__slug="powys-county-council")
    assert (owner.user.email, owner.role) == ("clerk@example.org", Role.OWNER)
    page.goto(f"{url}/")
    expect(page.get_by_role("link", name="Set up this site")).to_have_count(0)
    assert console.errors == []
