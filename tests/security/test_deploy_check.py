"""Django's deployment checklist passes with the settings production is given."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.database_independent  # see pyproject.toml

PARLEY = str(Path(sys.executable).with_name("parley"))


def production_environment(tmp_path: Path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PARLEY_", "SECURE_", "HTTPS", "DEBUG", "EMAIL_"))
    }
    environment.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="example.org",
        HTTPS="true",
        SECURE_HSTS_PRELOAD="true",
        EMAIL_URL="smtp+tls://mail.example.org",
        PARLEY_VAR_DIR=str(tmp_path),
    )
    return environment


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [PARLEY, "check", "--deploy", "--fail-level", "WARNING"],
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_when_https_is_left_off(tmp_path: Path) -> None:
    environment = production_environment(tmp_path)
    environment.update(HTTPS="false", SECURE_HSTS_PRELOAD="false")
    result = subprocess.run(
        [PARLEY, "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr + result.stdout
