"""Parley's most-read page, side by side with WordPress, in one run on this machine.

For each database (SQLite, PostgreSQL) it makes a fresh site, loads posts with 5, 100 and
1,000 comments (a third of them replies, up to depth 4, Markdown with links and quotes),
starts `parley serve` with production settings, and measures with wrk:

- the anonymous post page with no page cache (PARLEY_PAGE_CACHE=false), requests/s and
  p50/p99 latency;
- the same page from the page cache, for new anonymous visitors (no cookies): through
  Parley, and as the kept file nginx serves itself (deploy/nginx/kept-pages*.conf, with
  PARLEY_PAGE_FILES); and nginx serving the same HTML as a plain static file (the ceiling
  a cached page is compared with);
- the same page answered from the browser's cache (a conditional GET that gets 304);
- the comments API for the post with 100 comments;
- posting a comment: the median of 200 sequential posts through the API;
- the SQL queries one post page costs, and the RSS memory of a web worker afterwards.

Then it runs the WordPress peer (../shared/bench/wordpress/run.sh, classic theme) on the
same sizes and prints the ratios. Run from the repository root after `make install`:

    .venv/bin/python bench/pages.py [--databases sqlite postgresql] [--sizes 5 100 1000]
                                    [--duration 15s] [--no-wordpress]
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from _serve import PARLEY, Measure, answers, fetch, start_parley, worker_rss_mb, wrk  # noqa: E402
from tests.processes import free_port, wait_until  # noqa: E402  # after the path is set
from tests.scale.edge import edge  # noqa: E402

PYTHON = REPO / ".venv" / "bin" / "python"
WORDPRESS = REPO.parent / "shared" / "bench" / "wordpress"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "parley_bench"

# Runs inside Django (`parley shell -c`): builds the content and counts queries per page.
LOAD = r"""
import json, random
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.blog import services as blog
from parley.discussions import services as discussions
from parley.organisations.models import Membership, Organisation, Role
from allauth.account.models import EmailAddress

