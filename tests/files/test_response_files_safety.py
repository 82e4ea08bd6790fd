"""Respondents' files are safe to take: read by a child process that a looping PDF or a ZIP
bomb cannot hold or fill, scanned by ClamAV when it is configured (refused when it cannot
be asked), seen only by the organisation's analysts and editors (and site staff), and gone
from the storage with their response or an erasure request."""

import io
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture
from pytest_django import Settings

from parley import personal_data
from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.files import extraction, scanning
from parley.files import services as files
from parley.files.models import ResponseFile
from parley.files.simple_pdf import text_pdf
from parley.guidance.models import Version
from parley.validation import Rejected
from tests.builders import docx_bytes, odt_bytes, pdf_bytes, slow_pdf, zip_bomb_docx
from tests.consultations.conftest import good_answers
from tests.files.clamd import EICAR, clamd
from tests.files.conftest import read, stored_files


def respond(
    version: Version, user: User, *uploads: SimpleUploadedFile, capture: Capture
) -> Response:
    with capture(execute=True):
        return consultations.respond(
            version=version,
            respondent=consultations.Respondent(user=user),
            consent="named",
            answers=good_answers(),
            attachments=list(uploads),
        ).response


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        ("a.pdf", text_pdf([["First page."], ["Second page."]]), "First page.\n\nSecond page."),
        ("a.docx", docx_bytes(["One.", "Two."]), "One.\nTwo."),
        ("a.odt", odt_bytes(["Un.", "Dau."]), "Un.\nDau."),
        ("a.txt", "Plain words, in UTF-8: ŵ ŷ.".encode(), "Plain words, in UTF-8: ŵ ŷ."),
    ],
    ids=["pdf", "docx", "odt", "txt"],
)
def test_the_text_of_each_kind_of_file_is_read_and_kept_with_it(
    consultation: Version,
    participant: User,
    django_capture_on_commit_callbacks: Capture,
    name: str,
    content: bytes,
    text: str,
) -> None:
    response = respond(
        consultation,
        participant,
        SimpleUploadedFile(name, content),
        capture=django_capture_on_commit_callbacks,
    )
    attached = response.files.get()
    assert (attached.text_status, attached.text) == (ResponseFile.Text.FOUND, text)


