"""The wiki's pages in Welsh."""

from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.wiki.models import Page, Space


def test_the_wiki_pages_are_in_welsh_for_a_welsh_reader(client: Client, wiki_page: Page) -> None:
    client.cookies["django_language"] = "cy"

    index = client.get("/wiki/").content.decode()
    space = client.get("/wiki/testing/").content.decode()
    page = client.get("/wiki/testing/using-personal-accounts/").content.decode()
    history = client.get("/wiki/testing/using-personal-accounts/history/").content.decode()

    assert '<h1 class="govuk-heading-xl">Wici</h1>' in index
    assert "Tudalennau" in space
    assert "Pwy gaiff olygu: aelodau’r sefydliad." in space
    assert "Cynnwys" in page
    assert "Diwygiad 1," in page
    assert "1 diwygiad, y diweddaraf yn gyntaf" in history
    assert "Cymharu’r diwygiadau a ddewiswyd" in history
    assert "Compare the chosen revisions" not in history


def test_an_editor_refused_in_welsh_keeps_what_was_typed(
    signed_in: Callable[[User], Client], editor: User, space: Space
) -> None:
    client = signed_in(editor)
    client.cookies["django_language"] = "cy"

    response = client.post(
        "/wiki/testing/new/", {"title": "", "body": "Testun y dudalen.", "message": ""}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Mae problem wedi codi" in page
    assert "Rhowch deitl" in page
    assert "Testun y dudalen.</textarea>" in page
