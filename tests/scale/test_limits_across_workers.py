"""`parley serve` with two web workers and no Redis: the comment rate limit, the sign-in
lockout and the one-time codes of the second factor hold exactly, whichever worker answers
(they were counted per worker: 20 of 30 comments accepted where 10 are allowed, the lockout
after 8 wrong passwords, one code accepted twice)."""

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_prepared_var
from tests.processes import free_port, wait_until
from tests.scale.cluster import ROOT, Browser
from tests.test_serve import get_health

pytestmark = pytest.mark.database_independent  # see pyproject.toml

START_SECONDS = 240  # a cold start of two workers on a busy two-core machine
COMMENT_RATE = 10  # the default PARLEY_COMMENT_RATE: ten a minute from one address
LOCKOUT = 5  # ACCOUNT_RATE_LIMITS login_failed: five wrong passwords per account

ADD_SECOND_FACTOR = """
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from parley.accounts.models import User
secret = generate_totp_secret()
TOTP.activate(User.objects.get(email="member@example.org"), secret)
print(secret)
"""


@pytest.fixture
def site(tmp_path: Path, prepared_var: Path) -> Iterator[tuple[str, dict[str, object], str]]:
    """A seeded SQLite site served by `parley serve --workers 2`: its address, the seed,
    and the member's second-factor secret."""
    password = secrets.token_urlsafe(12)
    database = copy_prepared_var(prepared_var, tmp_path / "var")
    env = {
        **os.environ,
        "PARLEY_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "SCALE_PASSWORD": password,
        "LOG_LEVEL": "WARNING",
    }
    for unwanted in ("REDIS_URL", "DEBUG", "HTTPS", "PARLEY_RELEASE", "PARLEY_COMMENT_RATE"):
        env.pop(unwanted, None)
    run = {"env": env, "cwd": ROOT, "check": True, "capture_output": True, "timeout": 300}
    seed = json.loads(subprocess.run([sys.executable, "-m", "tests.scale.seed"], **run).stdout)  # type: ignore[call-overload]
    totp = subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-m", "parley.cli", "shell", "-c", ADD_SECOND_FACTOR], **run
    )
    seed["password"] = password
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "parley.cli", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            process_group=0,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: get_health(port) == (200, {"status": "ok"}),
            START_SECONDS,
            "/healthz",
            watching=[serve],
            explain=log.read_text,
        )
        yield url, seed, totp.stdout.decode().split()[-1]  # after the shell's own chatter
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        try:
            serve.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()


def sign_in(browser: Browser, url: str, email: str, password: str) -> int:
    """The status of the sign-in form's answer (302 signed in or sent on to the code)."""
    assert browser.get(f"{url}/accounts/login/").status == 200
    answer = browser.post_form(f"{url}/accounts/login/", {"login": email, "password": password})
    return answer.status


def test_limits_hold_exactly_across_two_web_workers_without_redis(
    site: tuple[str, dict[str, object], str],
) -> None:
    url, seed, secret = site

    # 30 guest comments from one address: exactly the allowed ten are accepted.
    guest = Browser()
    post = f"{url}{seed['post_url']}"
    assert guest.get(post).status == 200
    statuses = []
    for n in range(30):
        answer = guest.post_json(
            f"{url}/api/v1/discussions/{seed['discussion_id']}/comments",
            {
                "body": f"Comment number {n} from a guest who keeps going.",
                "author_name": f"Guest {n}",
                "author_email": f"guest{n}@example.org",
            },
        )
        statuses.append(answer.status)
    assert statuses.count(201) == COMMENT_RATE, statuses
    assert statuses[:COMMENT_RATE] == [201] * COMMENT_RATE, statuses

    # One one-time code signs in once: every later sign-in with it is refused.
    from allauth.mfa.totp.internal.auth import hotp_value

    member = seed["member"]
    assert isinstance(member, dict)

    def signs_in_with(code: str) -> bool:
        browser = Browser()
        assert sign_in(browser, url, member["email"], str(seed["password"])) == 302
        assert browser.get(f"{url}/accounts/2fa/authenticate/").status == 200
        answer = browser.post_form(f"{url}/accounts/2fa/authenticate/", {"code": code})
        return answer.status == 302

    # A code is good for its 30-second window only: a first try that crossed into the next
    # window on its way is made again with the next window's code.
    for _ in range(2):
        window = int(time.time()) // 30
        code = f"{hotp_value(secret, window):06d}"
        first = signs_in_with(code)
        if first or int(time.time()) // 30 == window:
            break
    assert first, "a fresh code was refused"
    assert sum(signs_in_with(code) for _ in range(5)) == 0, "a used code was accepted again"

    # Five wrong passwords lock the account: even the right one is refused after them.
    for _ in range(LOCKOUT):
        assert sign_in(Browser(), url, member["email"], "not the password") == 200
    for _ in range(4):
        browser = Browser()
        status = sign_in(browser, url, member["email"], str(seed["password"]))
        assert status != 302, "signed in through a worker that had not counted the failures"
