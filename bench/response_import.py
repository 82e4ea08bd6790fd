"""How fast responses are imported from a CSV file (`consultations.imports`, the service of
the upload page and of `parley import-responses`).

Makes a version with five questions (one of each kind) and a CSV of N responses (10,000 by
default: name, e-mail, consent, an answer to every question, a free-text answer of about
thirty words), then imports it twice: the first time every row is added, the second time
every row is found already imported (nothing added). Prints rows per second for reading,
checking and saving (by the clock, and the CPU this process used: on a shared machine the
clock also counts other processes' turns), and the queries each run made. Run from the
repository root:

    .venv/bin/python bench/response_import.py [--responses 10000]
                                              [--database-url postgres://…/parley_bench]
                                              [--profile 25]

With --profile N it runs the first import under cProfile and prints its N costliest
functions (by their own time and by cumulative time) after the figures.

Without --database-url it uses a new SQLite file in a temporary directory.
"""

import argparse
import cProfile
import csv
import io
import os
import pstats
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="parley_import_bench_"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
    sys.path.insert(0, str(REPO / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from parley.accounts.models import User
    from parley.consultations import imports
    from parley.consultations import services as consultations
    from parley.consultations.models import Response
    from parley.guidance import services as guidance
    from parley.organisations.models import Membership, Organisation, Role

    call_command("migrate", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    editor = User.objects.create_user(
        email=f"bench-editor-{time.time_ns()}@example.org", display_name="Editor"
    )
    Membership.objects.create(organisation=organisation, user=editor, role=Role.EDITOR)
    document = guidance.create_document(
        user=editor,
        organisation=organisation,
        title=f"Bench import {time.time_ns()}",
        summary="Bench.",
    )
    version = document.versions.get()
    for n in range(1, 5):
        guidance.add_clause(version=version, user=editor, heading=f"Clause {n}", body="Text.")
    for question in (
        consultations.QuestionIn(kind="single", text="Help?", options=["Yes", "No"]),
        consultations.QuestionIn(kind="multiple", text="Where?", options=["A", "B", "C"]),
        consultations.QuestionIn(kind="scale", text="Clear?"),
        consultations.QuestionIn(kind="text", text="What would you change?"),
        consultations.QuestionIn(kind="clause", text="Which clause?"),
    ):
        consultations.add_question(version=version, user=editor, question=question)
    now = timezone.now()
    guidance.schedule_consultation(
        version=version,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    out = io.StringIO()
    sheet = csv.writer(out)
    sheet.writerow(["Name", "Email", "Consent", "Q1", "Q2", "Q3", "Q4", "Q5"])
    text = "I would make the guidance shorter and give examples from councils and charities."
    for index in range(args.responses):
        sheet.writerow(
            [
                f"Respondent {index}",
                f"respondent{index}@example.net",
                ("named", "anonymous", "confidential")[index % 3],
                ("Yes", "No")[index % 2],
                "A;C" if index % 2 else "B",
                ("Agree", "Disagree", "Strongly agree")[index % 3],
                f"{text} ({index})",
                str(1 + index % 4),
            ]
        )
    content = out.getvalue().encode()
    column_map = imports.ColumnMap(
        columns={
            "Name": "name",
            "Email": "email",
            "Consent": "consent",
            **{f"Q{n}": f"question:{n}" for n in range(1, 6)},
        },
        channel="post",
    )
    print(
        f"{connection.vendor}: a CSV of {args.responses:,} responses, "
        f"{len(content) / 1e6:.1f} MB, five questions"
    )
    profiles: list[cProfile.Profile] = []
    for run in ("first import", "same file again"):
        queries: list[str] = []

        def counted(execute: Any, sql: str, *rest: Any, seen: list[str] = queries) -> Any:
            seen.append(sql)
            return execute(sql, *rest)

        profiler = cProfile.Profile() if args.profile and run == "first import" else None
        started, cpu = time.perf_counter(), time.process_time()
        if profiler is not None:
            profiler.enable()
        with connection.execute_wrapper(counted):
            table = imports.read_table(io.BytesIO(content), "bench.csv")
            read = time.perf_counter() - started
            result = imports.import_responses(
                version=version, table=table, column_map=column_map, by=editor
            )
        if profiler is not None:
            profiler.disable()
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        if profiler is not None:
            profiles.append(profiler)
        print(
            f"  {run}: {result.imported:,} imported, {result.already:,} already there, "
            f"{took:.2f} s in all ({read:.2f} s reading; {cpu:.2f} s of this process's CPU): "
            f"{args.responses / took:,.0f} rows/s, {len(queries)} queries"
        )
    counted = Response.objects.counted().filter(version=version).count()
    print(f"  counted responses afterwards: {counted:,}")
    if profiles:
        for order in ("tottime", "cumulative"):
            pstats.Stats(profiles[0]).sort_stats(order).print_stats(args.profile)


if __name__ == "__main__":
    main()
