"""'Your response' shows, beside each answer to a question about a clause, what the body's
published response says it heard and changed on that clause (issue 20)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations import tokens
from parley.consultations.models import Response
from parley.guidance import services as guidance
from parley.guidance.models import Version
from parley.guidance.responses import ClauseAnswer
from tests.builders import close, make_user, welsh
from tests.consultations.conftest import good_answers

HEARD = "Many of you found clause one too long."
CHANGED = "We cut clause one by half."
HEARD_THREE = "Some asked what clause three means."


@pytest.fixture
def about_clauses(questioned: Version, editor: User) -> Version:
    """Version 1 with three more questions, each about a clause (6 → clause 1, 7 → clause 2,
    8 → clause 3), open since yesterday."""
    clauses = list(questioned.clauses.order_by("position"))
    for clause in clauses[:3]:
        consultations.add_question(
            version=questioned,
            user=editor,
            question=consultations.QuestionIn(
                kind="text", text=f"What of clause {clause.number}?", lineage=clause.lineage
            ),
        )
    now = timezone.now()
    return guidance.schedule_consultation(
        version=questioned,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )


def respond(version: Version, email: str, *tied: tuple[int, str]) -> Response:
    answers = [*good_answers(), *(consultations.AnswerIn(question=n, text=t) for n, t in tied)]
    return consultations.respond(
        version=version,
        respondent=consultations.Respondent(user=make_user(email, email.split("@")[0])),
        consent="named",
        answers=answers,
    ).response


@pytest.fixture
def answered(about_clauses: Version) -> Response:
    """A response answering the questions about clauses 1 and 2 (and not 3), then closed."""
    response = respond(about_clauses, "ria@example.net", (6, "Too long."), (7, "Fine."))
    response.version = close(about_clauses)
    return response


def body_response(version: Version, editor: User, *, publish: bool) -> None:
    """The body's response: on clause 1 what it heard and changed, on clause 3 what it
    heard; nothing on clause 2."""
    lineages = list(version.clauses.order_by("position").values_list("lineage", flat=True))
    written = guidance.save_response(
        version=version,
        user=editor,
        summary="Thank you all.",
        answers={
            str(lineages[0]): ClauseAnswer(heard=HEARD, changed=CHANGED),
            str(lineages[1]): ClauseAnswer(),
            str(lineages[2]): ClauseAnswer(heard=HEARD_THREE),
        },
    )
    if publish:
        guidance.publish_response(response=written, user=editor)


def page(client: Client, response: Response) -> str:
    url = reverse("consultations:receipt", args=[response.reference])
    return client.get(f"{url}?token={tokens.response_token(response)}").content.decode()


def api(client: Client, response: Response) -> dict:  # type: ignore[type-arg]
    url = f"/api/v1/responses/{response.reference}?token={tokens.response_token(response)}"
    answer = client.get(url)
    assert answer.status_code == 200
    return answer.json()  # type: ignore[no-any-return]


def outcomes(body: dict) -> dict[int, object]:  # type: ignore[type-arg]
    return {a["question"]: a["outcome"] for a in body["answers"]}


def test_nothing_is_shown_on_the_questions_until_the_bodys_response_is_published(
    answered: Response, client: Client, editor: User
) -> None:
    body_response(answered.version, editor, publish=False)
    text = page(client, answered)
    assert HEARD not in text
    assert CHANGED not in text
    assert "What we heard" not in text
    assert set(outcomes(api(client, answered)).values()) == {None}


def test_the_answer_about_a_clause_shows_what_the_body_heard_and_changed_on_it(
    answered: Response, client: Client, editor: User
) -> None:
    body_response(answered.version, editor, publish=True)
    text = page(client, answered)
    assert text.count("What we heard") == 1
    assert HEARD in text
    assert CHANGED in text
    too_long = text.index("Too long.")
    assert too_long < text.index(HEARD) < text.index(CHANGED) < text.index("Fine.")
    given = outcomes(api(client, answered))
    assert given[6] == {"heard_html": f"<p>{HEARD}</p>\n", "changed_html": f"<p>{CHANGED}</p>\n"}


def test_questions_not_about_a_clause_or_about_one_the_body_said_nothing_of_show_nothing(
    answered: Response, client: Client, editor: User
) -> None:
    body_response(answered.version, editor, publish=True)
    given = outcomes(api(client, answered))
    assert [n for n, said in given.items() if said is not None] == [6]  # 1 to 5 are not tied
    assert given[7] is None  # clause 2: the body wrote nothing on it
    text = page(client, answered)
    assert HEARD_THREE not in text  # clause 3: said, but the respondent did not answer on it
    assert text.count("What we changed") == 1


def test_the_welsh_page_labels_them_in_welsh(
    answered: Response, client: Client, editor: User
) -> None:
    body_response(answered.version, editor, publish=True)
    text = page(welsh(client), answered)
    assert "Beth glywson ni" in text
    assert "Beth wnaethon ni ei newid" in text
    assert f'<div class="parley-prose" lang="en"><p>{HEARD}</p>' in text


def test_the_page_and_the_api_ask_the_same_number_of_queries_however_many_answers_have_one(
    about_clauses: Version, client: Client, editor: User
) -> None:
    one = respond(about_clauses, "one@example.net", (6, "Too long."))
    three = respond(
        about_clauses, "three@example.net", (6, "Too long."), (7, "Fine."), (8, "Unclear.")
    )
    close(about_clauses)
    body_response(about_clauses, editor, publish=True)
    counts = []
    for response in (one, three):
        with CaptureQueriesContext(connection) as queries:
            page(Client(), response)
            api(Client(), response)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert len([a for a in api(client, three)["answers"] if a["outcome"]]) == 2