def test_a_scanned_page_without_text_is_kept_and_marked_no_text_found(
    consultation: Version,
    participant: User,
    analyst: User,
    signed_in: Callable[[User], Client],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    response = respond(
        consultation,
        participant,
        SimpleUploadedFile("scan.pdf", pdf_bytes(3)),
        capture=django_capture_on_commit_callbacks,
    )
    attached = response.files.get()
    assert (attached.text_status, attached.text, attached.pages) == ("none", "", 3)
    url = f"/guidance/{consultation.document.slug}/versions/1/responses/"
    page = signed_in(analyst).get(url).content.decode()
    assert "scan.pdf" in page
    assert "No text found" in page


def test_a_pdf_that_keeps_the_reader_busy_is_stopped_at_the_time_limit(
    consultation: Version,
    participant: User,
    settings: Settings,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    settings.FILE_TEXT_SECONDS = 1  # the reader needs several seconds for this one
    response = respond(
        consultation,
        participant,
        SimpleUploadedFile("busy.pdf", slow_pdf(150_000)),
        capture=django_capture_on_commit_callbacks,
    )
    attached = response.files.get()
    assert attached.text_status == ResponseFile.Text.FAILED
    assert attached.file.storage.exists(str(attached.file.name))  # kept, for the analysts


@pytest.mark.database_independent
def test_the_reader_is_stopped_past_its_memory_limit() -> None:
    found = extraction.extract(slow_pdf(150_000), "pdf", seconds=30, memory=64 * 1024 * 1024)
    assert found.failed == "unreadable"


def test_a_zip_bomb_is_refused_before_anything_is_stored(
    consultation: Version, participant: User, media: Path
) -> None:
    bomb = SimpleUploadedFile("bomb.docx", zip_bomb_docx(extraction.MAX_UNPACKED + 1024**2))
    assert bomb.size is not None
    assert bomb.size < 1024**2  # small as it is sent
    with pytest.raises(Rejected) as refused:
        consultations.respond(
            version=consultation,
            respondent=consultations.Respondent(user=participant),
            consent="named",
            answers=good_answers(),
            attachments=[bomb],
        )
    assert refused.value.status == 413
    assert refused.value.errors == {
        "files": ["“bomb.docx” unpacks to more than 100 MB: it cannot be read"]
    }
    assert not Response.objects.exists()
    assert stored_files(media) == []


# Who may read them --------------------------------------------------------------------------


def test_only_the_organisations_analysts_editors_and_site_staff_download_a_respondents_file(
    consultation: Version,
    participant: User,
    analyst: User,
    editor: User,
    other_editor: User,
    admin_user: User,
    signed_in: Callable[[User], Client],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    response = respond(
        consultation,
        participant,
        SimpleUploadedFile("ours.pdf", text_pdf([["Ours."]])),
        capture=django_capture_on_commit_callbacks,
    )
    url = response.files.get().get_absolute_url()
    for reader in (analyst, editor, admin_user):  # site staff read every response
        download = signed_in(reader).get(url)
        assert download.status_code == 200
        assert download["Content-Disposition"] == 'attachment; filename="ours.pdf"'
        assert download["X-Content-Type-Options"] == "nosniff"
        assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
        assert download["Cache-Control"] == "private, no-cache"
        assert download["Content-Type"] == "application/pdf"
        assert read(download).startswith(b"%PDF-")
    for stranger in (participant, other_editor):
        assert signed_in(stranger).get(url).status_code == 404
    assert Client().get(url).status_code == 404


# Gone with their response ------------------------------------------------------------------


def test_deleting_a_response_deletes_its_files_from_the_storage(
    consultation: Version,
    participant: User,
    media: Path,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    response = respond(
        consultation,
        participant,
        SimpleUploadedFile("a.txt", b"A note."),
        SimpleUploadedFile("b.txt", b"Another."),
        capture=django_capture_on_commit_callbacks,
    )
    assert len(stored_files(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response.delete()
    assert stored_files(media) == []


def test_an_erasure_request_deletes_the_files_of_the_persons_responses(
    consultation: Version,
    participant: User,
    outsider: User,
    media: Path,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    respond(
        consultation,
        participant,
        SimpleUploadedFile("mine.txt", b"Mine."),
        capture=django_capture_on_commit_callbacks,
    )
    theirs = respond(
        consultation,
        outsider,
        SimpleUploadedFile("theirs.txt", b"Theirs."),
        capture=django_capture_on_commit_callbacks,
    )
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase(user=participant, delete_comments=True)
    assert [f.original_name for f in ResponseFile.objects.all()] == ["theirs.txt"]
    assert len(stored_files(media)) == 1
    assert theirs.files.count() == 1


def test_a_guests_erasure_deletes_the_files_of_their_responses(
    consultation: Version, media: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        consultations.respond(
            version=consultation,
            respondent=consultations.Respondent(name="Gwen", email="gwen@example.net"),
            consent="named",
            answers=good_answers(),
            attachments=[SimpleUploadedFile("gwen.txt", b"Gwen's.")],
        )
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.guest_erase(email="Gwen@Example.net", delete_comments=False)
    assert not ResponseFile.objects.exists()
    assert stored_files(media) == []


# The virus scan ----------------------------------------------------------------------------


def test_with_clamd_a_clean_file_is_scanned_and_an_infected_one_refused(
    consultation: Version,
    participant: User,
    settings: Settings,
    tmp_path: Path,
    media: Path,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    settings.CLAMD_SOCKET = str(tmp_path / "clamd.sock")
    with clamd(tmp_path / "clamd.sock") as scanned:
        with pytest.raises(Rejected) as refused:
            respond(
                consultation,
                participant,
                SimpleUploadedFile("eicar.txt", EICAR),
                capture=django_capture_on_commit_callbacks,
            )
        assert refused.value.errors == {
            "files": ["“eicar.txt” contains a virus (Eicar-Test-Signature): it was not attached"]
        }
        assert stored_files(media) == []
        response = respond(
            consultation,
            participant,
            SimpleUploadedFile("clean.txt", b"Clean words."),
            capture=django_capture_on_commit_callbacks,
        )
    assert scanned == [EICAR, b"Clean words."]
    assert response.files.get().text == "Clean words."


def test_with_clamd_configured_but_unreachable_nothing_is_stored_unscanned(
    consultation: Version,
    participant: User,
    settings: Settings,
    tmp_path: Path,
    media: Path,
) -> None:
    settings.CLAMD_SOCKET = str(tmp_path / "nobody-listens.sock")
    with pytest.raises(Rejected) as refused:
        files.attach_to_response(
            response=Response.objects.create(
                version=consultation, reference="PAR-TEST-01", consent="named"
            ),
            uploads=[SimpleUploadedFile("a.txt", b"Words.")],
        )
    assert refused.value.status == 503
    assert refused.value.errors == {
        "files": ["“a.txt” could not be checked for viruses: try again later"]
    }
    assert stored_files(media) == []
    assert not ResponseFile.objects.exists()


def test_the_scan_answers_no_verdict_for_a_socket_that_is_not_clamd(tmp_path: Path) -> None:
    path = tmp_path / "mute.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as mute:
        mute.bind(str(path))
        mute.listen()
        verdict = scanning.scan(io.BytesIO(b"x"), str(path), timeout=0.5)
    assert not verdict.clean
    assert verdict.error
