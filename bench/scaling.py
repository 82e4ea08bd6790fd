"""Every page and list at the sizes real consultations reach (issue 23, "Measured, in bench/").

For each database (SQLite, PostgreSQL) it makes a fresh site and seeds, with bulk inserts
but as the services leave them (numbers, thread paths, depth, reply and comment counts):

- one blog post per size (by default 100, 1,000, 10,000, 50,000 and 100,000 comments); a
  third of the comments are replies to the one before, half are by 200 signed-in people
  and half by guests;
- an empty discussion, and a queue of 5,000 held comments in another;
- `--blog-posts` more published posts, for the blog index.

It refreshes the planner statistics (as `parley migrate` and the clock do; VACUUM ANALYZE
on PostgreSQL, as autovacuum would), counts the SQL queries of one request to each page in
this process (Django's test client), starts `parley serve` with production settings and
no page cache (PARLEY_PAGE_CACHE=false), and measures with wrk (req/s, p50/p99), the
bytes of one response, and the largest web worker's RSS after each size:

- the discussion page: its first page and its middle page of threads (`?page=N`), and the
  middle page as its Next link on the page before names it (`?page=N&after=K`);
- `GET /api/v1/discussions/{id}/comments`: the first page, and the page its `next` names;
- the moderation queue signed in as a moderator (a session cookie), the page of the
  person with the most comments, and the blog index;
- posting a comment through the API into the largest discussion and into the empty one,
  alternately: the median of `--posts` sequential posts into each.

Then it prints the issue's targets beside the figures as ratios, met or not met. Run from
the repository root after `make install`, with `nice` on a shared machine:

    nice .venv/bin/python bench/scaling.py [--databases sqlite postgresql]
        [--sizes 100 1000 10000 50000 100000] [--duration 5s] [--connections 4]
        [--workers 2] [--posts 30] [--queue 5000] [--blog-posts 100]

PostgreSQL uses the database `parley_scale` on 127.0.0.1, dropped and made again.
"""

import argparse
import html
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import _django
from _serve import Measure, fetch, start_parley, worker_rss_mb, wrk

# Another name in BENCH_PG_DB, for a run beside others on one machine.
PG_DB = os.environ.get("BENCH_PG_DB", "parley_scale")
BATCH = 6_000  # a multiple of 3, so a reply's parent is always in its batch
PEOPLE = 200
# The targets.
PAGE_RATIO = 1.5  # the 50,000-comment page within 1.5x the time and bytes of the 1,000 one
API_TIME_RATIO = 1.5  # "constant": the largest within this of the 1,000-comment discussion's
API_BYTES_RATIO = 1.1
RSS_MB = 200
POST_RATIO = 1.2


