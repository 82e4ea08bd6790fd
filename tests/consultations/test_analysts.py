"""The analyst role: reads every counted response (confidential ones too) on a page and in
the API, in a fixed number of queries; cannot change guidance; nobody else reads them."""

import json
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.consultations import services as consultations
from parley.guidance.models import Version
from parley.organisations.models import Organisation, Role
from parley.organisations.permissions import can_analyse, can_edit
from tests.builders import make_user, member_of
from tests.consultations.conftest import good_answers


@pytest.fixture
def analyst(organisation: Organisation) -> User:
    return member_of(organisation, "analyst@example.org", "Ana Lyst", Role.ANALYST)


def respond(version: Version, index: int, consent: str = "confidential") -> None:
    person = make_user(f"person{index}@example.net", f"Person {index}")
    consultations.respond(
        version=version,
        respondent=consultations.Respondent(user=person),
        consent=consent,
        answers=good_answers(),
    )


def responses_url(version: Version) -> str:
    return reverse("consultations:responses", args=[version.document.slug, version.number])


def test_analysts_and_editors_may_analyse_but_only_editors_edit(
    organisation: Organisation, analyst: User, editor: User, participant: User
) -> None:
    assert can_analyse(analyst, organisation)
    assert can_analyse(editor, organisation)
    assert not can_analyse(participant, organisation)
    assert not can_edit(analyst, organisation)


def test_an_analyst_reads_every_response_confidential_ones_too(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    respond(open_version, 1, "confidential")
    respond(open_version, 2, "named")
    page = signed_in(analyst).get(responses_url(open_version)).content.decode()
    assert "2 responses counted (1 confidential, 0 from organisations)" in page
    assert "Person 1" in page
    assert "Shorter, please." in page
    assert "person1@example.net" not in page


def test_the_responses_page_costs_the_same_queries_for_two_responses_or_ten(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    respond(open_version, 1)
    respond(open_version, 2)
    client.get(responses_url(open_version))
    with CaptureQueriesContext(connection) as few:
        client.get(responses_url(open_version))
    for index in range(3, 11):
        respond(open_version, index)
    with CaptureQueriesContext(connection) as many:
        page = client.get(responses_url(open_version))
    assert "10 responses counted" in page.content.decode()
    assert len(many) == len(few)


def test_nobody_else_reads_responses(
    open_version: Version,
    participant: User,
    moderator: User,
    signed_in: Callable[[User], Client],
    client: Client,
) -> None:
    respond(open_version, 1)
    assert client.get(responses_url(open_version)).status_code == 403
    assert signed_in(moderator).get(responses_url(open_version)).status_code == 403
    url = f"/api/v1/documents/{open_version.document.slug}/versions/1/responses"
    assert Client().get(url).status_code == 403
    _, token = create_access_token(user=participant, name="t")
    assert Client(headers={"Authorization": f"Bearer {token}"}).get(url).status_code == 403


def test_an_analyst_reads_responses_through_the_api(open_version: Version, analyst: User) -> None:
    respond(open_version, 1, "anonymous")
    _, token = create_access_token(user=analyst, name="t")
    url = f"/api/v1/documents/{open_version.document.slug}/versions/1/responses"
    [item] = Client(headers={"Authorization": f"Bearer {token}"}).get(url).json()["items"]
    assert item["consent"] == "anonymous"
    assert item["respondent"] == {"type": "individual", "organisation": "", "name": "Person 1"}
    assert item["answers"][1] == {
        "question": 2,
        "choice": "",
        "choices": ["Blogs", "Video"],
        "text": "",
    }
    assert "email" not in json.dumps(item)


def test_an_analyst_cannot_change_questions(
    questioned: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    url = reverse("consultations:add_question", args=[questioned.document.slug, 1])
    assert signed_in(analyst).get(url).status_code == 404  # a draft they cannot see


def test_the_version_page_leads_analysts_and_no_one_else_to_the_responses(
    open_version: Version,
    analyst: User,
    participant: User,
    signed_in: Callable[[User], Client],
    client: Client,
) -> None:
    link = f'href="{responses_url(open_version)}"'
    version_page = open_version.get_absolute_url()

    assert link in signed_in(analyst).get(version_page).content.decode()
    assert link not in signed_in(participant).get(version_page).content.decode()
    assert link not in client.get(version_page).content.decode()
