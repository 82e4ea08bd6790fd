"""The API's contract: the questions of a version, and responding with 201, 422 naming
`answers.<number>`, and an Idempotency-Key."""

from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.consultations.models import Response
from parley.guidance.models import Version
from tests.builders import post_json


def api(version: Version, what: str) -> str:
    return f"/api/v1/documents/{version.document.slug}/versions/{version.number}/{what}"


GUEST_BODY = {
    "respondent": {"name": "Gus Guest", "email": "gus@example.net", "type": "individual"},
    "consent": "confidential",
    "answers": [
        {"question": 1, "choice": "Yes"},
        {"question": 2, "choices": ["Forums"]},
        {"question": 4, "text": "Fine."},
    ],
}


def test_the_questions_of_a_public_version_are_listed_as_the_contract_says(
    open_version: Version, client: Client
) -> None:
    clause = open_version.clauses.get(number="3")
    open_version.questions.filter(number=4).update(lineage=clause.lineage)
    items = client.get(api(open_version, "questions")).json()["items"]
    assert [set(item) for item in items] == [
        {
            "number",
            "kind",
            "text",
            "text_cy",
            "options",
            "options_cy",
            "required",
            "lineage",
            "agreement_is_support",
        }
    ] * 5
    assert items[0] == {
        "number": 1,
        "kind": "single",
        "text": "Do the principles help you?",
        "text_cy": "",
        "options": ["Yes", "No"],
        "options_cy": ["", ""],
        "required": True,
        "lineage": None,
        "agreement_is_support": False,
    }
    assert items[2]["options"][0] == "strongly_agree"
    assert items[3]["options"] == []
    assert items[3]["lineage"] == str(clause.lineage)
    assert items[4]["options"] == ["1", "2", "3", "4"]


def test_a_drafts_questions_are_for_its_editors(questioned: Version, client: Client) -> None:
    assert client.get(api(questioned, "questions")).status_code == 404


def test_an_editor_adds_a_question_to_a_draft(questioned: Version, editor: User) -> None:
    _, token = create_access_token(user=editor, name="test")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    response = post_json(client, api(questioned, "questions"), {"kind": "text", "text": "Else?"})
    assert response.status_code == 201
    assert response.json()["number"] == 6


def test_a_guest_responds_and_is_unconfirmed_until_the_link_is_followed(
    open_version: Version, client: Client
) -> None:
    response = post_json(client, api(open_version, "responses"), GUEST_BODY)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "unconfirmed"
    assert Response.objects.get().reference == body["reference"]


def test_a_signed_in_response_is_submitted(
    open_version: Version, participant: User, signed_in: Callable[[User], Client]
) -> None:
    _, token = create_access_token(user=participant, name="test")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    body = {**GUEST_BODY, "respondent": {"type": "organisation", "organisation": "Acme"}}
    response = post_json(client, api(open_version, "responses"), body)
    assert response.json()["status"] == "submitted"
    assert Response.objects.get().organisation_name == "Acme"


def test_answers_that_do_not_fit_are_refused_naming_each(
    open_version: Version, client: Client
) -> None:
    body = {
        **GUEST_BODY,
        "answers": [{"question": 2, "choices": ["TV"]}, {"question": 9, "text": "?"}],
    }
    response = post_json(client, api(open_version, "responses"), body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"answers.1", "answers.2", "answers.9"}
    assert not Response.objects.exists()


def test_a_retry_with_the_same_idempotency_key_makes_no_second_response(
    open_version: Version, client: Client
) -> None:
    first = post_json(
        client, api(open_version, "responses"), GUEST_BODY, headers={"Idempotency-Key": "k1"}
    )
    again = post_json(
        client, api(open_version, "responses"), GUEST_BODY, headers={"Idempotency-Key": "k1"}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert Response.objects.count() == 1


def test_a_guest_cannot_respond_with_a_plain_form(open_version: Version, client: Client) -> None:
    response = client.post(api(open_version, "responses"), {"x": "y"})
    assert response.status_code in {400, 415, 422}
    assert not Response.objects.exists()
