"""The API's evidence lists the formal responses the classifier flagged, by what their answers
and attached files' text give, beside the comments: `evidence_responses`, for the
organisation's analysts only (null for a member who is no analyst, another organisation's
analyst and anyone signed out, once they may read the insights at all); `evidence` keeps
listing comments alone."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Question, Response
from parley.files.simple_pdf import text_pdf
from parley.guidance.models import Version
from parley.insights import services
from parley.organisations.models import Organisation, Role
from tests.builders import member_of
from tests.consultations.exporting import make_analyst
from tests.insights.conftest import PRIVACY, TRAINING, add_comment, publish_response


def respond(version: Version, editor: User, text: str, pdf: str = "") -> Response:
    return consultations.enter_response(
        version=version,
        entered_by=editor,
        channel=Response.Channel.POST,
        respondent=consultations.Respondent(name="Someone"),
        consent=Response.Consent.CONFIDENTIAL,
        answers=[consultations.AnswerIn(question=1, text=text)],
        attachments=[SimpleUploadedFile("letter.pdf", text_pdf([[pdf]]))] if pdf else [],
    )


@pytest.fixture
def flagged(
    consulting: Version, editor: User, django_capture_on_commit_callbacks: Capture
) -> dict[str, Any]:
    Question.objects.create(version=consulting, number=1, kind=Question.Kind.TEXT, text="Views?")
    discussion = consulting.clauses.select_related("discussion").order_by("position")[0].discussion
    comments = [
        add_comment(discussion, text, n=n) for n, text in enumerate([*PRIVACY, *TRAINING], 1)
    ]
    statistic = add_comment(discussion, "Over 40% of staff never had any training.", n=20)
    answered = respond(consulting, editor, "A survey found 62% of residents want this clause.")
    with django_capture_on_commit_callbacks(execute=True):  # the PDF's text is read
        attached = respond(
            consulting,
            editor,
            "Please read the letter attached.",
            pdf="According to the Local Government Association, councils already do this.",
        )
    plain = respond(consulting, editor, "I would like the clause to be kept as it is.")
    services.analyse(version=consulting)
    return {
        "version": consulting,
        "comments": comments,
        "statistic": statistic,
        "answered": answered,
        "attached": attached,
        "plain": plain,
    }


def api(version: Version) -> str:
    return f"/api/v1/documents/{version.document.slug}/versions/{version.number}/insights"


def test_analysts_get_the_formal_responses_flagged_by_their_answers_and_files(
    flagged: dict[str, Any], organisation: Organisation, signed_in: Callable[[User], Client]
) -> None:
    body = signed_in(make_analyst(organisation)).get(api(flagged["version"])).json()
    by_kind = body["evidence_responses"]
    assert set(by_kind) == {"statistic", "source", "experience", "wording"}
    assert flagged["answered"].pk in by_kind["statistic"]  # from its answer
    assert flagged["attached"].pk in by_kind["source"]  # from its attached file's text
    listed = {pk for ids in by_kind.values() for pk in ids}
    assert listed == {flagged["answered"].pk, flagged["attached"].pk}
    assert flagged["plain"].pk not in listed
    # `evidence` is as it was: comments only.
    assert flagged["statistic"].pk in body["evidence"]["statistic"]
    comment_ids = {c.pk for c in [*flagged["comments"], flagged["statistic"]]}
    assert {pk for ids in body["evidence"].values() for pk in ids} <= comment_ids


def test_no_one_else_gets_the_responses_evidence(
    flagged: dict[str, Any],
    organisation: Organisation,
    other_organisation: Organisation,
    editor: User,
    client: Client,
) -> None:
    version = flagged["version"]
    member = member_of(organisation, "member@example.org", "Meg Member", Role.MODERATOR)
    elsewhere = member_of(other_organisation, "analyst@example.net", "Al Elsewhere", Role.ANALYST)
    readers = {"anonymous": client, "member": Client(), "elsewhere": Client()}
    readers["member"].force_login(member)
    readers["elsewhere"].force_login(elsewhere)
    for reader in readers.values():  # before the response is published: no insights at all
        assert reader.get(api(version)).status_code == 404
    publish_response(version, editor)
    for who, reader in readers.items():
        answer = reader.get(api(version))
        assert answer.status_code == 200, who
        body = answer.json()
        assert body["evidence_responses"] is None, who
        assert flagged["statistic"].pk in body["evidence"]["statistic"], who
        assert body["reviewed_responses"] is None, who
