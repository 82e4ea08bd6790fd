"""Formal responses of every channel count in the stance per clause when the editor says an
agree/disagree question about a clause asks whether people agree with it: agreeing is
support, disagreeing opposition. Nothing else in an answer is read as a stance."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Question, Response
from parley.guidance import services as guidance
from parley.guidance.models import Clause, Document, Version
from parley.insights import services
from parley.insights.models import Analysis
from tests.builders import close
from tests.insights.conftest import add_comment

AGREE = "Do you agree with principle 1?"


def agree_question(version: Version, clause: Clause) -> Question:
    """Question 1: whether people agree with `clause`, its answers counted as stance."""
    return Question.objects.create(
        version=version,
        number=1,
        kind=Question.Kind.SCALE,
        text=AGREE,
        lineage=clause.lineage,
        agreement_is_support=True,
    )


def _row(version: Version, clause: str) -> dict[str, Any]:
    summary = Analysis.objects.get(version=version).summary
    return next(row for row in summary["stance"]["clauses"] if row["clause"] == clause)


def _answer(version: Version, editor: User, choice: str, *, name: str, channel: str) -> Response:
    return consultations.enter_response(
        version=version,
        entered_by=editor,
        channel=channel,
        respondent=consultations.Respondent(name=name),
        consent=Response.Consent.CONFIDENTIAL,
        answers=[
            consultations.AnswerIn(question=1, choice=choice),
            consultations.AnswerIn(question=2, choice=choice),
        ],
    )


@pytest.fixture
def draft(document: Document) -> Version:
    """Version 1, before anyone is consulted on it: its questions may change."""
    return document.versions.get(number=1)


@pytest.fixture
def answered(consulting: Version, editor: User) -> Version:
    """Principle 1 has one supporting comment; a question asks whether people agree with it
    (counted as stance), another asks about clarity (not counted); four responses of three
    channels answer both."""
    first = consulting.clauses.select_related("discussion").order_by("position")[0]
    agree_question(consulting, first)
    Question.objects.create(
        version=consulting,
        number=2,
        kind=Question.Kind.SCALE,
        text="Principle 1 is clear.",
        lineage=first.lineage,
    )
    add_comment(first.discussion, "I support this principle wholeheartedly.", stance="support")
    for n, (choice, channel) in enumerate(
        [
            ("strongly_agree", Response.Channel.POST),
            ("agree", Response.Channel.EMAIL),
            ("disagree", Response.Channel.POST),
            ("neither", Response.Channel.PHONE),
        ]
    ):
        _answer(consulting, editor, choice, name=f"Respondent {n}", channel=channel)
    return consulting


def test_agreeing_and_disagreeing_answers_count_as_support_and_opposition_per_clause(
    answered: Version,
) -> None:
    services.analyse(version=answered)
    number = answered.clauses.order_by("position")[0].number
    row = _row(answered, number)
    assert row["comments"] == {"support": 1, "oppose": 0, "neutral": 0, "none": 0}
    # Only the question the editor marked counts, each response once.
    assert row["responses"] == {"support": 2, "oppose": 1, "neutral": 1, "none": 0}
    assert row["campaigns_once"] == {"support": 3, "oppose": 1, "neutral": 1, "none": 0}
    assert row["total"] == 1  # comments, as before
    totals = Analysis.objects.get(version=answered).summary["stance"]["totals"]
    assert totals["responses"] == {"support": 2, "oppose": 1, "neutral": 1, "none": 0}
    assert _row(answered, "document")["responses"] == {
        "support": 0,
        "oppose": 0,
        "neutral": 0,
        "none": 0,
    }


def test_a_campaign_of_responses_and_comments_is_one_argument_in_the_stance(
    consulting: Version, editor: User
) -> None:
    first = consulting.clauses.select_related("discussion").order_by("position")[0]
    agree_question(consulting, first)
    Question.objects.create(version=consulting, number=2, kind=Question.Kind.TEXT, text="Why?")
    letter = (
        "Principle 1 must stay as it is because public servants need clear permission to "
        "answer questions online without waiting weeks for approval from their managers."
    )
    add_comment(first.discussion, letter, stance="support", n=1)
    for n in range(3):
        consultations.enter_response(
            version=consulting,
            entered_by=editor,
            channel=Response.Channel.POST,
            respondent=consultations.Respondent(name=f"Postcard {n}"),
            consent=Response.Consent.CONFIDENTIAL,
            answers=[
                consultations.AnswerIn(question=1, choice="agree"),
                consultations.AnswerIn(question=2, text=letter),
            ],
        )
    services.analyse(version=consulting)
    row = _row(consulting, first.number)
    assert row["comments"]["support"] == 1
    assert row["responses"]["support"] == 3
    assert row["campaigns_once"]["support"] == 1  # one letter, online and on postcards


def test_the_insights_page_and_the_api_show_the_responses_stance(
    answered: Version, editor: User, signed_in: Callable[[User], Client], client: Client
) -> None:
    services.analyse(version=answered)
    slug, n = answered.document.slug, answered.number
    page = signed_in(editor).get(reverse("insights:insights", args=[slug, n])).content.decode()
    assert 'id="stance-responses-table"' in page
    assert "Formal responses by stance" in page
    editor_client = signed_in(editor)
    editor_client.cookies["django_language"] = "cy"
    welsh = editor_client.get(reverse("insights:insights", args=[slug, n])).content.decode()
    assert "Ymatebion ffurfiol yn ôl safbwynt" in welsh

    data = client.get(f"/api/v1/documents/{slug}/versions/{n}/insights").json()
    number = answered.clauses.order_by("position")[0].number
    row = next(r for r in data["stance"]["clauses"] if r["clause"] == number)
    assert row["responses"] == {"support": 2, "oppose": 1, "neutral": 1, "none": 0}


def test_without_a_question_counted_as_stance_the_page_shows_no_responses_table(
    consulting: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    first = consulting.clauses.select_related("discussion").order_by("position")[0]
    add_comment(first.discussion, "I support this principle wholeheartedly.", stance="support")
    services.analyse(version=consulting)
    page = (
        signed_in(editor)
        .get(reverse("insights:insights", args=[consulting.document.slug, consulting.number]))
        .content.decode()
    )
    assert 'id="stance-table"' in page
    assert 'id="stance-responses-table"' not in page


@pytest.mark.parametrize(
    ("kind", "tied"), [("text", True), ("single", True), ("scale", False)], ids=str
)
def test_only_an_agree_or_disagree_question_about_a_clause_counts_as_stance(
    draft: Version, editor: User, kind: str, tied: bool
) -> None:
    clause = draft.clauses.order_by("position")[0]
    given = consultations.QuestionIn(
        kind=kind,
        text="Do you agree?",
        options=["Yes", "No"] if kind == "single" else [],
        lineage=clause.lineage if tied else None,
        agreement_is_support=True,
    )
    with pytest.raises(consultations.ConsultationRejected) as refused:
        consultations.add_question(version=draft, user=editor, question=given)
    assert "agreement_is_support" in refused.value.errors
    assert not draft.questions.exists()


def test_an_editor_ticks_it_on_the_question_form_and_a_wrong_tick_comes_back_beside_it(
    draft: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    clause = draft.clauses.order_by("position")[0]
    url = reverse("consultations:add_question", args=[draft.document.slug, draft.number])
    client = signed_in(editor)
    refused = client.post(
        url, {"kind": "text", "text": "Tell us more", "agreement_is_support": "on"}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Only an agree or disagree question about a clause can count as support" in page
    beside = page[page.index('id="id_agreement_is_support-error"') :]
    assert beside.index("Only an agree or disagree question") < beside.index("</p>")
    assert re.search(r'name="agreement_is_support"[^>]*checked', page)  # the tick kept
    assert "Tell us more" in page
    assert not draft.questions.exists()

    client.post(
        url,
        {
            "kind": "scale",
            "text": AGREE,
            "clause": str(clause.lineage),
            "agreement_is_support": "on",
        },
    )
    question = draft.questions.get()
    assert (question.lineage, question.agreement_is_support) == (clause.lineage, True)


def test_the_api_takes_and_gives_the_flag(
    draft: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    clause = draft.clauses.order_by("position")[0]
    url = f"/api/v1/documents/{draft.document.slug}/versions/{draft.number}/questions"
    client = signed_in(editor)
    refused = client.post(
        url,
        {"kind": "text", "text": "Why?", "agreement_is_support": True},
        content_type="application/json",
    )
    assert refused.status_code == 400  # as every question the service refuses
    assert "agreement_is_support" in refused.json()["errors"]
    made = client.post(
        url,
        {
            "kind": "scale",
            "text": AGREE,
            "lineage": str(clause.lineage),
            "agreement_is_support": True,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["agreement_is_support"] is True


def test_the_flag_follows_its_clause_into_the_next_version(
    consulting: Version, editor: User
) -> None:
    clause = consulting.clauses.order_by("position")[0]
    agree_question(consulting, clause)
    close(consulting)
    following = guidance.create_version(document=consulting.document, user=editor)
    copied = following.questions.get()
    assert (copied.lineage, copied.agreement_is_support) == (clause.lineage, True)
