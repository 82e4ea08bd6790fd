"""A version's counted responses, exported for its organisation's analysts.

One row per response, one column per question, in three formats (CSV and JSON Lines
streamed, XLSX written to a temporary file), and the same responses in the shape i.AI
Consult imports (`consult_document`, streamed by `consult_json_chunks`). Rows are read in
chunks of `CHUNK` responses, each with its answers in one more query, so memory and
queries do not grow with the rows (one more query per `CHUNK` responses). Every
spreadsheet cell goes through `parley.spreadsheets`, so a name or answer that starts like a
formula stays text.

Respondents' e-mail addresses are left out unless `contact` is asked for, which only
`record_contact_export` may allow: it logs who asked, when, for which version and why.
Parley stores no IP address with a response, so no export has one.
"""

import contextlib
import io
import itertools
import json
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from parley import spreadsheets
from parley.accounts.models import User
from parley.consultations.models import (
    Answer,
    Consultation,
    ContactExport,
    Question,
    Response,
    Scale,
)
from parley.files import queries as files_queries
from parley.files.models import ResponseFile
from parley.guidance.models import Version
from parley.validation import Rejected

CHUNK = 2000
XLSX_PIECE = 64 * 1024
FORMATS = ("csv", "xlsx", "jsonl")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/jsonl; charset=utf-8",
    "consult.json": "application/json",
}
REASON_LIMIT = 500
MULTIPLE_JOINER = "; "
FIXED_COLUMNS = (
    "reference",
    "submitted_at",
    "respondent_type",
    "organisation",
    "respondent_name",
    "consent",
    "channel",
)
DEMOGRAPHIC_PREFIX = "demographic: "
# After the questions and demographics, so that the columns before keep their places.
LAST_COLUMNS = ("received_at", "files", "files_text")
# A file's mark when its text is not there, in English as every value of an export.
FILE_MARKS: dict[str, str] = {
    ResponseFile.Text.NONE: "no text found",
    ResponseFile.Text.FAILED: "text could not be read",
    ResponseFile.Text.PENDING: "text not read yet",
}
# The Consult shape has no field for files (each of its models forbids any other), so the
# files come as one more question after the last: free text (the text read from a response's
# files) with choices (what was found in them), a question both written and chosen as Consult
# allows. Only when some counted response has a file, so a consultation without files gives
# the same document as before.
CONSULT_FILES_QUESTION = "Files attached to the response: the text read from them"
CONSULT_FILE_OPTIONS: dict[str, str] = {
    ResponseFile.Text.FOUND: "Text found",
    ResponseFile.Text.NONE: "No text found",
    ResponseFile.Text.FAILED: "Text could not be read",
    ResponseFile.Text.PENDING: "Text not read yet",
}
XLSX_CELL_LIMIT = 32_767  # the most characters Excel keeps in a cell
XLSX_CUT = " [cut: the full text is in the CSV and JSON Lines exports]"


def _scale_labels() -> dict[str, str]:
    # In English whatever the analyst's language: a data file's values stay the same for all.
    with translation.override("en"):
        return {value: str(label) for value, label in Scale.choices}


@dataclass(frozen=True, slots=True)
class Given:
    """One answer as stored."""

    choice: str
    choices: list[str]
    text: str

    @property
    def is_empty(self) -> bool:
        return not (self.choice or self.choices or self.text.strip())


@dataclass(frozen=True, slots=True)
class Row:
    """One counted response as the exports read it: plain values, no model instances
    (making 60,000 of those was most of an export's time)."""

    reference: str
    submitted_at: datetime | None
    respondent_type: str
    organisation: str
    name: str
    email: str
    consent: str
    channel: str
    demographics: dict[str, Any]
    answers: dict[int, Given]  # by question id
    received_at: datetime | None
    files: list[tuple[str, str, bool]]  # each attached file's name, text status and
    # whether it has no text (`ResponseFile.no_text`), oldest first
    files_text: str  # the text read from them, joined (`files.queries.texts_of_responses`)

    @property
    def files_shown(self) -> str:
        """Each file's name, with its mark when its text is not there: one a line."""
        return "\n".join(
            f"{name} ({FILE_MARKS[status]})" if status in FILE_MARKS else name
            for name, status, _no_text in self.files
        )


