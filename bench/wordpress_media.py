"""How fast `parley import-wordpress --uploads DIR` copies a site's uploaded files, on this
machine.

Writes an uploads folder of small PNG images (by default 1,000 files of about 2 KB, each
different, in 2019/01 … 2019/12) and an export of 100 posts, each showing ten of them
(WordPress's resized `-300x200` names), imports it into a fresh database with the files
stored in a temporary folder, and prints files copied per second (the whole import's wall
time, after the URL configuration is loaded) and the process's peak memory. Then imports
the same export again (nothing new).
Run from the repository root:

    .venv/bin/python bench/wordpress_media.py [--files 1000]
                                              [--database-url postgres://…/parley_bench]
"""

import argparse
import resource
import struct
import time
import zlib
from io import StringIO
from pathlib import Path

import _django

OLD = "https://media.example.org/wp-content/uploads"


def png(seed: int) -> bytes:
    """A real 24 by 24 PNG whose pixels differ with `seed` (so no two files share bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    pixels = bytes((seed * 7 + i * 13) % 256 for i in range(24 * 3))
    rows = b"".join(b"\x00" + pixels for _ in range(24))
    header = struct.pack(">IIBBBBB", 24, 24, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"seed\x00" + str(seed).encode() * 200)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def write_site(folder: Path, files: int) -> tuple[Path, Path]:
    uploads = folder / "uploads"
    paths = []
    for n in range(files):
        path = f"2019/{n % 12 + 1:02d}/photo-{n}-300x200.png"
        (uploads / path).parent.mkdir(parents=True, exist_ok=True)
        (uploads / path).write_bytes(png(n))
        paths.append(path)
    export = folder / "export.xml"
    with export.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
            ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Media bench</title><link>https://media.example.org</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
        )
        per_post = 10
        for p in range(0, files, per_post):
            images = "".join(
                f'<p><img src="{OLD}/{path}" alt=""></p>\n\n' for path in paths[p : p + per_post]
            )
            out.write(
                f"<item><title>Post {p}</title><wp:post_id>{p + 1}</wp:post_id>"
                f"<wp:post_name>post-{p}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_date_gmt>2019-01-01 10:00:00</wp:post_date_gmt>"
                f"<wp:post_type>post</wp:post_type><content:encoded><![CDATA[{images}]]>"
                "</content:encoded></item>\n"
            )
        out.write("</channel></rss>\n")
    return export, uploads


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    workdir = _django.start("wordpress_media", args.database_url)
    export, uploads = write_site(workdir, args.files)
    size = sum(p.stat().st_size for p in uploads.rglob("*.png"))
    print(f"{args.files} files, {size / 1024 / 1024:.1f} MB, in {uploads}")

    from django.core.management import call_command
    from django.urls import reverse

    from parley.files.models import MediaFile
    from parley.organisations.models import Organisation

    organisation = Organisation.objects.create(name="Bench", slug="bench")
    started = time.perf_counter()
    reverse("files:media", args=[1, "photo.png"])  # loads every app's URLs, once a process
    print(f"loading the URL configuration (once a process): {time.perf_counter() - started:.2f} s")
    for run in ("first import", "again (nothing new)"):
        out = StringIO()
        started = time.perf_counter()
        call_command(
            "import-wordpress", str(export), "--organisation", organisation.slug,
            "--uploads", str(uploads), stdout=out,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        copied = [line for line in out.getvalue().splitlines() if line.startswith("Copied")]
        print(f"{run}: {seconds:.2f} s, {args.files / seconds:,.0f} files/s; {copied[0]}")
    stored = sum(1 for p in (workdir / "media").rglob("*") if p.is_file())
    print(f"media files: {MediaFile.objects.count()}, stored files: {stored}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
