"""How posting a comment scales with the size of its discussion, and what the duplicate
check and SQLite's planner statistics have to do with it (issue 23).

Before saving, `discussions.services.post_comment` looks for the same text from the same
person in the same discussion in the last minute (`_earlier_duplicate`). For each size
(by default an empty discussion and ones of 1,000, 50,000 and 100,000 comments, all but
the last 20 older than a day, half from 200 signed-in people and half from guests) this
seeds a fresh database and measures, with and without the index `comment_recent` (the
index the check uses) and with and without planner statistics (on SQLite,
`parley.planner_statistics.refresh`, timed):

- the duplicate check alone: median of `--checks` calls that find nothing (the usual case);
- a whole comment POST through the service: median of `--posts` comments, by one person
  with a new text each time (rate limit raised; notifications queued as usual);
- the query plan SQLite (or PostgreSQL) chose for the check;
- last, a POST whose text @mentions someone (the names it could mean are read from the
  discussion's commenters);
- first, a page of the comments API (the first page, and one from the middle of the
  discussion), with its size and queries: the same whatever the size of the discussion.

    .venv/bin/python bench/comment_posting.py [--sizes 0 1000 50000 100000]
        [--checks 300] [--posts 60] [--database-url postgres://…/parley_bench]

Without --database-url it uses a new SQLite file in a temporary directory. Target: a
POST into the 100,000-comment discussion within 1.2x of one into the empty discussion.
"""

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import timedelta

import _django

INDEX = "comment_recent"
BATCH = 5_000
NEW = "A new thought nobody has had before."  # what the check looks for, and never finds
# Commenters' names: 40 first names (so one in 40 people shares a mentioned person's first
# name, as common names do) and 50 surnames.
FIRST = [
    "Ada",
    "Aled",
    "Bethan",
    "Bryn",
    "Cai",
    "Cerys",
    "Dafydd",
    "Dilys",
    "Eira",
    "Elis",
    "Ffion",
    "Gareth",
    "Gwen",
    "Huw",
    "Ifan",
    "Iola",
    "Jac",
    "Lowri",
    "Mali",
    "Morgan",
    "Nia",
    "Owain",
    "Pari",
    "Rhian",
    "Rhys",
    "Sian",
    "Steffan",
    "Tomos",
    "Wyn",
    "Yvonne",
    "Amir",
    "Chen",
    "Fatima",
    "Grace",
    "Ines",
    "Kofi",
    "Leila",
    "Mateo",
    "Priya",
    "Zofia",
]
SURNAMES = [f"{a}{b}" for a in ("Ap", "Ben", "Carr", "Dav", "Ev") for b in "abcdefghij"]


def person_name(n: int) -> str:
    return f"{FIRST[n % len(FIRST)]} {SURNAMES[(n // len(FIRST)) % len(SURNAMES)]}"


