"""Organisations adopt a published version; new versions mark the sections to review."""

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.guidance import services as guidance
from parley.guidance.models import Adoption, Document, OperationalSection, Version
from parley.guidance.services import GuidanceRejected
from parley.organisations.models import Organisation, Role
from parley.wiki import services as wiki
from parley.wiki.models import Page
from tests.builders import member_of
from tests.conftest import Mailbox
from tests.html import text
from tests.notifications.helpers import text_of

TODAY = datetime.date(2026, 11, 1)


@pytest.fixture
def published(document: Document, editor: User) -> Version:
    return guidance.publish_version(version=document.versions.get(number=1), user=editor)


@pytest.fixture
def adopter(other_organisation: Organisation) -> User:
    """An owner of the Borough of Elsewhere, which adopts the principles."""
    return member_of(other_organisation, "council@example.org", "Carla Council", Role.OWNER)


def _lineage(version: Version, number: str) -> str:
    return str(version.clauses.get(number=number).lineage)


def _section(
    organisation: Organisation, user: User, title: str, version: Version, *numbers: str
) -> Page:
    page = wiki.create_page(
        space=wiki.space_for(organisation), user=user, title=title, body="Do this."
    )
    wiki.set_supported_clauses(
        page=page, document=version.document, lineages=[_lineage(version, n) for n in numbers]
    )
    return page


def _version_2(document: Document, editor: User) -> Version:
    """Version 2: principle 4 reworded, principle 2 unchanged."""
    draft = guidance.create_version(document=document, user=editor)
    four = draft.clauses.get(number="4")
    guidance.update_clause(
        clause=four,
        user=editor,
        number="4",
        heading=four.heading,
        body="Social media is part of the job.",
    )
    return draft


def test_adopting_a_published_version_records_date_and_statement(
    published: Version, other_organisation: Organisation, adopter: User
) -> None:
    adoption = guidance.adopt_version(
        organisation=other_organisation,
        version=published,
        user=adopter,
        adopted_on=TODAY,
        statement="We follow these principles.",
    )

    assert adoption.version == published
    assert adoption.adopted_on == TODAY
    assert adoption.statement == "We follow these principles."


def test_adopting_a_draft_is_refused(
    document: Document, other_organisation: Organisation, adopter: User
) -> None:
    with pytest.raises(GuidanceRejected) as refused:
        guidance.adopt_version(
            organisation=other_organisation,
            version=document.versions.get(number=1),
            user=adopter,
            adopted_on=TODAY,
        )

    assert refused.value.errors == {
        "version": ["Version 1 is draft: only the published version can be adopted"]
    }
    assert not Adoption.objects.exists()


def test_pages_supporting_clauses_become_the_operational_guidance(
    published: Version, other_organisation: Organisation, adopter: User
) -> None:
    _section(other_organisation, adopter, "Using personal accounts", published, "4")

    adoption = wiki.adopt(
        organisation=other_organisation, version=published, user=adopter, adopted_on=TODAY
    )

    section = adoption.sections.get()
    assert section.title == "Using personal accounts"
    assert section.lineages == [_lineage(published, "4")]
    assert section.url == "/wiki/elsewhere/using-personal-accounts/"


def test_an_adopter_can_start_from_a_copy_of_the_model_operational_guidance(
    published: Version, other_organisation: Organisation, adopter: User, editor: User
) -> None:
    model = wiki.create_page(
        space=wiki.site_space(), user=editor, title="Model: personal accounts", body="Model text."
    )
    wiki.set_supported_clauses(
        page=model, document=published.document, lineages=[_lineage(published, "4")]
    )

    adoption = wiki.adopt(
        organisation=other_organisation,
        version=published,
        user=adopter,
        adopted_on=TODAY,
        copy_model=True,
    )

    copy = Page.objects.get(space__organisation=other_organisation)
    assert copy.body_markdown == "Model text."
    assert copy.pk != model.pk
    assert [s.title for s in adoption.sections.all()] == ["Model: personal accounts"]


