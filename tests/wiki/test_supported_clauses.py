"""A page declares which clauses it supports; the clause page lists it."""

from collections.abc import Callable

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.guidance import services as guidance
from parley.guidance.models import Clause, Document
from parley.guidance.services import GuidanceRejected
from parley.organisations.models import Organisation
from parley.wiki import services
from parley.wiki.models import Page


def _clause(document: Document, number: str) -> Clause:
    return document.versions.get(number=1).clauses.get(number=number)


def test_the_clause_page_lists_the_pages_that_support_it(
    client: Client, document: Document, editor: User, wiki_page: Page
) -> None:
    version = document.versions.get(number=1)
    guidance.publish_version(version=version, user=editor)
    clause = _clause(document, "4")
    services.set_supported_clauses(
        page=wiki_page,
        document=document,
        lineages=[str(clause.lineage)],
    )

    page = client.get(clause.get_absolute_url()).content.decode()

    assert "Supporting guidance" in page
    assert 'href="/wiki/testing/using-personal-accounts/"' in page
    wiki = client.get("/wiki/testing/using-personal-accounts/").content.decode()
    assert "Guidance this page supports" in wiki
    assert "Treat social media as just another channel" in wiki


def test_a_clause_without_supporting_pages_says_nothing_about_them(
    client: Client, document: Document, editor: User
) -> None:
    guidance.publish_version(version=document.versions.get(number=1), user=editor)

    page = client.get(_clause(document, "1").get_absolute_url()).content.decode()

    assert "Supporting guidance" not in page


def test_mapping_to_a_clause_of_another_document_is_refused_clearly(
    document: Document, editor: User, organisation: Organisation, wiki_page: Page
) -> None:
    other = guidance.create_document(
        user=editor,
        organisation=organisation,
        title="Records management",
    )
    foreign = guidance.add_clause(
        version=other.versions.get(), user=editor, heading="Keep records", body="Keep them."
    )

    with pytest.raises(GuidanceRejected) as refused:
        services.set_supported_clauses(
            page=wiki_page, document=document, lineages=[str(foreign.lineage)]
        )

    assert refused.value.errors == {
        "lineages": [
            "Clause 1 belongs to ‘Records management’, not ‘Principles for taking part "
            "online’: map only clauses of ‘Principles for taking part online’"
        ]
    }
    assert not wiki_page.supported_clauses.exists()


def test_an_editor_chooses_the_clauses_in_the_browser(
    signed_in: Callable[[User], Client], document: Document, editor: User, wiki_page: Page
) -> None:
    guidance.publish_version(version=document.versions.get(number=1), user=editor)
    client = signed_in(editor)
    address = "/wiki/testing/using-personal-accounts/clauses/"
    lineage = str(_clause(document, "2").lineage)

    chooser = client.get(address, {"document": document.slug})
    saved = client.post(f"{address}?document={document.slug}", {"lineages": [lineage]})

    assert "Keep to your standards" in chooser.content.decode()
    assert saved.status_code == 302
    assert [str(s.lineage) for s in wiki_page.supported_clauses.all()] == [lineage]


def test_documents_with_only_a_draft_are_not_offered(
    signed_in: Callable[[User], Client], document: Document, editor: User, wiki_page: Page
) -> None:
    page = signed_in(editor).get("/wiki/testing/using-personal-accounts/clauses/")

    assert "Principles for taking part online" not in page.content.decode()


def test_a_supported_clause_links_the_public_version_not_a_newer_draft(
    client: Client, document: Document, editor: User, wiki_page: Page
) -> None:
    published = guidance.publish_version(version=document.versions.get(number=1), user=editor)
    clause = published.clauses.get(number="4")
    services.set_supported_clauses(
        page=wiki_page, document=document, lineages=[str(clause.lineage)]
    )
    draft = guidance.create_version(document=document, user=editor)
    guidance.update_clause(
        clause=draft.clauses.get(number="4"),
        user=editor,
        number="4",
        heading="A heading nobody outside may read yet",
        body="Still being written.",
    )

    wiki = client.get("/wiki/testing/using-personal-accounts/").content.decode()

    assert f'href="{clause.get_absolute_url()}"' in wiki
    assert "/versions/2/" not in wiki
    assert "A heading nobody outside may read yet" not in wiki


def test_a_clause_found_only_in_a_draft_is_not_listed_on_the_page(
    client: Client, document: Document, editor: User, wiki_page: Page
) -> None:
    clause = document.versions.get(number=1).clauses.get(number="2")
    services.set_supported_clauses(
        page=wiki_page, document=document, lineages=[str(clause.lineage)]
    )

    wiki = client.get("/wiki/testing/using-personal-accounts/").content.decode()

    assert "Guidance this page supports" not in wiki
    assert clause.heading not in wiki
