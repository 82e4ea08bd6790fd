"""Guidance in Welsh: the interface of its pages, and the Welsh version of a document,
its introduction and its clauses where the editors gave one."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from parley.accounts.models import User
from parley.guidance import services as guidance
from parley.guidance.models import Clause, Document, Version
from tests.builders import close, comment_as
from tests.html import contains, find, text

WELSH: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "cy"}
SLUG = "principles-for-taking-part-online"


def _in_welsh(document: Document, editor: User) -> Document:
    """Give the document, its draft's introduction and its first clause a Welsh version."""
    guidance.update_document(
        document=document,
        user=editor,
        title=document.title,
        summary=document.summary,
        title_cy="Egwyddorion ar gyfer cymryd rhan ar-lein",
        summary_cy="Egwyddorion byr i staff ar-lein.",
    )
    draft = document.versions.get(number=1)
    guidance.update_version(
        version=draft,
        user=editor,
        introduction="Read these first.",
        introduction_cy="Darllenwch y rhain yn gyntaf.",
    )
    first = draft.clauses.get(number="1")
    guidance.update_clause(
        clause=first,
        user=editor,
        number="1",
        heading=first.heading,
        body=first.body_markdown,
        heading_cy="Byddwch yn glir am eich rôl",
        body_cy="Dywedwch pan fyddwch yn siarad *drosoch eich hun*.",
    )
    document.refresh_from_db()
    return document


def _open(document: Document, editor: User) -> Version:
    now = timezone.now()
    return guidance.schedule_consultation(
        version=document.versions.get(number=1),
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )


def test_the_guidance_pages_are_in_welsh_for_a_welsh_reader(
    client: Client, consulting: Version
) -> None:
    index = client.get("/guidance/", **WELSH).content.decode()
    document = client.get(f"/guidance/{SLUG}/", **WELSH).content.decode()
    clause = client.get(f"/guidance/{SLUG}/versions/1/clauses/4/", **WELSH).content.decode()

    assert "Ar agor i sylwadau" in index
    assert "Ble mae’r adborth" in document
    assert "Rhoi sylw ar gymal 4" in document
    assert "Sefydliadau sydd wedi mabwysiadu’r canllawiau hyn" in document
    assert "Holl gymalau fersiwn 1" in clause
    assert "Dilyn y sylwadau ar gymal 4 gyda darllenydd ffrydiau" in clause
    assert "Where feedback is" not in document


def test_english_guidance_is_marked_as_english_on_a_welsh_page(
    client: Client, consulting: Version
) -> None:
    page = client.get(f"/guidance/{SLUG}/", **WELSH).content.decode()
    clause = client.get(f"/guidance/{SLUG}/versions/1/clauses/4/", **WELSH).content.decode()

    assert '<h1 class="govuk-heading-xl" lang="en">Principles for taking part online</h1>' in page
    assert '<p class="govuk-body-l" lang="en">Short principles for staff online.</p>' in page
    assert '<span lang="en">Be clear about your role</span>' in page
    assert '<div class="parley-prose" lang="en"><p>Say when you speak for yourself.</p>' in page
    assert contains(
        clause,
        '<h1 class="govuk-heading-xl">'
        'Cymal 4: <span lang="en">Treat social media as just another channel</span></h1>',
    )
    assert '<div class="parley-prose parley-quotable" id="clause-text" lang="en">' in clause


