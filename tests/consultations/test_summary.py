"""The summary of responses beside the published "you said, we did": per closed question
the count of each answer, with and without organisations' responses, as an accessible SVG
chart and a table; responses by respondent type and how many are confidential; links to
the published responses once they are published. Public only once the body's response is."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations import summary
from parley.consultations.models import Consultation, Response
from parley.guidance import responses
from parley.guidance.models import Version
from parley.organisations.models import Organisation, Role
from tests.builders import close, make_user, member_of, welsh
from tests.html import contains

ANSWERS = [
    # (type, consent, q1, q2, q3, q5)
    ("individual", "named", "Yes", ["Blogs", "Video"], "agree", "2"),
    ("individual", "confidential", "No", ["Blogs"], "strongly_agree", "2"),
    ("organisation", "anonymous", "Yes", ["Forums", "Blogs"], "agree", "1"),
]


def respond(
    version: Version, index: int, kind: str, consent: str, q1: str, q2: list[str], q3: str, q5: str
) -> None:
    person = make_user(f"person{index}@example.net", f"Person {index}")
    consultations.respond(
        version=version,
        respondent=consultations.Respondent(
            user=person,
            type=kind,
            organisation="Friends of Parks" if kind == "organisation" else "",
        ),
        consent=consent,
        answers=[
            consultations.AnswerIn(question=1, choice=q1),
            consultations.AnswerIn(question=2, choices=q2),
            consultations.AnswerIn(question=3, choice=q3),
            consultations.AnswerIn(question=4, text="Shorter."),
            consultations.AnswerIn(question=5, choice=q5),
        ],
    )


@pytest.fixture
def answered(open_version: Version) -> Version:
    for index, row in enumerate(ANSWERS):
        respond(open_version, index, *row)
    return close(open_version)


def publish_body_response(version: Version, editor: User) -> None:
    response = responses.save_response(version=version, user=editor, summary="We listened.")
    responses.publish_response(response=response, user=editor)


def summary_url(version: Version) -> str:
    return reverse("consultations:responses_summary", args=[version.document.slug, version.number])


def tally(version: Version, number: int) -> dict[str, tuple[int, int]]:
    found = next(
        item for item in summary.summary_of(version).questions if item.question.number == number
    )
    return {t.label: (t.everyone, t.individuals) for t in found.tallies}


def test_each_answer_is_counted_with_and_without_organisations(answered: Version) -> None:
    assert tally(answered, 1) == {"Yes": (2, 1), "No": (1, 1)}
    assert tally(answered, 2) == {"Blogs": (3, 2), "Forums": (1, 0), "Video": (1, 1)}
    assert tally(answered, 3) == {
        "Strongly agree": (1, 1),
        "Agree": (2, 1),
        "Neither agree nor disagree": (0, 0),
        "Disagree": (0, 0),
        "Strongly disagree": (0, 0),
    }
    assert tally(answered, 5)["Clause 2"] == (2, 2)
    assert tally(answered, 5)["Clause 1"] == (1, 0)


def test_respondents_are_counted_by_type_and_confidential_ones_in_every_tally(
    answered: Version,
) -> None:
    found = summary.summary_of(answered)
    assert (found.counted, found.individuals, found.organisations, found.confidential) == (
        3,
        2,
        1,
        1,
    )
    assert [q.number for q in found.open_questions] == [4]


def test_drafts_unconfirmed_and_replaced_responses_are_not_counted(answered: Version) -> None:
    Response.objects.filter(consent="confidential").update(status=Response.Status.UNCONFIRMED)
    assert tally(answered, 1) == {"Yes": (2, 1), "No": (0, 0)}
    assert summary.summary_of(answered).confidential == 0


def test_the_summary_is_public_once_the_response_is_published_and_a_preview_for_analysts(
    answered: Version,
    editor: User,
    participant: User,
    organisation: Organisation,
    other_organisation: Organisation,
    client: Client,
    signed_in: Callable[[User], Client],
) -> None:
    analyst = member_of(organisation, "analyst@example.org", "Ana Lyst", Role.ANALYST)
    other_analyst = member_of(
        other_organisation, "analyst@other.example", "Other Analyst", Role.ANALYST
    )
    assert client.get(summary_url(answered)).status_code == 404
    assert signed_in(participant).get(summary_url(answered)).status_code == 404
    assert signed_in(other_analyst).get(summary_url(answered)).status_code == 404
    preview = signed_in(analyst).get(summary_url(answered)).content.decode()
    assert "Not public yet" in preview
    publish_body_response(answered, editor)
    page = Client().get(summary_url(answered))
    assert page.status_code == 200
    assert "Not public yet" not in page.content.decode()
    response_page = Client().get(reverse("guidance:response", args=[answered.document.slug, 1]))
    assert summary_url(answered) in response_page.content.decode()


def test_each_chart_is_an_accessible_svg_with_a_table_of_the_same_numbers(
    answered: Version, editor: User, client: Client
) -> None:
    publish_body_response(answered, editor)
    answer = client.get(summary_url(answered))
    page = answer.content.decode()
    assert page.count('<svg class="parley-chart"') == 4  # the four closed questions
    assert 'role="img"' in page
    assert 'aria-labelledby="chart-1-title chart-1-desc"' in page
    assert contains(page, '<title id="chart-1-title">Answers to question 1</title>')
    assert "Yes: 2 in all, 1 from individuals." in page
    # SVG drops the whitespace at the edges of a <text>, so the template may put it there.
    assert re.search(r">\s*All: 2\s*</text>", page)
    assert re.search(r">\s*Individuals: 1\s*</text>", page)
    assert page.count('<table class="govuk-table">') == 4
    assert contains(page, '<th scope="row" class="govuk-table__header">Blogs</th>')
    assert "style=" not in page.split("<main", 1)[1]
    assert "<script" not in page.split("<main", 1)[1].split("</main>")[0]
    assert "script-src 'self'" in answer["Content-Security-Policy"]
    who = page.split('id="respondents"', 1)[1].split("</dl>")[0]
    assert re.sub(r"\s+", " ", who).count("<dd") == 4
    assert "Shorter." not in page  # text answers are never shown here


def test_the_published_responses_are_linked_only_once_they_are_published(
    answered: Version, editor: User, client: Client
) -> None:
    publish_body_response(answered, editor)
    published = f"/guidance/{answered.document.slug}/versions/1/responses/published/"
    assert published not in client.get(summary_url(answered)).content.decode()
    Consultation.objects.create(version=answered, responses_published_at=timezone.now())
    assert f'href="{published}"' in client.get(summary_url(answered)).content.decode()


def test_the_summary_costs_the_same_queries_however_many_responses(
    open_version: Version, editor: User, client: Client
) -> None:
    respond(open_version, 0, *ANSWERS[0])
    close(open_version)
    publish_body_response(open_version, editor)
    client.get(summary_url(open_version))  # warm what the site caches
    with CaptureQueriesContext(connection) as few:
        client.get(summary_url(open_version))
    Version.objects.filter(pk=open_version.pk).update(closes_at=timezone.now() + timedelta(days=1))
    open_version.refresh_from_db()
    for index in range(1, 15):
        respond(open_version, index, *ANSWERS[index % 3])
    close(open_version)
    client.get(summary_url(open_version))
    with CaptureQueriesContext(connection) as many:
        page = client.get(summary_url(open_version)).content.decode()
    assert "Responses counted" in page
    assert len(many) == len(few)


def test_the_summary_is_in_welsh(answered: Version, editor: User, client: Client) -> None:
    publish_body_response(answered, editor)
    page = welsh(client).get(summary_url(answered)).content.decode()
    assert "Crynodeb o’r ymatebion" in page
    assert "Cytuno’n gryf" in page
    assert "Cymal 2" in page


def test_a_response_page_without_questions_has_no_summary_link(
    consulting: Version, editor: User, client: Client
) -> None:
    close(consulting)
    publish_body_response(consulting, editor)
    page = client.get(
        reverse("guidance:response", args=[consulting.document.slug, 1])
    ).content.decode()
    assert "Summary of the formal responses" not in page