def median_ms(run: Callable[[], object], times: int) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1_000, 50_000, 100_000])
    parser.add_argument("--checks", type=int, default=300)
    parser.add_argument("--posts", type=int, default=60)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    _django.start("posting", args.database_url, migrate=False, PARLEY_COMMENT_RATE="1000000/60")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from parley import planner_statistics
    from parley.accounts.models import User
    from parley.api.discussions import THREAD_ORDER
    from parley.api.pagination import cursor_after
    from parley.blog import services as blog
    from parley.discussions import services
    from parley.discussions.models import PATH_WIDTH, Comment, Discussion, Status
    from parley.organisations.models import Membership, Organisation, Role

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    index_sql = ""
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [INDEX])
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        row = cursor.fetchone()
        index_sql = row[0] if row else ""
    print(f"database: {vendor}; index {INDEX}: {index_sql or 'absent'}")

    organisation = Organisation.objects.create(name="Bench", slug="bench")
    editor = User.objects.create_user(email="editor@bench.example", display_name="Editor")
    Membership.objects.create(user=editor, organisation=organisation, role=Role.EDITOR)
    people = [
        User.objects.create_user(email=f"p{n}@bench.example", display_name=person_name(n + 1))
        for n in range(200)
    ]
    poster = User.objects.create_user(email="poster@bench.example", display_name="Poster")

    def seed(discussion: Discussion, count: int) -> None:
        now = timezone.now()
        for start in range(1, count + 1, BATCH):
            rows = []
            for number in range(start, min(start + BATCH, count + 1)):
                guest = number % 2 == 0
                recent = number > count - 20
                rows.append(
                    Comment(
                        discussion=discussion,
                        number=number,
                        path=f"{number:0{PATH_WIDTH}d}",
                        user=None if guest else people[number % len(people)],
                        author_name=person_name(number) if guest else "",
                        author_email=f"g{number}@bench.example" if guest else "",
                        body_markdown=f"Comment {number}: I think clause {number % 7} could be "
                        "clearer about who decides, and when.",
                        body_html=f"<p>Comment {number}</p>",
                        status=Status.APPROVED,
                        created_at=now - timedelta(seconds=number % 50 if recent else 86_400 * 3),
                    )
                )
            Comment.objects.bulk_create(rows)
        Discussion.objects.filter(pk=discussion.pk).update(last_number=count, comment_count=count)
        services.recount_threads(discussion.pk)
        discussion.refresh_from_db()

    discussions: dict[int, Discussion] = {}
    for size in args.sizes:
        post = blog.create_post(
            author=editor,
            organisation=organisation,
            title=f"A post with {size} comments",
            body="Text.",
            status="published",
        )
        started = time.perf_counter()
        seed(post.discussion, size)
        print(f"seeded {size:,} comments in {time.perf_counter() - started:.1f} s")
        discussions[size] = post.discussion

    author = services.Author(user=poster, ip="192.0.2.1")
    posted = 0

    def measure(label: str) -> None:
        nonlocal posted
        print(f"\n{label}")
        print(f"{'comments':>9} | {'check, ms':>9} | {'POST, ms':>8} | plan of the check")
        for size, discussion in discussions.items():
            check = median_ms(
                lambda d=discussion: services._earlier_duplicate(d, author, NEW), args.checks
            )

            def post_one(d: Discussion = discussion) -> None:
                nonlocal posted
                posted += 1
                services.post_comment(discussion=d, body=f"Fresh point {posted}.", author=author)

            post_ms = median_ms(post_one, args.posts)
            with CaptureQueriesContext(connection) as captured:
                services._earlier_duplicate(discussion, author, NEW)
            sql = captured.captured_queries[0]["sql"]
            with connection.cursor() as cursor:
                if vendor == "sqlite":
                    cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                    plan = "; ".join(row[-1] for row in cursor.fetchall())
                else:
                    cursor.execute(f"EXPLAIN {sql}")
                    lines = [row[0].strip() for row in cursor.fetchall()]
                    plan = "; ".join(line for line in lines if "Scan" in line or "Cond" in line)
            print(f"{size:>9,} | {check:>9.3f} | {post_ms:>8.2f} | {plan}")

    def measure_mentions() -> None:
        """A POST whose text @mentions someone who commented early in the discussion: the
        names it could mean are looked up among the discussion's commenters."""
        nonlocal posted
        print("\na comment that @mentions an early commenter")
        print(f"{'comments':>9} | {'POST, ms':>8}")
        for size, discussion in discussions.items():

            def post_one(d: Discussion = discussion) -> None:
                nonlocal posted
                posted += 1
                services.post_comment(
                    discussion=d, body=f"@{person_name(2)} made a point, {posted}.", author=author
                )

            print(f"{size:>9,} | {median_ms(post_one, args.posts):>8.2f}")

    def set_statistics(analysed: bool) -> None:
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
                cursor.execute("DROP TABLE IF EXISTS sqlite_stat4")
            else:
                cursor.execute("ANALYZE")  # PostgreSQL always has statistics (autovacuum)
        if analysed and vendor == "sqlite":
            started = time.perf_counter()
            planner_statistics.refresh()  # what `parley migrate` and the clock run
            print(f"\nplanner statistics refreshed in {time.perf_counter() - started:.2f} s")
        connection.close()  # SQLite reads the statistics when a connection opens

    def set_index(present: bool) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
            if present and index_sql:
                cursor.execute(index_sql)

    def api_pages() -> None:
        """A page of the comments API (the first, and one from the middle) by size."""
        client = Client(SERVER_NAME="localhost")
        print("\nGET /api/v1/discussions/{id}/comments (limit 100), median of 20")
        print(f"{'comments':>9} | {'first, ms':>9} | {'middle, ms':>10} | {'bytes':>7} | queries")
        for size, discussion in discussions.items():
            url = f"/api/v1/discussions/{discussion.pk}/comments"
            middle = url
            if size > 200:
                path = f"{size // 2:0{PATH_WIDTH}d}"
                middle = f"{url}?cursor={cursor_after(Comment(path=path), THREAD_ORDER)}"
            first_ms = median_ms(lambda u=url: client.get(u), 20)
            middle_ms = median_ms(lambda u=middle: client.get(u), 20)
            with CaptureQueriesContext(connection) as captured:
                body = client.get(middle).content
            print(
                f"{size:>9,} | {first_ms:>9.2f} | {middle_ms:>10.2f} | {len(body):>7,} | "
                f"{len(captured)}"
            )

    api_pages()
    for present in (False, True) if index_sql else (False,):
        for analysed in (False, True):
            set_index(present)
            set_statistics(analysed)
            measure(
                f"index {INDEX}: {'yes' if present else 'no'}; "
                f"planner statistics: {'yes' if analysed or vendor != 'sqlite' else 'no'}"
            )
            if vendor != "sqlite":
                break
    measure_mentions()


if __name__ == "__main__":
    main()
