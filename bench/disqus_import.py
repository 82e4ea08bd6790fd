"""How fast `parley import-disqus` brings comments over, and in how much memory.

Imports a generated WordPress site (by default 1,000 posts, no comments), then generates a
Disqus export of their threads (each post's address written one of four ways: http or
https, with or without `www.` and the trailing slash, some with a query; one thread in fifty
on a page that is not here) and 100 comments per thread: a third of them replies up to
four deep, one reply in twenty written before its parent, the threads' comments spread
through the whole file as Disqus writes them, each with an address Disqus made a link (one
in fifty a link with words of its own), one in twenty pending, one in fifty spam, one in a
hundred deleted. Imports it into the same database
and prints comments per second and the peak memory, then imports the same file again
(nothing new: the idempotency path). Run from the repository root:

    .venv/bin/python bench/disqus_import.py [--threads 1000] [--per-thread 100]
                                            [--database-url postgres://…/parley_bench]

Without --database-url it uses a new SQLite file in a temporary directory. Target: at
least 5,000 comments imported per second, in memory that does not grow with the file
(run it with a larger --per-thread to compare the peak).
"""

import argparse
import random
import resource
import time
from pathlib import Path

import _django

SITE = "bench.example.org"


def write_site(path: Path, *, posts: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            f"<title>Bench</title><link>https://{SITE}</link>\n"
            f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://{SITE}"
            "</wp:base_blog_url>\n"
        )
        for p in range(1, posts + 1):
            out.write(
                f"<item><title>Post {p}</title><link>https://{SITE}/2015/01/post-{p}/</link>"
                f"<content:encoded><![CDATA[Post {p}.]]></content:encoded>"
                f"<wp:post_id>{p}</wp:post_id>"
                "<wp:post_date_gmt>2015-01-01 10:00:00</wp:post_date_gmt>"
                f"<wp:post_name>post-{p}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type></item>\n"
            )
        out.write("</channel>\n</rss>\n")


def link_of(p: int) -> str:
    if p % 50 == 0:
        return f"https://{SITE}/2015/01/gone-{p}/"
    return [
        f"https://{SITE}/2015/01/post-{p}/",
        f"http://www.{SITE}/2015/01/post-{p}",
        f"https://{SITE}/2015/01/post-{p}/?utm_source=feed",
        f"http://{SITE}/2015/01/post-{p}/#comments",
    ][p % 4]


def write_export(path: Path, *, threads: int, per_thread: int) -> tuple[int, int]:
    """Writes the Disqus export; returns (comments in it, comments on pages that are here)."""
    rng = random.Random(7)
    posts: list[tuple[int, int, int, int]] = []  # (id, thread, parent, n)
    next_id = 100_000
    for t in range(1, threads + 1):
        ids: list[tuple[int, int]] = []  # (id, depth)
        for n in range(per_thread):
            next_id += 1
            parent, depth = 0, 0
            if ids and rng.random() < 0.33:
                parent, parent_depth = rng.choice(ids)
                if parent_depth < 4:
                    depth = parent_depth + 1
                else:
                    parent = 0
            ids.append((next_id, depth))
            posts.append((next_id, t, parent, n))
    # Disqus writes comments in the order they were made, every thread's mixed together.
    posts.sort(key=lambda post: (post[3], post[1]))
    for i in range(len(posts) - 1):
        if posts[i + 1][2] == posts[i][0] and rng.random() < 0.05:
            posts[i], posts[i + 1] = posts[i + 1], posts[i]  # a reply before its parent
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
            '<category dsq:id="1"><forum>bench</forum><title>General</title>'
            "<isDefault>true</isDefault></category>\n"
        )
        for t in range(1, threads + 1):
            out.write(
                f'<thread dsq:id="{t}"><id/><forum>bench</forum><category dsq:id="1"/>'
                f"<link>{link_of(t)}</link><title>Post {t}</title>"
                "<createdAt>2015-01-01T10:00:00Z</createdAt>"
                "<isClosed>false</isClosed><isDeleted>false</isDeleted></thread>\n"
            )
        for post_id, t, parent, n in posts:
            if n % 50 == 3:  # a link with words of its own: the full HTML conversion
                other = (
                    '<a href="https://example.org/other" rel="nofollow noopener" '
                    'target="_blank" title="https://example.org/other">the other side</a>'
                )
            else:  # an address typed in the comment, which Disqus made a link
                other = (
                    '<a href="https://example.org/" rel="nofollow noopener" target="_blank" '
                    'title="https://example.org/">https://example.org/</a> for the other side'
                )
            text = f"<p>I think point {n} is <i>right</i>, mostly.</p><p>But see {other}.</p>"
            parent_element = f'<parent dsq:id="{parent}"/>' if parent else ""
            out.write(
                f'<post dsq:id="{post_id}"><id/><message><![CDATA[{text}]]></message>'
                f"<createdAt>2015-01-02T{n // 60 % 24:02d}:{n % 60:02d}:00Z</createdAt>"
                f"<isDeleted>{'true' if n % 100 == 99 else 'false'}</isDeleted>"
                f"<isSpam>{'true' if n % 50 == 49 else 'false'}</isSpam>"
                f"<isApproved>{'false' if n % 20 == 19 else 'true'}</isApproved>"
                f"<author><email>r{post_id}@example.org</email><name>Reader {post_id}</name>"
                f"<isAnonymous>false</isAnonymous><username>reader{post_id}</username></author>"
                f"<ipAddress>192.0.2.{post_id % 250}</ipAddress>"
                f'<thread dsq:id="{t}"/>{parent_element}</post>\n'
            )
        out.write("</disqus>\n")
    matched = sum(1 for _, t, _, _ in posts if t % 50)
    return len(posts), matched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1_000)
    parser.add_argument("--per-thread", type=int, default=100)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    workdir = _django.start("disqus", args.database_url, migrate=False)
    from django.core.management import call_command
    from django.urls import get_resolver

    from parley.organisations.models import Organisation
    from parley.wordpress.disqus import import_disqus
    from parley.wordpress.importer import import_wxr

    site, export = workdir / "site.xml", workdir / "disqus.xml"
    started = time.perf_counter()
    write_site(site, posts=args.threads)
    comments, matched = write_export(export, threads=args.threads, per_thread=args.per_thread)
    print(
        f"export: {args.threads:,} threads, {comments:,} comments ({matched:,} on pages that "
        f"are here), {export.stat().st_size / 1e6:.0f} MB, written in "
        f"{time.perf_counter() - started:.1f} s"
    )
    call_command("migrate", verbosity=0)
    get_resolver().url_patterns  # noqa: B018 - loaded for its side effect, as in a server
    organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    with site.open("rb") as source:
        import_wxr(source=source, organisation=organisation)
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS before the Disqus import: {before_mb:.0f} MB")

    def run() -> tuple[int, int]:
        with export.open("rb") as source:
            report = import_disqus(source=source, organisation=organisation)
        return report.imported["comments"], len(report.problems)

    _django.import_twice(run, comments=comments, workdir=workdir)


if __name__ == "__main__":
    main()
