"""Two Parley app servers and two task workers sharing one PostgreSQL database and one Redis.

Everything is the test's own, whatever DATABASE_URL the suite runs with: a throw-away
PostgreSQL database (dropped afterwards), a key prefix in a Redis database of its own (its
keys deleted afterwards), a var/ directory with its own collected static files, free
ports. Every process runs in its own process group, is told to die with the test process
(so even a killed pytest leaves none behind), and is stopped, then killed, on the way out.
Only a killed pytest leaves its `parley_scale_*` database and Redis keys behind.
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
import redis

from parley.management.commands.serve import web_command, worker_command
from tests.processes import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 90  # a cold start on a busy two-core machine
STOP_SECONDS = 20
REDIS_URL = os.environ.get("PARLEY_SCALE_REDIS_URL", "redis://127.0.0.1:6379/13")


def postgres_admin_url() -> str:
    """The PostgreSQL server the suite uses, if it uses one, else the local one."""
    url = os.environ.get("PARLEY_SCALE_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return urlunsplit(urlsplit(url)._replace(path="/postgres", query=""))


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty database on the PostgreSQL server; its URL. Dropped afterwards."""
    admin = postgres_admin_url()
    name = f"parley_scale_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def redis_prefix() -> Iterator[str]:
    """A cache key prefix no one else uses; its keys are deleted afterwards."""
    prefix = f"parley-scale-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        yield prefix
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        try:
            keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        finally:
            client.close()


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path


# `setpriv --pdeathsig` makes the kernel stop the child if the test process dies first.
DIE_WITH_PARENT = ["setpriv", "--pdeathsig", "TERM", "--"]


def stop(processes: list[Process]) -> None:
    """SIGTERM every process group, then SIGKILL whatever is left after STOP_SECONDS."""
    for process in processes:
        if process.popen.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(process.popen.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        with suppress(subprocess.TimeoutExpired):
            process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        with suppress(ProcessLookupError):  # gunicorn's workers too, even after the master
            os.killpg(process.popen.pid, signal.SIGKILL)
        process.popen.wait()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is an answer the test looks at


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Browser:
    """Cookies kept across requests, as a browser does. Both app servers listen on
    127.0.0.1, so, as behind one load balancer, the same cookies go to both."""

    jar: CookieJar = field(default_factory=CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirects()
        )

    def cookie(self, name: str) -> str:
        return next(c.value or "" for c in self.jar if c.name == name)

    def request(
        self, url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        method = "GET" if data is None else "POST"
        request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Response(answer.status, dict(answer.headers), answer.read().decode())
        except urllib.error.HTTPError as error:
            with error:
                return Response(error.code, dict(error.headers), error.read().decode())

    def get(self, url: str) -> Response:
        return self.request(url)

    def post_form(self, url: str, fields: dict[str, str]) -> Response:
        fields = {"csrfmiddlewaretoken": self.cookie("csrftoken"), **fields}
        return self.request(
            url,
            data=urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": url},
        )

    def post_json(self, url: str, payload: object) -> Response:
        return self.request(
            url,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": self.cookie("csrftoken")},
        )


@dataclass
class Cluster:
    servers: list[str]  # base URLs of the app servers
    database_url: str
    seed: dict[str, Any]
    password: str
    processes: list[Process]

    @property
    def popens(self) -> list[subprocess.Popen[bytes]]:
        return [process.popen for process in self.processes]

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()

    def tasks_outstanding(self) -> int:
        """Queued or running tasks in the shared database queue."""
        return int(
            self.query(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE status IN ('READY', 'RUNNING')"
            )[0][0]
        )

    def logs(self) -> str:
        return "\n".join(
            f"---- {p.name} (exit {p.popen.poll()}) ----\n"
            + "\n".join(p.log.read_text(errors="replace").splitlines()[-40:])
            for p in self.processes
        )


def ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/readyz", timeout=10) as answer:
            return bool(answer.status == 200)
    except OSError:  # refused before gunicorn listens, 503 until it can serve
        return False


@contextmanager
def cluster(
    tmp_path: Path,
    *,
    smtp_port: int,
    environment: dict[str, str],
    web_workers: int = 1,
    web_threads: int = 4,
    static: Path | None = None,
) -> Iterator[Cluster]:
    """Two app servers (gunicorn) and two task workers, ready to serve; with the static
    files collected in `static` if given (tests pass `prepared_var`'s), else collected."""
    password = secrets.token_urlsafe(12)
    ports = [free_port(), free_port()]
    with ExitStack() as stack:
        database_url = stack.enter_context(postgres_database())
        prefix = stack.enter_context(redis_prefix())
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DATABASE_POOL": "true",  # each process shares a psycopg pool among its threads
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": prefix,
            "SECRET_KEY": secrets.token_urlsafe(40),  # every server must share it
            "PARLEY_VAR_DIR": str(tmp_path / "var"),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SITE_URL": f"http://127.0.0.1:{ports[0]}",
            "SCALE_PASSWORD": password,
            "LOG_LEVEL": "WARNING",
            **environment,
        }
        for unwanted in ("DEBUG", "HTTPS", "PARLEY_RELEASE"):
            env.pop(unwanted, None)
        processes: list[Process] = []
        stack.callback(stop, processes)

        def start(name: str, command: list[str]) -> None:
            log = tmp_path / f"{name.replace(' ', '-')}.log"
            with log.open("wb") as out:
                popen = subprocess.Popen(
                    [*DIE_WITH_PARENT, *command],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    process_group=0,
                )
            processes.append(Process(name, popen, log))

        # Before any server starts: WhiteNoise and the static manifest are read as they boot.
        if static is not None:
            shutil.copytree(static, tmp_path / "var" / "static")
        seeded = subprocess.run(
            [sys.executable, "-m", "tests.scale.seed"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=300,
        )
        seed = json.loads(seeded.stdout)
        for name, port in zip("AB", ports, strict=True):
            start(f"app server {name}", web_command("127.0.0.1", port, web_workers, web_threads))
        for name in ("1", "2"):
            start(f"task worker {name}", [*worker_command(), "--interval", "0.2"])

        servers = [f"http://127.0.0.1:{port}" for port in ports]
        running = Cluster(servers, database_url, seed, password, processes)
        for url in servers:
            wait_until(
                lambda url=url: ready(url),  # type: ignore[misc]
                START_SECONDS,
                f"{url}/readyz",
                watching=running.popens,
                explain=running.logs,
            )
        yield running