@dataclass
class Row:
    what: str
    size: int
    measure: Measure
    bytes: int
    queries: int


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    rss: dict[int, float] = field(default_factory=dict)
    post_ms: dict[str, float] = field(default_factory=dict)

    def get(self, what: str, size: int) -> Row | None:
        return next((r for r in self.rows if r.what == what and r.size == size), None)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument(
        "--sizes", nargs="+", type=int, default=[100, 1_000, 10_000, 50_000, 100_000]
    )
    parser.add_argument("--duration", default="5s")
    parser.add_argument("--timeout", default="30s", help="wrk's per-request timeout")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--posts", type=int, default=30)
    parser.add_argument("--queue", type=int, default=5_000)
    parser.add_argument("--blog-posts", type=int, default=100)
    parser.add_argument("--one", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run(args.one, args)
        return
    when = time.strftime("%Y-%m-%d %H:%M %Z")
    print(f"machine: {os.cpu_count()} cores; {when}; wrk -t{args.threads} -c{args.connections}")
    print(f"  -d{args.duration}; gunicorn workers={args.workers}, 1 thread; no page cache")
    for kind in args.databases:
        # Django starts once per process: one process per database.
        print("\nload average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        subprocess.run([sys.executable, *sys.argv, "--one", kind], check=True)
    print("\nload average at the end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


def database_url(kind: str) -> str:
    if kind == "sqlite":
        return ""  # a new file in _django.start's folder
    for command in ("dropdb", "createdb"):
        extra = ["--if-exists"] if command == "dropdb" else []
        subprocess.run([command, *extra, "-h", "127.0.0.1", "-U", "postgres", PG_DB], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{PG_DB}"


def run(kind: str, args: argparse.Namespace) -> None:
    workdir = _django.start(
        "scaling",
        database_url(kind),
        DEBUG="false",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        EMAIL_URL="console:",
        PARLEY_PAGE_CACHE="false",
        PARLEY_COMMENT_RATE="1000000/60",
    )
    os.environ.pop("REDIS_URL", None)
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from parley import planner_statistics
    from parley.accounts.models import User
    from parley.accounts.services import create_access_token
    from parley.blog import services as blog
    from parley.discussions import services as discussion_services
    from parley.discussions.models import PATH_WIDTH, Comment, Discussion, Status
    from parley.organisations.models import Membership, Organisation, Role

    call_command("collectstatic", interactive=False, verbosity=0)
    organisation = Organisation.objects.create(name="Bench Council", slug="bench")
    editor = User.objects.create_user(email="editor@bench.invalid", display_name="Editor")
    Membership.objects.create(organisation=organisation, user=editor, role=Role.EDITOR)
    moderator = User.objects.create_user(email="mod@bench.invalid", display_name="Moderator")
    Membership.objects.create(organisation=organisation, user=moderator, role=Role.MODERATOR)
    people = User.objects.bulk_create(
        User(email=f"p{n}@bench.invalid", display_name=f"Person {n}") for n in range(PEOPLE)
    )
    if people[0].pk is None:  # a database that does not return keys from bulk inserts
        people = list(User.objects.filter(email__endswith="@bench.invalid", is_staff=False))
        people = [p for p in people if p.email.startswith("p")]
    now = timezone.now()

    def comment(discussion: Discussion, number: int, count: int, **fields: object) -> Comment:
        guest = number % 2 == 0
        return Comment(
            discussion=discussion,
            number=number,
            user=None if guest else people[number % PEOPLE],
            author_name=f"Guest {number}" if guest else "",
            author_email=f"g{number}@bench.invalid" if guest else "",
            body_markdown=f"Comment {number}: I think clause {number % 7} could be clearer "
            "about **who decides**, and [when](https://www.gov.uk/).",
            body_html=f"<p>Comment {number}: I think clause {number % 7} could be clearer "
            'about <strong>who decides</strong>, and <a href="https://www.gov.uk/" '
            'rel="nofollow ugc">when</a>.</p>',
            like_count=number % 13,
            created_at=now - timedelta(seconds=(count - number) * 10),
            **fields,
        )

    def seed(discussion: Discussion, count: int) -> None:
        """`count` approved comments: numbers 3, 6, 9… reply to the one before."""
        for start in range(1, count + 1, BATCH):
            numbers = range(start, min(start + BATCH, count + 1))
            tops = {
                n: comment(discussion, n, count, path=f"{n:0{PATH_WIDTH}d}", status=Status.APPROVED)
                for n in numbers
                if n % 3
            }
            for n, top in tops.items():
                top.reply_count = 1 if n + 1 in numbers and (n + 1) % 3 == 0 else 0
            Comment.objects.bulk_create(tops.values())
            Comment.objects.bulk_create(
                comment(
                    discussion,
                    n,
                    count,
                    parent=tops[n - 1],
                    depth=1,
                    path=f"{tops[n - 1].path}.{n:0{PATH_WIDTH}d}",
                    status=Status.APPROVED,
                )
                for n in numbers
                if n % 3 == 0
            )
        Discussion.objects.filter(pk=discussion.pk).update(
            last_number=count, comment_count=count, last_activity_at=now
        )
        discussion_services.recount_threads(discussion.pk)

    def new_post(title: str) -> Discussion:
        post = blog.create_post(
            author=editor,
            organisation=organisation,
            title=title,
            body="Our principles for taking part online.\n\n" * 5,
            status="published",
        )
        return post.discussion

    started = time.perf_counter()
    discussions = {}
    for size in args.sizes:
        discussions[size] = new_post(f"Guidelines with {size} comments")
        seed(discussions[size], size)
    empty = new_post("Guidelines with no comments yet")
    queue = new_post("A consultation with a full moderation queue")
    Comment.objects.bulk_create(
        comment(
            queue,
            n,
            args.queue,
            path=f"{n:0{PATH_WIDTH}d}",
            status=Status.PENDING,
            held_because="First comment from a new participant",
        )
        for n in range(1, args.queue + 1)
    )
    Discussion.objects.filter(pk=queue.pk).update(last_number=args.queue)
    for n in range(args.blog_posts):
        new_post(f"Another post, number {n}")
    seeded = sum(args.sizes) + args.queue
    print(
        f"{kind}: seeded {seeded:,} comments in {time.perf_counter() - started:.0f} s", flush=True
    )
    started = time.perf_counter()
    if kind == "sqlite":
        planner_statistics.refresh()
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum does after many inserts
    print(f"planner statistics in {time.perf_counter() - started:.1f} s")

    poster = User.objects.create_user(email="poster@bench.invalid", display_name="Poster")
    Membership.objects.create(organisation=organisation, user=poster, role=Role.MODERATOR)
    token = create_access_token(user=poster, name="bench")[1]
    # Production asks moderators for a second factor: theirs is set up.
    Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={})
    signed_in = Client()
    signed_in.force_login(moderator)
    session = settings.SESSION_COOKIE_NAME
    cookie = f"{session}={signed_in.cookies[session].value}"
    busiest = people[1]  # odd numbers: a signed-in person's comments in every discussion
    written = Comment.objects.filter(user=busiest).count()

    def queries(url: str, client: Client) -> int:
        client.get(url)  # caches and the like warmed, as a worker's would be
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.get("Location"))
        return len(captured)

    per_page = settings.PARLEY_COMMENTS_PER_PAGE
    targets: list[tuple[str, int, str, Client, dict[str, str]]] = []  # what, size, url, …
    anonymous = Client()
    for size, discussion in discussions.items():
        threads = size - size // 3
        middle = max(1, math.ceil(threads / per_page)) // 2 + 1  # a full page, deep in
        api = f"/api/v1/discussions/{discussion.pk}/comments"
        after = json.loads(anonymous.get(api).content)["next"]
        targets += [
            ("discussion page 1", size, discussion.url, anonymous, {}),
            ("middle page", size, f"{discussion.url}?page={middle}", anonymous, {}),
            ("API first page", size, api, anonymous, {}),
        ]
        if after:
            targets.append(("API page `next`", size, f"{api}?cursor={after}", anonymous, {}))
        # The middle page as a reader reaches it: by the Next link of the page before it,
        # which starts from that page's last thread (`?page=N&after=K`).
        before = anonymous.get(f"{discussion.url}?page={middle - 1}").content.decode()
        found = re.search(r'href="([^"]*)"\s+rel="next"', before)
        if found and middle > 1:
            by_next = html.unescape(found.group(1)).split("#")[0]
            targets.append(("middle page by Next", size, by_next, anonymous, {}))
    fixed = [
        ("moderation queue", args.queue, "/moderation/", signed_in, {"Cookie": cookie}),
        ("person page", written, f"/people/{busiest.pk}/", anonymous, {}),
        ("blog index", args.blog_posts, "/blog/", anonymous, {}),
    ]
    counted = {(what, size): queries(url, client) for what, size, url, client, _ in targets + fixed}
    connection.close()

    results = Results()
    env = dict(os.environ)
    server, base = start_parley(env, args)
    try:
        for what, size, url, _client, headers in targets + fixed:
            body = fetch(base + url, headers=headers).read()
            measure = wrk(base + url, args, headers=headers)
            results.rows.append(Row(what, size, measure, len(body), counted[what, size]))
            # The largest worker after each size (the last of its pages), then the rest.
            results.rss[size if size in args.sizes else -1] = worker_rss_mb(server)
        largest = discussions[max(args.sizes)]
        results.post_ms = posting(base, token, {"empty": empty.pk, "largest": largest.pk}, args)
        results.rss[-2] = worker_rss_mb(server)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    report(kind, results, args, workdir)


def posting(
    base: str, token: str, into: dict[str, int], args: argparse.Namespace
) -> dict[str, float]:
    """The median of `args.posts` sequential API posts into each discussion, taking turns,
    so the machine's other load falls on both alike."""
    times: dict[str, list[float]] = {name: [] for name in into}
    for i in range(args.posts + 2):
        for name, discussion in into.items():
            body = {"body": f"Benchmark comment {i} into the {name} discussion: clause 3."}
            started = time.perf_counter()
            with fetch(
                f"{base}/api/v1/discussions/{discussion}/comments",
                data=json.dumps(body).encode(),
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            ) as response:
                response.read()
            if i >= 2:  # the first two warm the worker
                times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(samples) for name, samples in times.items()}


def verdict(ratio: float, bound: float) -> str:
    return f"{ratio:.2f}x (target ≤ {bound}x: {'met' if ratio <= bound else 'NOT met'})"


def report(kind: str, results: Results, args: argparse.Namespace, workdir: Path) -> None:
    print(f"\n{kind}: {'what':<20} {'size':>7} | {'req/s':>7} | {'p50 ms':>8} | {'p99 ms':>8} |")
    print(f"{'':>{len(kind)}}  {'':<20} {'':>7} | {'':>7} | {'':>8} | {'':>8} | bytes, queries")
    for row in results.rows:
        m = row.measure
        print(
            f"{'':>{len(kind)}}  {row.what:<20} {row.size:>7,} | {m.rps:>7.1f} | {m.p50:>8.2f} | "
            f"{m.p99:>8.2f} | {row.bytes:>9,} B, {row.queries} queries {m.errors}"
        )
    for size, rss in results.rss.items():
        label = {-1: "after the other pages", -2: "after the posts"}.get(size, f"after {size:,}")
        print(f"  web worker RSS {label}: {rss:.0f} MB")
    print(
        f"  posting a comment through the API, median of {args.posts}: "
        f"{results.post_ms['empty']:.1f} ms into an empty discussion, "
        f"{results.post_ms['largest']:.1f} ms into the one of {max(args.sizes):,}"
    )

    print(f"\n  targets ({kind}):")
    big = 50_000 if 50_000 in args.sizes else max(args.sizes)
    for what in ("discussion page 1", "middle page", "middle page by Next"):
        small = next(r for r in results.rows if r.what.startswith(what) and r.size == 1_000)
        for size in sorted({big, max(args.sizes)}):
            large = next(r for r in results.rows if r.what.startswith(what) and r.size == size)
            time_ratio = large.measure.p50 / small.measure.p50
            bytes_ratio = large.bytes / small.bytes
            print(
                f"  {what} at {size:,} / at 1,000: p50 {verdict(time_ratio, PAGE_RATIO)}; "
                f"bytes {verdict(bytes_ratio, PAGE_RATIO)}"
            )
    for what in ("API first page", "API page `next`"):
        small = results.get(what, 1_000)
        large = results.get(what, max(args.sizes))
        if small and large:
            print(
                f"  {what} at {large.size:,} / at 1,000: p50 "
                f"{verdict(large.measure.p50 / small.measure.p50, API_TIME_RATIO)}; bytes "
                f"{verdict(large.bytes / small.bytes, API_BYTES_RATIO)}"
            )
    for what in {r.what for r in results.rows if r.size in args.sizes and r.what != "person page"}:
        counts = {r.size: r.queries for r in results.rows if r.what == what}
        if len(counts) > 1:
            same = len(set(counts.values())) == 1
            print(f"  queries of {what} by size: {counts} ({'constant' if same else 'GROW'})")
    top = max(results.rss.values())
    print(
        f"  largest web worker RSS {top:.0f} MB (target < {RSS_MB} MB: "
        f"{'met' if top < RSS_MB else 'NOT met'})"
    )
    ratio = results.post_ms["largest"] / results.post_ms["empty"]
    print(f"  POST into {max(args.sizes):,} / into empty: {verdict(ratio, POST_RATIO)}")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
