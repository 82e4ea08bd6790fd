"""A member of staff who has just signed in is not asked to prove it again, and the demo's
staff reach the moderation queue with the password and authenticator code it prints."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from tests.builders import (
    PASSWORD,
    SET_UP,
    code_for,
    give_second_factor,
    sign_in_with_second_factor,
)

pytestmark = pytest.mark.usefixtures("second_factor_required")

REAUTHENTICATE = "/accounts/reauthenticate/"


def _found(pattern: str, text: str) -> str:
    """The first group of `pattern` in `text`, which must match."""
    found = re.search(pattern, text)
    assert found is not None, pattern
    return found.group(1)


def test_a_moderator_who_just_signed_in_sets_up_a_second_factor_without_retyping_the_password(
    client: Client, moderator: User
) -> None:
    client.post("/accounts/login/", {"login": moderator.email, "password": PASSWORD})
    to_set_up = client.get("/moderation/")["Location"]
    assert to_set_up.startswith(SET_UP)
    page = client.get(to_set_up)
    assert page.status_code == 200
    assert "Set up a second factor" in page.content.decode()


def test_setting_up_the_app_just_after_signing_in_shows_the_recovery_codes_without_asking_again(
    client: Client, moderator: User
) -> None:
    client.post("/accounts/login/", {"login": moderator.email, "password": PASSWORD})
    secret = client.get(SET_UP).context["form"].secret
    turned_on = client.post(SET_UP, {"code": code_for(secret)})
    codes = client.get(turned_on["Location"])
    assert codes.status_code == 200
    assert "Recovery codes" in codes.content.decode()


def test_a_sign_in_with_password_and_code_counts_as_recent_for_the_recovery_codes(
    client: Client, moderator: User
) -> None:
    secret = give_second_factor(moderator)
    sign_in_with_second_factor(client, moderator, code_for(secret))
    assert client.get("/accounts/2fa/recovery-codes/generate/").status_code == 200


def test_a_sign_in_older_than_the_reauthentication_timeout_is_asked_to_confirm(
    client: Client, moderator: User, settings: Settings
) -> None:
    client.post("/accounts/login/", {"login": moderator.email, "password": PASSWORD})
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    response = client.get(SET_UP)
    assert response["Location"].startswith(REAUTHENTICATE)


def test_a_session_made_without_signing_in_is_asked_to_confirm(
    client: Client, moderator: User
) -> None:
    client.force_login(moderator)
    assert client.get(SET_UP)["Location"].startswith(REAUTHENTICATE)


def test_the_demo_moderator_reads_the_queue_in_three_steps_after_signing_in(
    db: None, settings: Settings, tmp_path: Path, client: Client
) -> None:
    settings.VAR_DIR = tmp_path
    output = StringIO()
    call_command("demo", stdout=output)
    printed = output.getvalue()
    password = _found(r"moderator@demo\.invalid with password (\S+)", printed)
    code = _found(r"code for the demo staff now: (\d{6})", printed)
    secret = _found(r"secret ([A-Z2-7]+)", printed)
    assert secret in (tmp_path / "demo-credentials.txt").read_text()

    steps = [
        client.post("/accounts/login/", {"login": "moderator@demo.invalid", "password": password}),
        client.post("/accounts/2fa/authenticate/", {"code": code}),
        client.get("/moderation/"),
    ]
    assert steps[0]["Location"] == "/accounts/2fa/authenticate/"
    assert steps[1].status_code == 302
    queue = steps[2]
    assert queue.status_code == 200
    assert "Will there be a version of this for contractors and agency staff?" in (
        queue.content.decode()
    )


def test_the_demo_prints_a_fresh_code_when_run_again(
    db: None, settings: Settings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    call_command("demo", stdout=StringIO())
    again = StringIO()
    call_command("demo", "--code", stdout=again)
    assert re.fullmatch(
        r"Authenticator code for the demo staff now: \d{6} \(for \d+ s more; .*\)\n",
        again.getvalue(),
    )
