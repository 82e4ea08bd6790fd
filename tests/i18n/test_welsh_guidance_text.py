"""Guidance's own words around the editors' content are in the reader's language: the
history of changes, the feeds' titles, and the titles given to share links and embeds."""

from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.guidance import services as guidance
from parley.guidance.models import Document
from tests.feeds.conftest import parse


def _welsh(client: Client) -> Client:
    client.cookies["django_language"] = "cy"
    return client


def test_the_history_of_changes_says_each_change_in_welsh(
    document: Document, editor: User, signed_in: Callable[[User], Client]
) -> None:
    page = _welsh(signed_in(editor)).get(f"/guidance/{document.slug}/history/")
    text = page.content.decode()
    assert "Creodd y ddogfen" in text
    assert "Ychwanegodd gymal 4" in text
    assert "Created the document" not in text
    in_english = Client()
    in_english.force_login(editor)
    english = in_english.get(f"/guidance/{document.slug}/history/").content.decode()
    assert "Added clause 4" in english


def test_a_documents_feed_is_titled_in_the_readers_language(
    document: Document, editor: User
) -> None:
    guidance.publish_version(version=document.versions.get(), user=editor)

    welsh = parse(_welsh(Client()), f"/guidance/{document.slug}/feed/")
    assert welsh.feed.title == f"{document.title}: fersiynau ac ymgynghoriadau"
    assert welsh.entries[0].title == f"{document.title}, fersiwn 1, wedi’i chyhoeddi"
    english = parse(Client(), f"/guidance/{document.slug}/feed/")
    assert english.feed.title == f"{document.title}: versions and consultations"


def test_an_embedded_clause_is_titled_in_welsh_with_its_welsh_heading(
    document: Document, editor: User
) -> None:
    version = guidance.publish_version(version=document.versions.get(), user=editor)
    clause = version.clauses.get(number="4")
    type(clause).objects.filter(pk=clause.pk).update(heading_cy="Meddwl cyn rhannu")
    Document.objects.filter(pk=document.pk).update(title_cy="Egwyddorion")

    found = _welsh(Client()).get(
        "/oembed", {"url": f"http://testserver{clause.get_absolute_url()}", "format": "json"}
    )

    assert found.json()["title"] == "Cymal 4: Meddwl cyn rhannu — Egwyddorion"
    english = Client().get(
        "/oembed", {"url": f"http://testserver{clause.get_absolute_url()}", "format": "json"}
    )
    assert english.json()["title"] == f"Clause 4: {clause.heading} — {document.title}"
