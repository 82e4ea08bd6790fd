"""How fast `parley import-wordpress` brings comments over, on this machine.

Generates a WXR 1.2 export (by default 1,000 posts with 100 comments each: 100,000
comments, a third of them replies up to four deep, one in twenty pending, one in fifty a
pingback), imports it into a fresh database and prints comments per second, and the
peak memory of the import. Then imports the same file again (nothing new: the
idempotency path). Run from the repository root:

    .venv/bin/python bench/wxr_import.py [--posts 1000] [--per-post 100]
                                         [--database-url postgres://…/parley_bench]

Without --database-url it uses a new SQLite file in a temporary directory. Target: at
least 5,000 comments imported per second.
"""

import argparse
import random
import time
from pathlib import Path

import _django


def write_export(path: Path, *, posts: int, per_post: int) -> int:
    rng = random.Random(7)
    comment_id = 1_000
    total = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n'
            ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench</title><link>https://bench.example.org</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_blog_url>https://bench.example.org</wp:base_blog_url>\n"
            "<wp:author><wp:author_id>1</wp:author_id><wp:author_login>editor</wp:author_login>"
            "<wp:author_email>editor@bench.example.org</wp:author_email>"
            "<wp:author_display_name>Editor</wp:author_display_name></wp:author>\n"
        )
        for p in range(1, posts + 1):
            out.write(
                f"<item><title>Post {p}</title>"
                f"<link>https://bench.example.org/2015/01/post-{p}/</link>"
                "<dc:creator>editor</dc:creator>"
                f"<content:encoded><![CDATA[Paragraph one of post {p}.\n\nParagraph two with "
                '<a href="https://example.org/">a link</a>.]]></content:encoded>'
                f"<wp:post_id>{p}</wp:post_id>"
                "<wp:post_date>2015-01-01 10:00:00</wp:post_date>"
                "<wp:post_date_gmt>2015-01-01 10:00:00</wp:post_date_gmt>"
                "<wp:comment_status>open</wp:comment_status>"
                f"<wp:post_name>post-{p}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type>"
                '<category domain="post_tag" nicename="bench"><![CDATA[Bench]]></category>\n'
            )
            ids: list[tuple[int, int]] = []  # (id, depth)
            for n in range(per_post):
                comment_id += 1
                parent, depth = 0, 0
                if ids and rng.random() < 0.33:
                    parent, parent_depth = rng.choice(ids)
                    if parent_depth < 4:
                        depth = parent_depth + 1
                    else:
                        parent = 0
                ids.append((comment_id, depth))
                approved = "0" if n % 20 == 19 else "1"
                kind = "pingback" if n % 50 == 49 else "comment"
                when = f"2015-01-02 {n // 60 % 24:02d}:{n % 60:02d}:00"
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author><![CDATA[Reader {comment_id}]]></wp:comment_author>"
                    f"<wp:comment_author_email>r{comment_id}@example.org</wp:comment_author_email>"
                    f"<wp:comment_author_url>https://r{comment_id}.example.org/</wp:comment_author_url>"
                    f"<wp:comment_date>{when}</wp:comment_date>"
                    f"<wp:comment_date_gmt>{when}</wp:comment_date_gmt>"
                    f"<wp:comment_content><![CDATA[I think point {n} is <em>right</em>, mostly.\n\n"
                    "But see https://example.org/ for the other side.]]></wp:comment_content>"
                    f"<wp:comment_approved>{approved}</wp:comment_approved>"
                    f"<wp:comment_type>{kind}</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent>"
                    "<wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n"
                )
                total += 1
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000)
    parser.add_argument("--per-post", type=int, default=100)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    workdir = _django.start("wxr", args.database_url, migrate=False)
    from django.core.management import call_command

    from parley.organisations.models import Organisation
    from parley.wordpress.importer import import_wxr

    export = workdir / "export.xml"
    started = time.perf_counter()
    comments = write_export(export, posts=args.posts, per_post=args.per_post)
    size_mb = export.stat().st_size / 1e6
    print(
        f"export: {args.posts:,} posts, {comments:,} comments, {size_mb:.0f} MB, "
        f"written in {time.perf_counter() - started:.1f} s"
    )
    call_command("migrate", verbosity=0)
    # Load the URLconf (every app's views) before timing: a server has it loaded already,
    # and the import's first reverse() would otherwise count it.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - loaded for its side effect
    organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench"})

    def run() -> tuple[int, int]:
        with export.open("rb") as source:
            report = import_wxr(source=source, organisation=organisation)
        imported = report.imported["comments"] + report.imported["pingbacks and trackbacks"]
        return imported, len(report.problems)

    _django.import_twice(run, comments=comments, workdir=workdir)


if __name__ == "__main__":
    main()
