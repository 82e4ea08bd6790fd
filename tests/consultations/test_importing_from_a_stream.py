"""The spreadsheet is read from the open file a row at a time (never whole), CSV and XLSX
alike, with the same rows, headings and refusals as before; imported responses have every
column a response made one at a time has."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from parley.consultations import imports
from parley.consultations.models import Response
from parley.consultations.services import ConsultationRejected
from parley.guidance.models import Version
from tests.consultations.test_importing_responses import GOOD, HEADERS, MAPPING


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