def test_a_welsh_reader_sees_the_welsh_version_where_there_is_one(
    client: Client, document: Document, editor: User
) -> None:
    _open(_in_welsh(document, editor), editor)

    page = client.get(f"/guidance/{SLUG}/", **WELSH).content.decode()
    clause = client.get(f"/guidance/{SLUG}/versions/1/clauses/1/", **WELSH).content.decode()
    english = client.get(f"/guidance/{SLUG}/").content.decode()

    assert '<h1 class="govuk-heading-xl">Egwyddorion ar gyfer cymryd rhan ar-lein</h1>' in page
    assert '<p class="govuk-body-l">Egwyddorion byr i staff ar-lein.</p>' in page
    assert '<div class="parley-prose"><p>Darllenwch y rhain yn gyntaf.</p>' in page
    assert "</span> Byddwch yn glir am eich rôl</h2>" in page
    # The clauses with no Welsh version stay English, marked as such.
    assert '<span lang="en">Keep to your standards</span>' in page
    assert text(find(clause, "h1")) == "Cymal 1: Byddwch yn glir am eich rôl"
    assert "<p>Dywedwch pan fyddwch yn siarad <em>drosoch eich hun</em>.</p>" in clause
    assert "Byddwch yn glir" not in english
    assert "Be clear about your role" in english


def test_an_editor_writes_a_clause_in_welsh_through_the_form_and_it_is_cleaned(
    signed_in: Callable[[User], Client], document: Document, editor: User
) -> None:
    client = signed_in(editor)
    url = f"/guidance/{SLUG}/versions/1/clauses/2/edit/"
    attack = (
        "Mae *didueddrwydd* yn berthnasol.\n\n<script>alert(1)</script> [x](javascript:alert(2))"
    )

    form = client.get(url).content.decode()
    assert "Pennawd Cymraeg (dewisol)" not in form  # English page
    assert "Welsh (Cymraeg) heading (optional)" in form
    response = client.post(
        url,
        {
            "number": "2",
            "heading": "Keep to your standards",
            "body": "Impartiality applies online.",
            "heading_cy": "Cadw at eich safonau",
            "body_cy": attack,
            "action": "save",
        },
    )

    assert response.status_code == 302
    clause = Clause.objects.get(version__document=document, number="2")
    assert clause.heading_cy == "Cadw at eich safonau"
    assert "<em>didueddrwydd</em>" in clause.body_html_cy
    assert "<script" not in clause.body_html_cy
    assert 'href="javascript:' not in clause.body_html_cy
    page = client.get(f"/guidance/{SLUG}/versions/1/clauses/2/", **WELSH).content.decode()
    assert "<em>didueddrwydd</em>" in page
    assert "<script>alert(1)" not in page


