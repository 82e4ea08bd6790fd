"""A moderation decision, a comment joining a letter, and finding a comment's page, by the
size of the discussion (issue 23).

For one database it makes a fresh site and seeds a blog post's discussion at each size (by
default 1,000 and 100,000 comments) as `bench/scaling.py` does (bulk inserts, a third of the
comments replies to the one before), refreshes the planner statistics, then measures in this
process, `--repeat` times each, and prints the median and the queries of one:

- `change_status`: a thread removed, and restored (each one decision);
- `mark_copy`: a newly approved thread joining a letter whose first thread is comment 1;
- `place_of`: where a reply on a late page is (the 90th percentile of its threads), in each
  order a reader can choose, as `/c/N` and `?comment=N` ask;
- `thread_page`: page 1 and the middle page asked for by its number (`?page=N`), oldest
  first, 50 threads.

    nice .venv/bin/python bench/thread_counts.py --database sqlite [--sizes 1000 100000]
        [--repeat 30]

PostgreSQL uses the database named by BENCH_PG_DB (default `parley_thread_counts`) on
127.0.0.1, dropped and made again.
"""

import argparse
import os
import statistics
import subprocess
import time
from collections.abc import Callable

import _django

PG_DB = os.environ.get("BENCH_PG_DB", "parley_thread_counts")
BATCH = 6_000  # a multiple of 3, so a reply's parent is always in its batch


def database_url(kind: str) -> str:
    if kind == "sqlite":
        return ""
    for command in ("dropdb", "createdb"):
        extra = ["--if-exists"] if command == "dropdb" else []
        subprocess.run([command, *extra, "-h", "127.0.0.1", "-U", "postgres", PG_DB], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{PG_DB}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    _django.start("thread_counts", database_url(args.database), SECRET_KEY="bench-" + "x" * 60)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from parley import planner_statistics
    from parley.accounts.models import User
    from parley.blog import services as blog
    from parley.discussions import queries
    from parley.discussions import services as discussions
    from parley.discussions.models import PATH_WIDTH, Comment, Discussion, Status
    from parley.organisations.models import Membership, Organisation, Role

    organisation = Organisation.objects.create(name="Bench Council", slug="bench")
    editor = User.objects.create_user(email="editor@bench.invalid", display_name="Editor")
    Membership.objects.create(organisation=organisation, user=editor, role=Role.EDITOR)

    def comment(discussion: Discussion, number: int, **fields: object) -> Comment:
        return Comment(
            discussion=discussion,
            number=number,
            author_name=f"Guest {number}",
            author_email=f"g{number}@bench.invalid",
            body_markdown=f"Comment {number}: clause {number % 7} could be clearer.",
            body_html=f"<p>Comment {number}: clause {number % 7} could be clearer.</p>",
            like_count=number % 13,
            status=Status.APPROVED,
            **fields,
        )

    def seed(count: int) -> Discussion:
        discussion = blog.create_post(
            author=editor,
            organisation=organisation,
            title=f"Guidelines with {count} comments",
            body="Our principles.",
            status="published",
        ).discussion
        for start in range(1, count + 1, BATCH):
            numbers = range(start, min(start + BATCH, count + 1))
            tops = {n: comment(discussion, n, path=f"{n:0{PATH_WIDTH}d}") for n in numbers if n % 3}
            Comment.objects.bulk_create(tops.values())
            Comment.objects.bulk_create(
                comment(
                    discussion,
                    n,
                    parent=tops[n - 1],
                    depth=1,
                    path=f"{tops[n - 1].path}.{n:0{PATH_WIDTH}d}",
                )
                for n in numbers
                if n % 3 == 0
            )
        Discussion.objects.filter(pk=discussion.pk).update(last_number=count, comment_count=count)
        discussions.recount_threads(discussion.pk)
        return discussion

    started = time.perf_counter()
    seeded = {size: seed(size) for size in args.sizes}
    if args.database == "sqlite":
        planner_statistics.refresh()
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"{args.database}: seeded in {time.perf_counter() - started:.0f} s", flush=True)

    def measure(action: Callable[[int], object]) -> tuple[float, int]:
        """The median milliseconds of `action(i)` over the repeats, and one's queries."""
        times = []
        for i in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                action(i)
                times.append((time.perf_counter() - begun) * 1000)
        return statistics.median(times), len(captured)

    def figures(size: int, discussion: Discussion) -> dict[str, tuple[float, int]]:
        discussion.refresh_from_db()  # its kept counts, as a request reads them
        # Late threads: numbers 3k+1 are threads; those of the last tenth.
        late = [n for n in range(size * 9 // 10, size) if n % 3 == 1][: 2 * args.repeat + 2]
        thread = Comment.objects.get(discussion=discussion, number=late[0])
        found: dict[str, tuple[float, int]] = {}

        def decide(i: int) -> None:
            discussions.change_status(comment=thread, status=Status.REMOVED)
            discussions.change_status(comment=thread, status=Status.APPROVED)

        both = measure(decide)
        found["change_status (one decision)"] = (both[0] / 2, both[1] // 2)
        letter = Comment.objects.filter(discussion=discussion, number__in=[1, *late[1:]])
        joining = Comment.objects.filter(discussion=discussion, number__in=late[1:])
        joiners = list(joining.order_by("number"))

        def join(i: int) -> None:
            discussions.mark_copy(comment=joiners[i], letter=letter)

        found["mark_copy"] = measure(join)
        joining.update(copy_of=None)
        discussions.recount_threads(discussion.pk)
        reply = late[0] + 2  # number 3k replies to 3k-1
        for order in queries.ORDERINGS:

            def find(i: int, order: str = order) -> None:
                place = queries.place_of(
                    discussion, reply, user_id=None, own_ids=[], order=order, per_page=50
                )
                assert place is not None

            found[f"place_of, {order}"] = measure(find)
        middle = discussion.thread_count // 2 // 50 * 50  # read from the start
        for name, offset in (("page 1", 0), ("middle page by its number", middle)):

            def page(i: int, offset: int = offset) -> None:
                shown = queries.thread_page(
                    discussion,
                    user_id=None,
                    own_ids=[],
                    order="oldest",
                    offset=offset,
                    threads=50,
                    replies=10,
                )
                assert shown.versions

            found[f"thread_page, {name}"] = measure(page)
        return found

    rows: dict[str, dict[int, tuple[float, int]]] = {}
    for size, discussion in seeded.items():
        for what, figure in figures(size, discussion).items():
            rows.setdefault(what, {})[size] = figure
    small, large = min(args.sizes), max(args.sizes)
    print(f"\n{args.database}, median of {args.repeat} (queries of one)")
    print(f"| what | {' | '.join(f'{s:,} comments' for s in args.sizes)} | {large:,} / {small:,} |")
    print(f"| --- | {' | '.join('---' for _ in args.sizes)} | --- |")
    for what, by_size in rows.items():
        cells = " | ".join(f"{ms:.2f} ms ({n} q)" for ms, n in by_size.values())
        print(f"| {what} | {cells} | {by_size[large][0] / by_size[small][0]:.2f}x |")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
