"""Pages of accounts, moderation and notifications read in Welsh, choice labels included."""

import re

from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from parley.notifications.models import Kind
from tests.builders import welsh


def test_the_moderation_queue_is_welsh(client: Client, moderator: User) -> None:
    client.force_login(moderator)
    page = welsh(client).get("/moderation/").content.decode()
    assert '<h1 class="govuk-heading-xl">Cymedroli</h1>' in page
    assert "Nid oes dim yn aros. Da iawn." in page
    assert "0 sylw yn aros, yr hynaf yn gyntaf" in page


def test_e_mail_preferences_are_welsh(client: Client, participant: User) -> None:
    client.force_login(participant)
    page = welsh(client).get("/notifications/preferences/").content.decode()
    assert "Hysbysiadau e-bost" in page
    assert "Atebion i’m sylwadau" in page  # a kind of notification
    assert "Crynodeb wythnosol" in page  # a frequency
    choices = dict.fromkeys(Kind.values, "immediate") | {"reply": "weekly"}
    saved = client.post("/notifications/preferences/", choices, follow=True)
    assert "Mae eich dewisiadau wedi’u cadw" in saved.content.decode()


def test_the_account_page_is_welsh(client: Client, participant: User) -> None:
    client.force_login(participant)
    page = welsh(client).get("/accounts/profile/").content.decode()
    assert '<h1 class="govuk-heading-xl">Eich cyfrif</h1>' in page
    assert "Tocynnau mynediad personol" in page
    assert "Dilysu dau ffactor" in page


def test_too_many_requests_says_how_long_in_welsh(
    client: Client, db: None, settings: Settings
) -> None:
    for _ in range(3):
        welsh(client).post("/privacy/your-comments/", {"email": "gwen@example.net"})
    limited = client.post("/privacy/your-comments/", {"email": "gwen@example.net"})
    assert limited.status_code == 429
    page = limited.content.decode()
    assert "Arhoswch ychydig" in page
    assert re.search(r"Rhowch gynnig arall arni ymhen \d+ (awr|munud)\.", page)
