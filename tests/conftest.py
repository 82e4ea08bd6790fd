"""The cast every test can use: one per role, plus a published post with its discussion."""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path
from threading import Lock

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from pytest_django import Settings

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.guidance.models import Document, Version
from parley.organisations.models import Organisation, Role
from tests.builders import PRINCIPLES, consult, draft, make_user, member_of
from tests.processes import free_port


def pytest_configure() -> None:
    # WhiteNoise warns (an error here) when the collected static directory is absent.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test marked database_independent (which CI runs once, not once per database) must
    not use the suite's database."""
    for item in items:
        if item.get_closest_marker("database_independent") and (
            item.get_closest_marker("django_db")
            or {"db", "transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        ):
            raise pytest.UsageError(
                f"{item.nodeid} is marked database_independent but uses the suite's database"
            )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None) -> None:
    """pytest-django's set-up, with connections closed at the end of every request.

    Browser tests' live server answers each keep-alive browser connection in a daemon
    thread; with CONN_MAX_AGE above 0 the thread kept its database connection open between
    requests, and still held it when pytest-django dropped the PostgreSQL test database.
    """
    from django.db import connections

    for alias in connections:
        connections.settings[alias]["CONN_MAX_AGE"] = 0  # for connections made from now on
        connections[alias].settings_dict["CONN_MAX_AGE"] = 0


@pytest.fixture(scope="session", autouse=True)
def _quick_flush_on_postgresql() -> Iterator[None]:
    """Each transactional test (browser tests, live servers) ends with Django's `flush`,
    which on PostgreSQL truncates every table in one statement: about 2 s for Parley's 64
    tables, as each truncated table gets new files that are synced to disk. Deleting the few
    rows a test leaves takes milliseconds and leaves the same empty tables; Django makes every
    foreign key deferrable, so they are checked once, at the end of flush's transaction, when
    every table is empty. (Resetting sequences still truncates, as Django does.)"""
    from django.core.management.color import Style
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def delete_rows(
        self: DatabaseOperations,
        style: Style,
        tables: list[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if reset_sequences:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        # Django's own table names, quoted by Django: no outside input reaches this SQL.
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]  # noqa: S608

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", delete_rows)
        yield


@pytest.fixture(scope="session")
def prepared_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var/ directory holding a SQLite database with every migration applied and the
    collected static files, made once per test process by Parley's own commands. Tests that
    start Parley in other processes start from a copy (`copy_prepared_var`) rather than
    migrate and collect their own: about 15 s each."""
    folder = tmp_path_factory.mktemp("prepared-var")
    env = {
        **os.environ,
        "PARLEY_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'parley.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "-m", "parley.cli", *command, "-v", "0"],
            env=env,
            check=True,
            timeout=300,
        )
    return folder


def copy_prepared_var(prepared: Path, var: Path) -> Path:
    """A copy of `prepared_var`'s database and static files in `var`; the database's path."""
    var.mkdir(parents=True, exist_ok=True)
    for part in prepared.glob("parley.sqlite3*"):  # its write-ahead log too, if any is left
        shutil.copy(part, var / part.name)
    shutil.copytree(prepared / "static", var / "static")
    return var / "parley.sqlite3"


@pytest.fixture(scope="session")
def _media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _test_environment(settings: Settings, _media_root: Path) -> Iterator[None]:
    """Each test starts in English with empty rate-limit counters, static files found from
    source, a fast password hasher (the cast's accounts have real passwords), and tasks run
    at once; the language a request switched to does not outlive the test."""
    # Each test process its own cache (the site's file cache is shared by the machine's processes).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Staff need a second factor in the browser; tests of that turn this back on.
    settings.PARLEY_STAFF_SECOND_FACTOR = False
    # Background tasks run at once, in the test, so their effects can be checked.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        # Uploaded files (the demo's among them) under the test run's own directory.
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(_media_root)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield
    translation.deactivate()


class Mailbox:
    """Messages delivered to the SMTP server the tests started."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._lock = Lock()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        message = BytesParser(policy=default_policy).parsebytes(envelope.content)  # type: ignore[arg-type]
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server[M: Mailbox](settings: Settings, mailbox: M) -> Iterator[M]:
    """Serves `mailbox` as a real SMTP server on loopback, and points Django's mail at it."""
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
            }
        }
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture
def smtp(settings: Settings) -> Iterator[Mailbox]:
    """A real SMTP server on loopback; Django sends mail to it for the test's duration."""
    with smtp_server(settings, Mailbox()) as mailbox:
        yield mailbox


@pytest.fixture
def organisation(db: None) -> Organisation:
    return Organisation.objects.create(name="Department for Testing", slug="testing")


@pytest.fixture
def other_organisation(db: None) -> Organisation:
    return Organisation.objects.create(name="Borough of Elsewhere", slug="elsewhere")


@pytest.fixture
def editor(organisation: Organisation) -> User:
    return member_of(organisation, "editor@example.org", "Edith Editor", Role.EDITOR)


@pytest.fixture
def moderator(organisation: Organisation) -> User:
    return member_of(organisation, "moderator@example.org", "Mo Derator", Role.MODERATOR)


@pytest.fixture
def other_moderator(other_organisation: Organisation) -> User:
    return member_of(other_organisation, "elsewhere@example.org", "Olive Elsewhere", Role.MODERATOR)


@pytest.fixture
def participant(db: None) -> User:
    """Mina Member: signed up, with no role in any organisation."""
    return make_user("member@example.org", "Mina Member")


@pytest.fixture
def outsider(db: None) -> User:
    return make_user("outsider@example.org", "Otto Outsider")


@pytest.fixture
def admin_user(db: None) -> User:
    return make_user("admin@example.org", "Ada Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def guest() -> discussions.Author:
    return discussions.Author(name="Gus Guest", email="gus@example.net", ip="192.0.2.10")


@pytest.fixture
def post(editor: User, organisation: Organisation) -> Post:
    return blog.create_post(
        author=editor,
        organisation=organisation,
        title="Principles for taking part online",
        body="We have drafted **principles** and want your views.",
        status=Post.Status.PUBLISHED,
        tags=["guidance"],
    )


@pytest.fixture
def second_factor_required(settings: Settings) -> None:
    """Staff need a second factor, as in production (the other tests turn it off)."""
    settings.PARLEY_STAFF_SECOND_FACTOR = True
    # A code made just before the 30-second step ends is still accepted just after it.
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def token_for(db: None) -> Callable[[User], str]:
    """token_for(user) creates a personal access token and returns the raw secret."""

    def make(user: User) -> str:
        _, raw = create_access_token(user=user, name="tests")
        return raw

    return make


@pytest.fixture
def signed_in(client: Client) -> Callable[[User], Client]:
    """signed_in(user) logs the test client in as that user and returns the client."""

    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def document(editor: User, organisation: Organisation) -> Document:
    """A draft of four clauses (PRINCIPLES): "Principles for taking part online"."""
    return draft(
        editor,
        organisation,
        PRINCIPLES,
        title="Principles for taking part online",
        summary="Short principles for staff online.",
    )


@pytest.fixture
def consulting(document: Document, editor: User) -> Version:
    """Version 1, open for comments since yesterday, closing in a week."""
    return consult(document.versions.get(number=1), editor, closing=timedelta(days=7))
