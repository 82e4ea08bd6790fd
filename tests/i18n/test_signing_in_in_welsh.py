"""django-allauth has no Welsh of its own: its pages, form labels, errors and sign-in e-mails
read in Welsh from our catalogue of its strings."""

import re

from django.test import Client

from parley.accounts.models import User
from tests.builders import PASSWORD
from tests.conftest import Mailbox
from tests.notifications.helpers import text_of


def main_text(html: str) -> str:
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def welsh_client() -> Client:
    client = Client()
    client.cookies["django_language"] = "cy"
    return client


def test_the_sign_in_page_is_welsh(db: None) -> None:
    page = welsh_client().get("/accounts/login/").content.decode()
    assert '<html lang="cy"' in page
    text = main_text(page)
    assert "Mewngofnodi" in text
    assert "Cyfrinair" in text
    assert "Wedi anghofio eich cyfrinair?" in text
    assert "Forgot" not in text
    assert "Password" not in text


def test_a_wrong_password_is_refused_in_welsh(db: None, participant: User) -> None:
    refused = welsh_client().post(
        "/accounts/login/", {"login": participant.email, "password": "not the password"}
    )
    text = main_text(refused.content.decode())
    assert "Mae problem wedi codi" in text
    assert "Nid yw’r cyfeiriad e-bost neu’r cyfrinair yn gywir" in text


def test_creating_an_account_is_welsh(db: None) -> None:
    client = welsh_client()
    text = main_text(client.get("/accounts/signup/").content.decode())
    assert "Creu cyfrif" in text
    assert "Eich enw" in text  # our own field, from the accounts catalogue
    refused = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": "something else",
            "display_name": "Newydd",
        },
    )
    assert "Rhaid i chi deipio’r un cyfrinair bob tro." in main_text(refused.content.decode())


def test_the_password_reset_e_mail_is_welsh(db: None, participant: User, smtp: Mailbox) -> None:
    client = welsh_client()
    page = client.get("/accounts/password/reset/").content.decode()
    assert "Ailosod eich cyfrinair" in main_text(page)
    sent = client.post("/accounts/password/reset/", {"email": participant.email})
    assert sent.status_code == 302
    (message,) = smtp.messages
    assert message["Subject"] == "Dewiswch gyfrinair newydd ar gyfer Parley"
    assert "I ddewis cyfrinair newydd, agorwch y ddolen hon:" in text_of(message)
