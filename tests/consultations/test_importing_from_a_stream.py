"""The spreadsheet is read from the open file a row at a time (never whole), CSV and XLSX
alike, with the same rows, headings and refusals as before; the pages keep the upload in the
media storage (not the database) until it is imported; imported responses have every
column a response made one at a time has."""

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations import imports
from parley.consultations.models import Response, ResponseImport
from parley.consultations.services import ConsultationRejected
from parley.guidance.models import Version
from tests.consultations.test_importing_responses import COLUMNS, GOOD, HEADERS, MAPPING


class OnlyInPieces(io.BytesIO):
    """A file that refuses to be read whole, as a 50 MB upload should never be."""

    def read(self, size: int | None = -1) -> bytes:
        if size is None or not 0 <= size <= 64 * 1024:
            raise AssertionError("read whole")
        return super().read(size)

    def readall(self) -> bytes:
        raise AssertionError("read whole")


def test_a_csv_is_read_a_line_at_a_time_with_quoted_lines_and_crlf(
    open_version: Version,
) -> None:
    text = (
        "\ufeff"
        + HEADERS.replace("\n", "\r\n")
        + 'A1,Pat Post,,Yes,,,"Shorter,\r\nplease",2,named\r\n'
        + "\r\n"  # a blank line is no row, but keeps its number
        + "A2,Sam Card,,No,,,,1,named\r\n"
    )
    table = imports.read_table(OnlyInPieces(text.encode()), "responses.csv")
    assert table.headers == HEADERS.strip().split(",")
    assert [number for number, _cells in table.rows] == [2, 4]
    assert table.rows[0][1][6] == "Shorter,\r\nplease"
    assert table.rows[1][1][1] == "Sam Card"


def test_the_first_character_that_is_not_utf8_is_named_by_its_line_from_a_stream() -> None:
    content = (HEADERS + "A1,Pat,,Yes,,,,,\n" * 3).encode() + "A4,Siân,,Yes,,,,,\n".encode("cp1252")
    with pytest.raises(ConsultationRejected) as refused:
        imports.read_table(OnlyInPieces(content), "responses.csv")
    assert "line 5" in refused.value.detail
    with pytest.raises(ConsultationRejected) as nul:
        imports.read_table(OnlyInPieces(b"Name,Q1\nPat\x00,Yes\n"), "responses.csv")
    assert "is not a CSV file" in nul.value.detail


def test_an_xlsx_is_read_from_an_open_file(open_version: Version, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in GOOD.splitlines():
        sheet.append(line.split(","))
    path = tmp_path / "responses.xlsx"
    book.save(path)
    with path.open("rb") as source:
        table = imports.read_table(source, "responses.xlsx")
    assert table.headers == HEADERS.strip().split(",")
    assert [cells[1] for _number, cells in table.rows] == ["Pat Post", "Sam Card"]


def test_imported_responses_have_every_column_a_response_has(open_version: Version) -> None:
    result = imports.import_responses(
        version=open_version,
        table=imports.read_table(io.BytesIO(GOOD.encode()), "responses.csv"),
        column_map=imports.ColumnMap.from_json(MAPPING),
        by=None,
    )
    assert result.imported == 2
    pat, sam = Response.objects.order_by("guest_name")
    for response in (pat, sam):
        assert response.status == Response.Status.SUBMITTED
        assert response.replaced_by is None
        assert response.user is None
        assert response.idempotency_key == ""
        assert response.received_at is None
        assert response.entered_by is None
        assert response.language == "en-gb"
        assert response.demographics == {}
        assert response.created_at == response.submitted_at == response.entered_at
        assert response.reference.startswith("PAR-")
        assert len(response.reference) == len("PAR-7K3Q-2M")
    assert pat.answers.get(question__number=2).choices == ["Blogs", "Video"]
    assert sam.answers.get(question__number=2).choices == []
    assert sam.answers.get(question__number=1).choice == "No"


def test_the_pages_keep_the_upload_in_the_storage_until_it_is_imported(
    open_version: Version,
    editor: User,
    signed_in: Callable[[User], Client],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    client = signed_in(editor)
    url = reverse("consultations:import_responses", args=[open_version.document.slug, 1])
    given = io.BytesIO(GOOD.encode())
    given.name = "r.csv"
    mapping_url = client.post(url, {"channel": "post", "file": given})["Location"]
    kept = ResponseImport.objects.get()
    assert bytes(kept.content) == b""  # not in the database
    name = str(kept.file.name)
    with default_storage.open(name, "rb") as stored:
        assert stored.read() == GOOD.encode()
    form = {f"column_{i}": COLUMNS[h] for i, h in enumerate(HEADERS.strip().split(","))}
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(mapping_url, {**form, "consent": "", "action": "import"})
    assert done.status_code == 302
    assert Response.objects.counted().count() == 2
    assert not default_storage.exists(name)
    kept.refresh_from_db()
    assert kept.file.name == ""


def test_an_upload_deleted_with_its_version_leaves_the_storage(
    open_version: Version, editor: User, django_capture_on_commit_callbacks: Capture
) -> None:
    kept = imports.keep_upload(
        version=open_version, by=editor, file_name="r.csv", content=GOOD.encode(), channel="post"
    )
    name = str(kept.file.name)
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        open_version.delete()
    assert not default_storage.exists(name)
