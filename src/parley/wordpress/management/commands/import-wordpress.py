"""`parley import-wordpress FILE.xml [--organisation SLUG] [--uploads DIR] [--dry-run]`: bring
a WordPress site over from its export (WXR 1.0 to 1.2), all or nothing, and say what
happened. With `--uploads`, a copy of the site's wp-content/uploads folder, the files it
uploaded come too, and the links to them point at their copies.

The posts belong to an organisation: the one named, else the site's only one. On a site with
none yet it offers (at a terminal) to create one named after the export's site title, or does
so when given `--create-organisation`; with several, it lists their slugs.

Exits non-zero with one line naming the problem when the file cannot be read; the
database is then unchanged.
"""

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from parley.organisations import services
from parley.organisations.models import Organisation
from parley.validation import Rejected
from parley.wordpress.importer import counted, import_wxr
from parley.wordpress.wxr import Reader, WXRError


def export_title(path: Path) -> str:
    """The site title the export names (read from its channel, before the first item)."""
    try:
        with path.open("rb") as source:
            reader = Reader(source)
            next(reader.items(), None)
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from None
    except WXRError as error:
        raise CommandError(f"{path}: {error}") from None
    return reader.channel.title


def organisation_for(
    slug: str | None, *, path: Path, create: bool, interactive: bool
) -> Organisation | str:
    """The organisation the posts belong to, or the name of one to create for them."""
    if slug:
        found = Organisation.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"there is no organisation ‘{slug}’")
        return found
    organisations = list(Organisation.objects.order_by("slug"))
    if len(organisations) == 1:
        return organisations[0]
    if organisations:
        slugs = ", ".join(organisation.slug for organisation in organisations)
        raise CommandError(
            f"name the organisation the posts belong to with --organisation SLUG, one of: {slugs}"
        )
    title = export_title(path) or path.stem
    if not create:
        if not interactive:
            raise CommandError(
                f"there is no organisation yet: pass --create-organisation to create "
                f"‘{title}’ (the export's site title) for the posts, or create one first "
                "with `parley setup`"
            )
        answer = input(
            f"There is no organisation yet. Create ‘{title}’ (the export's site title) "
            "for the posts? [y/N] "
        )
        if answer.strip().lower() not in {"y", "yes"}:
            raise CommandError("nothing imported: create an organisation with `parley setup`")
    return title


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts, pages, authors and comments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", help="slug of the organisation the posts belong to")
        parser.add_argument(
            "--create-organisation",
            action="store_true",
            help="on a site with no organisation, create one named after the export's site title",
        )
        parser.add_argument(
            "--uploads",
            type=Path,
            metavar="DIR",
            help="a copy of the site's wp-content/uploads folder: bring its files over too",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="read everything and report, but save nothing"
        )
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="ask nothing",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        uploads: Path | None = options["uploads"]
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"--uploads {uploads}: not a folder")
        chosen = organisation_for(
            options["organisation"],
            path=path,
            create=options["create_organisation"],
            interactive=options["interactive"] and sys.stdin.isatty(),
        )
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
            # A new organisation is made in the import's transaction: kept only with the import.
            with source, transaction.atomic():
                if isinstance(chosen, Organisation):
                    organisation = chosen
                else:
                    try:
                        organisation = services.create_organisation(name=chosen)
                    except Rejected as rejected:
                        raise CommandError(f"cannot create ‘{chosen}’: {rejected.detail}") from None
                    self.stdout.write(
                        f"{'Would create' if options['dry_run'] else 'Created'} the organisation "
                        f"{organisation.name} ({organisation.get_absolute_url()}) for the posts; "
                        "give it an owner with `parley setup`."
                    )
                report = import_wxr(
                    source=source,
                    organisation=organisation,
                    dry_run=options["dry_run"],
                    total_bytes=total,
                    progress=progress if sys.stderr.isatty() else None,
                    uploads=uploads,
                )
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except WXRError as error:
            raise CommandError(f"{path}: {error}") from None
        if shown[0]:
            sys.stderr.write("\n")
        for line in report.lines():
            self.stdout.write(line)