RESPONSE_FIELDS = (
    "pk",
    "reference",
    "submitted_at",
    "respondent_type",
    "organisation_name",
    "consent",
    "channel",
    "guest_name",
    "guest_email",
    "demographics",
    "user_id",
    "user__display_name",
    "user__email",
    "received_at",
)


def rows_of(version: Version) -> Iterator[Row]:
    """The version's counted responses, oldest first, each with its answers and attached
    files: read `CHUNK` responses at a time, and the answers, the files and their text of
    each chunk in three more queries."""
    responses = (
        Response.objects.counted()
        .filter(version=version)
        .order_by("submitted_at", "pk")
        .values_list(*RESPONSE_FIELDS)
    )
    for chunk in itertools.batched(responses.iterator(chunk_size=CHUNK), CHUNK):
        answers: dict[int, dict[int, Given]] = defaultdict(dict)
        stored = Answer.objects.filter(response_id__in=[row[0] for row in chunk]).values_list(
            "response_id", "question_id", "choice", "choices", "text"
        )
        for response_id, question_id, choice, choices, text in stored:
            answers[response_id][question_id] = Given(choice, list(choices or []), text)
        ids = [row[0] for row in chunk]
        attached = files_queries.files_of_responses(ids)
        texts = files_queries.texts_of_responses(ids)
        for (
            pk,
            reference,
            submitted_at,
            respondent_type,
            organisation,
            consent,
            channel,
            guest_name,
            guest_email,
            demographics,
            user_id,
            user_name,
            user_email,
            received_at,
        ) in chunk:
            yield Row(
                reference=reference,
                submitted_at=submitted_at,
                respondent_type=respondent_type,
                organisation=organisation,
                name=user_name if user_id else guest_name,
                email=user_email if user_id else guest_email,
                consent=consent,
                channel=channel,
                demographics=demographics if isinstance(demographics, dict) else {},
                answers=answers.get(pk, {}),
                received_at=received_at,
                files=[(f.original_name, f.text_status, f.no_text) for f in attached.get(pk, [])],
                files_text=texts.get(pk, ""),
            )


def demographic_keys(version: Version) -> list[str]:
    """The demographic keys some counted response answered: the editor's chosen order
    first, then any other in alphabetical order. Empty when none answered any."""
    present: set[str] = set()
    rows = Response.objects.counted().filter(version=version).values_list("demographics", flat=True)
    for answers in rows.iterator(chunk_size=CHUNK):
        if isinstance(answers, dict):
            present.update(
                str(key) for key, value in answers.items() if value not in ("", None, [])
            )
    chosen = Consultation.objects.filter(version=version).values_list("demographics", flat=True)
    order = [str(key) for key in (chosen.first() or []) if str(key) in present]
    return order + sorted(present - set(order))


