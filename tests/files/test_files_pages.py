"""Editors attach documents on a page reached from the version page, without JavaScript;
readers see them on the version page and download them as attachments, never as pages."""

from pathlib import Path

import pytest
from django.db import connection
from django.http import FileResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from parley.accounts.models import User
from parley.files import services, uploads
from parley.files.models import VersionFile
from parley.guidance.models import Version
from parley.organisations.models import Organisation
from tests import html
from tests.builders import make_user, pdf_bytes, publish, upload
from tests.files.conftest import stored_files

ATTACHMENT_METADATA = "govuk-body-s govuk-!-margin-bottom-1 parley-attachment__metadata"


def _read(answer: HttpResponseBase) -> bytes:
    """A file download's bytes; reading them to the end closes the file (the test client
    closes a streaming response once its content is read)."""
    assert isinstance(answer, FileResponse)
    return b"".join(answer.streaming_content)  # type: ignore[arg-type]


def _manage(version: Version) -> str:
    return f"/guidance/{version.document.slug}/versions/{version.number}/files/"


def test_an_editor_attaches_a_pdf_and_readers_see_it_on_the_version_page(
    client: Client, draft_version: Version, editor: User, organisation: Organisation
) -> None:
    organisation.contact_email = "access@testing.example"
    organisation.save()
    client.force_login(editor)
    version_page = client.get(draft_version.get_absolute_url()).content.decode()
    link = html.find(version_page, "a", href=_manage(draft_version))
    assert html.text(link) == "Attach or change documents"

    answer = client.post(
        _manage(draft_version),
        {"title": "Impact assessment", "title_cy": "", "file": upload("ia.pdf", pdf_bytes(3))},
    )
    assert answer.status_code == 302
    attached = VersionFile.objects.get()
    publish(draft_version, editor)
    client.logout()

    page = client.get(draft_version.document.get_absolute_url()).content.decode()
    assert html.text(html.find(page, "a", href=attached.get_absolute_url())) == (
        "Impact assessment"
    )
    details = html.text(html.find(page, "p", **{"class": ATTACHMENT_METADATA}))
    assert details.startswith("PDF, ")
    assert details.endswith(", 3 pages")
    ask = html.find(page, "a", href="mailto:access@testing.example?subject=Impact%20assessment")
    assert html.text(ask) == "access@testing.example"


def test_a_refused_file_is_shown_beside_the_field_with_the_title_kept(
    client: Client, draft_version: Version, editor: User
) -> None:
    client.force_login(editor)
    answer = client.post(
        _manage(draft_version),
        {"title": "Impact assessment", "file": upload("ia.pdf", b"<html>not a pdf</html>")},
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    error = html.find(page, "p", id="id_file-error")
    assert "The file is not a real PDF file" in html.text(error)
    assert html.attribute(html.find(page, "input", name="title"), "value") == "Impact assessment"
    assert html.attribute(html.find(page, "input", type="file"), "class") == (
        "govuk-file-upload govuk-file-upload--error"
    )


def test_an_oversized_upload_is_refused_while_it_streams_and_nothing_is_stored(
    client: Client,
    draft_version: Version,
    editor: User,
    media: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
) -> None:
    monkeypatch.setattr(uploads, "MAX_SIZE", 200_000)  # 50 MB in the site; less to send here
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64_000  # past this Django spools to a temporary file
    client.force_login(editor)
    answer = client.post(
        _manage(draft_version),
        {"title": "Everything", "file": upload("all.txt", b"x" * 300_000)},
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "The file must be smaller than 50 MB" in html.text(
        html.find(page, "p", id="id_file-error")
    )
    assert html.attribute(html.find(page, "input", name="title"), "value") == "Everything"
    assert not VersionFile.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("other_member", 403), ("other_editor", 403), ("staff", 200)],
)
def test_only_the_documents_editors_and_staff_may_attach_files(
    client: Client, draft_version: Version, request: pytest.FixtureRequest, who: str, status: int
) -> None:
    draft_version.status = Version.Status.PUBLISHED  # a public version: no one gets a 404
    draft_version.save(update_fields=["status"])
    if who == "staff":
        client.force_login(make_user("staff@example.org", "Stan Staff", is_staff=True))
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(_manage(draft_version)).status_code == status
    answer = client.post(_manage(draft_version), {"title": "T", "file": upload("a.txt", b"text")})
    assert answer.status_code == (302 if who in {"anonymous", "staff"} else status)
    assert VersionFile.objects.exists() == (who == "staff")


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("other_member", 404), ("other_editor", 404), ("editor", 200)],
)
def test_a_drafts_files_are_downloaded_only_by_those_who_may_read_the_draft(
    client: Client,
    draft_version: Version,
    editor: User,
    request: pytest.FixtureRequest,
    who: str,
    status: int,
) -> None:
    attached = services.attach_file(
        version=draft_version, user=editor, upload=upload("a.txt", b"secret"), title="Draft"
    )
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    answer = client.get(attached.get_absolute_url())
    assert answer.status_code == status
    if status == 200:
        assert _read(answer) == b"secret"
    listed = client.get(f"/api/v1/documents/{draft_version.document.slug}/versions/1/files")
    assert listed.status_code == status


def test_a_download_is_an_attachment_with_a_safe_name_no_sniffing_and_a_sandbox(
    client: Client, draft_version: Version, editor: User
) -> None:
    attached = services.attach_file(
        version=draft_version,
        user=editor,
        upload=upload("../../<script>.txt", b"<script>alert(1)</script>"),
        title='Notes "from" <the> meeting/../',
    )
    publish(draft_version, editor)
    answer = client.get(attached.get_absolute_url())
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="notes-from-the-meeting.txt"'
    assert answer["Content-Type"] == "text/plain; charset=utf-8"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert _read(answer) == b"<script>alert(1)</script>"
    old_name = attached.get_absolute_url().replace("notes-from-the-meeting", "old-name")
    assert client.get(old_name)["Location"] == attached.get_absolute_url()


def test_the_version_page_reads_its_documents_in_queries_that_do_not_grow_with_them(
    client: Client, draft_version: Version, editor: User
) -> None:
    def attach(title: str) -> None:
        services.attach_file(
            version=draft_version, user=editor, upload=upload("a.txt", b"text"), title=title
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(draft_version.document.get_absolute_url()).status_code == 200
        return len(captured)

    attach("One")
    publish(draft_version, editor)
    one = queries()
    attach("Two")
    attach("Three")
    assert queries() == one
