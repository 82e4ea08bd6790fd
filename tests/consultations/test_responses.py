"""Responding: answers checked against their questions, a reference, one counted response per
person, guests confirmed by e-mail, and the receipt."""

from collections.abc import Callable

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.guidance.models import Version
from tests.builders import close
from tests.conftest import Mailbox
from tests.consultations.conftest import good_answers

AnswerIn = consultations.AnswerIn
GUEST = consultations.Respondent(name="Gus Guest", email="gus@example.net")


def respond_as(
    version: Version, respondent: consultations.Respondent, answers: list[AnswerIn] | None = None
) -> Response:
    return consultations.respond(
        version=version,
        respondent=respondent,
        consent="anonymous",
        answers=good_answers() if answers is None else answers,
    ).response


def test_a_signed_in_response_is_submitted_with_a_reference_and_its_answers(
    open_version: Version, participant: User
) -> None:
    response = respond_as(open_version, consultations.Respondent(user=participant))
    assert response.status == "submitted"
    assert response.submitted_at is not None
    assert response.channel == "online"
    assert len(response.reference) == 11
    assert response.reference.startswith("PAR-")
    assert [a.shown for a in response.answers.select_related("question")] == [
        "Yes",
        "Blogs, Video",
        "Agree",
        "Shorter, please.",
        "Clause 2",
    ]


@pytest.mark.parametrize(
    ("answers", "key", "message"),
    [
        ([AnswerIn(question=2, choices=["Blogs"])], "answers.1", "Answer question 1"),
        ([AnswerIn(question=1, choice="Maybe")], "answers.1", "not one of the choices"),
        (
            [AnswerIn(question=1, choice="Yes"), AnswerIn(question=2, choices=["Blogs", "TV"])],
            "answers.2",
            "“TV” is not one of the choices",
        ),
        (
            [AnswerIn(question=1, choice="Yes"), AnswerIn(question=3, choice="love")],
            "answers.3",
            "not one of the choices",
        ),
        (
            [
                AnswerIn(question=1, choice="Yes"),
                AnswerIn(question=4, text="one two three four five six"),
            ],
            "answers.4",
            "at most 5 words: this answer has 6",
        ),
        (
            [AnswerIn(question=1, choice="Yes"), AnswerIn(question=5, choice="9")],
            "answers.5",
            "not one of the choices",
        ),
        (
            [AnswerIn(question=1, choice="Yes"), AnswerIn(question=7, text="?")],
            "answers.7",
            "There is no question 7",
        ),
    ],
)
def test_an_answer_that_does_not_fit_its_question_is_refused_and_nothing_is_saved(
    open_version: Version, participant: User, answers: list[AnswerIn], key: str, message: str
) -> None:
    with pytest.raises(consultations.ConsultationRejected) as refused:
        respond_as(open_version, consultations.Respondent(user=participant), answers)
    assert refused.value.status == 422
    assert list(refused.value.errors) == [key]
    assert message in refused.value.errors[key][0]
    assert not Response.objects.exists()


def test_a_guest_must_give_a_name_an_email_and_an_organisation_when_for_one(
    open_version: Version,
) -> None:
    with pytest.raises(consultations.ConsultationRejected) as refused:
        respond_as(
            open_version,
            consultations.Respondent(name=" ", email="not-an-address", type="organisation"),
        )
    assert set(refused.value.errors) == {
        "respondent.name",
        "respondent.email",
        "respondent.organisation",
    }


def test_no_response_is_taken_before_or_after_the_consultation(
    questioned: Version, open_version: Version, participant: User
) -> None:
    close(open_version)
    with pytest.raises(consultations.ConsultationRejected) as refused:
        respond_as(open_version, consultations.Respondent(user=participant))
    assert refused.value.status == 409
    assert not Response.objects.exists()


def test_a_second_response_replaces_the_first_which_is_kept(
    open_version: Version, participant: User
) -> None:
    first = respond_as(open_version, consultations.Respondent(user=participant))
    second = respond_as(open_version, consultations.Respondent(user=participant))
    first.refresh_from_db()
    assert first.replaced_by == second
    assert list(Response.objects.counted()) == [second]
    assert Response.objects.count() == 2


def test_a_guest_response_counts_only_once_the_emailed_link_is_followed(
    open_version: Version, smtp: Mailbox, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = respond_as(open_version, GUEST)
    assert response.status == "unconfirmed"
    assert not Response.objects.counted().exists()
    [message] = smtp.messages
    assert message["To"] == "gus@example.net"
    assert response.reference in message["Subject"]
    link = next(line for line in message.get_content().splitlines() if "/confirm/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        consultations.confirm_response(token=token)
    response.refresh_from_db()
    assert response.status == "submitted"
    assert list(Response.objects.counted()) == [response]
    receipt = smtp.messages[1]
    assert response.reference in receipt["Subject"]
    body = receipt.get_content()
    assert "What would you change?" in body
    assert "Shorter, please." in body


def test_a_forged_confirmation_link_is_refused(open_version: Version) -> None:
    respond_as(open_version, GUEST)
    with pytest.raises(consultations.ConsultationRejected) as refused:
        consultations.confirm_response(token="PAR-AAAA-AA:forged")
    assert refused.value.status == 404
    assert not Response.objects.counted().exists()


def test_the_same_idempotency_key_returns_the_first_response(
    open_version: Version, participant: User
) -> None:
    def send() -> consultations.Responded:
        return consultations.respond(
            version=open_version,
            respondent=consultations.Respondent(user=participant),
            consent="named",
            answers=good_answers(),
            idempotency_key="abc",
        )

    first, again = send(), send()
    assert (first.created, again.created) == (True, False)
    assert again.response == first.response
    assert Response.objects.count() == 1


def test_the_receipt_is_in_welsh_for_a_welsh_respondent(
    open_version: Version,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        respond_as(open_version, consultations.Respondent(user=participant, language="cy"))
    [receipt] = smtp.messages
    assert "wedi dod i law" in receipt["Subject"]


def test_references_are_distinct(open_version: Version, participant: User, outsider: User) -> None:
    people: list[Callable[[], Response]] = [
        lambda: respond_as(open_version, consultations.Respondent(user=participant)),
        lambda: respond_as(open_version, consultations.Respondent(user=outsider)),
    ]
    assert len({make().reference for make in people}) == 2
