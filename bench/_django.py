"""What the benchmarks share: Django on a throw-away database of their own, and the draft
guidance most of them start from. Import it first, then call `start` before importing any of
Parley's models."""

import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
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


def server_cpu_seconds() -> float | None:
    """CPU time of this connection's PostgreSQL backend (on this machine), else None."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def import_twice(run: Callable[[], tuple[int, int]], *, comments: int, workdir: Path) -> None:
    """Time `run` (an import returning how many comments it imported and how many problems
    it reported) on a file of `comments` comments, then the same file again, and print for
    each: wall and CPU time, comments per second and per CPU second (this process, and with
    the PostgreSQL server's CPU added when it is on this machine), and the peak RSS so far.
    Then the database and the machine's load."""
    for label in ("first import", "same file again"):
        server = server_cpu_seconds()
        started, cpu = time.perf_counter(), time.process_time()
        imported, problems = run()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        server_after = server_cpu_seconds()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{label}: {seconds:.1f} s, {imported:,} comments imported "
            f"({comments / seconds:,.0f} comments/s read; {cpu:.1f} s of CPU in this process, "
            f"{comments / cpu:,.0f} comments per CPU second), peak RSS so far {peak_mb:.0f} MB, "
            f"{problems} problems"
        )
        if server is not None and server_after is not None:
            both = cpu + server_after - server
            print(
                f"  PostgreSQL server: {server_after - server:.1f} s of CPU; both together "
                f"{both:.1f} s: {comments / both:,.0f} comments per CPU second"
            )
    print(f"database: {os.environ['DATABASE_URL'].split(':')[0]}; files in {workdir}")
    print(f"load average at the end: {', '.join(f'{n:.1f}' for n in os.getloadavg())}")