def _demographic(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return MULTIPLE_JOINER.join(str(item) for item in value)
    return str(value)


@dataclass(frozen=True)
class Table:
    """The columns of an export: the fixed ones, the questions, the demographic keys."""

    questions: list[Question]
    demographics: list[str]
    contact: bool

    @classmethod
    def of(cls, version: Version, *, contact: bool = False) -> "Table":
        return cls(
            questions=list(version.questions.order_by("number")),
            demographics=demographic_keys(version),
            contact=contact,
        )

    @property
    def header(self) -> list[str]:
        return [
            *FIXED_COLUMNS,
            *(["email"] if self.contact else []),
            *(f"Q{q.number}. {q.text}" for q in self.questions),
            *(DEMOGRAPHIC_PREFIX + key for key in self.demographics),
            *LAST_COLUMNS,
        ]

    def _fixed(self, row: Row) -> list[Any]:
        return [
            row.reference,
            row.submitted_at.isoformat() if row.submitted_at else "",
            row.respondent_type,
            row.organisation,
            row.name,
            row.consent,
            row.channel,
            *([row.email] if self.contact else []),
        ]

    def rows(self, version: Version) -> Iterator[list[Any]]:
        """One list of cells per response, in the header's order (not yet made safe)."""
        scale = _scale_labels()
        for row in rows_of(version):
            cells = self._fixed(row)
            for question in self.questions:
                answer = row.answers.get(question.pk)
                cells.append(_shown(question, answer, scale) if answer else "")
            cells.extend(_demographic(row.demographics.get(key)) for key in self.demographics)
            cells.extend(
                [
                    row.received_at.isoformat() if row.received_at else "",
                    row.files_shown,
                    row.files_text,
                ]
            )
            yield cells

    def records(self, version: Version) -> Iterator[dict[str, Any]]:
        """One JSON object per response: answers by question number, as stored."""
        for row in rows_of(version):
            fixed = dict(zip(self.header, self._fixed(row), strict=False))
            answers: dict[str, Any] = {}
            for question in self.questions:
                answer = row.answers.get(question.pk)
                answers[str(question.number)] = _raw(question, answer) if answer else None
            yield fixed | {
                "answers": answers,
                "demographics": {key: row.demographics.get(key) for key in self.demographics},
                "received_at": row.received_at.isoformat() if row.received_at else None,
                "files": [
                    {"name": name, "text_status": status, "no_text": no_text}
                    for name, status, no_text in row.files
                ],
                "files_text": row.files_text,
            }


def _shown(question: Question, answer: Given, scale: dict[str, str]) -> str:
    """A spreadsheet cell: several choices joined with "; ", the scale's English label, a
    clause's number, or the text."""
    if question.kind == Question.Kind.MULTIPLE:
        return MULTIPLE_JOINER.join(str(choice) for choice in answer.choices)
    if question.kind == Question.Kind.SCALE:
        return scale.get(answer.choice, answer.choice)
    if question.kind == Question.Kind.TEXT:
        return answer.text
    return answer.choice


def _raw(question: Question, answer: Given) -> Any:
    """A JSON value: a list for several choices, else the stored value (the scale's key)."""
    if question.kind == Question.Kind.MULTIPLE:
        return list(answer.choices)
    if question.kind == Question.Kind.TEXT:
        return answer.text
    return answer.choice


# The three formats ----------------------------------------------------------------------


class _Line:
    """What csv.writer writes to: hands back each line instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def csv_lines(version: Version, table: Table) -> Iterator[str]:
    writer = spreadsheets.writer(_Line())
    yield writer.writerow(table.header)
    for row in table.rows(version):
        yield writer.writerow(row)


def jsonl_lines(version: Version, table: Table) -> Iterator[str]:
    for record in table.records(version):
        yield json.dumps(record, ensure_ascii=False) + "\n"


def _xlsx_cell(value: Any) -> Any:
    safe = spreadsheets.cell(value)
    if not isinstance(safe, str):
        return safe
    # openpyxl refuses control characters (a 500 otherwise): drop them.
    safe = ILLEGAL_CHARACTERS_RE.sub("", safe)
    if len(safe) > XLSX_CELL_LIMIT:  # a long letter's text: Excel would refuse the file
        return safe[: XLSX_CELL_LIMIT - len(XLSX_CUT)] + XLSX_CUT
    return safe


def xlsx_chunks(version: Version, table: Table) -> Iterator[bytes]:
    """The workbook, read back in pieces from a temporary file (a write-only workbook keeps
    its rows on disk, not in memory), which is closed and gone once the last piece is read
    or the download stops."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Responses")
    sheet.append([_xlsx_cell(value) for value in table.header])
    for row in table.rows(version):
        sheet.append([_xlsx_cell(value) for value in row])
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while piece := out.read(XLSX_PIECE):
            yield piece


def filename(version: Version, fmt: str) -> str:
    return f"{version.document.slug}-v{version.number}-responses.{fmt}"


# Asking for contact details ------------------------------------------------------------


class ContactRejected(Rejected):
    """The contact details were not exported and nothing was logged."""


@transaction.atomic
def record_contact_export(
    *, version: Version, user: User, fmt: str, reason: str, confirmed: bool
) -> ContactExport:
    """Log that `user` exports `version`'s responses with e-mail addresses, or refuse
    (naming `confirm`, `reason` or `format`) before logging anything."""
    # One line of printable text: no NUL (which PostgreSQL refuses) or other control character.
    reason = " ".join("".join(c for c in reason if c.isprintable() or c.isspace()).split())
    errors: dict[str, list[str]] = {}
    if not confirmed:
        errors["confirm"] = [_("Confirm that you need respondents’ e-mail addresses")]
    if not reason:
        errors["reason"] = [_("Say why you need respondents’ e-mail addresses")]
    elif len(reason) > REASON_LIMIT:
        errors["reason"] = [
            _("The reason must be %(limit)s characters or fewer") % {"limit": REASON_LIMIT}
        ]
    if fmt not in FORMATS:
        errors["format"] = [_("Choose CSV, XLSX or JSON Lines")]
    if errors:
        raise ContactRejected(errors, status=422)
    return ContactExport.objects.create(version=version, user=user, format=fmt, reason=reason)


