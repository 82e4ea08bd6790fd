"""Settings read from the environment fail loudly, naming the variable, on a bad value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from parley.config import database_from_url, email_from_url, env_bool, env_int, site_url

pytestmark = pytest.mark.database_independent  # see pyproject.toml


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("yes", True), ("Off", False)])
def test_env_bool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("PARLEY_FLAG", value)
    assert env_bool("PARLEY_FLAG", not expected) is expected


def test_env_bool_falls_back_to_the_default_when_unset_or_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PARLEY_FLAG", raising=False)
    assert env_bool("PARLEY_FLAG", True) is True
    monkeypatch.setenv("PARLEY_FLAG", "")
    assert env_bool("PARLEY_FLAG", False) is False


def test_env_bool_names_the_variable_when_the_value_is_not_a_boolean(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PARLEY_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match=r"PARLEY_FLAG.*'maybe'"):
        env_bool("PARLEY_FLAG", False)


def test_env_int_reads_a_whole_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_COUNT", "42")
    assert env_int("PARLEY_COUNT", 1) == 42


def test_env_int_names_the_variable_when_the_value_is_not_a_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PARLEY_COUNT", "4.5")
    with pytest.raises(ImproperlyConfigured, match=r"PARLEY_COUNT.*'4\.5'"):
        env_int("PARLEY_COUNT", 1)


def test_database_url_for_sqlite_turns_on_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    config = database_from_url(f"sqlite:///{tmp_path / 'parley.sqlite3'}")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "parley.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] > 0


def test_database_url_for_postgresql_is_parsed_into_its_parts() -> None:
    config = database_from_url("postgres://parley:s3cret@db.example.org:5433/parley")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example.org", 5433, "parley")
    assert (config["USER"], config["PASSWORD"]) == ("parley", "s3cret")


def test_database_url_names_the_variable_when_the_database_is_unsupported() -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url("mssql://db.example.org/parley")


def smtp_options(url: str) -> dict[str, object]:
    mailer = email_from_url(url)
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    options = mailer["OPTIONS"]
    assert isinstance(options, dict)
    return options


def test_email_url_smtp_gives_host_port_and_credentials() -> None:
    options = smtp_options("smtp://mailer:p%40ss@mail.example.org:2525")
    assert (options["host"], options["port"]) == ("mail.example.org", 2525)
    assert (options["username"], options["password"]) == ("mailer", "p@ss")
    assert options["use_tls"] is False
    assert options["use_ssl"] is False


def test_email_url_smtp_without_a_port_uses_port_25() -> None:
    assert smtp_options("smtp://mail.example.org")["port"] == 25


def test_email_url_smtp_tls_turns_on_starttls() -> None:
    options = smtp_options("smtp+tls://mailer:secret@mail.example.org:587")
    assert options["use_tls"] is True
    assert options["use_ssl"] is False
    assert options["port"] == 587


def test_email_url_smtp_tls_without_a_port_uses_the_submission_port() -> None:
    assert smtp_options("smtp+tls://mail.example.org")["port"] == 587


def test_email_url_console_prints_mail_instead_of_sending_it() -> None:
    assert email_from_url("console:") == {
        "BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


@pytest.mark.parametrize(
    "url", ["ftp://mail.example.org", "smtp://mail.example.org:notaport", "smtp://"]
)
def test_email_url_names_the_variable_when_the_url_is_unusable(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_from_url(url)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("EMAIL_URL", "ftp://x"),
        ("PARLEY_TOKEN_DAYS", "ninety"),
        ("OIDC_PROVIDERS", "[{"),
        ("OIDC_PROVIDERS", '[{"id": "entra"}]'),
    ],
)
def test_parley_refuses_to_start_with_a_bad_setting_and_says_which(
    tmp_path: Path, variable: str, value: str
) -> None:
    env = {**os.environ, "PARLEY_VAR_DIR": str(tmp_path), variable: value}
    result = subprocess.run(
        [sys.executable, "-m", "parley.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert f"parley: configuration error: {variable}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_site_url_is_kept_without_a_trailing_slash() -> None:
    assert site_url("https://parley.example/") == "https://parley.example"
    assert site_url("http://127.0.0.1:8101") == "http://127.0.0.1:8101"


@pytest.mark.parametrize("value", ["parley.example", "ftp://parley.example", "https://x.org/a/"])
def test_site_url_names_the_variable_when_it_is_not_a_site_address(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        site_url(value)
