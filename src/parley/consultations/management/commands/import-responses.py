"""`parley import-responses FILE --document SLUG --version N --mapping MAP.json [--dry-run]
[--entered-by EMAIL]`: import a spreadsheet of responses (CSV or XLSX) through
`consultations.imports`, the service of the upload page too. Prints `Imported: N responses`
and exits 0; when any row is bad, prints each problem (row, column, problem), imports
nothing and exits 1. Who entered the responses (`--entered-by`, one of the organisation's
analysts, editors or owners) is said on standard error, or that nobody is recorded."""

import contextlib
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parley.accounts.models import User
from parley.consultations import imports
from parley.guidance.models import Document
from parley.guidance.queries import version_by_number
from parley.organisations.permissions import can_analyse
from parley.validation import Rejected


class Bar:
    """A progress bar on standard error, drawn only on a terminal."""

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream, self.total, self.done = stream, max(total, 1), 0
        self.shown = stream.isatty()

    def __call__(self, done: int) -> None:
        self.done = min(self.done + done, self.total)
        if self.shown:
            share = self.done / self.total
            filled = int(30 * share)
            self.stream.write(f"\rImporting [{'#' * filled}{'.' * (30 - filled)}] {share:6.1%}")
            self.stream.flush()

    def end(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Import responses to a consultation from a CSV or XLSX file, all rows or none."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Our --version names the guidance version; it replaces Django's.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV (UTF-8) or XLSX file")
        parser.add_argument("--document", required=True, help="The document's slug")
        parser.add_argument(
            "--version", type=int, required=True, dest="number", help="The version's number"
        )
        parser.add_argument(
            "--mapping",
            type=Path,
            required=True,
            help="JSON: which column answers which question (docs/consultations.md)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and say what would be imported"
        )
        parser.add_argument(
            "--entered-by",
            metavar="EMAIL",
            help="Record this account (an analyst, editor or owner of the document's "
            "organisation) as who entered the responses; without it nobody is recorded",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with contextlib.ExitStack() as stack:
            self._import(stack, **options)

    def _import(self, stack: contextlib.ExitStack[bool | None], **options: Any) -> None:
        path, mapping_path = options["file"], options["mapping"]
        document = Document.objects.filter(slug=options["document"]).first()
        if document is None:
            raise CommandError(f"There is no document “{options['document']}”")
        version = version_by_number(document, options["number"])
        if version is None:
            raise CommandError(f"“{document.slug}” has no version {options['number']}")
        entered_by = self._entered_by(options["entered_by"], document)
        try:
            # Read a row at a time by read_table, never whole; closed once read.
            source = stack.enter_context(path.open("rb"))
            mapping_text = mapping_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from None
        try:
            mapping = json.loads(mapping_text)
        except json.JSONDecodeError as error:
            raise CommandError(f"{mapping_path} is not JSON: {error}") from None
        try:
            column_map = imports.ColumnMap.from_json(mapping)
            table = imports.read_table(source, path.name)
            stack.close()
            bar = Bar(sys.stderr, 2 * len(table.rows))
            try:
                result = imports.import_responses(
                    version=version,
                    table=table,
                    column_map=column_map,
                    by=entered_by,
                    dry_run=options["dry_run"],
                    progress=bar,
                )
            finally:
                bar.end()
        except imports.ImportRejected as rejected:
            for problem in rejected.rows:
                self.stderr.write(imports.describe(problem))
            raise CommandError(
                f"Nothing imported: {len(rejected.rows)} problem(s) in {path.name}"
            ) from None
        except Rejected as rejected:
            raise CommandError(rejected.detail) from None
        self.stderr.write(
            f"Entered by: {entered_by.display_name} <{entered_by.email}>"
            if entered_by is not None
            else "Entered by: nobody recorded (give --entered-by EMAIL to record who)"
        )
        already = f" ({result.already} already imported)" if result.already else ""
        if result.dry_run:
            self.stdout.write(f"Would import: {result.imported} responses{already} (dry run)")
        else:
            self.stdout.write(f"Imported: {result.imported} responses{already}")

    @staticmethod
    def _entered_by(email: str | None, document: Document) -> User | None:
        """The account `--entered-by` names, once it may enter responses to `document`."""
        if email is None:
            return None
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"--entered-by: there is no active account “{email}”")
        if not can_analyse(user, document.organisation):
            raise CommandError(
                f"--entered-by: {user.email} is not an analyst, editor or owner of "
                f"{document.organisation.name}, which “{document.slug}” belongs to"
            )
        return user
