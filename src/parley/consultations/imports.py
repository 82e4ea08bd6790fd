"""Responses imported in bulk from a spreadsheet (CSV or XLSX): a survey tool's export, or a
campaign's delivered postcards typed into a sheet.

The one service of the upload page (`import_views`) and of `parley import-responses`:
`read_table` reads the file, a `ColumnMap` says which column answers which question or
gives which detail of the respondent, `check` finds every problem (row, column, problem)
and `import_responses` saves every row or none. Each row has a stable key (its id column,
or a hash of the row's cells), stored on the response, so importing the same file again
adds nothing twice. Imported responses are counted at once; nobody is e-mailed.
"""

import csv
import hashlib
import io
import itertools
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, BinaryIO, cast

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.consultations import demographics as equality
from parley.consultations import services
from parley.consultations.models import Answer, Question, Response, ResponseImport, Scale
from parley.files.names import storage_name
from parley.files.services import delete_stored
from parley.guidance.models import Version
from parley.markup import plain_name

# What a column may be mapped to, besides "question:<number>" and "demographics.<key>".
RESPONDENT_FIELDS = ("name", "email", "respondent_type", "organisation", "consent", "id")
DEMOGRAPHIC = "demographics."
IGNORE = "ignore"
BATCH = 2000
ROW_ERRORS_SHOWN = 200
PAGE_ROWS = 20_000  # checked and imported within one request; more by the command


@dataclass(frozen=True)
class Table:
    """A spreadsheet's first sheet: the headings, and each row that is not blank with its
    number as the spreadsheet shows it (the headings are row 1)."""

    name: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]


@dataclass(frozen=True)
class RowError:
    row: int  # 1 is the headings' row: a problem with the file or the mapping
    column: str
    problem: str


class ImportRejected(services.ConsultationRejected):
    """Nothing was imported; `rows` says where each problem is."""

    def __init__(self, rows: Sequence[RowError]) -> None:
        self.rows = list(rows)
        first = self.rows[0]
        super().__init__({"file": [_row_error_text(first)]}, status=422)


def _row_error_text(error: RowError) -> str:
    if error.column:
        return _("Row %(row)s, column “%(column)s”: %(problem)s") % {
            "row": error.row,
            "column": error.column,
            "problem": error.problem,
        }
    return _("Row %(row)s: %(problem)s") % {"row": error.row, "problem": error.problem}


def describe(error: RowError) -> str:
    """The problem as one line: row, column and what is wrong."""
    return _row_error_text(error)


def _refuse_file(message: str) -> services.ConsultationRejected:
    return services.ConsultationRejected({"file": [message]}, status=422)


# Reading -------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(source: BinaryIO, name: str) -> Iterator[list[str]]:
    """The first sheet's rows, read one at a time (openpyxl's read-only mode reads the
    sheet's XML as it goes)."""
    from openpyxl import load_workbook  # imported only when an XLSX is read

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _refuse_file(
            _(
                "“%(name)s” is not an XLSX spreadsheet that can be read: "
                "save it again as XLSX or CSV"
            )
            % {"name": name}
        ) from error
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_text(value) for value in row]
    finally:
        book.close()


