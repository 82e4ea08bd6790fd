"""`parley import-disqus FILE.xml [--organisation SLUG] [--dry-run]`: bring a site's Disqus
comments over from its export, onto the pages they were written on, all or nothing, and
say what happened.

Exits non-zero with one line naming the problem (and the line and item of the file) when
the file cannot be read or a comment cannot be placed; the database is then unchanged.
"""

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parley.organisations.models import Organisation
from parley.wordpress.disqus import DisqusError, Reader, import_disqus
from parley.wordpress.importer import counted


class Command(BaseCommand):
    help = "Import a Disqus export: its comments, onto the pages their threads were on."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--organisation", help="match only this organisation's pages (its slug)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="read everything and report, but save nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"there is no organisation ‘{options['organisation']}’")
        try:
            total = path.stat().st_size
            source = path.open("rb")
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        shown = [0.0]

        def progress(reader: Reader, items: int) -> None:
            now = time.monotonic()
            if now - shown[0] >= 0.5 and total:
                shown[0] = now
                share = 100 * reader.bytes_read // total
                sys.stderr.write(f"\r{share:3d}% of the file read, {counted('items', items)}")
                sys.stderr.flush()

        try:
            with source:
                report = import_disqus(
                    source=source,
                    organisation=organisation,
                    dry_run=options["dry_run"],
                    progress=progress if sys.stderr.isatty() else None,
                )
        except DisqusError as error:
            raise CommandError(f"{path}: {error}") from None
        finally:
            if shown[0]:
                sys.stderr.write("\n")
        for line in report.lines():
            self.stdout.write(line)
