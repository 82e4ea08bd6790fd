"""The services that attach, replace and remove a version's documents: the type is read from
the content, a refused file stores nothing, and every change is in the document's history."""

from pathlib import Path

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.files import services
from parley.files.models import VersionFile
from parley.guidance.models import GuidanceChange, Version
from parley.validation import Rejected
from tests.builders import office_bytes, pdf_bytes, publish, upload
from tests.files.conftest import stored_files


def test_an_attached_pdf_is_stored_with_its_type_size_and_pages_and_logged(
    draft_version: Version, editor: User, media: Path
) -> None:
    content = pdf_bytes(pages=3)
    attached = services.attach_file(
        version=draft_version,
        user=editor,
        upload=upload("Impact assessment (final).PDF", content),
        title="Impact assessment",
        title_cy="Asesiad effaith",
    )
    assert (attached.content_type, attached.size, attached.pages) == (
        "application/pdf",
        len(content),
        3,
    )
    assert attached.get_absolute_url() == (
        f"/guidance/{draft_version.document.slug}/versions/1/files/{attached.pk}/"
        "impact-assessment.pdf"
    )
    assert [p.read_bytes() for p in stored_files(media)] == [content]
    assert GuidanceChange.objects.filter(
        action="attached “Impact assessment” to version 1"
    ).exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("easy-read.odt", office_bytes("odt"), "application/vnd.oasis.opendocument.text"),
        ("full.docx", office_bytes("docx"), "application/vnd.openxmlformats-officedocument"),
        ("figures.xlsx", office_bytes("xlsx"), "application/vnd.openxmlformats-officedocument"),
        ("figures.csv", "area,cost\nGwynedd,£10\n".encode(), "text/csv"),
        ("notes.txt", "Nodiadau’r cyfarfod\n".encode(), "text/plain"),
    ],
)
def test_each_allowed_type_is_recognised_by_its_content(
    draft_version: Version, editor: User, name: str, content: bytes, content_type: str
) -> None:
    attached = services.attach_file(
        version=draft_version, user=editor, upload=upload(name, content), title="A document"
    )
    assert attached.content_type.startswith(content_type)
    assert attached.pages is None


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("assessment.pdf", b"<!doctype html><script>alert(1)</script>", 415),
        ("report.docx", office_bytes("xlsx"), 415),  # a spreadsheet is not a DOCX
        ("letter.docx", b"PK\x03\x04 not really a zip", 415),
        ("page.html", b"<html></html>", 415),
        ("drawing.svg", b"<svg/>", 415),
        ("data.csv", "caf\xe9".encode("latin-1"), 415),  # not UTF-8
        ("empty.txt", b"", 400),
    ],
)
def test_a_file_whose_content_is_not_an_allowed_type_is_refused_and_nothing_stored(
    draft_version: Version, editor: User, media: Path, name: str, content: bytes, status: int
) -> None:
    with pytest.raises(Rejected) as refused:
        services.attach_file(
            version=draft_version, user=editor, upload=upload(name, content), title="Sneaky"
        )
    assert refused.value.status == status
    assert "file" in refused.value.errors
    assert not VersionFile.objects.exists()
    assert stored_files(media) == []


def test_replacing_a_published_documents_file_keeps_its_address_and_the_old_file(
    draft_version: Version, editor: User, media: Path
) -> None:
    attached = services.attach_file(
        version=draft_version, user=editor, upload=upload("a.pdf", pdf_bytes(1)), title="Plan"
    )
    publish(draft_version, editor)
    address = attached.get_absolute_url()
    services.replace_file(document_file=attached, user=editor, upload=upload("b.pdf", pdf_bytes(2)))
    attached.refresh_from_db()
    assert attached.get_absolute_url() == address
    assert attached.pages == 2
    assert [r.pages for r in attached.replaced.all()] == [1]
    assert len(stored_files(media)) == 2
    with pytest.raises(Rejected) as refused:
        services.delete_file(document_file=attached, user=editor)
    assert refused.value.status == 409


def test_removing_a_drafts_document_removes_its_files(
    draft_version: Version,
    editor: User,
    media: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    attached = services.attach_file(
        version=draft_version, user=editor, upload=upload("a.txt", b"one"), title="Notes"
    )
    services.replace_file(document_file=attached, user=editor, upload=upload("b.txt", b"two"))
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_file(document_file=attached, user=editor)
    assert not VersionFile.objects.exists()
    assert stored_files(media) == []
    assert GuidanceChange.objects.filter(action="removed “Notes” from version 1").exists()
