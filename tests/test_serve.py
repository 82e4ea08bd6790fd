"""`parley serve` runs the web server, the task worker and the clock, and stops them on SIGTERM."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.processes import free_port

PARLEY = [sys.executable, "-m", "parley.cli"]
START_SECONDS = 60
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


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Its own SQLite database under a temporary var/, whatever DATABASE_URL the run has."""
    env = {
        **os.environ,
        "PARLEY_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'parley.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    subprocess.run([*PARLEY, "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=300)
    return env


@pytest.fixture
def server(env: dict[str, str], tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
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


def test_serve_answers_health_checks_runs_the_worker_and_stops_on_sigterm(
    server: tuple[subprocess.Popen[bytes], int], tmp_path: Path
) -> None:
    process, port = server
    log = tmp_path / "serve.log"

    deadline = time.monotonic() + START_SECONDS
    health = None
    while health is None and time.monotonic() < deadline:
        try:
            process.wait(timeout=0.2)  # the pause between polls; returns only if it died
        except subprocess.TimeoutExpired:
            health = get_health(port)
        else:
            pytest.fail(f"parley serve exited with {process.returncode}:\n{log.read_text()}")
    assert health == (200, {"status": "ok"}), log.read_text()

    children = children_of(process.pid)
    assert any("gunicorn" in command for command in children.values()), children
    assert any("db_worker" in command for command in children.values()), children
    assert any("parley.cli clock" in command for command in children.values()), children

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=STOP_SECONDS) == 0, log.read_text()
    still_running = [pid for pid in children if Path(f"/proc/{pid}").exists()]
    assert still_running == [], log.read_text()


def test_serve_collects_missing_static_files_so_pages_answer(
    server: tuple[subprocess.Popen[bytes], int], tmp_path: Path
) -> None:
    process, port = server
    log = tmp_path / "serve.log"
    deadline = time.monotonic() + START_SECONDS
    health = None
    while health is None and time.monotonic() < deadline:
        try:
            process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            health = get_health(port)
        else:
            pytest.fail(f"parley serve exited with {process.returncode}:\n{log.read_text()}")
    assert health == (200, {"status": "ok"}), log.read_text()
    assert "collecting them" in log.read_text()
    assert (tmp_path / "static" / "staticfiles.json").exists()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=15) as response:
        assert response.status == 200
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=15) as response:
        assert json.loads(response.read()) == {"status": "ready"}
