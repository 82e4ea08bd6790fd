"""Staff entering a response received by post, e-mail or at a meeting: the respondent's
form, marked with its channel and who entered it, counted at once, nobody e-mailed; only the
organisation's analysts, editors and owners may."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations import summary, tokens
from parley.consultations.models import Response
from parley.guidance.models import Version
from parley.organisations.models import Membership, Organisation, Role
from tests.builders import close, make_user, pdf_bytes, upload
from tests.conftest import Mailbox
from tests.consultations.conftest import good_answers
from tests.html import attribute, find, text

LETTER = consultations.Respondent(name="Pat Post")


@pytest.fixture
def analyst(organisation: Organisation) -> User:
    user = make_user("analyst@example.org", "Ana Lyst")
    Membership.objects.create(organisation=organisation, user=user, role=Role.ANALYST)
    return user


def _form(**extra: object) -> dict[str, object]:
    return {
        "channel": "post",
        "answer_1": "Yes",
        "answer_2": ["Blogs"],
        "answer_3": "agree",
        "answer_4": "Shorter, please.",
        "answer_5": "2",
        "respondent_type": "individual",
        "organisation": "",
        "name": "Pat Post",
        "email": "",
        "consent": "confidential",
        **extra,
    }


def test_a_letter_is_counted_at_once_with_its_channel_and_who_typed_it_and_nobody_is_emailed(
    open_version: Version, analyst: User, smtp: Mailbox, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = consultations.enter_response(
            version=open_version,
            entered_by=analyst,
            channel="post",
            respondent=LETTER,
            consent="confidential",
            answers=good_answers(),
        )
    assert list(Response.objects.counted()) == [response]
    assert (response.channel, response.entered_by, response.guest_email) == ("post", analyst, "")
    assert response.entered_at is not None
    assert response.answers.count() == 5
    assert smtp.messages == []


def test_letters_without_an_email_address_are_different_people(
    open_version: Version, analyst: User
) -> None:
    for _n in range(2):
        consultations.enter_response(
            version=open_version,
            entered_by=analyst,
            channel="post",
            respondent=LETTER,
            consent="confidential",
            answers=good_answers(),
        )
    assert Response.objects.counted().count() == 2


def test_an_email_replaces_the_same_addresses_online_response(
    open_version: Version, analyst: User
) -> None:
    respondent = consultations.Respondent(name="Gus Guest", email="gus@example.net")
    online = consultations.save_draft(
        version=open_version, respondent=respondent, consent="named", answers=good_answers()
    )
    consultations.submit_response(response=online)
    consultations.confirm_response(token=tokens.confirm_token(online))
    entered = consultations.enter_response(
        version=open_version,
        entered_by=analyst,
        channel="email",
        respondent=consultations.Respondent(name="Gus Guest", email="GUS@example.net"),
        consent="named",
        answers=good_answers(),
    )
    online.refresh_from_db()
    assert online.replaced_by == entered
    assert list(Response.objects.counted()) == [entered]


def test_staff_enter_a_late_letter_after_closing(open_version: Version, analyst: User) -> None:
    close(open_version)
    consultations.enter_response(
        version=open_version,
        entered_by=analyst,
        channel="meeting",
        respondent=LETTER,
        consent="anonymous",
        answers=good_answers(),
    )
    assert Response.objects.counted().count() == 1


def test_an_online_channel_or_a_bad_answer_is_refused_naming_the_field(
    open_version: Version, analyst: User
) -> None:
    with pytest.raises(consultations.ConsultationRejected) as refused:
        consultations.enter_response(
            version=open_version,
            entered_by=analyst,
            channel="online",
            respondent=consultations.Respondent(name="", email="not an address"),
            consent="confidential",
            answers=[consultations.AnswerIn(question=1, choice="Maybe")],
        )
    assert set(refused.value.errors) == {
        "channel",
        "respondent.name",
        "respondent.email",
        "answers.1",
    }
    assert not Response.objects.exists()


def test_one_typed_in_response_is_never_a_bulk_import(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    url = reverse("consultations:enter_response", args=[open_version.document.slug, 1])
    page = signed_in(analyst).get(url).content.decode()
    assert 'value="post"' in page
    assert 'value="import"' not in page
    with pytest.raises(consultations.ConsultationRejected) as refused:
        consultations.enter_response(
            version=open_version,
            entered_by=analyst,
            channel="import",
            respondent=LETTER,
            consent="confidential",
            answers=good_answers(),
        )
    assert set(refused.value.errors) == {"channel"}
    assert not Response.objects.exists()


def test_an_analyst_enters_a_letter_through_the_page(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    url = reverse("consultations:enter_response", args=[open_version.document.slug, 1])
    assert client.get(url).status_code == 200
    page = client.post(url, _form(), follow=True)
    assert page.status_code == 200
    [response] = Response.objects.counted()
    assert response.reference in page.content.decode()
    assert (response.channel, response.entered_by, response.guest_name) == (
        "post",
        analyst,
        "Pat Post",
    )


def test_the_scanned_letter_is_attached_to_the_response_entered_with_it(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    url = reverse("consultations:enter_response", args=[open_version.document.slug, 1])
    assert 'enctype="multipart/form-data"' in client.get(url).content.decode()

    client.post(url, _form(files=[upload("letter.pdf", pdf_bytes(1))]))

    [response] = Response.objects.counted()
    [scan] = response.files.all()
    assert (scan.original_name, scan.uploaded_by) == ("letter.pdf", analyst)


def test_a_refused_scan_saves_nothing_and_keeps_what_was_typed(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    url = reverse("consultations:enter_response", args=[open_version.document.slug, 1])

    page = client.post(url, _form(files=[upload("letter.pdf", b"<html>not a PDF</html>")]))

    assert page.status_code == 400  # the form comes back, as for any field's error
    html = page.content.decode()
    assert "“letter.pdf” is not a real PDF file" in html
    assert 'href="#id_files"' in html  # the error summary leads to the field
    assert "Pat Post" in html
    assert not Response.objects.exists()


def test_the_page_keeps_what_was_typed_and_shows_the_error_beside_the_answer(
    open_version: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    url = reverse("consultations:enter_response", args=[open_version.document.slug, 1])
    page = client.post(url, _form(answer_1="", answer_4="one two three four five six"))
    assert page.status_code == 400
    html = page.content.decode()
    assert "Answer question 1" in html
    assert "Question 4 allows at most 5 words" in html
    assert "Pat Post" in html
    assert not Response.objects.exists()


def test_the_page_records_the_day_a_letter_arrived(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    url = reverse("consultations:enter_response", args=[open_version.document.slug, 1])
    form = client.get(url).content.decode()
    assert 'class="govuk-date-input"' in form
    assert find(form, "input", name="received_at_0")  # the day, with its label
    today = timezone.localdate()
    client.post(
        url,
        _form(
            received_at_0=str(today.day),
            received_at_1=str(today.month),
            received_at_2=str(today.year),
        ),
    )
    [response] = Response.objects.counted()
    assert response.received_at is not None
    assert timezone.localtime(response.received_at).date() == today
    client.post(url, _form(name="Sam Card"))
    assert Response.objects.get(guest_name="Sam Card").received_at is None  # optional


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "The date must be a real date"),
        ("3", "", "2026", "The date must include a day, a month and a year"),
        ("3", "x", "2026", "The date must be a real date, in numbers"),
        ("1", "1", "2099", "When it arrived cannot be in the future"),
        (
            "1",
            "1",
            "2020",
            "The date it arrived must be on or after the day the consultation opened",
        ),
    ],
)
def test_a_wrong_date_of_arrival_is_shown_beside_it_keeping_what_was_typed(
    day: str,
    month: str,
    year: str,
    message: str,
    open_version: Version,
    analyst: User,
    signed_in: Callable[[User], Client],
) -> None:
    client = signed_in(analyst)
    url = reverse("consultations:enter_response", args=[open_version.document.slug, 1])
    page = client.post(url, _form(received_at_0=day, received_at_1=month, received_at_2=year))
    assert page.status_code == 400
    html = page.content.decode()
    error = find(html, "p", id="id_received_at-error")
    assert message in text(error)
    assert 'href="#id_received_at_0"' in html  # the error summary leads to the day
    assert attribute(find(html, "input", name="received_at_0"), "value") == day
    assert attribute(find(html, "input", name="received_at_2"), "value") == year
    assert "Pat Post" in html
    assert not Response.objects.exists()


@pytest.mark.parametrize("who", ["moderator", "other_moderator", "participant"])
def test_a_moderator_or_another_organisations_member_cannot_enter_a_response(
    open_version: Version,
    who: str,
    request: pytest.FixtureRequest,
    signed_in: Callable[[User], Client],
) -> None:
    client = signed_in(request.getfixturevalue(who))
    url = reverse("consultations:enter_response", args=[open_version.document.slug, 1])
    assert client.get(url).status_code == 403
    assert client.post(url, _form()).status_code == 403
    assert not Response.objects.exists()


def test_the_summary_and_the_responses_page_count_responses_by_channel(
    open_version: Version, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    consultations.respond(
        version=open_version,
        respondent=consultations.Respondent(user=analyst),
        consent="named",
        answers=good_answers(),
    )
    for channel in ("post", "post", "meeting"):
        consultations.enter_response(
            version=open_version,
            entered_by=analyst,
            channel=channel,
            respondent=LETTER,
            consent="confidential",
            answers=good_answers(),
        )
    counted = summary.summary_of(open_version)
    assert counted.counted == 4
    assert counted.channels == [
        ("online", "Online", 1),
        ("post", "Post", 2),
        ("meeting", "Event or meeting", 1),
    ]
    [yes] = [t for t in counted.questions[0].tallies if t.value == "Yes"]
    assert yes.everyone == 4  # every channel's answers are in the tallies
    page = signed_in(analyst).get(
        reverse("consultations:responses", args=[open_version.document.slug, 1])
    )
    html = page.content.decode()
    assert "Post: 2" in " ".join(html.split())
    assert "entered by Ana Lyst" in " ".join(html.split())
