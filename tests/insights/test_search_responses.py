"""Analysts' search finds formal responses of every channel by the words of their written
answers and of their attached files' text; nobody else ever sees one there, before the
response to the consultation is published or after, confidential or not."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Question, Response
from parley.files.simple_pdf import text_pdf
from parley.guidance.models import Version
from parley.insights import search
from parley.organisations.models import Organisation, Role
from tests.builders import member_of
from tests.insights.conftest import add_comment, publish_response

POSTCARD = "The hedgehogs in the park need the clause about lighting."
SCANNED = "Our allotment society asks for quieter mowers on Sundays."


def enter(
    version: Version,
    editor: User,
    *,
    name: str,
    text: str,
    consent: str = Response.Consent.CONFIDENTIAL,
    attachment: bytes | None = None,
) -> Response:
    return consultations.enter_response(
        version=version,
        entered_by=editor,
        channel=Response.Channel.POST,
        respondent=consultations.Respondent(name=name),
        consent=consent,
        answers=[consultations.AnswerIn(question=1, text=text)],
        attachments=[SimpleUploadedFile("letter.pdf", attachment)] if attachment else [],
    )


@pytest.fixture
def letters(
    consulting: Version, editor: User, django_capture_on_commit_callbacks: Capture
) -> dict[str, Any]:
    Question.objects.create(version=consulting, number=1, kind=Question.Kind.TEXT, text="Views?")
    clause = consulting.clauses.select_related("discussion").order_by("position")[0]
    add_comment(clause.discussion, "Hedgehogs deserve darker parks at night.", n=1)  # public
    postcard = enter(consulting, editor, name="Gwen Postcard", text=POSTCARD)
    with django_capture_on_commit_callbacks(execute=True):  # the PDF's text is read
        scanned = enter(
            consulting,
            editor,
            name="Huw Scanned",
            text="Please see the letter attached.",
            consent=Response.Consent.NAMED,
            attachment=text_pdf([[SCANNED]]),
        )
    return {"version": consulting, "postcard": postcard, "scanned": scanned}


def found(version: Version, text: str) -> set[str]:
    return set(search.responses(version, text).values_list("reference", flat=True))


def test_responses_are_found_by_their_answers_and_their_files_text(
    letters: dict[str, Any],
) -> None:
    version, postcard, scanned = letters["version"], letters["postcard"], letters["scanned"]
    assert found(version, "hedgehogs lighting") == {postcard.reference}
    assert found(version, "allotment mowers") == {scanned.reference}  # only in the PDF
    assert found(version, "letter allotment") == {scanned.reference}  # answer and file
    assert found(version, "hedgehogs mowers") == set()  # every word must be there
    assert found(version, "zebra") == set()
    assert found(version, '" -(*') == set()  # no words, no responses


def test_drafts_and_replaced_responses_are_not_found(letters: dict[str, Any], editor: User) -> None:
    version, postcard = letters["version"], letters["postcard"]
    Response.objects.filter(pk=postcard.pk).update(status=Response.Status.DRAFT)
    assert found(version, "hedgehogs") == set()


def insights_url(version: Version, words: str) -> str:
    return reverse("insights:insights", args=[version.document.slug, version.number]) + (
        f"?q={words}"
    )


@pytest.mark.parametrize("who", ["editor", "analyst", "admin_user"])
def test_analysts_and_site_staff_see_the_responses_found(
    letters: dict[str, Any],
    who: str,
    organisation: Organisation,
    request: pytest.FixtureRequest,
    signed_in: Callable[[User], Client],
) -> None:
    reader = (
        member_of(organisation, "ana@example.org", "Ana Lyst", Role.ANALYST)
        if who == "analyst"
        else request.getfixturevalue(who)
    )
    page = signed_in(reader).get(insights_url(letters["version"], "hedgehogs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert letters["postcard"].reference in html  # confidential, yet theirs to read
    assert "Gwen Postcard" in html
    assert POSTCARD in html
    assert "1 formal response holds these words" in html
    assert letters["scanned"].reference not in html
    files = signed_in(reader).get(insights_url(letters["version"], "allotment"))
    assert letters["scanned"].reference in files.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "participant", "other_analyst", "moderator"])
@pytest.mark.parametrize("published", [False, True])
def test_nobody_else_sees_a_response_in_the_search(
    letters: dict[str, Any],
    editor: User,
    who: str,
    published: bool,
    other_organisation: Organisation,
    request: pytest.FixtureRequest,
    client: Client,
    signed_in: Callable[[User], Client],
) -> None:
    version = letters["version"]
    if published:
        publish_response(version, editor)  # the insights are public now
    if who == "anonymous":
        reader = client
    elif who == "other_analyst":
        reader = signed_in(
            member_of(other_organisation, "other@example.org", "Other Analyst", Role.ANALYST)
        )
    else:
        reader = signed_in(request.getfixturevalue(who))
    for words in ("hedgehogs", "allotment"):
        page = reader.get(insights_url(version, words))
        assert page.status_code == (200 if published else 404)
        html = page.content.decode()
        for response in (letters["postcard"], letters["scanned"]):
            assert response.reference not in html
        assert POSTCARD not in html
        assert SCANNED not in html
        assert "Formal responses found" not in html


def test_the_responses_found_cost_the_same_queries_for_two_or_twelve(
    letters: dict[str, Any], editor: User, signed_in: Callable[[User], Client]
) -> None:
    version = letters["version"]
    client = signed_in(editor)
    client.get(insights_url(version, "hedgehogs"))  # the session and caches warmed
    with CaptureQueriesContext(connection) as few:
        client.get(insights_url(version, "hedgehogs"))
    for index in range(11):
        enter(version, editor, name=f"Person {index}", text=f"{POSTCARD} ({index})")
    with CaptureQueriesContext(connection) as many:
        page = client.get(insights_url(version, "hedgehogs"))
    assert "12 formal responses hold these words" in page.content.decode()
    assert len(many) == len(few)