def contact_exports(version: Version) -> list[ContactExport]:
    return list(ContactExport.objects.filter(version=version).select_related("user")[:200])


# i.AI Consult ---------------------------------------------------------------------------


def consult_document(version: Version) -> dict[str, Any]:
    """The responses as i.AI Consult's import reads them (its `ConsultationDataBatch`):
    respondents numbered 1, 2, 3 … in the exports' order, each question with its options,
    and per question the free text answers and the chosen options; then, when any response
    has files, one more question with their text and what was found in them
    (`CONSULT_FILES_QUESTION`). docs/consultations.md maps every field."""
    questions = list(version.questions.order_by("number"))
    clause_numbers = list(version.clauses.order_by("position").values_list("number", flat=True))
    scale = _scale_labels()
    files_key = str(_consult_files_number(questions))
    respondents: list[dict[str, Any]] = []
    texts: dict[str, list[dict[str, Any]]] = {}
    chosen: dict[str, list[dict[str, Any]]] = {}
    with_files = False
    for themefinder_id, row in enumerate(rows_of(version), start=1):
        respondents.append(
            {
                "themefinder_id": themefinder_id,
                "demographic_data": _consult_demographics(row.demographics),
            }
        )
        for question in questions:
            answer = row.answers.get(question.pk)
            if answer is None or answer.is_empty:
                continue
            key = str(question.number)
            if question.kind == Question.Kind.TEXT:
                texts.setdefault(key, []).append(
                    {"themefinder_id": themefinder_id, "text": answer.text}
                )
            else:
                options = _consult_options(question, answer, scale)
                chosen.setdefault(key, []).append(
                    {"themefinder_id": themefinder_id, "options": options}
                )
        text_entry, options_entry = _consult_files(themefinder_id, row)
        with_files = with_files or options_entry is not None
        if text_entry is not None:
            texts.setdefault(files_key, []).append(text_entry)
        if options_entry is not None:
            chosen.setdefault(files_key, []).append(options_entry)
    return {
        "consultation_code": f"{version.document.slug}-v{version.number}",
        "consultation_title": f"{version.document.title} (version {version.number})",
        "respondents": respondents,
        "questions": [
            *(_consult_question(question, clause_numbers, scale) for question in questions),
            *([_consult_files_question(questions)] if with_files else []),
        ],
        "responses_by_question": texts,
        "multi_choice_by_question": chosen,
    }


def _consult_question(
    question: Question, clause_numbers: Sequence[str], scale: dict[str, str]
) -> dict[str, Any]:
    return {
        "question_text": question.text,
        "question_number": question.number,
        "has_free_text": question.kind == Question.Kind.TEXT,
        "multi_choice_options": _consult_choices(question, clause_numbers, scale),
    }


def _consult_files_number(questions: Sequence[Question]) -> int:
    return max((question.number for question in questions), default=0) + 1


def _consult_files_question(questions: Sequence[Question]) -> dict[str, Any]:
    return {
        "question_text": CONSULT_FILES_QUESTION,
        "question_number": _consult_files_number(questions),
        "has_free_text": True,
        "multi_choice_options": list(CONSULT_FILE_OPTIONS.values()),
    }


