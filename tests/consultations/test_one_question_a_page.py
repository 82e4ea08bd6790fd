"""One question a page (the GOV.UK question pages pattern): Continue keeps a draft, a back
link, "about you" with the equality questions and consent, then check your answers with
Change links back to each question's page and back to the check page. Nothing incomplete
is sent, whatever addresses are typed; nobody reaches another person's draft."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations.models import Consultation, Response
from parley.guidance.models import Version
from tests.conftest import Mailbox
from tests.consultations.test_responding_in_the_site import respond_url

ANSWERS = {
    1: {"answer_1": "Yes"},
    2: {"answer_2": ["Blogs", "Video"]},
    3: {"answer_3": "agree"},
    4: {"answer_4": "Shorter, please."},
    5: {"answer_5": "2"},
}
ABOUT_GUEST = {
    "respondent_type": "individual",
    "name": "Gus Guest",
    "email": "gus@example.net",
    "demographic_age": "35_44",
    "consent": "named",
}


@pytest.fixture
def paged(open_version: Version) -> Version:
    Consultation.objects.create(version=open_version, layout="per_question", demographics=["age"])
    return open_version


def step(version: Version, number: int | str, draft: str = "", back: bool = False) -> str:
    if number == "about-you":
        url = reverse("consultations:respond_about_you", args=[version.document.slug, 1])
    else:
        url = reverse("consultations:respond_question", args=[version.document.slug, 1, number])
    query = [f"draft={draft}"] if draft else []
    if back:
        query.append("return=check")
    return url + ("?" + "&".join(query) if query else "")


def check_url(reference: str) -> str:
    return reverse("consultations:check", args=[reference])


def answer_all(client: Client, version: Version) -> str:
    """Answer every question page by page; the draft's reference."""
    response = client.post(step(version, 1), ANSWERS[1])
    assert response.status_code == 302
    reference = Response.objects.get().reference
    assert response["Location"] == step(version, 2, reference)
    for number in range(2, 6):
        response = client.post(step(version, number, reference), ANSWERS[number])
        following = number + 1 if number < 5 else "about-you"
        assert response["Location"] == step(version, following, reference)
    return reference


def test_a_guest_answers_one_question_a_page_then_about_you_then_checks_and_sends(
    paged: Version, client: Client, smtp: Mailbox, django_capture_on_commit_callbacks: Capture
) -> None:
    start = client.get(respond_url(paged))
    assert start["Location"] == step(paged, 1)
    first = client.get(step(paged, 1)).content.decode()
    assert "Question 1 of 5" in first
    assert "Where do you take part?" not in first  # only one question a page
    assert 'class="govuk-back-link"' in first
    reference = answer_all(client, paged)
    draft = Response.objects.get()
    assert draft.status == "draft"
    assert draft.answers.get(question__number=2).choices == ["Blogs", "Video"]
    page = client.get(step(paged, 5, reference)).content.decode()
    assert f'href="{step(paged, 4, reference)}"' in page  # back to the question before
    about = client.get(step(paged, "about-you", reference)).content.decode()
    assert "What is your age?" in about
    assert "never published" in about
    assert smtp.messages == []  # nothing e-mailed on the way
    response = client.post(step(paged, "about-you", reference), ABOUT_GUEST)
    assert response["Location"] == check_url(reference)
    check = client.get(check_url(reference)).content.decode()
    assert "Blogs, Video" in check
    change = step(paged, 4, reference, back=True).replace("&", "&amp;")
    assert f'href="{change}#id_answer_4"' in check
    with django_capture_on_commit_callbacks(execute=True):
        client.post(check_url(reference))
    draft.refresh_from_db()
    assert draft.status == "unconfirmed"
    assert draft.demographics == {"age": "35_44"}
    assert (draft.guest_name, draft.consent) == ("Gus Guest", "named")
    [confirmation] = smtp.messages
    assert "35" not in confirmation.get_content()


def test_a_change_link_opens_the_question_and_returns_to_check_your_answers(
    paged: Version, client: Client
) -> None:
    reference = answer_all(client, paged)
    client.post(step(paged, "about-you", reference), ABOUT_GUEST)
    page = client.get(step(paged, 4, reference, back=True)).content.decode()
    assert "Shorter, please." in page  # the answer given, to change
    assert f'href="{check_url(reference)}"' in page  # back to the check page
    response = client.post(step(paged, 4, reference, back=True), {"answer_4": "Longer."})
    assert response["Location"] == check_url(reference)
    draft = Response.objects.get()
    assert draft.answers.get(question__number=4).text == "Longer."
    assert draft.answers.get(question__number=1).choice == "Yes"  # the rest kept
    assert (draft.guest_name, draft.demographics) == ("Gus Guest", {"age": "35_44"})