def test_a_refused_clause_keeps_the_welsh_typed_and_shows_the_error_beside_its_field(
    signed_in: Callable[[User], Client], document: Document, editor: User
) -> None:
    client = signed_in(editor)
    client.cookies["django_language"] = "cy"

    response = client.post(
        f"/guidance/{SLUG}/versions/1/clauses/2/edit/",
        {
            "number": "2",
            "heading": "Keep to your standards",
            "body": "   ",
            "heading_cy": "Cadw at eich safonau",
            "body_cy": "Mae didueddrwydd yn berthnasol.",
            "action": "save",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Mae problem wedi codi" in page
    assert "Rhowch destun y cymal" in page
    assert 'value="Cadw at eich safonau"' in page
    assert "Mae didueddrwydd yn berthnasol.</textarea>" in page
    assert Clause.objects.get(version__document=document, number="2").heading_cy == ""


def test_the_document_and_introduction_forms_take_welsh(
    signed_in: Callable[[User], Client], document: Document, editor: User
) -> None:
    client = signed_in(editor)

    client.post(
        f"/guidance/{SLUG}/edit/",
        {"title": document.title, "summary": "", "title_cy": "Egwyddorion", "summary_cy": "Byr."},
    )
    client.post(
        f"/guidance/{SLUG}/versions/1/edit/",
        {"action": "introduction", "introduction": "Intro.", "introduction_cy": "**Cyflwyniad**."},
    )

    document.refresh_from_db()
    version = document.versions.get(number=1)
    assert (document.title_cy, document.summary_cy) == ("Egwyddorion", "Byr.")
    assert version.introduction_html_cy == "<p><strong>Cyflwyniad</strong>.</p>\n"


def test_a_new_version_keeps_the_welsh_of_the_one_before(document: Document, editor: User) -> None:
    close(_open(_in_welsh(document, editor), editor))
    guidance.publish_version(version=document.versions.get(number=1), user=editor)

    second = guidance.create_version(document=document, user=editor)

    assert second.introduction_html_cy == "<p>Darllenwch y rhain yn gyntaf.</p>\n"
    first = second.clauses.get(number="1")
    assert first.heading_cy == "Byddwch yn glir am eich rôl"
    assert "drosoch eich hun" in first.body_html_cy


def test_what_changed_is_in_welsh_where_both_versions_have_it(
    client: Client, document: Document, editor: User
) -> None:
    close(_open(_in_welsh(document, editor), editor))
    guidance.publish_version(version=document.versions.get(number=1), user=editor)
    second = guidance.create_version(document=document, user=editor)
    for number, body, body_cy in [
        (
            "1",
            "Say when you speak for yourself, always.",
            "Dywedwch bob amser pan fyddwch yn siarad.",
        ),
        ("2", "Impartiality applies online, too.", None),
    ]:
        clause = second.clauses.get(number=number)
        guidance.update_clause(
            clause=clause,
            user=editor,
            number=number,
            heading=clause.heading,
            body=body,
            body_cy=body_cy,
        )
    guidance.publish_version(version=second, user=editor)

    welsh = client.get(f"/guidance/{SLUG}/compare/1...2/", **WELSH).content.decode()
    english = client.get(f"/guidance/{SLUG}/compare/1...2/").content.decode()

    assert "Beth sydd wedi newid o fersiwn 1 i fersiwn 2" in welsh
    assert "Cafodd cymal 1 ei aileirio" in welsh
    # Clause 1 has Welsh in both versions: compared in Welsh, without a lang mark.
    assert '<ins><span class="govuk-visually-hidden">wedi’i ychwanegu: </span> bob amser' in welsh
    # Clause 2 has no Welsh: compared in English, marked as English.
    assert '<div lang="en">' in welsh
    assert "too" in welsh
    assert "Clause 1 was reworded" in english
    assert "bob amser" not in english


def test_the_response_pages_are_in_welsh(
    client: Client,
    signed_in: Callable[[User], Client],
    consulting: Version,
    editor: User,
    participant: User,
) -> None:
    comment_as(consulting.clauses.get(number="2"), participant, "Too vague.", stance="oppose")
    Version.objects.filter(pk=consulting.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    editor_client = signed_in(editor)
    editor_client.cookies["django_language"] = "cy"

    form = editor_client.get(f"/guidance/{SLUG}/versions/1/response/edit/").content.decode()

    assert "Ymateb i’r ymgynghoriad" in form
    assert "Beth glywson ni am gymal 2" in form
    assert "Cadw’r ymateb drafft" in form
    assert "Canlyniad sylw #1 ynghylch cymal 2" in form


def test_a_welsh_page_costs_the_same_queries_as_the_english(
    client: Client, document: Document, editor: User
) -> None:
    _open(_in_welsh(document, editor), editor)
    counts = []
    for headers in ({}, WELSH):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/guidance/{SLUG}/", **headers).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_time_left_to_comment_is_said_in_welsh_on_the_banner_and_the_card(
    client: Client, consulting: Version
) -> None:
    from parley.guidance import cards

    Version.objects.filter(pk=consulting.pk).update(
        closes_at=timezone.now() + timedelta(days=40, minutes=5)
    )
    page = client.get(f"/guidance/{SLUG}/versions/1/clauses/1/", **WELSH).content.decode()
    with translation.override("cy"):
        card = cards.render_card(cards.document_card(SLUG))  # type: ignore[arg-type]

    assert "yn cau ymhen 1\xa0mis, 1\xa0wythnos" in page
    assert "yn cau ymhen 1\xa0mis, 1\xa0wythnos" in card
    assert "month" not in page + card
    assert "week" not in page + card
