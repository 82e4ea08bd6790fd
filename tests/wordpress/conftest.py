"""Helpers for the WordPress tests: the fixture files and running the import command."""

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from parley.organisations.models import Organisation

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_path(name: str) -> Path:
    return FIXTURES / name


@pytest.fixture
def import_file(organisation: Organisation) -> Callable[..., str]:
    """Runs `parley import-wordpress` on a fixture file; returns what it printed."""

    def run(name: str, *args: str) -> str:
        out = StringIO()
        call_command(
            "import-wordpress", str(fixture_path(name)), "--organisation", organisation.slug,
            *args, stdout=out,
        )  # fmt: skip
        return out.getvalue()

    return run


@pytest.fixture
def import_text(organisation: Organisation, tmp_path: Path) -> Callable[[str], str]:
    """Runs `parley import-wordpress` on an export written by the test; returns the report."""

    def run(text: str) -> str:
        export = tmp_path / "export.xml"
        export.write_text(text, encoding="utf-8")
        out = StringIO()
        call_command(
            "import-wordpress", str(export), "--organisation", organisation.slug, stdout=out
        )
        return out.getvalue()

    return run


from tests.wordpress.real import _wordpress_session, wordpress  # noqa: E402, F401 - fixtures