def test_a_required_question_left_empty_is_an_error_on_its_own_page(
    paged: Version, client: Client
) -> None:
    response = client.post(step(paged, 1), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_answer_1' in page
    assert not Response.objects.exists()
    too_long = client.post(step(paged, 1), {"answer_1": "Y" * 10_000})
    assert too_long.status_code == 400
    words = client.post(step(paged, 4), {"answer_4": "ꯃꯤꯇꯩ ꯃꯌꯦꯛ ᏣᎳᎩ ߒߞߏ 𐌰𐌱 한글 more"})
    assert words.status_code == 400
    assert "at most 5 words" in words.content.decode()
    assert not Response.objects.exists()


def test_skipping_ahead_by_address_cannot_send_an_incomplete_response(
    paged: Version, client: Client
) -> None:
    client.post(step(paged, 3), ANSWERS[3])  # question 1, required, never answered
    reference = Response.objects.get().reference
    client.post(step(paged, "about-you", reference), ABOUT_GUEST)
    refused = client.post(check_url(reference))
    assert refused.status_code == 422
    assert "Answer question 1" in refused.content.decode()
    assert Response.objects.get().status == "draft"


def test_skipping_about_you_cannot_send_a_guests_response_without_name_or_consent(
    paged: Version, client: Client
) -> None:
    reference = answer_all(client, paged)
    refused = client.post(check_url(reference))
    assert refused.status_code == 422
    assert Response.objects.get().status == "draft"
    missing = client.post(step(paged, "about-you", reference), {"respondent_type": "individual"})
    assert missing.status_code == 400
    page = missing.content.decode()
    assert "Enter your name" in page
    assert "Say whether we may publish your response" in page


def test_another_persons_draft_is_not_found(
    paged: Version, client: Client, participant: User
) -> None:
    reference = answer_all(client, paged)
    someone = Client()
    someone.force_login(participant)
    for stranger in (Client(), someone):
        assert stranger.get(step(paged, 2, reference)).status_code == 404
        answer = stranger.post(
            step(paged, 2, reference), {"answer_2": ["Forums"], "draft": reference}
        )
        assert answer.status_code == 404
        assert stranger.get(step(paged, "about-you", reference)).status_code == 404
    assert Response.objects.get().answers.get(question__number=2).choices == ["Blogs", "Video"]


def test_a_question_that_does_not_exist_is_not_found(paged: Version, client: Client) -> None:
    assert client.get(step(paged, 6)).status_code == 404
    assert client.get(step(paged, 0)).status_code == 404


def test_when_the_layout_changes_mid_way_the_draft_carries_on_in_the_one_page_form(
    paged: Version, client: Client
) -> None:
    client.post(step(paged, 1), ANSWERS[1])
    reference = Response.objects.get().reference
    Consultation.objects.filter(version=paged).update(layout="one_page")
    moved = client.get(step(paged, 2, reference))
    assert moved["Location"] == f"{respond_url(paged)}?draft={reference}"
    form = client.get(moved["Location"]).content.decode()
    assert 'value="Yes" checked' in form  # the answer given is kept
    assert "What is your age?" in form


def test_when_the_layout_changes_to_one_a_page_the_one_page_form_still_takes_a_post(
    open_version: Version, client: Client
) -> None:
    from tests.consultations.test_responding_in_the_site import GUEST

    Consultation.objects.create(version=open_version, layout="per_question")
    response = client.post(respond_url(open_version), GUEST)
    assert response.status_code == 302
    assert Response.objects.get().status == "draft"


def test_a_signed_in_person_goes_through_without_giving_a_name(
    paged: Version, participant: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(participant)
    reference = answer_all(client, paged)
    about = client.get(step(paged, "about-you", reference)).content.decode()
    assert "Your e-mail address" not in about
    client.post(
        step(paged, "about-you", reference), {"respondent_type": "individual", "consent": "named"}
    )
    client.post(check_url(reference))
    assert Response.objects.get().status == "submitted"


def test_the_pages_are_not_offered_once_the_consultation_is_closed(
    paged: Version, client: Client
) -> None:
    from tests.builders import close

    close(paged)
    assert client.get(step(paged, 1))["Location"] == respond_url(paged)
