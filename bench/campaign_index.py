"""What matching comments against a consultation's campaign index costs, at scale.

Makes a consultation (a version with four clauses) of N approved comments (20,000 by
default, made in bulk): half of them near-copies of twelve form letters (each copy with a
few words of its own), half distinct comments. Runs the full analysis once, then measures:

- the moderation queue's lookup, `insights.queries.campaigns_nearly_copied`, for a page of
  200 held comments (three in five near-copies of a letter): seconds, queries and the
  peak of Python's own allocations (tracemalloc, in a separate pass so the timing is not
  slowed by it), the first time in the process and again;
- `insights.services.attach_comment` for newly approved comments (near-copies and distinct
  ones alike): the first one, and the median and peak of the next ten.

Run from the repository root:

    .venv/bin/python bench/campaign_index.py [--comments 20000]
                                             [--database-url postgres://…/parley_bench]

Without --database-url it uses a new SQLite file in a temporary directory.
"""

import argparse
import os
import random
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import _django

LETTERS = 12
HELD = 200


def forget_indexes() -> None:
    """As a new process would start: the campaign indexes it read are forgotten."""
    from parley.insights import queries

    getattr(queries, "_LOADED", {}).clear()  # none kept before it was added


def measured(run: Callable[[], Any], *, cold: bool = False) -> tuple[Any, float, int, float]:
    """(result, seconds, queries, peak MB of Python allocations) of one call; `run` is
    called twice: timed, then traced (each in a process that has read no index if `cold`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if cold:
        forget_indexes()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - started
    if cold:
        forget_indexes()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, len(queries), peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    workdir = _django.start("campaign_index", args.database_url)
    from django.utils import timezone

    from parley.discussions.models import Comment, Status
    from parley.guidance import services as guidance
    from parley.insights import queries, services

    editor, version = _django.draft_guidance()
    now = timezone.now()
    guidance.schedule_consultation(
        version=version,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    discussions = [version.discussion] + [c.discussion for c in version.clauses.all()]

    rng = random.Random(args.seed)
    vocabulary = [f"w{n}" for n in range(3_000)] + ["council", "staff", "residents", "clause"]

    def words(count: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(count))

    letters = [words(rng.randint(60, 120)) for _ in range(LETTERS)]

    def text(copy: bool) -> str:
        if copy:
            return f"{rng.choice(letters)} {words(rng.randint(0, 4))}"
        return words(rng.randint(20, 80))

    numbers = dict.fromkeys((d.pk for d in discussions), 0)

    def comment(status: str, body: str, n: int) -> Comment:
        discussion = discussions[n % len(discussions)]
        numbers[discussion.pk] += 1
        number = numbers[discussion.pk]
        return Comment(
            discussion=discussion,
            number=number,
            path=f"{number:07d}",
            author_name=f"Signatory {n}",
            author_email=f"signatory{n}@example.net",
            body_markdown=body,
            body_html=f"<p>{body}</p>",
            status=status,
            created_at=now - timedelta(seconds=n),
        )

    started = time.perf_counter()
    for start in range(0, args.comments, 2_000):
        Comment.objects.bulk_create(
            comment(Status.APPROVED, text(copy=n % 2 == 0), n)
            for n in range(start, min(start + 2_000, args.comments))
        )
    print(f"{args.comments:,} comments made in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    analysis = services.analyse(version=version)
    print(
        f"analysed in {time.perf_counter() - started:.1f} s: {analysis.campaigns.count()} "
        f"campaigns, index {len(bytes(analysis.campaign_index)) / 1e6:.1f} MB"
    )

    base = args.comments + 1
    held = Comment.objects.bulk_create(
        comment(Status.PENDING, text(copy=n % 5 < 3), base + n) for n in range(HELD)
    )
    held = list(Comment.objects.filter(pk__in=[c.pk for c in held]).order_by("pk"))
    for attempt in ("first", "again"):
        found, seconds, count, peak = measured(
            lambda: queries.campaigns_nearly_copied(held), cold=attempt == "first"
        )
        print(
            f"campaigns_nearly_copied, {HELD} held, {len(found)} matched ({attempt}): "
            f"{seconds * 1000:,.0f} ms, {count} queries, peak Python allocations {peak:.1f} MB"
        )

    base += HELD
    samples: list[tuple[float, int, float]] = []
    for n in range(11):
        # Two made per sample: `measured` attaches one, then traces attaching the other.
        pair = iter(
            Comment.objects.bulk_create(
                comment(Status.APPROVED, text(copy=n % 2 == 0), base + 2 * n + k) for k in (0, 1)
            )
        )
        _, seconds, count, peak = measured(
            lambda pair=pair: services.attach_comment(comment=next(pair)), cold=n == 0
        )
        samples.append((seconds, count, peak))
    first, rest = samples[0], samples[1:]
    print(
        f"attach_comment, first: {first[0] * 1000:,.0f} ms, {first[1]} queries, "
        f"peak Python allocations {first[2]:.1f} MB"
    )
    median = statistics.median(s[0] for s in rest)
    print(
        f"attach_comment, next {len(rest)}: median {median * 1000:,.0f} ms, "
        f"{max(s[1] for s in rest)} queries at most, "
        f"peak Python allocations {max(s[2] for s in rest):.1f} MB"
    )
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"database: {os.environ['DATABASE_URL'].split(':')[0]}; files in {workdir}")
    print(f"load average at the end: {', '.join(f'{n:.1f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