random.seed(7)
org = Organisation.objects.create(name="Bench Council", slug="bench")
people = []
for n in range(20):
    user = User.objects.create_user(
        email=f"p{n}@bench.invalid", password=None, display_name=f"Person {n}"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # Moderators are trusted: no rate limits, never held.
    Membership.objects.create(organisation=org, user=user, role=Role.MODERATOR)
    people.append(user)
editor = people[0]
Membership.objects.filter(user=editor).update(role=Role.EDITOR)
TEXTS = [
    "I agree with **principle {i}**: it matches [our handbook](https://example.org/handbook).",
    "> Staff should say when they speak for themselves\n\nThis is the heart of it, {i}.",
    "What does *timely* mean? See [the code](https://www.gov.uk/civil-service-code), {i}.",
    "Plain words please. Point {i} in one sentence:\n\n- say who you are\n- say what you think",
]
result = {"posts": {}}
for size in SIZES:
    post = blog.create_post(
        author=editor, organisation=org, title=f"Guidelines with {size} comments",
        body="Our principles for taking part online.\n\n" * 5, status="published",
    )
    numbers, depth = [], {}
    for i in range(size):
        parent = None
        if numbers and i % 3 == 2:
            candidates = [n for n in numbers if depth[n] < 4]
            parent = random.choice(candidates) if candidates else None
        comment = discussions.post_comment(
            discussion=post.discussion, body=TEXTS[i % 4].format(i=i),
            author=discussions.Author(user=people[i % len(people)]), parent_number=parent,
        ).comment
        numbers.append(comment.number)
        depth[comment.number] = comment.depth
    client = Client()
    client.get(post.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    result["posts"][size] = {
        "url": post.get_absolute_url(), "discussion": post.discussion_id,
        "queries": len(queries), "bytes": len(page.content),
    }
result["token"] = create_access_token(user=people[1], name="bench")[1]
print("BENCH" + json.dumps(result))
"""


@dataclass
class Site:
    database: str
    pages: dict[int, Measure] = field(default_factory=dict)
    cached: dict[int, Measure] = field(default_factory=dict)
    static: dict[int, Measure] = field(default_factory=dict)
    kept_files: dict[int, Measure] = field(default_factory=dict)
    revalidated: dict[int, Measure] = field(default_factory=dict)
    api: Measure | None = None
    post_median_ms: float = 0.0
    queries: dict[int, int] = field(default_factory=dict)
    rss_mb: float = 0.0


def database_url(kind: str, workdir: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    subprocess.run(
        ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", PG_BENCH_DB], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", PG_BENCH_DB], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"


NGINX_CONF = """
daemon off;
worker_processes auto;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    default_type text/html;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {tmp}/html;
    }}
}}
"""


def measure_static(pages: dict[int, bytes], args: argparse.Namespace) -> dict[int, Measure]:
    """nginx serving each page's HTML as a file: the ceiling for a cached page."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("nginx not found (apt-get install nginx): no static ceiling measured")
        return {}
    found = {}
    with tempfile.TemporaryDirectory(prefix="parley-bench-nginx-") as tmp:
        root = Path(tmp)
        root.chmod(0o755)
        (root / "html").mkdir(mode=0o755)
        for size, html in pages.items():
            (root / "html" / f"{size}.html").write_bytes(html)
        port = free_port()
        (root / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp, port=port))
        server = subprocess.Popen(
            [nginx, "-c", str(root / "nginx.conf"), "-p", tmp],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            first = f"http://127.0.0.1:{port}/{next(iter(pages))}.html"
            wait_until(lambda: answers(first), 30, f"nginx at {first}", watching=[server])
            for size in pages:
                found[size] = wrk(f"http://127.0.0.1:{port}/{size}.html", args)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    return found


def measure_parley(kind: str, args: argparse.Namespace, *, static: bool) -> Site:
    site = Site(database=kind)
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        workdir = Path(tmp)
        env = {
            **os.environ,
            "DATABASE_URL": database_url(kind, workdir),
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + "x" * 60,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "PARLEY_VAR_DIR": str(workdir),
            "EMAIL_URL": "console:",
            "PARLEY_PAGE_CACHE": "false",
        }
        env.pop("REDIS_URL", None)
        subprocess.run([PARLEY, "migrate", "--no-input", "-v0"], env=env, check=True)
        subprocess.run([PARLEY, "collectstatic", "--no-input", "-v0"], env=env, check=True)
        code = f"SIZES = {args.sizes!r}\n" + LOAD
        loading = subprocess.run(
            [PARLEY, "shell", "-c", code], env=env, capture_output=True, text=True
        )
        if loading.returncode:
            sys.exit(f"loading the content failed:\n{loading.stderr[-3000:]}")
        out = loading.stdout
        loaded = json.loads(out.split("BENCH", 1)[1])
        # Two servers on the same database: one renders every page, one keeps pages, also
        # as files that nginx in front of it serves (deploy/nginx/kept-pages*.conf).
        pages = workdir / "pages"
        server, base = start_parley(env, args)
        cached_server, cached_base = start_parley(
            {**env, "PARLEY_PAGE_CACHE": "true", "PARLEY_PAGE_FILES": str(pages)}, args
        )
        front = ExitStack()
        edge_base = front.enter_context(
            edge(workdir / "nginx", servers=[cached_base], pages=pages, workers="auto", log=False)
        )
        try:
            html = {}
            for size in args.sizes:
                info = loaded["posts"][str(size)]
                url = base + info["url"]
                site.queries[size] = info["queries"]
                site.pages[size] = wrk(url, args)
                # A returning reader: their cached copy's ETag, and the CSRF cookie it came with.
                first = fetch(url)
                cookie = "; ".join(
                    c.split(";", 1)[0] for c in first.headers.get_all("Set-Cookie") or []
                )
                again = fetch(url, headers={"Cookie": cookie})
                site.revalidated[size] = wrk(
                    url, args, headers={"If-None-Match": again.headers["ETag"], "Cookie": cookie}
                )
                site.cached[size] = wrk(cached_base + info["url"], args)
                html[size] = fetch(cached_base + info["url"]).read()
                fetch(edge_base + info["url"]).read()  # through Parley once: the file is written
                site.kept_files[size] = wrk(edge_base + info["url"], args)
            if static:
                site.static = measure_static(html, args)
            if 100 in args.sizes:
                discussion = loaded["posts"]["100"]["discussion"]
                site.api = wrk(f"{base}/api/v1/discussions/{discussion}/comments", args)
                times = []
                for i in range(args.posts):
                    body = {"body": f"Benchmark comment {i}: the review clause matters most."}
                    start = time.perf_counter()
                    with fetch(
                        f"{base}/api/v1/discussions/{discussion}/comments",
                        data=json.dumps(body).encode(),
                        headers={
                            "Content-Type": "application/json",
                            "Authorization": f"Bearer {loaded['token']}",
                        },
                    ) as response:
                        response.read()
                    times.append((time.perf_counter() - start) * 1000)
                site.post_median_ms = statistics.median(times)
            site.rss_mb = max(worker_rss_mb(server), worker_rss_mb(cached_server))
        finally:
            front.close()
            for running in (server, cached_server):
                running.send_signal(signal.SIGTERM)
            for running in (server, cached_server):
                running.wait(timeout=60)
    return site


def measure_wordpress(args: argparse.Namespace) -> dict[str, dict[str, float]]:
    env = {
        **os.environ,
        "NS": " ".join(str(s) for s in args.sizes),
        "THEMES": "twentytwentyone",
        "WRK_THREADS": str(args.threads),
        "WRK_CONN": str(args.connections),
        "WRK_DURATION": args.duration,
        "POSTS": str(args.posts),
    }
    out = subprocess.run(
        ["bash", str(WORDPRESS / "run.sh")], env=env, capture_output=True, text=True, check=True
    ).stdout
    found: dict[str, dict[str, float]] = {}
    for line in out.splitlines():
        fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
        if line.startswith("wordpress N="):
            found[fields["N"]] = {k: float(fields[k]) for k in ("get_rps", "p50_ms", "p99_ms")}
        elif line.startswith("wordpress comment_post"):
            found["post"] = {"median_ms": float(fields["median_ms"])}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--sizes", nargs="+", type=int, default=[5, 100, 1000])
    parser.add_argument("--duration", default="15s")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--no-wordpress", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/pages.py needs wrk: apt-get install wrk")

    when = time.strftime("%Y-%m-%d %H:%M %Z")
    print(f"machine: {os.cpu_count()} cores; {when}; wrk -t{args.threads} -c{args.connections}")
    print(f"  -d{args.duration}; gunicorn workers={args.workers}")
    print("load average at the start: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    sites = [measure_parley(kind, args, static=n == 0) for n, kind in enumerate(args.databases)]
    static = next((site.static for site in sites if site.static), {})
    print("load average after Parley: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    wp = {} if args.no_wordpress else measure_wordpress(args)
    print("load average after WordPress: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    for site in sites:
        report(site, wp, static, args)


def timing(m: Measure) -> str:
    return f"{m.rps:8.1f} req/s  p50 {m.p50:7.2f} ms  p99 {m.p99:7.2f} ms"


def report(
    site: Site,
    wp: dict[str, dict[str, float]],
    static: dict[int, Measure],
    args: argparse.Namespace,
) -> None:
    print(f"\nParley on {site.database} (worker RSS after the run: {site.rss_mb:.0f} MB)")
    for size in args.sizes:
        page, revalidated, cached = site.pages[size], site.revalidated[size], site.cached[size]
        print(f"  post page N={size:<5} {timing(page)}  queries {site.queries[size]} {page.errors}")
        print(f"    304 revalidation   {timing(revalidated)} {revalidated.errors}")
        print(f"    page cache         {timing(cached)} {cached.errors}")
        kept = site.kept_files.get(size)
        if kept:
            print(f"    kept file (nginx)  {timing(kept)} {kept.errors}")
        if size in static:
            ceiling = static[size]
            print(f"    nginx static file  {timing(ceiling)}")
            print(f"    cached/static      {cached.rps / ceiling.rps:.2f}x req/s (through Parley)")
            if kept:
                print(f"    kept file/static   {kept.rps / ceiling.rps:.2f}x req/s (nginx alone)")
        if str(size) in wp:
            peer = wp[str(size)]
            print(
                f"    WordPress          {peer['get_rps']:8.1f} req/s  p50 {peer['p50_ms']:7.2f} ms"
                f"  p99 {peer['p99_ms']:7.2f} ms"
            )
            print(
                f"    Parley/WordPress   {page.rps / peer['get_rps']:.2f}x req/s, "
                f"{page.p99 / peer['p99_ms']:.2f}x p99 (no page cache); "
                f"{cached.rps / peer['get_rps']:.2f}x req/s cached"
            )
    if site.api:
        print(f"  comments API N=100  {timing(site.api)}")
    if site.post_median_ms:
        line = f"  posting a comment: median {site.post_median_ms:.1f} ms over {args.posts}"
        if "post" in wp:
            theirs = wp["post"]["median_ms"]
            line += f" (WordPress {theirs:.1f} ms: {site.post_median_ms / theirs:.2f}x)"
        print(line)


if __name__ == "__main__":
    main()