def _consult_files(
    themefinder_id: int, row: Row
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """A response's entries under the files question: the text read from its files (none
    when no text was found), and what was found in them, each kind once in the options'
    order (none when it has no files)."""
    if not row.files:
        return None, None
    statuses = {status for _name, status, _no_text in row.files}
    options = [label for status, label in CONSULT_FILE_OPTIONS.items() if status in statuses]
    text = (
        {"themefinder_id": themefinder_id, "text": row.files_text}
        if row.files_text.strip()
        else None
    )
    return text, {"themefinder_id": themefinder_id, "options": options}


def _consult_demographics(answers: dict[str, Any]) -> dict[str, list[str]]:
    shaped: dict[str, list[str]] = {}
    for key, value in answers.items():
        if value in ("", None, []):
            continue
        shaped[str(key)] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return shaped


def _consult_choices(
    question: Question, clause_numbers: Sequence[str], scale: dict[str, str]
) -> list[str]:
    if question.kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE}:
        return [str(option) for option in question.options]
    if question.kind == Question.Kind.SCALE:
        return list(scale.values())
    if question.kind == Question.Kind.CLAUSE:
        return [str(number) for number in clause_numbers]
    return []


def _consult_options(question: Question, answer: Given, scale: dict[str, str]) -> list[str]:
    if question.kind == Question.Kind.MULTIPLE:
        return [str(choice) for choice in answer.choices]
    if question.kind == Question.Kind.SCALE:
        return [scale.get(answer.choice, answer.choice)]
    return [answer.choice]


def consult_json(version: Version) -> str:
    buffer = io.StringIO()
    json.dump(consult_document(version), buffer, ensure_ascii=False)
    return buffer.getvalue()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def consult_json_chunks(version: Version) -> Iterator[str]:
    """`consult_document` written a piece at a time, parsing to the same document: one pass
    over the rows (`rows_of`, a chunk at a time), each respondent written as it is read and
    each question's answers (and the files' entries) set aside in its own temporary file, then
    written out by question once the respondents are done. Memory stays the size of one
    chunk, whatever the count."""
    questions = list(version.questions.order_by("number"))
    clause_numbers = list(version.clauses.order_by("position").values_list("number", flat=True))
    scale = _scale_labels()
    code = _json(f"{version.document.slug}-v{version.number}")
    title = _json(f"{version.document.title} (version {version.number})")
    yield f'{{"consultation_code": {code}, "consultation_title": {title}, "respondents": ['
    with contextlib.ExitStack() as files:
        # Answers of each question, one JSON entry a line, in the respondents' order.
        spools = {
            question.pk: files.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
            for question in questions
        }
        given = dict.fromkeys(spools, 0)
        # The files question's text and options, kept apart as it is both.
        file_spools = {
            free_text: files.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
            for free_text in (True, False)
        }
        file_entries = {True: 0, False: 0}
        for themefinder_id, row in enumerate(rows_of(version), start=1):
            respondent = {
                "themefinder_id": themefinder_id,
                "demographic_data": _consult_demographics(row.demographics),
            }
            yield ("" if themefinder_id == 1 else ", ") + _json(respondent)
            for question in questions:
                answer = row.answers.get(question.pk)
                if answer is None or answer.is_empty:
                    continue
                if question.kind == Question.Kind.TEXT:
                    entry = {"themefinder_id": themefinder_id, "text": answer.text}
                else:
                    options = _consult_options(question, answer, scale)
                    entry = {"themefinder_id": themefinder_id, "options": options}
                spools[question.pk].write(_json(entry) + "\n")
                given[question.pk] += 1
            for free_text, file_entry in zip(
                (True, False), _consult_files(themefinder_id, row), strict=True
            ):
                if file_entry is not None:
                    file_spools[free_text].write(_json(file_entry) + "\n")
                    file_entries[free_text] += 1
        shown = [_consult_question(question, clause_numbers, scale) for question in questions]
        if file_entries[False]:  # some response has a file
            shown.append(_consult_files_question(questions))
        yield f'], "questions": {_json(shown)}'
        files_number = _consult_files_number(questions)
        for field, free_text in (
            ("responses_by_question", True),
            ("multi_choice_by_question", False),
        ):
            yield f', "{field}": {{'
            answered = [
                (question.number, spools[question.pk])
                for question in questions
                if (question.kind == Question.Kind.TEXT) == free_text and given[question.pk]
            ]
            if file_entries[free_text]:
                answered.append((files_number, file_spools[free_text]))
            for position, (number, spool) in enumerate(answered):
                yield ("" if position == 0 else ", ") + f'"{number}": ['
                spool.seek(0)
                for index, line in enumerate(spool):
                    yield ("" if index == 0 else ", ") + line.rstrip("\n")
                yield "]"
            yield "}"
    yield "}"
