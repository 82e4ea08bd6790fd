"""The insights exports keep a guest's formula as text: CSV and XLSX alike."""

import csv
import io
from typing import TYPE_CHECKING

from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from parley.accounts.models import User
from parley.discussions.models import Comment
from tests.insights.conftest import Corpus, publish_response
from tests.security.test_spreadsheet_formulas import ATTACKS

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


def body(response: "_MonkeyPatchedWSGIResponse") -> bytes:
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content)
    return response.content


def test_the_insights_csv_keeps_a_guests_formula_as_text(
    analysed: Corpus, editor: User, client: Client
) -> None:
    publish_response(analysed.version, editor)
    Comment.objects.filter(pk=analysed.privacy[0].pk).update(
        author_name=ATTACKS[0], body_markdown=ATTACKS[1]
    )
    version = analysed.version
    response = client.get(
        reverse("insights:export", args=[version.document.slug, version.number, "csv"])
    )

    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    (row,) = [r for r in rows if int(r["id"]) == analysed.privacy[0].pk]
    assert (row["author"], row["text"]) == ("'" + ATTACKS[0], "'" + ATTACKS[1])
    assert not any(value.startswith(("=", "+", "-", "@")) for r in rows for value in r.values())


def test_the_insights_xlsx_keeps_the_same_cells_as_text(
    analysed: Corpus, editor: User, client: Client
) -> None:
    publish_response(analysed.version, editor)
    Comment.objects.filter(pk=analysed.privacy[0].pk).update(
        author_name=ATTACKS[4], body_markdown=ATTACKS[5]
    )
    version = analysed.version
    response = client.get(
        reverse("insights:export", args=[version.document.slug, version.number, "xlsx"])
    )

    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
    cells = {v for row in sheet.iter_rows(values_only=True) for v in row}
    # XML turns the carriage return into a line feed; what matters is the apostrophe.
    assert {"'\t=1+1", "'\n=1+1"} <= {str(c).replace("\r", "\n") for c in cells}
