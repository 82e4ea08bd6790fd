"""The equality questions an editor chose: offered after "about you", all optional, kept in
`Response.demographics`, checked, read by analysts only (never in public, never e-mailed)."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.consultations import demographics as equality
from parley.consultations import publication, tokens
from parley.consultations import services as consultations
from parley.consultations.models import Consultation, Response
from parley.guidance.models import Version
from parley.organisations.models import Organisation, Role
from tests.builders import close, member_of, post_json
from tests.conftest import Mailbox
from tests.consultations.test_responding_in_the_site import GOOD, respond_url


@pytest.fixture
def asking(open_version: Version) -> Version:
    """The open version, asking about age and Welsh."""
    Consultation.objects.create(version=open_version, demographics=["age", "welsh_speaker"])
    return open_version


@pytest.fixture
def analyst(organisation: Organisation) -> User:
    return member_of(organisation, "analyst@example.org", "Ana Lyst", Role.ANALYST)


def api(version: Version, what: str) -> str:
    return f"/api/v1/documents/{version.document.slug}/versions/{version.number}/{what}"


BODY = {
    "respondent": {"type": "individual"},
    "consent": "named",
    "answers": [{"question": 1, "choice": "Yes"}],
}


def bearer(user: User) -> Client:
    _, token = create_access_token(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_every_equality_question_has_prefer_not_to_say_and_distinct_keys() -> None:
    assert len(set(equality.KEYS)) == len(equality.DEMOGRAPHICS) >= 6
    for demographic in equality.DEMOGRAPHICS:
        assert demographic.values[-1] == "prefer_not_to_say"
        assert len(set(demographic.values)) == len(demographic.values)


def test_the_form_offers_the_chosen_questions_after_about_you_saying_they_are_never_published(
    asking: Version, participant: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(participant)
    page = client.get(respond_url(asking)).content.decode()
    assert page.index("Are you responding as an individual") < page.index("What is your age?")
    assert page.index("Can you speak Welsh?") < page.index("May we publish your response?")
    assert "never published" in page
    assert "What is your ethnic group?" not in page  # not chosen
    client.post(
        respond_url(asking), {**GOOD, "demographic_age": "25_34", "demographic_welsh_speaker": ""}
    )
    assert Response.objects.get().demographics == {"age": "25_34"}


def test_an_answer_not_among_the_choices_is_shown_beside_its_question_with_the_rest_kept(
    asking: Version, participant: User, signed_in: Callable[[User], Client]
) -> None:
    response = signed_in(participant).post(
        respond_url(asking), {**GOOD, "demographic_age": "immortal"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_demographic_age' in page
    assert "Shorter, please." in page
    assert not Response.objects.exists()


def test_the_api_takes_demographics_and_names_a_wrong_one(
    asking: Version, participant: User
) -> None:
    client = bearer(participant)
    for wrong, key in [
        ({"age": "immortal"}, "demographics.age"),
        ({"shoe_size": "9"}, "demographics.shoe_size"),
        ({"sex": "female"}, "demographics.sex"),  # a real question, but not asked here
        ({"age": "ﾟ" * 5000}, "demographics.age"),
    ]:
        answer = post_json(client, api(asking, "responses"), {**BODY, "demographics": wrong})
        assert answer.status_code == 422, wrong
        assert list(answer.json()["errors"]) == [key]
    assert not Response.objects.exists()
    answer = post_json(
        client,
        api(asking, "responses"),
        {**BODY, "demographics": {"age": "prefer_not_to_say", "welsh_speaker": "fluent"}},
    )
    assert answer.status_code == 201
    assert Response.objects.get().demographics == {
        "age": "prefer_not_to_say",
        "welsh_speaker": "fluent",
    }


def test_analysts_read_the_answers_but_no_receipt_or_public_page_shows_them(
    asking: Version,
    participant: User,
    analyst: User,
    signed_in: Callable[[User], Client],
    client: Client,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        consultations.respond(
            version=asking,
            respondent=consultations.Respondent(user=participant),
            consent="named",
            answers=[consultations.AnswerIn(question=1, choice="Yes")],
            demographics={"age": "65_74", "welsh_speaker": "some"},
        )
    reference = Response.objects.get().reference
    page = signed_in(analyst).get(
        reverse("consultations:responses", args=[asking.document.slug, asking.number])
    )
    text = page.content.decode()
    assert "What is your age?" in text
    assert "65 to 74" in text
    assert "Yes, some" in text
    [receipt] = smtp.messages
    assert "65 to 74" not in receipt.get_content()
    assert "What is your age?" not in receipt.get_content()
    assert "Yes, some" not in receipt.get_content()
    public = [
        client.get(asking.get_absolute_url()),
        client.get(reverse("consultations:questions", args=[asking.document.slug, 1])),
        signed_in(participant).get(reverse("consultations:receipt", args=[reference])),
    ]
    for shown in public:
        assert "65 to 74" not in shown.content.decode()
    for outsider_answer in (
        client.get(api(asking, "responses")),
        bearer(participant).get(api(asking, "responses")),
    ):
        assert "65_74" not in outsider_answer.content.decode()


def test_the_analysts_api_gives_each_response_its_equality_answers_and_no_one_else_gets_them(
    asking: Version,
    participant: User,
    analyst: User,
    editor: User,
    other_organisation: Organisation,
    client: Client,
) -> None:
    response = consultations.respond(
        version=asking,
        respondent=consultations.Respondent(user=participant),
        consent="named",
        answers=[consultations.AnswerIn(question=1, choice="Yes")],
        demographics={"age": "65_74", "welsh_speaker": "some"},
    ).response
    close(asking)
    [item] = bearer(analyst).get(api(asking, "responses")).json()["items"]
    assert item["demographics"] == {"age": "65_74", "welsh_speaker": "some"}
    outsider = member_of(
        other_organisation, "analyst@other.example.org", "Other Analyst", Role.ANALYST
    )
    refused = bearer(outsider).get(api(asking, "responses"))
    assert refused.status_code == 403
    assert "65_74" not in refused.content.decode()
    publication.publish_responses(version=asking, user=editor)
    for outsider_answer in (
        client.get(api(asking, "responses")),
        bearer(outsider).get(api(asking, "responses")),
    ):
        assert outsider_answer.status_code == 200
        [public] = outsider_answer.json()["items"]
        assert "demographics" not in public
        assert "65_74" not in outsider_answer.content.decode()
    own = client.get(
        f"/api/v1/responses/{response.reference}?token={tokens.response_token(response)}"
    )
    assert own.status_code == 200
    assert "demographics" not in own.json()
    assert "65_74" not in own.content.decode()
