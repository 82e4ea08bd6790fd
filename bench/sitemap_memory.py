"""Peak memory (RSS) of serving the sitemap for N public addresses, before and after it
became an index of streamed pages.

Makes N published blog posts (60,000 by default, in bulk) on a new SQLite file, then, each in
a fresh child process so the peaks do not mix, serves every address once:

- before: Django's own `sitemap` view over the same sections, one response holding them all
  (what /sitemap.xml was until 2026-12-07);
- after: /sitemap.xml, now the index, and every page it names, each streamed to nowhere.

Each child prints its resident memory once Django is set up, its peak after serving, the
seconds, queries and bytes. Run from the repository root:

    .venv/bin/python bench/sitemap_memory.py [--posts 60000]
"""

import argparse
import re
import resource
import subprocess  # nosec B404: runs this same script again, with fixed arguments
import sys
import time
from pathlib import Path

import _django


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make(posts: int) -> str:
    workdir = _django.start("sitemap")
    from django.utils import timezone

    from parley.accounts.models import User
    from parley.blog.models import Post
    from parley.discussions.models import Discussion
    from parley.organisations.models import Organisation

    organisation = Organisation.objects.create(slug="bench", name="Bench")
    author = User.objects.create_user(email="bench-author@example.org", display_name="Author")
    now = timezone.now()
    step = 5_000
    for start in range(0, posts, step):
        numbers = range(start, min(posts, start + step))
        discussions = Discussion.objects.bulk_create(
            Discussion(kind=Discussion.Kind.POST, title=f"Post {n}", url=f"/blog/post-{n}/")
            for n in numbers
        )
        Post.objects.bulk_create(
            Post(
                title=f"Post {n}",
                slug=f"post-{n}",
                body_markdown="Text.",
                body_html="<p>Text.</p>",
                author=author,
                organisation=organisation,
                status=Post.Status.PUBLISHED,
                published_at=now,
                discussion=discussion,
            )
            for n, discussion in zip(numbers, discussions, strict=True)
        )
    return f"sqlite:///{workdir / 'bench.sqlite3'}"


def measure(mode: str, database_url: str) -> None:
    _django.start("sitemap_child", database_url, migrate=False)
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sitemaps import views as sitemap_views
    from django.test import RequestFactory
    from django.urls import reverse

    from parley import sitemaps

    settings.ALLOWED_HOSTS = ["testserver"]
    factory = RequestFactory()
    for name, args in [("sitemap", []), ("blog:post", ["x"]), ("sitemap_page", ["posts", 1])]:
        reverse(name, args=args)  # loads every URLconf and its views first, for both modes
    settled = rss_mb()
    started = time.perf_counter()
    size = 0
    urls = 0
    if mode == "before":
        request = factory.get("/sitemap.xml")
        request.user = AnonymousUser()  # the template's context processors read it
        response = sitemap_views.sitemap(request, sitemaps.SITEMAPS)
        response.render()
        size = len(response.content)
        urls = response.content.count(b"<url>")
    else:
        index = b"".join(sitemaps.index(factory.get("/sitemap.xml")))
        size = len(index)
        for path in re.findall(r"<loc>http://testserver([^<]+)</loc>", index.decode()):
            section, number = path.removeprefix("/sitemaps/").removesuffix(".xml").split("/")
            for piece in sitemaps.page(factory.get(path), section, int(number)):
                size += len(piece)
                urls += piece.count(b"<url>")
    seconds = time.perf_counter() - started
    print(
        f"{mode:>6}: {urls:,} addresses, {size / 1e6:.1f} MB of XML, {seconds:.1f} s, "
        f"RSS {settled:.0f} MB set up, peak {peak_mb():.0f} MB "
        f"(+{peak_mb() - settled:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=60_000)
    parser.add_argument("--measure", choices=["before", "after"])
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.database_url)
        return
    database_url = make(args.posts)
    print(f"{args.posts:,} published posts")
    for mode in ("before", "after"):
        subprocess.run(  # nosec B603: this script, with its own fixed arguments
            [sys.executable, __file__, "--measure", mode, "--database-url", database_url],
            check=True,
        )


if __name__ == "__main__":
    main()
