"""`parley serve` runs the web server, the task worker and the clock, and stops them on SIGTERM."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from tests.conftest import copy_prepared_var
from tests.processes import free_port, wait_until

pytestmark = pytest.mark.database_independent  # see pyproject.toml

PARLEY = [sys.executable, "-m", "parley.cli"]
START_SECONDS = 240  # a cold start on a busy two-core machine
STOP_SECONDS = 40


def children_of(pid: int) -> dict[int, str]:
    """The command lines of a process's live children, read from /proc."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue  # it ended while we looked
        state, parent = fields[0], int(fields[1])
        if parent == pid and state != "Z":
            children[int(stat.parent.name)] = cmdline.replace(b"\0", b" ").decode()
    return children


def get_health(port: int) -> tuple[int, dict[str, str]] | None:
    """The /healthz answer, or None while the server is not answering yet."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, {"body": error.read().decode(errors="replace")}
    except OSError:  # refused before gunicorn listens; timed out while its worker boots
        return None


def wait_for_health(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    """Wait until /healthz says ok; fail at once, with the log, if `parley serve` exits."""
    wait_until(
        lambda: get_health(port) == (200, {"status": "ok"}),
        START_SECONDS,
        "/healthz",
        watching=[process],
        explain=log.read_text,
    )


@pytest.fixture
def env(tmp_path: Path, prepared_var: Path) -> dict[str, str]:
    """Its own migrated SQLite database and collected static files under a temporary var/,
    whatever DATABASE_URL the run has."""
    database = copy_prepared_var(prepared_var, tmp_path)
    env = {**os.environ, "PARLEY_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{database}"}
    env.pop("REDIS_URL", None)
    return env


@contextmanager
def serving(env: dict[str, str], tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`parley serve` with one web worker: the process and its port; killed afterwards."""
    port = free_port()
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen(
            [*PARLEY, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process, port
    finally:
        if process.poll() is None:
            for child in children_of(process.pid):
                os.kill(child, signal.SIGKILL)
            process.kill()
            process.wait()


@pytest.fixture
def server(env: dict[str, str], tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    with serving(env, tmp_path) as started:
        yield started


@pytest.fixture
def server_without_static(
    env: dict[str, str], tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """The same, on a fresh install whose static files were never collected."""
    shutil.rmtree(tmp_path / "static")
    with serving(env, tmp_path) as started:
        yield started


def test_serve_answers_health_checks_runs_the_worker_and_stops_on_sigterm(
    server: tuple[subprocess.Popen[bytes], int], tmp_path: Path
) -> None:
    process, port = server
    log = tmp_path / "serve.log"
    wait_for_health(process, port, log)

    children = children_of(process.pid)
    assert any("gunicorn" in command for command in children.values()), children
    assert any("db_worker" in command for command in children.values()), children
    assert any("parley.cli clock" in command for command in children.values()), children

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=STOP_SECONDS) == 0, log.read_text()
    still_running = [pid for pid in children if Path(f"/proc/{pid}").exists()]
    assert still_running == [], log.read_text()


def test_serve_collects_missing_static_files_so_pages_answer(
    server_without_static: tuple[subprocess.Popen[bytes], int], tmp_path: Path
) -> None:
    process, port = server_without_static
    log = tmp_path / "serve.log"
    wait_for_health(process, port, log)
    assert "collecting them" in log.read_text()
    assert (tmp_path / "static" / "staticfiles.json").exists()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=15) as response:
        assert response.status == 200
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=15) as response:
        assert json.loads(response.read()) == {"status": "ready"}


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    """Status, headers and body of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode()


def task_workers(pid: int) -> list[int]:
    return [child for child, command in children_of(pid).items() if "db_worker" in command]


def test_serve_restarts_a_killed_worker_and_answers_503_through_a_database_outage(
    server: tuple[subprocess.Popen[bytes], int], tmp_path: Path
) -> None:
    process, port = server
    log = tmp_path / "serve.log"
    site = f"http://127.0.0.1:{port}"
    wait_for_health(process, port, log)

    # The task worker killed outright: it comes back, and the site never stopped answering.
    (worker,) = task_workers(process.pid)
    os.kill(worker, signal.SIGKILL)
    wait_until(
        lambda: len(task_workers(process.pid)) == 1 and task_workers(process.pid) != [worker],
        START_SECONDS,
        "a new task worker",
        watching=[process],
        explain=log.read_text,
    )
    assert fetch(f"{site}/")[0] == 200

    # The database goes away (its file replaced by a directory nothing can open).
    database = tmp_path / "parley.sqlite3"
    away = tmp_path / "away"
    away.mkdir()
    for part in tmp_path.glob("parley.sqlite3*"):
        part.rename(away / part.name)
    database.mkdir()

    status, headers, body = fetch(f"{site}/")
    assert status == 503, body
    assert headers["Retry-After"].isdigit()
    assert headers["Content-Type"].startswith("text/html")
    assert "<h1>Sorry, the service is unavailable</h1>" in body

    status, headers, body = fetch(f"{site}/api/v1/discussions/1/comments")
    assert status == 503, body
    assert headers["Retry-After"].isdigit()
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body)["detail"]

    # It comes back: so does the site, with no restart, and the web server never stopped.
    database.rmdir()
    for part in away.iterdir():
        part.rename(tmp_path / part.name)
    wait_until(
        lambda: fetch(f"{site}/")[0] == 200,
        START_SECONDS,
        "the home page after the outage",
        watching=[process],
        explain=log.read_text,
    )
    wait_until(
        lambda: len(task_workers(process.pid)) == 1,
        START_SECONDS * 2,  # it may be waiting out its back-off
        "the task worker after the outage",
        watching=[process],
        explain=log.read_text,
    )
    assert process.poll() is None


CLAIMED_BY = """
from datetime import timedelta
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from parley.insights.tasks import analyse_version
later = analyse_version.using(run_after=timezone.now() + timedelta(days=1)).enqueue(999999)
DBTaskResult.objects.filter(pk=later.id).update(
    status="RUNNING", worker_ids=[{worker_id!r}], run_after=timezone.now(),
    started_at=timezone.now(),
)
print(later.id)
"""


def test_a_task_a_killed_worker_was_running_is_queued_again_and_run_at_once(
    server: tuple[subprocess.Popen[bytes], int], env: dict[str, str], tmp_path: Path
) -> None:
    process, port = server
    log = tmp_path / "serve.log"
    wait_for_health(process, port, log)
    (worker,) = task_workers(process.pid)
    worker_id = children_of(process.pid)[worker].split("--worker-id ")[1].split()[0]
    # A task the worker has claimed and is running (an analysis of a consultation)...
    made = subprocess.run(
        [*PARLEY, "shell", "-c", CLAIMED_BY.format(worker_id=worker_id)],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    task_id = uuid.UUID(made.stdout.decode().split()[-1]).hex

    def status() -> str:
        with closing(sqlite3.connect(tmp_path / "parley.sqlite3")) as database:
            (row,) = database.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?", (task_id,)
            )
        return str(row[0])

    assert status() == "RUNNING"
    # ...when the worker is killed mid-run: run again by the worker that replaces it, at once
    # (it stayed "running" for good, and asking again did nothing).
    os.kill(worker, signal.SIGKILL)
    wait_until(
        lambda: status() == "SUCCESSFUL",
        START_SECONDS,
        "the abandoned task run again",
        watching=[process],
        explain=log.read_text,
    )
    assert "re-queued 1 task(s)" in log.read_text()
