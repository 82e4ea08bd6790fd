"""The respondent's journey without JavaScript: one form, check your answers, send, receipt."""

import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations.models import Response
from parley.guidance.models import Version
from tests.conftest import Mailbox

GOOD = {
    "answer_1": "Yes",
    "answer_2": ["Blogs", "Video"],
    "answer_3": "agree",
    "answer_4": "Shorter, please.",
    "answer_5": "2",
    "respondent_type": "individual",
    "consent": "anonymous",
}
GUEST = {**GOOD, "name": "Gus Guest", "email": "gus@example.net"}


def respond_url(version: Version) -> str:
    return reverse("consultations:respond", args=[version.document.slug, version.number])


def test_a_signed_in_person_checks_their_answers_sends_and_gets_a_reference(
    open_version: Version,
    participant: User,
    signed_in: Callable[[User], Client],
    smtp: Mailbox,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    client = signed_in(participant)
    form = client.get(respond_url(open_version)).content.decode()
    assert "1. Do the principles help you?" in form
    assert "Your e-mail address" not in form
    check = client.post(respond_url(open_version), GOOD, follow=True)
    draft = Response.objects.get()
    assert draft.status == "draft"
    page = check.content.decode()
    assert "Check your answers" in page
    assert "Blogs, Video" in page
    assert "Clause 2" in page
    with django_capture_on_commit_callbacks(execute=True):
        receipt = client.post(reverse("consultations:check", args=[draft.reference]), follow=True)
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert draft.reference in receipt.content.decode()
    [email] = smtp.messages
    assert draft.reference in email["Subject"]
    assert email["To"] == participant.email


def test_a_wrong_answer_is_shown_beside_its_question_with_the_rest_kept(
    open_version: Version, client: Client
) -> None:
    response = client.post(
        respond_url(open_version), {**GUEST, "answer_1": "", "answer_4": "a b c d e f"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_answer_1-error"' in page
    assert "Answer question 1" in page
    assert 'id="id_answer_4-error"' in page
    assert "at most 5 words" in page
    assert "a b c d e f</textarea>" in page
    assert 'value="gus@example.net"' in page
    assert not Response.objects.exists()


def test_a_guest_gets_a_reference_then_confirms_by_the_emailed_link(
    open_version: Version,
    client: Client,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    client.post(respond_url(open_version), GUEST)
    draft = Response.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        receipt = client.post(reverse("consultations:check", args=[draft.reference]), follow=True)
    page = receipt.content.decode()
    assert draft.reference in page
    assert "gus@example.net" in page
    draft.refresh_from_db()
    assert draft.status == "unconfirmed"
    [email] = smtp.messages
    link = re.search(r"https?://\S+/responses/confirm/\S+/", email.get_content())
    assert link is not None
    path = "/" + link.group(0).split("/", 3)[3]
    elsewhere = Client()  # the link works on another device
    assert elsewhere.get(path).status_code == 200
    draft.refresh_from_db()
    assert draft.status == "unconfirmed"  # following the link alone (a mail scanner) does not
    with django_capture_on_commit_callbacks(execute=True):
        elsewhere.post(path)
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_a_draft_can_be_changed_from_check_your_answers(
    open_version: Version, client: Client
) -> None:
    client.post(respond_url(open_version), GUEST)
    draft = Response.objects.get()
    form = client.get(respond_url(open_version) + f"?draft={draft.reference}").content.decode()
    assert "Shorter, please.</textarea>" in form
    client.post(
        respond_url(open_version), {**GUEST, "draft": draft.reference, "answer_4": "Longer."}
    )
    assert Response.objects.count() == 1
    assert draft.answers.get(question__number=4).text == "Longer."


def test_someone_elses_response_is_not_found(
    open_version: Version, client: Client, participant: User
) -> None:
    client.post(respond_url(open_version), GUEST)
    reference = Response.objects.get().reference
    other = Client()
    other.force_login(participant)
    assert other.get(reverse("consultations:check", args=[reference])).status_code == 404
    assert other.get(reverse("consultations:receipt", args=[reference])).status_code == 404
    assert other.get(respond_url(open_version) + f"?draft={reference}").status_code == 404


def test_a_closed_consultation_takes_no_response(open_version: Version, client: Client) -> None:
    from tests.builders import close

    close(open_version)
    page = client.get(respond_url(open_version)).content.decode()
    assert "not open for responses" in page
    client.post(respond_url(open_version), GUEST)
    assert not Response.objects.exists()


def test_a_question_without_welsh_is_marked_english_on_the_welsh_form(
    open_version: Version, client: Client
) -> None:
    open_version.questions.filter(number=1).update(text_cy="Ydy’r egwyddorion yn eich helpu?")
    page = client.get(respond_url(open_version), headers={"accept-language": "cy"})
    html = page.content.decode()
    assert "1. Ydy’r egwyddorion yn eich helpu?" in html
    assert '3. <span lang="en">The principles are clear.</span> (dewisol)' in html
