"""`parley analyse <document-slug> [--version N]`: analyse a consultation's comments now."""

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import ngettext

from parley.insights import queries, services

STEPS = {"campaigns": "Finding campaigns", "index": "Indexing", "themes": "Finding themes"}


class Bar:
    """A progress bar on standard error, redrawn at most ten times a second."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.last = 0.0
        self.step = ""

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if step == self.step and done < total and now - self.last < 0.1:
            return
        if step != self.step and self.step:
            self.stream.write("\n")
        self.step, self.last = step, now
        share = done / total if total else 1.0
        filled = int(30 * share)
        self.stream.write(
            f"\r{STEPS.get(step, step):<18} [{'#' * filled}{'.' * (30 - filled)}] "
            f"{share:6.1%} ({done}/{total})"
        )
        self.stream.flush()

    def end(self) -> None:
        if self.step:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Analyse the comments on a version of a guidance document, and store the results."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Our --version names the guidance version; it replaces Django's (which prints its own).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("document", help="The document's slug")
        parser.add_argument(
            "--version",
            type=int,
            dest="number",
            help="Version number (default: the one under consultation, else the latest published)",
        )
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            help="Least share of a campaign's shared text a comment must contain "
            "(default: the PARLEY_CAMPAIGN_SHARE setting, 0.7)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            version = queries.version_for(options["document"], options["number"])
        except queries.NotVisible as error:
            raise CommandError(str(error)) from error
        threshold = options["threshold"]
        if threshold is not None and not 0 < threshold <= 1:
            raise CommandError("--threshold must be above 0 and at most 1")
        bar = Bar(sys.stderr)
        started = time.monotonic()
        analysis = services.analyse(version=version, threshold=threshold, progress=bar)
        bar.end()
        summary = analysis.summary
        comments = analysis.comment_count
        campaigns = summary.get("campaign_count", 0)
        in_campaigns = summary.get("campaign_comment_count", 0)
        themes = analysis.themes.count()
        self.stdout.write(
            ngettext(
                "Analysed %(count)d comment on %(document)s version %(number)d in %(seconds).1f s:",
                "Analysed %(count)d comments on %(document)s version %(number)d "
                "in %(seconds).1f s:",
                comments,
            )
            % {
                "count": comments,
                "document": version.document.title,
                "number": version.number,
                "seconds": time.monotonic() - started,
            }
            + " "
            + ngettext("%(count)d campaign", "%(count)d campaigns", campaigns)
            % {"count": campaigns}
            + " ("
            + ngettext("%(count)d comment", "%(count)d comments", in_campaigns)
            % {"count": in_campaigns}
            + "), "
            + ngettext("%(count)d theme.", "%(count)d themes.", themes) % {"count": themes}
        )
        for note in summary.get("notes", []):
            self.stdout.write(f"Note: {note.replace('_', ' ')}")
        if summary.get("theme_note"):
            self.stdout.write(f"Note: {summary['theme_note']}")
