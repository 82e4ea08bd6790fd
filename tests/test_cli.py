"""The `parley` command itself: its help lists Parley's commands first, its version is
Parley's, and old command names still work."""

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands

from parley.cli import ALIASES, GROUPS

PARLEY = str(Path(sys.executable).parent / "parley")


def parley(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PARLEY, *args], capture_output=True, text=True, check=False, timeout=120)


@pytest.mark.database_independent  # a command in another process; see pyproject.toml
def test_help_lists_parleys_commands_grouped_then_points_to_djangos() -> None:
    shown = parley("--help")
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "Running the site:" in out
    assert "  send-notifications  Announce scheduled news" in out
    assert "  import-wordpress  Import a WordPress export" in out
    assert "startproject" not in out
    assert "squashmigrations" not in out
    assert "parley help --django" in out
    assert out.index("serve") < out.index("migrate")
    assert parley().stdout == out
    assert parley("help").stdout == out


@pytest.mark.database_independent  # a command in another process; see pyproject.toml
def test_help_django_lists_every_command() -> None:
    out = parley("help", "--django").stdout
    assert "squashmigrations" in out
    assert "import-wordpress" in out


@pytest.mark.database_independent  # a command in another process; see pyproject.toml
def test_version_is_parleys() -> None:
    shown = parley("--version")
    assert shown.returncode == 0
    assert shown.stdout == f"parley {version('parley')}\n"


@pytest.mark.database_independent  # a command in another process; see pyproject.toml
def test_a_parley_commands_version_is_parleys_and_a_django_commands_djangos() -> None:
    assert parley("setup", "--version").stdout == f"parley {version('parley')}\n"
    assert parley("migrate", "--version").stdout == f"{version('django')}\n"


def test_every_parley_command_is_in_a_group_of_the_help() -> None:
    ours = {
        name for name, app in get_commands().items() if app == "parley" or app.startswith("parley.")
    }
    grouped = {name for names in GROUPS.values() for name in names}
    assert ours - set(ALIASES) <= grouped


def test_command_names_are_hyphenated_with_old_names_kept_as_aliases() -> None:
    grouped = [name for names in GROUPS.values() for name in names]
    assert not [name for name in grouped if "_" in name]
    assert set(ALIASES.values()) <= set(grouped)
    assert set(ALIASES) <= set(get_commands())


@pytest.mark.django_db
def test_the_old_name_send_notifications_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("send_notifications")
    assert "sent 0 e-mails;" in capsys.readouterr().out


@pytest.mark.database_independent  # a command in another process; see pyproject.toml
def test_a_reader_that_goes_away_stops_the_command_without_a_traceback() -> None:
    # `parley help --django | head -0`: the pipe is closed before anything is written.
    with subprocess.Popen(
        [PARLEY, "help", "--django"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()
        errors = process.stderr.read().decode()
        assert process.wait(timeout=120) == 141
    assert "Traceback" not in errors
    assert "BrokenPipe" not in errors
