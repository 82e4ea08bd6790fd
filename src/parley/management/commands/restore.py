"""`parley restore PATH`: put a backup made by `parley backup` back, replacing everything.

Stop the site (web server, worker, clock) first: restoring replaces every table. Asks to
confirm unless given `--noinput`. SQLite: the backup is copied in with SQLite's backup API.
PostgreSQL: `pg_restore --clean --if-exists --single-transaction`, so a failed restore
changes nothing.
"""

import sqlite3
from contextlib import closing
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from parley.management.commands.backup import postgres_environment, run_tool


def check_sqlite_backup(path: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source:
            (result,) = source.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise CommandError(f"{path} is not a SQLite backup ({error})") from None
    if result != "ok":
        raise CommandError(f"{path} is damaged: {result}")


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `parley backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup to restore")
        parser.add_argument("--database", default="default", help="which database alias")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="do not ask to confirm",
        )  # fmt: skip

    def handle(
        self, *args: object, path: Path, database: str, interactive: bool, **options: object
    ) -> None:
        connection = connections[database]
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        if connection.vendor == "sqlite":
            check_sqlite_backup(path)
        if interactive:
            answer = input(
                f"This replaces everything in the {connection.vendor} database "
                f"{connection.settings_dict['NAME']} with {path}. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled")
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source:
                source.backup(connection.connection)
        elif connection.vendor == "postgresql":
            settings = connection.settings_dict
            connect_args, env = postgres_environment(settings)
            connection.close()
            run_tool(
                [
                    "pg_restore", "--clean", "--if-exists", "--single-transaction",
                    "--no-owner", f"--dbname={settings['NAME']}", *connect_args, str(path),
                ],
                env,
            )  # fmt: skip
        else:
            raise CommandError(f"cannot restore a {connection.vendor} database")
        self.stdout.write(f"Restored {path} into the {connection.vendor} database")
