"""200 responses posted at once to one version through the real server (gunicorn, several
workers and threads, on the test database, SQLite or PostgreSQL): all 200 stored, with 200
different references, and not one error."""

import json
import os
import signal
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from parley.consultations.models import Response
from parley.guidance.models import Version
from parley.management.commands.serve import web_command
from tests.processes import free_port, wait_until
from tests.test_serve import get_health

pytestmark = pytest.mark.django_db(transaction=True)

RESPONSES = 200
START_SECONDS = 120  # a cold start on a busy two-core machine


def served_database_url() -> str:
    """The address of the database this test runs on, for another process."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    given = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(given._replace(path=f"/{name}"))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[int]:
    """gunicorn serving Parley on loopback against the test database: its port."""
    (tmp_path / "static").mkdir()
    env = {**os.environ, "PARLEY_VAR_DIR": str(tmp_path), "DATABASE_URL": served_database_url()}
    for unwanted in ("REDIS_URL", "DEBUG", "HTTPS"):
        env.pop(unwanted, None)
    port = free_port()
    log = tmp_path / "web.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            web_command("127.0.0.1", port, workers=2, threads=8),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until(
            lambda: get_health(port) == (200, {"status": "ok"}),
            START_SECONDS,
            "/healthz",
            watching=[process],
            explain=log.read_text,
        )
        yield port
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def post(port: int, version: Version, index: int) -> tuple[int, dict[str, str]]:
    body = {
        "respondent": {
            "name": f"Respondent {index}",
            "email": f"respondent{index}@example.net",
            "type": "organisation" if index % 3 == 0 else "individual",
            "organisation": f"Organisation {index}" if index % 3 == 0 else None,
        },
        "consent": ["named", "anonymous", "confidential"][index % 3],
        "answers": [
            {"question": 1, "choice": "Yes" if index % 2 else "No"},
            {"question": 4, "text": f"Answer number {index}"},
        ],
    }
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/documents/{version.document.slug}"
        f"/versions/{version.number}/responses",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": f"key-{index}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, {"body": error.read().decode(errors="replace")[:500]}


def test_two_hundred_responses_at_once_are_all_stored_with_distinct_references(
    open_version: Version, server: int
) -> None:
    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(lambda i: post(server, open_version, i), range(RESPONSES)))
    errors = [answer for answer in answers if answer[0] != 201]
    assert errors == []
    references = {body["reference"] for _status, body in answers}
    assert len(references) == RESPONSES
    stored = Response.objects.filter(version=open_version)
    assert stored.count() == RESPONSES
    assert set(stored.values_list("reference", flat=True)) == references
    assert set(stored.values_list("status", flat=True)) == {"unconfirmed"}
    assert stored.filter(answers__question__number=4).count() == RESPONSES
