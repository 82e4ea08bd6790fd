"""`parley restore PATH`: put a backup made by `parley backup` back, replacing everything.

Stop the site (web server, worker, clock) first: restoring replaces every table and the
uploaded files. Asks to confirm unless given `--noinput`. The whole backup is checked
first (`parley.backups`). SQLite: the copy goes in with SQLite's backup API. PostgreSQL:
`pg_restore --clean --if-exists --single-transaction`, so a failed restore changes nothing.
The files are written beside the storage's folder and swapped in once the database is back.
A bare database copy (a backup from before files were backed up) leaves the files alone.
"""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from parley import backups
from parley.management.commands.backup import postgres_environment, run_tool


def check_sqlite_backup(path: Path, *, shown: Path) -> None:
    """Refuse a database copy at `path` (from the backup `shown`) that SQLite finds damaged."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source:
            (result,) = source.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise CommandError(f"{shown} is not a SQLite backup ({error})") from None
    if result != "ok":
        raise CommandError(f"{shown} is damaged: {result}")


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
        root = backups.local_media_root()
        with backups.opened(path) as backup:
            if connection.vendor == "sqlite":
                check_sqlite_backup(backup.database, shown=path)
            if interactive:
                answer = input(
                    f"This replaces everything in the {connection.vendor} database "
                    f"{connection.settings_dict['NAME']}"
                    + (f" and the files in {root}" if root and backup.media is not None else "")
                    + f" with {path}. Type 'yes' to go on: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled")
            staging = (
                backups.stage_media(backup, root) if root and backup.media is not None else None
            )
            try:
                self.restore_database(connection, backup.database)
            except BaseException:
                if staging:
                    shutil.rmtree(staging, ignore_errors=True)
                raise
            if staging and root:
                backups.swap_in(staging, root)
        self.stdout.write(f"Restored {path} into the {connection.vendor} database")
        if backup.media is None:
            self.stdout.write(
                "This backup holds the database only (made before uploaded files were "
                "backed up): the uploaded files were left as they are"
            )
        elif root is None:
            self.stdout.write(
                "Uploaded files are kept in an S3-compatible bucket: restore them there "
                "(the bucket's versioning or the provider's copies)"
            )
        else:
            self.stdout.write(f"and {len(backup.media)} uploaded files into {root}")

    def restore_database(self, connection: Any, database: Path) -> None:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as source:
                source.backup(connection.connection)
        elif connection.vendor == "postgresql":
            settings = connection.settings_dict
            connect_args, env = postgres_environment(settings)
            connection.close()
            run_tool(
                [
                    "pg_restore", "--clean", "--if-exists", "--single-transaction",
                    "--no-owner", f"--dbname={settings['NAME']}", *connect_args, str(database),
                ],
                env,
            )  # fmt: skip
        else:
            raise CommandError(f"cannot restore a {connection.vendor} database")
