"""`parley migrate`: Django's migrate, then fresh statistics for SQLite's query planner
(`parley.planner_statistics`), since a new index or table is useless to a planner that
knows nothing of it. On PostgreSQL it is Django's migrate alone."""

from typing import Any

from django.core.management.commands import migrate

from parley import planner_statistics


class Command(migrate.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        if options["plan"] or options["check_unapplied"]:
            return  # it only reported; it changed nothing
        if planner_statistics.refresh(options["database"]) and options["verbosity"] >= 1:
            self.stdout.write("Analysed the database for SQLite's query planner.")
