"""`parley backup PATH`: a consistent copy of the whole database and the uploaded files,
taken while the site runs, in one file (`parley.backups`).

SQLite: SQLite's online backup API, page by page, so writers are not stopped and the copy
is a valid SQLite file. PostgreSQL: `pg_dump --format=custom` (one consistent snapshot).
Uploaded files in the local storage are copied after the database, one at a time; those in
a bucket are not. Exits non-zero, saying why, if it cannot.
"""

import os
import sqlite3
import subprocess  # nosec B404  # runs pg_dump and psql, never a shell
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from parley import backups


def postgres_environment(settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore, with the password in the environment
    (never on the command line, where `ps` shows it)."""
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args.append(f"{flag}={settings[key]}")
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def run_tool(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    except FileNotFoundError:
        raise CommandError(
            f"{command[0]} is not installed: install PostgreSQL's client tools "
            "(apt-get install postgresql-client)"
        ) from None
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


class Command(BaseCommand):
    help = (
        "Copy the whole database and the uploaded files to PATH, consistently, while the site runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="where to write the backup")
        parser.add_argument("--database", default="default", help="which database alias")

    def handle(self, *args: object, path: Path, database: str, **options: object) -> None:
        connection = connections[database]
        if path.exists():
            raise CommandError(f"{path} already exists: choose a new file for each backup")
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a directory")
        media = backups.local_media_root()
        with tempfile.TemporaryDirectory(prefix="parley-backup-", dir=path.parent) as folder:
            copy = Path(folder, "database")
            self.copy_database(connection, copy)
            files = backups.write(path, database=copy, vendor=connection.vendor, media=media)
        self.stdout.write(f"Backed up {connection.vendor} database to {path}")
        if media is None:
            self.stdout.write(
                "Uploaded files are kept in an S3-compatible bucket and were not copied: "
                "keep them with the bucket's versioning or the provider's copies"
            )
        else:
            self.stdout.write(f"with {files} uploaded files from {media}")

    def copy_database(self, connection: Any, copy: Path) -> None:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(copy)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        elif connection.vendor == "postgresql":
            settings = connection.settings_dict
            connect_args, env = postgres_environment(settings)
            run_tool(
                ["pg_dump", "--format=custom", f"--file={copy}", *connect_args, settings["NAME"]],
                env,
            )
        else:
            raise CommandError(f"cannot back up a {connection.vendor} database")
