"""allauth's pages speak as the rest of the site does: sentence case, "E-mail address",
GOV.UK error summaries above the heading, errors beside their fields, what was typed kept,
password rules in the reader's language; confirming an address signs its owner in."""

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from tests.builders import (
    PASSWORD,
    code_for,
    give_second_factor,
    sign_in_with_second_factor,
    welsh,
)
from tests.conftest import Mailbox
from tests.html import find_all, text
from tests.notifications.helpers import text_of

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

# allauth's own wording, which the site's pages never use.
ALLAUTH_WORDING = re.compile(
    r"Sign In|Sign Up|Sign Out|Signup|Remember Me|Password \(again\)|Current Password|"
    r"New Password|Change Password|Set Password|Password Reset|Make Primary|Re-send|"
    r"Add Email|Confirm Access|Account Connections|Third-Party|third-party|Deactivate|"
    r"Recovery Codes|\b[Ee]mail\b"
)


def main_text(response: "_MonkeyPatchedWSGIResponse") -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


SIGNED_OUT_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/confirm-email/",
]
SIGNED_IN_PAGES = [
    "/accounts/logout/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
    "/accounts/3rdparty/",
    "/accounts/2fa/",
]


@pytest.mark.parametrize("page", SIGNED_OUT_PAGES)
def test_signed_out_account_pages_use_the_site_s_wording(
    db: None, client: Client, page: str
) -> None:
    response = client.get(page, follow=True)
    assert response.status_code == 200
    assert ALLAUTH_WORDING.findall(main_text(response)) == []


@pytest.mark.parametrize("page", SIGNED_IN_PAGES)
def test_signed_in_account_pages_use_the_site_s_wording(
    signed_in: Callable[[User], Client], participant: User, page: str
) -> None:
    response = signed_in(participant).get(page)
    assert response.status_code == 200
    assert ALLAUTH_WORDING.findall(main_text(response)) == []


def test_second_factor_pages_use_the_site_s_wording(
    client: Client, moderator: User, settings: Settings
) -> None:
    settings.PARLEY_STAFF_SECOND_FACTOR = True
    secret = give_second_factor(moderator)
    sign_in_with_second_factor(client, moderator, code_for(secret))
    for page in [
        "/accounts/2fa/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
    ]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert ALLAUTH_WORDING.findall(main_text(response)) == [], page


def test_the_sign_in_page_labels_fields_in_sentence_case_without_placeholders(
    db: None, client: Client
) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert '<h1 class="govuk-heading-xl">Sign in</h1>' in page
    assert ">E-mail address</label>" in page
    assert ">Remember me on this device</label>" in page
    assert "placeholder=" not in page
    assert (
        '<a class="govuk-link" href="/accounts/password/reset/">Forgot your password?</a>' in page
    )


def test_a_refused_sign_in_summarises_errors_above_the_heading_and_keeps_the_address(
    client: Client, participant: User
) -> None:
    page = client.post(
        "/accounts/login/", {"login": participant.email, "password": "not the password"}
    ).content.decode()
    assert page.index("govuk-error-summary") < page.index("<h1")
    assert f'value="{participant.email}"' in page
    empty = client.post("/accounts/login/", {"login": "", "password": ""}).content.decode()
    assert '<a href="#id_login">Enter your e-mail address</a>' in empty
    errors = [text(p) for p in find_all(empty, "p", class_="govuk-error-message")]
    assert "Error: Enter your password" in errors
    assert "This field is required" not in empty


def test_sign_up_errors_sit_beside_their_fields_and_keep_what_was_typed(
    db: None, client: Client
) -> None:
    page = client.post(
        "/accounts/signup/",
        {"email": "not an address", "display_name": "Nia", "password1": "1", "password2": "2"},
    ).content.decode()
    assert "Enter an e-mail address in the correct format, like name@example.com" in page
    assert 'value="not an address"' in page
    assert 'value="Nia"' in page
    assert page.index("govuk-error-summary") < page.index("<h1")


def test_password_rules_on_the_welsh_sign_up_page_are_welsh(db: None, client: Client) -> None:
    text = main_text(welsh(client).get("/accounts/signup/"))
    assert "Defnyddiwch o leiaf 8 nod." in text
    assert "Peidiwch â defnyddio rhifau yn unig." in text
    assert "Your password" not in text
    refused = main_text(
        client.post(
            "/accounts/signup/",
            {"email": "new@example.org", "display_name": "Nia", "password1": "123"},
        )
    )
    assert "Rhaid i’ch cyfrinair fod o leiaf 8 nod o hyd" in refused
    assert "Rhaid i’ch cyfrinair beidio â bod yn rhifau yn unig" in refused
    assert "password" not in refused.lower()


def test_the_welsh_sign_in_page_has_no_english_labels(db: None, client: Client) -> None:
    text = main_text(welsh(client).get("/accounts/login/"))
    assert "Cyfeiriad e-bost" in text
    assert "Cofio fi ar y ddyfais hon" in text
    for english in ("E-mail address", "Remember", "Sign in", "New here"):
        assert english not in text


def sign_up(client: Client, smtp: Mailbox) -> str:
    """Signs up as newcomer@example.org; returns the confirmation link e-mailed."""
    client.post(
        "/accounts/signup/",
        {
            "email": "newcomer@example.org",
            "display_name": "Nia Newcomer",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    (message,) = smtp.messages
    found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", text_of(message))
    assert found is not None
    return found.group(1)


def test_confirming_the_address_in_the_browser_that_signed_up_signs_the_person_in(
    db: None, client: Client, smtp: Mailbox
) -> None:
    link = sign_up(client, smtp)
    assert "Confirm that newcomer@example.org is your e-mail address." in main_text(
        client.get(link)
    )
    client.post(link)
    assert client.get("/accounts/profile/").status_code == 200


def test_confirming_the_address_in_another_browser_does_not_sign_anyone_in(
    db: None, client: Client, smtp: Mailbox
) -> None:
    link = sign_up(client, smtp)
    elsewhere = Client()
    elsewhere.post(link)
    assert elsewhere.get("/accounts/profile/").status_code == 302


def test_the_notices_after_signing_in_and_out_are_in_the_site_s_words(
    db: None, client: Client, participant: User
) -> None:
    signed_in = client.post(
        "/accounts/login/", {"login": participant.email, "password": PASSWORD}, follow=True
    ).content.decode()
    assert f"You are signed in as {participant.display_name}." in signed_in
    assert "Successfully" not in signed_in
    signed_out = welsh(client).post("/accounts/logout/", follow=True).content.decode()
    assert "Rydych wedi allgofnodi." in signed_out


def test_a_field_with_several_errors_shows_them_in_one_message_with_one_id(
    db: None, client: Client
) -> None:
    page = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "display_name": "Nia", "password1": "123", "password2": "123"},
    ).content.decode()
    assert page.count('id="id_password1-error"') == 1
    message = page[page.index('id="id_password1-error"') :]
    message = message[: message.index("</p>")]
    assert "at least 8 characters" in message
    assert "only numbers" in message or "entirely numeric" in message