def test_mapping_a_section_to_a_clause_of_another_document_is_refused(
    published: Version,
    other_organisation: Organisation,
    adopter: User,
    editor: User,
    organisation: Organisation,
) -> None:
    adoption = guidance.adopt_version(
        organisation=other_organisation, version=published, user=adopter, adopted_on=TODAY
    )
    other = guidance.create_document(user=editor, organisation=organisation, title="Records")
    foreign = guidance.add_clause(version=other.versions.get(), user=editor, body="Keep them.")

    with pytest.raises(GuidanceRejected) as refused:
        guidance.map_section(
            adoption=adoption, key="x", title="Records", lineages=[str(foreign.lineage)]
        )

    assert "belongs to ‘Records’, not ‘Principles for taking part online’" in refused.value.detail
    assert not OperationalSection.objects.exists()


def test_a_new_version_marks_the_sections_relying_on_changed_clauses_and_tells_owners_and_editors(
    published: Version,
    other_organisation: Organisation,
    adopter: User,
    editor: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    member_of(other_organisation, "council-editor@example.org", "Ed Council", Role.EDITOR)
    member_of(other_organisation, "council-member@example.org", "Mem Council", Role.MEMBER)
    _section(other_organisation, adopter, "Using personal accounts", published, "4")
    _section(other_organisation, adopter, "Standards", published, "2")
    wiki.adopt(organisation=other_organisation, version=published, user=adopter, adopted_on=TODAY)
    draft = _version_2(published.document, editor)

    with django_capture_on_commit_callbacks(execute=True):
        guidance.publish_version(version=draft, user=editor)

    sections = {s.title: s for s in OperationalSection.objects.all()}
    assert sections["Using personal accounts"].needs_review
    assert sections["Using personal accounts"].review_reasons == ["clause 4, which was reworded"]
    assert not sections["Standards"].needs_review
    told = {m["To"] for m in smtp.messages}
    assert told == {"council@example.org", "council-editor@example.org"}
    assert "Using personal accounts" in text_of(smtp.messages[0])


def test_the_adoption_page_says_which_sections_rely_on_what_changed(
    client: Client,
    published: Version,
    other_organisation: Organisation,
    adopter: User,
    editor: User,
) -> None:
    _section(other_organisation, adopter, "Using personal accounts", published, "4")
    wiki.adopt(organisation=other_organisation, version=published, user=adopter, adopted_on=TODAY)
    guidance.publish_version(version=_version_2(published.document, editor), user=editor)

    page = client.get(
        "/guidance/principles-for-taking-part-online/adopters/elsewhere/"
    ).content.decode()

    words = text(parse_html(page))
    assert "Section ‘Using personal accounts’ relies on clause 4, which was reworded" in words
    assert "Needs review" in page
    assert "Clause 4 was reworded" in page


def test_adopting_the_new_version_clears_the_review_marks(
    published: Version, other_organisation: Organisation, adopter: User, editor: User
) -> None:
    _section(other_organisation, adopter, "Using personal accounts", published, "4")
    wiki.adopt(organisation=other_organisation, version=published, user=adopter, adopted_on=TODAY)
    second = guidance.publish_version(version=_version_2(published.document, editor), user=editor)

    wiki.adopt(organisation=other_organisation, version=second, user=adopter, adopted_on=TODAY)

    section = OperationalSection.objects.get()
    assert not section.needs_review
    assert section.review_reasons == []
    assert Adoption.objects.get().version == second


def test_the_register_says_who_adopted_which_version_and_whether_they_are_up_to_date(
    client: Client,
    published: Version,
    other_organisation: Organisation,
    adopter: User,
    editor: User,
    organisation: Organisation,
) -> None:
    guidance.adopt_version(
        organisation=other_organisation, version=published, user=adopter, adopted_on=TODAY
    )
    second = guidance.publish_version(version=_version_2(published.document, editor), user=editor)
    guidance.adopt_version(organisation=organisation, version=second, user=editor, adopted_on=TODAY)

    page = client.get("/guidance/principles-for-taking-part-online/adopters/").content.decode()

    assert "2 organisations adopted this guidance" in page
    assert "No: adopted an earlier version" in page
    assert page.count('<td class="govuk-table__cell">Yes</td>') == 1


def test_the_register_costs_the_same_queries_for_many_adopters(
    client: Client, published: Version, adopter: User
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get("/guidance/principles-for-taking-part-online/adopters/").status_code
                == 200
            )
        return len(queries)

    few = count()
    for n in range(8):
        council = Organisation.objects.create(name=f"Council {n}", slug=f"council-{n}")
        guidance.adopt_version(
            organisation=council, version=published, user=adopter, adopted_on=TODAY
        )
    assert count() == few


def test_an_editor_adopts_in_the_browser_and_a_bad_date_keeps_what_was_typed(
    signed_in: Callable[[User], Client], published: Version, adopter: User
) -> None:
    client = signed_in(adopter)
    address = "/wiki/elsewhere/adopt/principles-for-taking-part-online/"

    bad = client.post(
        address, {"version": published.pk, "adopted_on": "yesterday", "statement": "We adopt."}
    )
    good = client.post(
        address, {"version": published.pk, "adopted_on": "2026-11-01", "statement": "We adopt."}
    )

    assert bad.status_code == 400
    assert "We adopt." in bad.content.decode()
    assert good.status_code == 302
    assert good["Location"] == "/guidance/principles-for-taking-part-online/adopters/elsewhere/"
    assert Adoption.objects.get().statement == "We adopt."


def test_members_who_are_not_editors_cannot_adopt(
    signed_in: Callable[[User], Client], published: Version, other_organisation: Organisation
) -> None:
    member = member_of(other_organisation, "m@example.org", "M", Role.MEMBER)

    response = signed_in(member).get("/wiki/elsewhere/adopt/principles-for-taking-part-online/")

    assert response.status_code == 403


def test_the_wiki_marks_the_pages_to_review(
    client: Client,
    published: Version,
    other_organisation: Organisation,
    adopter: User,
    editor: User,
) -> None:
    _section(other_organisation, adopter, "Using personal accounts", published, "4")
    _section(other_organisation, adopter, "Standards", published, "2")
    wiki.adopt(organisation=other_organisation, version=published, user=adopter, adopted_on=TODAY)
    guidance.publish_version(version=_version_2(published.document, editor), user=editor)

    space = client.get("/wiki/elsewhere/").content.decode()
    page = client.get("/wiki/elsewhere/using-personal-accounts/").content.decode()
    untouched = client.get("/wiki/elsewhere/standards/").content.decode()

    assert space.count("Needs review") == 1
    assert "relies on clause 4, which was reworded" in text(parse_html(page))
    assert "Needs review" not in untouched
    organisation_page = client.get("/organisations/elsewhere/").content.decode()
    assert "Principles for taking part online, version 1" in organisation_page


def test_choosing_a_version_under_consultation_is_refused_beside_the_field(
    signed_in: Callable[[User], Client], consulting: Version, adopter: User
) -> None:
    response = signed_in(adopter).post(
        "/wiki/elsewhere/adopt/principles-for-taking-part-online/",
        {"version": consulting.pk, "adopted_on": "2026-11-01", "statement": "Keep me."},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Version 1 is open for comments: only the published version can be adopted" in page
    assert "Keep me." in page
    assert not Adoption.objects.exists()


def test_the_guidance_page_links_to_its_adopters_register(
    client: Client, published: Version
) -> None:
    page = client.get("/guidance/principles-for-taking-part-online/").content.decode()

    assert 'href="/guidance/principles-for-taking-part-online/adopters/"' in page


def test_renaming_a_page_renames_its_section(
    published: Version, other_organisation: Organisation, adopter: User
) -> None:
    page = _section(other_organisation, adopter, "Using personal accounts", published, "4")
    wiki.adopt(organisation=other_organisation, version=published, user=adopter, adopted_on=TODAY)

    wiki.edit_page(
        page=page,
        user=adopter,
        title="Personal accounts",
        body="Do this.",
        message="",
        base_revision=1,
    )

    assert OperationalSection.objects.get().title == "Personal accounts"
