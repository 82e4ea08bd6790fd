"""Every Welsh catalogue under src/ translates everything: no entry empty or fuzzy, and no
string marked in its source missing from it (nor one left over that the source dropped).
The catalogues are found afresh each run, so an app's new catalogue is checked too."""

import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.i18n.catalogues import (
    SRC,
    Catalogue,
    catalogues,
    fresh_catalogue,
    gettext_tool,
    start_makemessages,
)


def msgids(po: Path) -> set[tuple[str, str, str]]:
    """(context, msgid, plural) of every entry but the header, read by GNU gettext."""
    listed = subprocess.run(
        [gettext_tool("msgcat"), "--no-wrap", "--no-location", "--sort-output", str(po)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found: set[tuple[str, str, str]] = set()
    entry: dict[str, str] = {}
    for line in [*listed.splitlines(), ""]:
        if not line.strip():
            if entry.get("msgid"):
                found.add((entry.get("msgctxt", ""), entry["msgid"], entry.get("msgid_plural", "")))
            entry = {}
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ")):
            key, _, value = line.partition(" ")
            entry[key] = value
    return found


def test_there_are_catalogues_to_check() -> None:
    names = {catalogue.name for catalogue in catalogues()}
    assert "locale/cy/LC_MESSAGES/django.po" in names
    assert "accounts/allauth_locale/cy/LC_MESSAGES/django.po" in names
    assert {"accounts", "moderation", "notifications"} <= {name.split("/")[0] for name in names}


@pytest.mark.parametrize("catalogue", catalogues(), ids=lambda c: c.name)
def test_no_entry_is_empty_or_fuzzy(catalogue: Catalogue) -> None:
    for option, problem in [("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")]:
        left = subprocess.run(
            [gettext_tool("msgattrib"), option, "--no-wrap", str(catalogue.po)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert left.strip() == "", f"{problem} in {catalogue.name}:\n{left}"
    subprocess.run(
        [gettext_tool("msgfmt"), "--check", "-o", "/dev/null", str(catalogue.po)],
        check=True,
        capture_output=True,
    )


def test_every_marked_string_is_in_its_catalogue() -> None:
    """makemessages runs for all catalogues at once, each on a temporary copy of its source."""
    with tempfile.TemporaryDirectory() as tmp:
        running = []
        for number, catalogue in enumerate(catalogues()):
            into = Path(tmp) / str(number)
            running.append((catalogue, into, start_makemessages(catalogue, into)))
        problems = []
        for catalogue, into, process in running:
            _, errors = process.communicate()
            assert process.returncode == 0, errors.decode()
            fresh = fresh_catalogue(into)
            marked = msgids(fresh) if fresh.exists() else set()
            committed = msgids(catalogue.po)
            if missing := marked - committed:
                problems.append(f"{catalogue.name} lacks {sorted(missing)}")
            if stale := committed - marked:
                problems.append(f"{catalogue.name} has strings no longer marked: {sorted(stale)}")
    assert problems == [], "\n".join(problems) + (
        f"\nUpdate it: cd {SRC}/<app> && ../../../.venv/bin/parley makemessages -l cy "
        "--add-location file --no-obsolete (docs/welsh.md)"
    )
