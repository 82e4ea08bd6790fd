"""The background analysis of a big consultation, run by the real task worker, and the pages
read while it runs; then the analysis JSON download, whole and streamed.

Makes a consultation (a version with four clauses) of N approved comments (100,000 by
default) from `bench/insights.py`'s seeded generator of realistic comments and planted form
letters (about 60% of them copies), spread over the version and its clauses and over two
weeks, each with a stance. Then (once, or with `--again` twice: the second replaces the
first's results, as an analyst's "analyse again" does):

- queues the analysis as the insights page's button does (`services.request_analysis`) and
  runs the task worker `parley serve` runs (`parley db_worker --queue-name '*'`, here with
  `--batch` so it stops when the queue is empty) in its own process: wall time, CPU time
  and peak RSS (VmHWM, read every 0.2 s) of the worker;
- meanwhile, now and then (a pause of twice the last round, 1 to 10 s, so the reader
  takes at most a third of a core), reads the insights page, the whole version's
  page and a clause's page (its discussion) as a signed-in editor (no page cache) through
  Django's test client in this process: each page's median and slowest time and any error
  (a page waiting on a lock would show here as slow, or as "database is locked").

The same pages are then read with no analysis running, for the ratio. Last, the analysis
JSON download for an analyst: the whole document encoded (`queries.analysis_document`, as
the download was written before) against the streamed one (`insights.streamed`): time,
peak of Python's allocations (tracemalloc, in a second pass), bytes, and that both are the
same bytes.

Run from the repository root:

    .venv/bin/python bench/background_analysis.py [--comments 100000] [--again]
                                                  [--database-url postgres://…/parley_bench]

Without --database-url it uses a new SQLite file in a temporary directory.
"""

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import _django

from insights import generate

if TYPE_CHECKING:
    from django.test import Client

    from parley.guidance.models import Version

BUDGET_SECONDS = 600
BUDGET_MB = 4096
STANCES = ["support", "oppose", "neutral", ""]