def _lines(source: BinaryIO, name: str) -> Iterator[str]:
    """The file's lines, decoded from UTF-8 one at a time (a byte-order mark dropped), so
    that a character that is not UTF-8 is refused naming its line."""
    # readline splits at "\n" only, whatever the object (Django's File splits at "\r" too).
    for number, raw in enumerate(iter(source.readline, b""), start=1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise _refuse_file(
                _(
                    "“%(name)s” is not in UTF-8 (the first character that is not is on line "
                    "%(line)s): save it as “CSV UTF-8” and upload it again"
                )
                % {"name": name, "line": number}
            ) from None
        if "\x00" in line:
            raise _refuse_file(_("“%(name)s” is not a CSV file") % {"name": name})
        yield line


def _read_csv(source: BinaryIO, name: str) -> Iterator[list[str]]:
    """The rows, read from the file a line at a time: the upload is never held whole."""
    lines = _lines(source, name)
    first_line = next(lines, "")
    delimiter = max(",;\t", key=first_line.split("\n", 1)[0].count)
    try:
        for row in csv.reader(
            itertools.chain([first_line], lines) if first_line else lines, delimiter=delimiter
        ):
            yield [cell.strip() for cell in row]
    except csv.Error as error:
        raise _refuse_file(
            _("“%(name)s” is not a CSV file that can be read: %(problem)s")
            % {"name": name, "problem": str(error)}
        ) from None


def read_table(source: BinaryIO | bytes, name: str) -> Table:
    """The file's headings and rows (CSV in UTF-8, or the first sheet of an XLSX), read from
    `source` (an open binary file, such as an upload, or its bytes) a row at a time; a file
    that cannot be read is refused naming it (`file`)."""
    if isinstance(source, bytes | bytearray | memoryview):
        source = io.BytesIO(source)
    start = source.read(4)
    source.seek(0)
    is_xlsx = start == b"PK\x03\x04" or name.lower().endswith(".xlsx")
    rows = _read_xlsx(source, name) if is_xlsx else _read_csv(source, name)
    first = next(rows, None)
    if not first or not any(first):
        raise _refuse_file(_("“%(name)s” has no headings in its first row") % {"name": name})
    headers = list(first)
    while headers and not headers[-1]:
        headers.pop()
    for number, header in enumerate(headers, start=1):
        if not header:
            raise _refuse_file(
                _("Column %(number)s of “%(name)s” has no heading")
                % {"number": number, "name": name}
            )
    twice = [header for header, n in Counter(headers).items() if n > 1]
    if twice:
        raise _refuse_file(
            _("Two columns of “%(name)s” are headed “%(heading)s”")
            % {"name": name, "heading": twice[0]}
        )
    data = [(number, row) for number, row in enumerate(rows, start=2) if any(row)]
    if not data:
        raise _refuse_file(_("“%(name)s” has no rows under its headings") % {"name": name})
    return Table(name=name, headers=headers, rows=data)


# The mapping ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMap:
    """Which column gives what: heading → "question:<n>", a respondent field (name, email,
    respondent_type, organisation, consent, id) or "ignore"; the channel of every row; and
    the consent of a row with no consent column (or an empty cell)."""

    columns: Mapping[str, str]
    channel: str = Response.Channel.IMPORT
    consent: str = ""

    @classmethod
    def from_json(cls, data: object) -> "ColumnMap":
        """The mapping file's content (docs/consultations.md); refused naming `mapping`."""
        if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
            raise services.ConsultationRejected(
                {"mapping": [_("The mapping must be a JSON object with a “columns” object")]},
                status=422,
            )
        columns = data["columns"]
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in columns.items()):
            raise services.ConsultationRejected(
                {"mapping": [_("Each column must be mapped to a text such as “question:1”")]},
                status=422,
            )
        channel, consent = data.get("channel", Response.Channel.IMPORT), data.get("consent", "")
        if not isinstance(channel, str) or not isinstance(consent, str):
            raise services.ConsultationRejected(
                {"mapping": [_("“channel” and “consent” must be texts")]}, status=422
            )
        return cls(columns=dict(columns), channel=channel, consent=consent)

    def as_json(self) -> dict[str, object]:
        return {"channel": self.channel, "consent": self.consent, "columns": dict(self.columns)}


