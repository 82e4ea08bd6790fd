"""A respondent attaches files on the online response form, without JavaScript: a refused
file comes back beside the field with every answer typed still there, nothing saved; a
draft lists its files, each with a Remove button."""

from collections.abc import Callable
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations.models import Consultation, Response
from parley.files.models import ResponseFile
from parley.files.simple_pdf import text_pdf
from parley.guidance.models import Version
from tests.files.conftest import stored_files
from tests.html import attribute, find, find_all, text

MB = 1024 * 1024


def form_url(version: Version, draft: str = "") -> str:
    url = reverse("consultations:respond", args=[version.document.slug, version.number])
    return f"{url}?draft={draft}" if draft else url


def answers(**more: object) -> dict[str, object]:
    return {
        "answer_1": "Yes",
        "answer_4": "Shorter, please.",
        "respondent_type": "organisation",
        "organisation": "Valleys Trust",
        "consent": "named",
        "action": "continue",
        **more,
    }


def pdf(name: str = "our-response.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text_pdf([["See attached: we support clause 2."]]))


def test_a_respondent_attaches_a_pdf_and_its_text_is_read(
    consultation: Version,
    participant: User,
    signed_in: Callable[[User], Client],
    media: Path,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        page = signed_in(participant).post(form_url(consultation), answers(files=pdf()))
    assert page.status_code == 302
    response = Response.objects.get(user=participant)
    attached = ResponseFile.objects.get(response=response)
    assert attached.original_name == "our-response.pdf"
    assert attached.content_type == "application/pdf"
    assert attached.text_status == ResponseFile.Text.FOUND
    assert "we support clause 2" in attached.text
    assert attached.pages == 1
    assert len(stored_files(media)) == 1
    check = signed_in(participant).get(page["Location"]).content.decode()
    assert "our-response.pdf" in check


def test_a_file_that_is_not_what_its_name_says_comes_back_beside_the_field(
    consultation: Version, participant: User, signed_in: Callable[[User], Client], media: Path
) -> None:
    fake = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>")
    page = signed_in(participant).post(form_url(consultation), answers(files=fake))
    assert page.status_code == 400
    html = page.content.decode()
    assert "“report.pdf” is not a real PDF file" in text(find(html, "p", id="id_files-error"))
    assert text(find(html, "textarea", name="answer_4")) == "Shorter, please."
    assert attribute(find(html, "input", name="organisation"), "value") == "Valleys Trust"
    assert not Response.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_10_mb_is_stopped_while_it_streams_and_the_answers_stay(
    consultation: Version, participant: User, signed_in: Callable[[User], Client], media: Path
) -> None:
    big = SimpleUploadedFile("big.txt", b"a" * (10 * MB + 1))
    page = signed_in(participant).post(form_url(consultation), answers(files=big))
    assert page.status_code == 400
    html = page.content.decode()
    assert "“big.txt” is larger than 10 MB" in text(find(html, "p", id="id_files-error"))
    assert text(find(html, "textarea", name="answer_4")) == "Shorter, please."
    assert not Response.objects.exists()
    assert stored_files(media) == []


def test_a_type_not_taken_from_respondents_is_refused(
    consultation: Version, participant: User, signed_in: Callable[[User], Client]
) -> None:
    sheet = SimpleUploadedFile("figures.csv", b"a,b\n1,2\n")
    page = signed_in(participant).post(form_url(consultation), answers(files=sheet))
    assert page.status_code == 400
    assert "“figures.csv” must be a PDF, DOCX, ODT or TXT file" in page.content.decode()


def test_at_most_five_files_on_a_response(
    consultation: Version, participant: User, signed_in: Callable[[User], Client]
) -> None:
    six = [SimpleUploadedFile(f"note{i}.txt", b"A note.") for i in range(6)]
    page = signed_in(participant).post(form_url(consultation), answers(files=six))
    assert page.status_code == 400
    assert "Attach at most 5 files to a response" in page.content.decode()
    assert not ResponseFile.objects.exists()


def test_a_draft_lists_its_files_and_removing_one_deletes_its_bytes(
    consultation: Version,
    participant: User,
    signed_in: Callable[[User], Client],
    media: Path,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    client = signed_in(participant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(form_url(consultation), answers(files=pdf(), action="save"))
    draft = Response.objects.get(user=participant)
    attached = draft.files.get()
    form = client.get(form_url(consultation, draft.reference)).content.decode()
    remove = reverse("consultations:remove_file", args=[draft.reference, attached.pk])
    removing = find(form, "form", action=remove)
    assert "Remove our-response.pdf" in text(removing)
    assert find_all(form, "dt", class_="govuk-summary-list__key")[-1:] != []
    with django_capture_on_commit_callbacks(execute=True):
        back = client.post(remove)
    assert back.status_code == 302
    assert not ResponseFile.objects.exists()
    assert stored_files(media) == []


def test_nobody_else_removes_a_file_from_a_draft(
    consultation: Version,
    participant: User,
    outsider: User,
    signed_in: Callable[[User], Client],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(participant).post(form_url(consultation), answers(files=pdf(), action="save"))
    draft = Response.objects.get(user=participant)
    remove = reverse("consultations:remove_file", args=[draft.reference, draft.files.get().pk])
    assert signed_in(outsider).post(remove).status_code == 404
    assert Client().post(remove).status_code == 404
    assert draft.files.count() == 1


def test_one_question_a_page_takes_files_on_the_about_you_page(
    consultation: Version,
    participant: User,
    signed_in: Callable[[User], Client],
    media: Path,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    Consultation.objects.create(version=consultation, layout="per_question")
    client = signed_in(participant)
    slug = consultation.document.slug
    first = reverse("consultations:respond_question", args=[slug, 1, 1])
    client.post(first, {"answer_1": "Yes"})
    draft = Response.objects.get(user=participant)
    about_you = reverse("consultations:respond_about_you", args=[slug, 1])
    about = f"{about_you}?draft={draft.reference}"
    refused = client.post(
        about,
        {
            "draft": draft.reference,
            "respondent_type": "individual",
            "consent": "named",
            "files": SimpleUploadedFile("a.pdf", b"not a pdf"),
        },
    )
    assert refused.status_code == 400
    assert "“a.pdf” is not a real PDF file" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            about,
            {
                "draft": draft.reference,
                "respondent_type": "individual",
                "consent": "named",
                "files": pdf(),
            },
        )
    assert sent.status_code == 302
    attached = draft.files.get()
    assert attached.text_status == ResponseFile.Text.FOUND
    listed = client.get(about).content.decode()
    remove = reverse("consultations:remove_file", args=[draft.reference, attached.pk])
    assert "Remove our-response.pdf" in text(find(listed, "form", action=remove))
    with django_capture_on_commit_callbacks(execute=True):
        back = client.post(remove)
    assert back["Location"].startswith(about_you)
    assert stored_files(media) == []
