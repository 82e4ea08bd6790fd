"""`parley export-wordpress [--organisation SLUG] > site.xml`: the site's (or one
organisation's) posts, wiki pages and comments as WXR 1.2, for WordPress's own importer.
People's e-mail addresses are left out unless `--with-emails` is given."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from parley.organisations.models import Organisation
from parley.wordpress.exporter import write_wxr
from parley.wordpress.importer import counted


class _Verbatim:
    """Standard output written as given (OutputWrapper would add line endings)."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out

    def write(self, text: str, /) -> None:
        self.out.write(text, ending="")


class Command(BaseCommand):
    help = "Write a WordPress export (WXR 1.2) of posts, pages and comments to standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", help="only this organisation's posts and pages")
        parser.add_argument(
            "--with-emails",
            action="store_true",
            help="include commenters' and authors' e-mail addresses (left out by default)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"there is no organisation ‘{options['organisation']}’")
        if options["with_emails"]:
            sys.stderr.write(
                "Exporting with commenters’ and authors’ e-mail addresses: keep the file "
                "as safe as the database.\n"
            )
        exported = write_wxr(
            _Verbatim(self.stdout), organisation=organisation, with_emails=options["with_emails"]
        )
        summary = ", ".join(counted(what, n) for what, n in exported.counts.items()) or "nothing"
        sys.stderr.write(f"Exported {summary}.\n")
        if exported.not_exported:
            self.stderr.write("What WordPress cannot show or keep:")
            for what, n in exported.not_exported.items():
                self.stderr.write(f"  {n} {what}")
