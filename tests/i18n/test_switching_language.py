"""The language switch in the header works with no JavaScript: a form that posts to Django's
set_language view, which remembers the choice in a cookie and returns to the same page."""

from django.test import Client
from django.test.html import Element

from parley.accounts.models import User
from tests import html


def switch_of(page: str) -> Element:
    form = html.find(page, "form", method="post", action="/i18n/setlang/")
    button = html.find(form, "button", name="language")
    assert html.attribute(button, "type") == "submit"
    return form


def language_nav_label(page: str) -> str | None:
    return html.attribute(html.find(page, "nav", class_="govuk-language-navigation"), "aria-label")


def test_an_english_page_offers_welsh_in_welsh(client: Client, db: None) -> None:
    page = client.get("/privacy/").content.decode()
    assert '<html lang="en-GB"' in page
    switch = switch_of(page)
    assert html.find(switch, "input", type="hidden", name="csrfmiddlewaretoken")
    assert html.contains(switch, '<input type="hidden" name="next" value="/privacy/">')
    button = html.find(switch, "button", name="language")
    assert (html.attribute(button, "value"), html.attribute(button, "lang")) == ("cy", "cy")
    assert button.children == ["Cymraeg"]
    assert language_nav_label(page) == "Language"


def test_switching_to_welsh_returns_to_the_same_page_in_welsh(client: Client, db: None) -> None:
    switched = client.post("/i18n/setlang/", {"language": "cy", "next": "/privacy/?from=header"})
    assert switched.status_code == 302
    assert switched["Location"] == "/privacy/?from=header"

    page = client.get(switched["Location"]).content.decode()
    assert '<html lang="cy"' in page
    assert "Neidio i’r prif gynnwys" in page  # skip link
    assert ">Dewislen</button>" in page  # the header's menu button
    assert '<h1 class="govuk-heading-xl">Preifatrwydd</h1>' in page
    assert "Polisi sylwadau" in page  # footer
    assert "Yn rhedeg ar Parley" in page
    assert language_nav_label(page) == "Iaith"
    button = html.find(switch_of(page), "button", name="language")
    assert (html.attribute(button, "value"), html.attribute(button, "lang")) == ("en-gb", "en-GB")
    assert button.children == ["English"]

    back = client.post("/i18n/setlang/", {"language": "en-gb", "next": "/privacy/"})
    page = client.get(back["Location"]).content.decode()
    assert '<html lang="en-GB"' in page
    assert "Skip to main content" in page


def test_the_switch_never_leaves_the_site(client: Client, db: None) -> None:
    switched = client.post(
        "/i18n/setlang/", {"language": "cy", "next": "https://elsewhere.example/"}
    )
    assert switched.status_code == 302
    assert "elsewhere.example" not in switched["Location"]


def test_a_browser_asking_for_welsh_gets_welsh(client: Client, db: None) -> None:
    page = client.get("/", headers={"accept-language": "cy,en;q=0.5"}).content.decode()
    assert '<html lang="cy"' in page
    assert "Cofnodion diweddaraf" in page
    assert "Neidio i’r prif gynnwys" in page


def test_the_page_not_found_is_welsh(client: Client, db: None) -> None:
    client.cookies["django_language"] = "cy"
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    page = missing.content.decode()
    assert '<html lang="cy"' in page
    assert "Heb ddod o hyd i’r dudalen" in page
    assert "Mynd i’r hafan" in page


def test_a_form_error_summary_is_welsh(client: Client, db: None) -> None:
    client.cookies["django_language"] = "cy"
    sent = client.post("/privacy/your-comments/", {"email": ""})
    assert sent.status_code == 400
    page = sent.content.decode()
    assert "<title>Gwall: Eich sylwadau fel gwestai" in page
    assert '<h2 class="govuk-error-summary__title">Mae problem wedi codi</h2>' in page
    assert "Rhowch y cyfeiriad e-bost a ddefnyddiwyd gennych i roi sylw" in page
    assert '<span class="govuk-visually-hidden">Gwall:</span>' in page


def test_a_generic_required_error_names_the_field_in_welsh(
    client: Client, db: None, participant: User
) -> None:
    client.force_login(participant)
    client.cookies["django_language"] = "cy"
    sent = client.post("/accounts/profile/", {"form": "profile", "display_name": ""})
    page = sent.content.decode()
    assert "Rhowch eich enw" in page