def targets(
    questions: Sequence[Question], demographics: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """Every target a column may be mapped to, with its label, for the mapping page:
    `demographics` are the keys of the equality questions the consultation asks."""
    labels = {
        "name": _("Respondent’s name"),
        "email": _("Respondent’s e-mail address"),
        "respondent_type": _("Individual or organisation"),
        "organisation": _("Organisation’s name"),
        "consent": _("Consent to publish"),
        "id": _("Row id (the survey tool’s own)"),
    }
    return [
        (IGNORE, _("Do not import")),
        *[(f"question:{q.number}", f"{q.number}. {q.text[:80]}") for q in questions],
        *[(name, str(labels[name])) for name in RESPONDENT_FIELDS],
        *[
            (
                DEMOGRAPHIC + d.key,
                _("Equality question: %(question)s") % {"question": d.question},
            )
            for d in equality.chosen(demographics)
        ],
    ]


def _simple(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def guess(
    table: Table, questions: Sequence[Question], demographics: Sequence[str] = ()
) -> dict[str, str]:
    """A first mapping for the page: a heading that is a question's number or text, an
    asked equality question's key or text, or a respondent field's usual name; anything
    else is not imported."""
    usual = {
        "name": "name",
        "full name": "name",
        "your name": "name",
        "email": "email",
        "e-mail": "email",
        "email address": "email",
        "e-mail address": "email",
        "organisation": "organisation",
        "organization": "organisation",
        "respondent type": "respondent_type",
        "type": "respondent_type",
        "consent": "consent",
        "id": "id",
        "response id": "id",
    }
    for q in questions:
        for key in (str(q.number), f"q{q.number}", f"question {q.number}", q.text):
            usual.setdefault(_simple(key), f"question:{q.number}")
    for d in equality.chosen(demographics):
        for key in (d.key, d.key.replace("_", " "), *_in_both_languages(d.question)):
            usual.setdefault(_simple(key), DEMOGRAPHIC + d.key)
    return {header: usual.get(_simple(header), IGNORE) for header in table.headers}


def _in_both_languages(text: object) -> list[str]:
    """A translatable text in English and in Welsh."""
    said = []
    for language in ("en", "cy"):
        with translation.override(language):
            said.append(str(text))
    return said


def check_mapping(
    table: Table,
    column_map: ColumnMap,
    questions: Sequence[Question],
    demographics: Sequence[str] = (),
) -> list[RowError]:
    """The mapping's problems, as row 1: a column missing from the file or from the
    mapping, an unknown target (an equality question the consultation does not ask among
    them), two columns for one target, no name, a required question no column answers, an
    unknown channel or default consent."""
    errors: list[RowError] = []
    numbers = {q.number for q in questions}
    for header in column_map.columns:
        if header not in table.headers:
            errors.append(RowError(1, header, _("there is no such column in the file")))
    for header in table.headers:
        if header not in column_map.columns:
            errors.append(
                RowError(
                    1,
                    header,
                    _(
                        "this column is not in the mapping: map it to a question, a detail of "
                        "the respondent, or “ignore”"
                    ),
                )
            )
    used: dict[str, str] = {}
    for header, target in column_map.columns.items():
        if target == IGNORE:
            continue
        if target.startswith("question:"):
            number = target.removeprefix("question:")
            if not number.isdigit() or int(number) not in numbers:
                errors.append(
                    RowError(1, header, _("there is no question %(number)s") % {"number": number})
                )
                continue
        elif target.startswith(DEMOGRAPHIC):
            if target.removeprefix(DEMOGRAPHIC) not in demographics:
                errors.append(
                    RowError(
                        1,
                        header,
                        _(
                            "this consultation does not ask the equality question "
                            "“%(key)s” (it asks: %(asked)s)"
                        )
                        % {
                            "key": target.removeprefix(DEMOGRAPHIC)[:50],
                            "asked": ", ".join(demographics) or _("none"),
                        },
                    )
                )
                continue
        elif target not in RESPONDENT_FIELDS:
            errors.append(
                RowError(
                    1,
                    header,
                    _(
                        "“%(target)s” is not a question (question:1), an equality question "
                        "(demographics.age) nor one of: %(fields)s"
                    )
                    % {"target": target[:50], "fields": ", ".join((*RESPONDENT_FIELDS, IGNORE))},
                )
            )
            continue
        if target in used:
            errors.append(
                RowError(
                    1,
                    header,
                    _("column “%(other)s” is already mapped to %(target)s")
                    % {"other": used[target], "target": target},
                )
            )
        used.setdefault(target, header)
    if "name" not in used:
        errors.append(RowError(1, "", _("map a column to the respondent’s name")))
    for q in questions:
        if q.required and f"question:{q.number}" not in used:
            errors.append(
                RowError(
                    1,
                    "",
                    _("question %(number)s must be answered: map a column to it")
                    % {"number": q.number},
                )
            )
    if column_map.channel not in services.STAFF_CHANNELS:
        errors.append(RowError(1, "", services.check_channel(column_map.channel)["channel"][0]))
    if column_map.consent and column_map.consent not in Response.Consent.values:
        errors.append(
            RowError(
                1,
                "",
                _("the default consent must be one of: %(values)s")
                % {"values": ", ".join(Response.Consent.values)},
            )
        )
    return errors


# Checking rows -------------------------------------------------------------------------


def _choice_lookup(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each value, and each label, simplified, to the value."""
    found: dict[str, str] = {}
    for value, label in pairs:
        found.setdefault(_simple(label), value)
        found[_simple(value)] = value
    return found


def _lookups(questions: Sequence[Question]) -> dict[int, dict[str, str]]:
    lookups: dict[int, dict[str, str]] = {}
    for q in questions:
        if q.kind == Question.Kind.SCALE:
            lookups[q.number] = _choice_lookup((v, str(label)) for v, label in Scale.choices)
        elif q.kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE}:
            lookups[q.number] = _choice_lookup(
                [*((o, o) for o in q.options), *((v, s.text) for v, s in q.options_shown)]
            )
    return lookups


def _demographic_lookups(keys: Sequence[str]) -> dict[str, dict[str, str]]:
    """For each asked equality question, its answers' values and their English and Welsh
    labels, simplified, to the value."""
    return {
        d.key: _choice_lookup(
            (value, said) for value, label in d.choices for said in _in_both_languages(label)
        )
        for d in equality.chosen(keys)
    }


def _answer(question: Question, cell: str, lookup: Mapping[str, str]) -> services.AnswerIn:
    number = question.number
    if question.kind == Question.Kind.TEXT:
        return services.AnswerIn(question=number, text=cell)
    if question.kind == Question.Kind.MULTIPLE:
        parts = [p.strip() for p in cell.replace("\n", ";").split(";") if p.strip()]
        return services.AnswerIn(
            question=number, choices=[lookup.get(_simple(p), p) for p in parts]
        )
    if question.kind == Question.Kind.CLAUSE:
        choice = cell.removeprefix("Clause ").removeprefix("clause ").strip()
        return services.AnswerIn(question=number, choice=choice)
    return services.AnswerIn(question=number, choice=lookup.get(_simple(cell), cell))


def _equality_answers(
    cells: Sequence[str],
    columns: Sequence[tuple[str, int]],
    lookups: Mapping[str, Mapping[str, str]],
    asked: Sequence[str],
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """A row's answers to the equality questions its columns give (`demographics.check`,
    as the form's), and the problems keyed `demographics.<key>`, naming the answers allowed."""
    if not columns:
        return {}, {}
    given = {
        key: lookups[key].get(_simple(cells[index]), cells[index])
        for key, index in columns
        if cells[index]
    }
    answers, errors = equality.check(asked, given)
    return answers, {
        name: [
            _("“%(value)s” is not one of the answers to “%(question)s”: %(values)s")
            % {
                "value": given[key][:100],
                "question": equality.BY_KEY[key].question,
                "values": ", ".join(equality.BY_KEY[key].values),
            }
        ]
        for name in errors
        if (key := name.removeprefix(DEMOGRAPHIC)) in given
    }


@dataclass(frozen=True)
class Row:
    """A row ready to be saved."""

    number: int
    key: str
    respondent: services.Respondent
    consent: str
    answers: list[tuple[Question, services.AnswerIn]]
    demographics: dict[str, str] = field(default_factory=dict)


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)  # the rows to import
    already: int = 0  # rows imported before (the same key): left alone
    errors: list[RowError] = field(default_factory=list)


TYPES = _choice_lookup(
    [
        *((v, str(label)) for v, label in Response.RespondentType.choices),
        ("individual", "an individual"),
        ("organisation", "organization"),
        ("organisation", "an organisation"),
    ]
)
CONSENTS = _choice_lookup(
    [
        *((v, str(label)) for v, label in Response.Consent.choices),
        ("named", "publish with my name"),
        ("anonymous", "publish without my name"),
    ]
)


def _row_key(table: Table, cells: Sequence[str], seen: Counter[str]) -> str:
    """A hash of the row's cells under their headings, and how many identical rows came
    before it in the file: the same file gives the same keys."""
    content = json.dumps(
        [[h, cells[i] if i < len(cells) else ""] for i, h in enumerate(table.headers)],
        ensure_ascii=False,
    )
    seen[content] += 1
    return hashlib.sha256(f"{content}\n{seen[content]}".encode()).hexdigest()


def check(
    version: Version,
    table: Table,
    column_map: ColumnMap,
    *,
    progress: Callable[[int], None] | None = None,
) -> Checked:
    """Every row checked like a response staff enter (`services.check_answers`,
    `services.check_respondent`), and every problem found (the mapping's first)."""
    questions, clauses = services.questions_asked(version)
    asked_demographics = list(services.settings_of(version).demographics)
    checked = Checked(errors=check_mapping(table, column_map, questions, asked_demographics))
    if checked.errors:
        return checked
    column = {header: index for index, header in enumerate(table.headers)}
    by_target = {t: h for h, t in column_map.columns.items() if t != IGNORE}
    header_of_key = {
        "respondent.name": by_target.get("name", ""),
        "respondent.email": by_target.get("email", ""),
        "respondent.type": by_target.get("respondent_type", ""),
        "respondent.organisation": by_target.get("organisation", ""),
        "consent": by_target.get("consent", ""),
        **{f"answers.{q.number}": by_target.get(f"question:{q.number}", "") for q in questions},
        **{
            target: header for target, header in by_target.items() if target.startswith(DEMOGRAPHIC)
        },
    }
    equality_columns = [
        (target.removeprefix(DEMOGRAPHIC), column[header])
        for target, header in by_target.items()
        if target.startswith(DEMOGRAPHIC)
    ]
    equality_lookups = _demographic_lookups(asked_demographics)
    asked = [
        (q, column[by_target[f"question:{q.number}"]])
        for q in questions
        if f"question:{q.number}" in by_target
    ]
    lookups = _lookups(questions)
    done = set(
        Response.objects.filter(version=version)
        .exclude(import_key="")
        .values_list("import_key", flat=True)
    )
    width = len(table.headers)
    seen: Counter[str] = Counter()
    emails: dict[str, int] = {}
    ids: dict[str, int] = {}

    def cell(cells: list[str], target: str) -> str:
        header = by_target.get(target)
        return cells[column[header]] if header is not None else ""

    for count, (number, raw) in enumerate(table.rows, start=1):
        if progress is not None and count % BATCH == 0:
            progress(BATCH)
        cells = raw + [""] * (width - len(raw))
        if any(cells[width:]):
            checked.errors.append(
                RowError(
                    number,
                    "",
                    _("this row has %(cells)s cells but there are %(columns)s columns")
                    % {"cells": len(raw), "columns": width},
                )
            )
            continue
        row_errors: list[RowError] = []
        identity = cell(cells, "id")
        if "id" in by_target:
            if not identity:
                row_errors.append(RowError(number, by_target["id"], _("the row has no id")))
            elif identity in ids:
                row_errors.append(
                    RowError(
                        number,
                        by_target["id"],
                        _("the same id is on row %(row)s") % {"row": ids[identity]},
                    )
                )
            ids.setdefault(identity, number)
        key = (
            hashlib.sha256(f"id:{identity}".encode()).hexdigest()
            if "id" in by_target
            else _row_key(table, cells, seen)
        )
        organisation = cell(cells, "organisation")
        given_type = cell(cells, "respondent_type")
        kind = (
            TYPES.get(_simple(given_type), given_type)
            if given_type
            else (
                Response.RespondentType.ORGANISATION
                if organisation
                else Response.RespondentType.INDIVIDUAL
            )
        )
        given_consent = cell(cells, "consent")
        consent = (
            CONSENTS.get(_simple(given_consent), given_consent)
            if given_consent
            else column_map.consent
        )
        email = cell(cells, "email")
        respondent = services.Respondent(
            name=cell(cells, "name"),
            email=email,
            type=kind,
            organisation=organisation,
            language="en-gb",
        )
        answers = [
            _answer(q, cells[index], lookups.get(q.number, {}))
            for q, index in asked
            if cells[index]
        ]
        answered, errors = services.check_answers(version, answers, asked=(questions, clauses))
        errors |= services.check_respondent(respondent, consent)
        equality_answers, equality_errors = _equality_answers(
            cells, equality_columns, equality_lookups, asked_demographics
        )
        errors |= equality_errors
        for error_key, problems in errors.items():
            row_errors.append(RowError(number, header_of_key.get(error_key, ""), problems[0]))
        if email and not row_errors:
            earlier = emails.setdefault(email.casefold(), number)
            if earlier != number:
                row_errors.append(
                    RowError(
                        number,
                        by_target["email"],
                        _("the same e-mail address is on row %(row)s: one response a person")
                        % {"row": earlier},
                    )
                )
        if row_errors:
            checked.errors.extend(row_errors)
        elif key in done:
            checked.already += 1
        else:
            checked.rows.append(
                Row(
                    number=number,
                    key=key,
                    respondent=respondent,
                    consent=consent,
                    answers=answered,
                    demographics=equality_answers,
                )
            )
    return checked


# Saving --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    imported: int
    already: int  # rows left alone: imported before
    dry_run: bool


def _references(count: int) -> list[str]:
    """`count` new response references, none already taken."""
    chosen: set[str] = set()
    while len(chosen) < count:
        wanted = set(services.new_references(count - len(chosen))) - chosen
        taken = set(
            Response.objects.filter(reference__in=wanted).values_list("reference", flat=True)
        )
        chosen |= wanted - taken
    return list(chosen)


def import_responses(
    *,
    version: Version,
    table: Table,
    column_map: ColumnMap,
    by: User | None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Imported:
    """Import every row of `table` as a counted response (channel from the mapping,
    `entered_by` `by`), or nothing: ImportRejected lists every bad row (row, column,
    problem). Rows imported before are left alone; a row with the e-mail address of an
    earlier counted response replaces it, as a later online response would. `progress` is
    told of every BATCH rows checked and saved."""
    services.require_receiving(version)
    checked = check(version, table, column_map, progress=progress)
    if checked.errors:
        raise ImportRejected(checked.errors)
    if dry_run:
        return Imported(imported=len(checked.rows), already=checked.already, dry_run=True)
    try:
        with transaction.atomic():
            _save(version, checked.rows, column_map.channel, by, progress)
    except IntegrityError:
        # the same rows imported at the same moment by someone else, or an earlier
        # response from one of these addresses counted meanwhile: nothing was saved
        raise services.ConsultationRejected(
            {
                "file": [
                    _(
                        "Responses were added while these were imported: nothing was "
                        "imported, try again"
                    )
                ]
            },
            status=409,
        ) from None
    return Imported(imported=len(checked.rows), already=checked.already, dry_run=False)


def _insert(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert rows without building model instances: `COPY` on PostgreSQL, else one
    prepared statement run for every row. bulk_create spent most of an import's time
    building thousands of instances and their SQL, and one INSERT a row kept PostgreSQL
    busy with as many statements; either kept an import under the 2,000 responses a second
    it must reach (docs/performance.md). The values must be ready for the database
    (`Field.get_db_prep_save`, JSON as its text)."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Names from the model, quoted; the values go as COPY's data, never as SQL.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("%s" for _column in columns)
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608  # names from the model, values as parameters
        cursor.executemany(sql, list(rows))


def _json(value: object) -> str:
    if not value:  # most answers have no choices, most rows no equality answers
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value, ensure_ascii=False)


# A row's own values; every other column of a response is the same for the whole import.
ROW_FIELDS = (
    "reference",
    "respondent_type",
    "organisation_name",
    "consent",
    "guest_name",
    "guest_email",
    "language",
    "status",
    "demographics",
    "import_key",
)


def _response_columns(
    version: Version, channel: str, by: User | None, now: datetime
) -> tuple[list[str], list[object]]:
    """Every column of a response but its id, and the value of those every row shares, as
    the database takes it (a row's own values, `ROW_FIELDS`, come first and are None here):
    read from one model instance, so a field added later cannot be left out."""
    template = Response(
        version=version,
        channel=channel,
        created_at=now,
        submitted_at=now,
        entered_by=by,
        entered_at=now,
    )
    fields = [f for f in Response._meta.concrete_fields if not f.primary_key]
    by_name = {f.name: f for f in fields}
    ordered = [by_name[name] for name in ROW_FIELDS] + [
        f for f in fields if f.name not in ROW_FIELDS
    ]
    return [str(f.column) for f in ordered], [
        None
        if f.name in ROW_FIELDS
        else f.get_db_prep_save(f.pre_save(template, add=True), connection)
        for f in ordered
    ]


def _save(
    version: Version,
    rows: Sequence[Row],
    channel: str,
    by: User | None,
    progress: Callable[[int], None] | None,
) -> None:
    now = timezone.now()
    emails = {row.respondent.email.strip().casefold() for row in rows if row.respondent.email}
    earlier = {
        email.casefold(): pk
        for pk, email in Response.objects.counted()
        .filter(version=version, user=None)
        .exclude(guest_email="")
        .values_list("pk", "guest_email")
        if email.casefold() in emails
    }
    columns, shared = _response_columns(version, channel, by, now)
    shared_values = shared[len(ROW_FIELDS) :]
    column_of = {f.name: str(f.column) for f in Answer._meta.concrete_fields}
    answer_columns = [
        column_of[name] for name in ("response", "question", "choice", "choices", "text")
    ]
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        references = _references(len(batch))
        replacing: list[tuple[str, int]] = []  # (reference, the response it replaces)
        values = []
        for reference, row in zip(references, batch, strict=True):
            respondent = row.respondent
            email = respondent.email.strip()
            replaces = earlier.get(email.casefold()) if email else None
            if replaces is not None:
                replacing.append((reference, replaces))
            values.append(
                [
                    reference,
                    respondent.type,
                    plain_name(respondent.organisation)
                    if respondent.type == Response.RespondentType.ORGANISATION
                    else "",
                    row.consent,
                    plain_name(respondent.name),
                    email,
                    respondent.language,
                    # one replacing an earlier response is counted once that one is replaced
                    Response.Status.DRAFT if replaces is not None else Response.Status.SUBMITTED,
                    _json(row.demographics),
                    row.key,
                    *shared_values,
                ]
            )
        _insert(Response, columns, values)
        made = dict(
            Response.objects.filter(version=version, reference__in=references).values_list(
                "reference", "pk"
            )
        )
        _insert(
            Answer,
            answer_columns,
            (
                (
                    made[reference],
                    question.pk,
                    answer.choice,
                    _json(list(answer.choices)),
                    answer.text,
                )
                for reference, row in zip(references, batch, strict=True)
                for question, answer in row.answers
            ),
        )
        for reference, replaces in replacing:
            Response.objects.filter(pk=replaces).update(replaced_by=made[reference])
        if replacing:
            Response.objects.filter(pk__in=[made[r] for r, _pk in replacing]).update(
                status=Response.Status.SUBMITTED
            )
        if progress is not None:
            progress(len(batch))


# The upload page's file, kept between its pages -----------------------------------------


def keep_upload(
    *, version: Version, by: User, file_name: str, content: BinaryIO | bytes, channel: str
) -> ResponseImport:
    """Keep an uploaded spreadsheet for the mapping page, once it reads as a table (else
    refused naming `file`) and the channel is one staff enter: `content` (the upload, read
    a row at a time and copied to the media storage a piece at a time) is kept in the
    storage, never in memory whole nor in the database."""
    services.require_receiving(version)
    if errors := services.check_channel(channel):
        raise services.ConsultationRejected(errors, status=422)
    source = io.BytesIO(content) if isinstance(content, bytes) else content
    if len(read_table(source, file_name).rows) > PAGE_ROWS:
        raise services.ConsultationRejected(
            {
                "file": [
                    _(
                        "This file has more than %(limit)s rows: import it with the "
                        "import-responses command (docs/consultations.md)"
                    )
                    % {"limit": f"{PAGE_ROWS:,}"}
                ]
            },
            status=422,
        )
    source.seek(0)
    with transaction.atomic():
        kept = ResponseImport.objects.create(
            version=version,
            uploaded_by=by,
            file_name=plain_name(file_name)[:200] or "upload",
            channel=channel,
        )
        # Its bytes leave the storage with the row, or once imported (`import_upload`).
        kept.file.name = default_storage.save(
            storage_name(f"response-imports/{version.pk}", "bin"), File(source)
        )
        kept.save(update_fields=["file"])
        return kept


def table_of(upload: ResponseImport) -> Table:
    """The kept spreadsheet's table, read from the storage a row at a time (an upload kept
    before the storage held them is in `content`)."""
    if not upload.file.name:
        return read_table(bytes(upload.content), upload.file_name)
    with default_storage.open(str(upload.file.name), "rb") as stored:
        return read_table(cast("BinaryIO", stored), upload.file_name)


def import_upload(
    *, upload: ResponseImport, column_map: ColumnMap, by: User, dry_run: bool
) -> Imported:
    """Check (`dry_run`) or import a kept upload with `column_map`, remembered for the
    page; once imported its file is deleted (the responses now hold it)."""
    with transaction.atomic():
        upload = ResponseImport.objects.select_for_update().get(pk=upload.pk)
        if upload.imported_at is not None:
            raise services.ConsultationRejected(
                {"file": [_("This file was imported already")]}, status=409
            )
        upload.mapping = column_map.as_json()
        upload.save(update_fields=["mapping"])
        result = import_responses(
            version=upload.version,
            table=table_of(upload),
            column_map=column_map,
            by=by,
            dry_run=dry_run,
        )
        if not dry_run:
            if upload.file.name:
                delete_stored(str(upload.file.name))  # once this commits
            upload.imported_at, upload.imported, upload.content = (
                timezone.now(),
                result.imported,
                b"",
            )
            upload.file.name = ""
            upload.save(update_fields=["imported_at", "imported", "content", "file"])
        return result


def forget_upload(sender: type[ResponseImport], instance: ResponseImport, **kwargs: Any) -> None:
    """A deleted upload's file leaves the storage once the deletion commits."""
    if instance.file.name:
        delete_stored(str(instance.file.name))
