"""`parley import-wordpress FILE.xml [--organisation SLUG] [--dry-run]`: bring a WordPress
site over from its export (WXR 1.0 to 1.2), all or nothing, and say what happened.

Exits non-zero with one line naming the problem when the file cannot be read; the
database is then unchanged.
"""

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parley.organisations.models import Organisation
from parley.wordpress.importer import import_wxr
from parley.wordpress.wxr import Reader, WXRError


def organisation_named(slug: str | None) -> Organisation:
    if slug:
        found = Organisation.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"there is no organisation ‘{slug}’")
        return found
    organisations = list(Organisation.objects.all()[:2])
    if len(organisations) != 1:
        raise CommandError("name the organisation the posts belong to with --organisation SLUG")
    return organisations[0]


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts, pages, authors and comments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", help="slug of the organisation the posts belong to")
        parser.add_argument(
            "--dry-run", action="store_true", help="read everything and report, but save nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        organisation = organisation_named(options["organisation"])
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
                sys.stderr.write(f"\r{share:3d}% of the file read, {items} items")
                sys.stderr.flush()

        try:
            with source:
                report = import_wxr(
                    source=source,
                    organisation=organisation,
                    dry_run=options["dry_run"],
                    total_bytes=total,
                    progress=progress if sys.stderr.isatty() else None,
                )
        except WXRError as error:
            raise CommandError(f"{path}: {error}") from None
        if shown[0]:
            sys.stderr.write("\n")
        for line in report.lines():
            self.stdout.write(line)
