"""Fixtures for the Disqus import tests: an old WordPress site moved here, a post of
Parley's own, and running `parley import-disqus` on the Disqus-shaped export."""

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from parley.blog.models import Post
from parley.organisations.models import Organisation
from tests.wordpress.disqus.helpers import DISQUS, FORUM


@pytest.fixture
def moved_site(organisation: Organisation, post: Post) -> Post:
    """The old WordPress blog imported into `organisation`, beside Parley's own `post`."""
    call_command(
        "import-wordpress", str(DISQUS / "old-site.xml"), "--organisation", organisation.slug,
        stdout=StringIO(),
    )  # fmt: skip
    return post


@pytest.fixture
def import_disqus(tmp_path: Path) -> Callable[..., str]:
    """Runs `parley import-disqus` on an export (the fixture's text unless given);
    returns what it printed."""

    def run(*args: str, text: str = FORUM) -> str:
        export = tmp_path / "disqus-export.xml"
        export.write_text(text, encoding="utf-8")
        out = StringIO()
        call_command("import-disqus", str(export), *args, stdout=out)
        return out.getvalue()

    return run