def vm_hwm_mb(pid: int) -> float:
    """The peak resident set of process `pid` so far, in MB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def seed(version: "Version", texts: list[str], rng: random.Random) -> None:
    from django.utils import timezone
    from django.utils.html import escape

    from parley.discussions.models import Comment, Status

    discussions = [version.discussion] + [c.discussion for c in version.clauses.all()]
    numbers = dict.fromkeys((d.pk for d in discussions), 0)
    now = timezone.now()

    def comment(n: int, text: str) -> Comment:
        discussion = discussions[rng.randrange(len(discussions))]
        numbers[discussion.pk] += 1
        number = numbers[discussion.pk]
        html = "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n"))
        return Comment(
            discussion=discussion,
            number=number,
            path=f"{number:07d}",
            author_name=f"Signatory {n}",
            author_email=f"signatory{n}@example.net",
            body_markdown=text,
            body_html=html,
            stance=rng.choice(STANCES),
            status=Status.APPROVED,
            created_at=now - timedelta(seconds=rng.randrange(14 * 24 * 3600)),
        )

    for start in range(0, len(texts), 2_000):
        Comment.objects.bulk_create(
            comment(n, texts[n]) for n in range(start, min(start + 2_000, len(texts)))
        )


def read_pages(client: "Client", pages: dict[str, str]) -> dict[str, float | str]:
    """Each page read once: its time in seconds, or what went wrong."""
    out: dict[str, float | str] = {}
    for name, url in pages.items():
        started = time.perf_counter()
        try:
            status = client.get(url).status_code
        except Exception as error:  # a lock or a time-out is a finding, not a crash
            out[name] = f"{type(error).__name__}: {error}"
            continue
        seconds = time.perf_counter() - started
        out[name] = seconds if status == 200 else f"HTTP {status}"
    return out


def summarise(rounds: list[dict[str, float | str]], pages: Iterable[str]) -> list[str]:
    lines = []
    for name in pages:
        times = [r[name] for r in rounds if isinstance(r.get(name), float)]
        errors = [r[name] for r in rounds if isinstance(r.get(name), str)]
        if times:
            line = (
                f"    {name:12} {len(times):3} reads: "
                f"median {statistics.median(times) * 1000:,.0f} ms, "
                f"slowest {max(times) * 1000:,.0f} ms"
            )
        else:
            line = f"    {name:12} no successful read"
        if errors:
            line += f"; {len(errors)} failed ({errors[0]})"
        lines.append(line)
    return lines


def run_worker(
    workdir: Path, client: "Client", pages: dict[str, str]
) -> tuple[float, float, float, list[dict[str, float | str]]]:
    """Run the task worker until the queue is empty, reading the pages meanwhile:
    (wall seconds, CPU seconds, peak RSS in MB, each round of page reads)."""
    log = (workdir / "worker.log").open("a")
    started = time.perf_counter()
    worker = subprocess.Popen(
        [sys.executable, "-m", "parley.cli", "db_worker", "--queue-name", "*", "--batch",
         "--no-startup-delay", "--no-reload"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    peak = 0.0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, vm_hwm_mb(worker.pid))
            done.wait(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    rounds = []
    status = None
    while status is None:
        round_started = time.perf_counter()
        rounds.append(read_pages(client, pages))
        # A reader now and then, not a load test: at most a third of a core, so the worker
        # keeps its own on a machine of two (and never more than 10 s between rounds).
        time.sleep(min(10.0, max(1.0, 2 * (time.perf_counter() - round_started))))
        _pid, status_or_zero, usage = os.wait4(worker.pid, os.WNOHANG)
        if _pid:
            status = status_or_zero
    seconds = time.perf_counter() - started
    done.set()
    watcher.join()
    log.close()
    if status != 0:
        raise SystemExit(f"the worker failed (status {status}); see {workdir / 'worker.log'}")
    return seconds, usage.ru_utime + usage.ru_stime, peak, rounds


def measured(make: Callable[[], Iterable[str]]) -> tuple[float, float, int, str]:
    """(seconds, peak MB of Python allocations, bytes, sha256) of writing a download out:
    timed in one pass, traced in a second."""
    started = time.perf_counter()
    digest = hashlib.sha256()
    size = 0
    for piece in make():
        data = piece.encode()
        size += len(data)
        digest.update(data)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    for _piece in make():
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1e6, size, digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--again", action="store_true", help="then analyse again, replacing the results"
    )
    args = parser.parse_args()
    workdir = _django.start(
        "background_analysis",
        args.database_url,
        DEBUG="false",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        EMAIL_URL="console:",
        PARLEY_PAGE_CACHE="false",
    )
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from parley import planner_statistics
    from parley.guidance import services as guidance
    from parley.insights import queries, services, streamed
    from parley.insights.models import Analysis

    call_command("collectstatic", interactive=False, verbosity=0)
    editor, version = _django.draft_guidance()
    now = timezone.now()
    guidance.schedule_consultation(
        version=version,
        user=editor,
        opens_at=now - timedelta(days=15),
        closes_at=now + timedelta(days=7),
    )
    started = time.perf_counter()
    texts, _labels, _kinds = generate(args.comments, args.seed)
    seed(version, texts, random.Random(args.seed))
    del texts
    # As production keeps them (on migrate and from the clock): the planner's statistics.
    if not planner_statistics.refresh():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{args.comments:,} comments made in {time.perf_counter() - started:.1f} s", flush=True)

    client = Client()
    client.force_login(editor)
    slug, number = version.document.slug, version.number
    clause = version.clauses.order_by("position")[0]
    pages = {
        "insights": reverse("insights:insights", args=[slug, number]),
        "version": reverse("guidance:version", args=[slug, number]),
        "clause": clause.get_absolute_url(),
    }
    budget = f"budget {BUDGET_SECONDS / 60:.0f} min, {BUDGET_MB:,} MB"
    for label in ("first analysis", "analysed again")[: 2 if args.again else 1]:
        services.request_analysis(version=version)
        seconds, cpu, peak, rounds = run_worker(workdir, client, pages)
        analysis = Analysis.objects.defer("campaign_index").get(version=version)
        assert analysis.state == Analysis.State.DONE, analysis.state
        verdict = "within" if seconds < BUDGET_SECONDS and peak < BUDGET_MB else "OVER"
        print(
            f"{label}: {seconds:.1f} s, worker CPU {cpu:.1f} s, worker peak RSS {peak:,.0f} MB "
            f"({verdict} the {budget}); {analysis.comment_count:,} comments, "
            f"{analysis.campaigns.count():,} campaigns, {analysis.themes.count()} themes"
        )
        print("  pages read while it ran:")
        print("\n".join(summarise(rounds, pages)), flush=True)
    quiet = [read_pages(client, pages) for _ in range(5)]
    print("  pages read with no analysis running:")
    print("\n".join(summarise(quiet, pages)))

    print("analysis JSON download (an analyst's):")
    encoder = json.JSONEncoder(ensure_ascii=False, indent=1)
    runs = {
        "whole, then encoded": lambda: encoder.iterencode(
            queries.analysis_document(version, analyst=True)
        ),
        "streamed": lambda: streamed.analysis_json(version, analyst=True),
    }
    digests = set()
    for name, make in runs.items():
        seconds, peak_mb, size, digest = measured(make)
        digests.add(digest)
        print(
            f"  {name:20} {seconds:6.1f} s, peak Python allocations {peak_mb:7.1f} MB, "
            f"{size / 1e6:.1f} MB written"
        )
    print(f"  the same bytes: {'yes' if len(digests) == 1 else 'NO'}")
    print(f"database: {os.environ['DATABASE_URL'].split(':')[0]}; files in {workdir}")
    print(f"load average at the end: {', '.join(f'{n:.1f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
