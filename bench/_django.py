"""What the benchmarks share: Django on a throw-away database of their own, and the draft
guidance most of them start from. Import it first, then call `start` before importing any of
Parley's models."""

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parley.accounts.models import User
    from parley.guidance.models import Version

REPO = Path(__file__).resolve().parents[1]


def start(name: str, database_url: str = "", *, migrate: bool = True, **environment: str) -> Path:
    """Set Django up in a new folder of its own (its files, and its SQLite database unless
    `database_url` names another), with `environment` added; migrate unless told not to.
    Returns the folder."""
    workdir = Path(tempfile.mkdtemp(prefix=f"parley_{name}_bench_"))
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["PARLEY_VAR_DIR"] = str(workdir)
    (workdir / "static").mkdir()  # WhiteNoise warns without it
    os.environ.update(environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
    sys.path.insert(0, str(REPO / "src"))

    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    return workdir


def draft_guidance(clauses: int = 4) -> "tuple[User, Version]":
    """An editor of the "bench" organisation and the first version, still a draft, of a
    document of theirs with `clauses` clauses, all made through the services."""
    from parley.accounts.models import User
    from parley.guidance import services as guidance
    from parley.organisations.models import Membership, Organisation, Role

    organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    editor = User.objects.create_user(email="bench-editor@example.org", display_name="Editor")
    Membership.objects.create(organisation=organisation, user=editor, role=Role.EDITOR)
    document = guidance.create_document(
        user=editor, organisation=organisation, title="Bench principles", summary="Bench."
    )
    version = document.versions.get()
    for n in range(1, clauses + 1):
        guidance.add_clause(version=version, user=editor, heading=f"Clause {n}", body="Text.")
    return editor, version
