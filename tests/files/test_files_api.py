"""POST and GET /api/v1/documents/{slug}/versions/{n}/files: editors attach, as multipart;
a file of the wrong type is 415, one too large 413, in the API's error format."""

from collections.abc import Callable

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.files import uploads
from parley.files.models import VersionFile
from parley.guidance.models import Version
from tests.builders import bearer, pdf_bytes, upload


def _files(version: Version) -> str:
    return f"/api/v1/documents/{version.document.slug}/versions/{version.number}/files"


def test_an_editor_attaches_a_pdf_and_it_is_listed(
    client: Client, draft_version: Version, editor: User, token_for: Callable[[User], str]
) -> None:
    token = token_for(editor)
    answer = client.post(
        _files(draft_version),
        {
            "file": upload("ia.pdf", pdf_bytes(2)),
            "title": "Impact assessment",
            "title_cy": "Asesiad effaith",
            "accessible_alternative": "true",
        },
        headers=bearer(token),
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    attached = VersionFile.objects.get()
    assert body == {
        "id": attached.pk,
        "title": "Impact assessment",
        "url": f"http://testserver{attached.get_absolute_url()}",
        "size": attached.size,
        "content_type": "application/pdf",
        "pages": 2,
    }
    assert attached.accessible_alternative
    listed = client.get(_files(draft_version), headers=bearer(token))
    assert listed.json() == {"items": [body]}


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [("ia.pdf", b"<html><body>not a pdf</body></html>", 415), ("a.txt", b"x" * 3000, 413)],
)
def test_a_refused_file_answers_in_the_apis_error_format_and_stores_nothing(
    client: Client,
    draft_version: Version,
    editor: User,
    token_for: Callable[[User], str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: bytes,
    status: int,
) -> None:
    monkeypatch.setattr(uploads, "MAX_SIZE", 2000)
    answer = client.post(
        _files(draft_version),
        {"title": "Sneaky", "file": upload(name, content)},
        headers=bearer(token_for(editor)),
    )
    assert answer.status_code == status
    body = answer.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"]["file"] == [body["detail"]]
    assert not VersionFile.objects.exists()


def test_someone_who_does_not_edit_the_document_may_not_attach_files(
    client: Client, draft_version: Version, other_editor: User, token_for: Callable[[User], str]
) -> None:
    draft_version.status = Version.Status.PUBLISHED
    draft_version.save(update_fields=["status"])
    answer = client.post(
        _files(draft_version),
        {"title": "Mine", "file": upload("a.txt", b"text")},
        headers=bearer(token_for(other_editor)),
    )
    assert answer.status_code == 403
    assert not VersionFile.objects.exists()
