"""A 50 MB upload streams: the peak memory of parsing one multipart body of a 50 MB file
(kept, spooled to a temporary file) and of one just over the limit (stopped while it
streams), each in a fresh process, read from a file on disk as a WSGI server would hand it.

Then the text of respondents' files: pages per second read from ordinary PDFs (40 lines of
text a page) by `parley.files.extraction.extract`, the background task's reader, with its
child process and limits, for a 1-page letter, a 20-page and a 100-page document.

    .venv/bin/python bench/uploads.py
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1024 * 1024
BOUNDARY = "parley-bench-boundary"


def write_body(path: Path, size: int) -> None:
    """A multipart body: a title, then a file of `size` bytes of text, written in chunks."""
    with path.open("wb") as body:
        body.write(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBig\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n".encode()
        )
        chunk = b"0123456789abcdef" * (MB // 16)
        for _ in range(size // MB):
            body.write(chunk)
        body.write(b"x" * (size % MB))
        body.write(f"\r\n--{BOUNDARY}--\r\n".encode())


def parse(body: Path) -> None:
    """In this process: parse `body` as Django would for a request, then print the peak RSS."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIRequest

    from parley.files import uploads

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with body.open("rb") as stream:
        request = WSGIRequest(
            {
                "REQUEST_METHOD": "POST",
                "PATH_INFO": "/",
                "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
                "CONTENT_LENGTH": str(body.stat().st_size),
                "wsgi.input": stream,
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "80",
                "wsgi.url_scheme": "http",
            }
        )
        refused = uploads.too_large(request)
        kept = request.FILES.get("file")
        size = kept.size if kept is not None else 0
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"refused={refused} kept={size / MB:.1f} MB title={request.POST.get('title')!r} "
        f"peak RSS {peak / 1024:.0f} MB (Django loaded: {before / 1024:.0f} MB) "
        f"in {seconds:.2f} s"
    )


def extraction() -> None:
    """Pages a second of text read from ordinary PDFs, child process included."""
    from parley.files import extraction
    from parley.files.simple_pdf import text_pdf

    line = "Principle {p}: staff answer within a working day, in the language written to ({i})."
    total_pages, total_seconds, total_cpu = 0, 0.0, 0.0
    for pages, rounds in ((1, 10), (20, 5), (100, 3)):
        pdf = text_pdf([[line.format(p=p, i=i) for i in range(40)] for p in range(pages)])
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        for _ in range(rounds):
            found = extraction.extract(pdf, "pdf", seconds=120)
            assert not found.failed, found.failed
            assert found.pages == pages
        seconds = (time.perf_counter() - started) / rounds
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime) / rounds
        total_pages += pages * rounds
        total_seconds += seconds * rounds
        total_cpu += cpu * rounds
        print(
            f"text of a {pages}-page PDF ({len(pdf) / 1024:.0f} KB): {seconds:.2f} s a file "
            f"({cpu:.2f} s of CPU), {pages / seconds:.1f} pages/s ({pages / cpu:.1f} a CPU second)"
        )
    print(
        f"overall: {total_pages / total_seconds:.1f} pages/s "
        f"({total_pages / total_cpu:.1f} pages a CPU second)"
    )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--parse":
        parse(Path(sys.argv[2]))
        return
    with tempfile.TemporaryDirectory() as folder:
        for label, size in (("50 MB, kept", 50 * MB - 1024), ("51 MB, stopped", 51 * MB)):
            body = Path(folder) / "body"
            write_body(body, size)
            print(f"{label}: ", end="", flush=True)
            subprocess.run([sys.executable, __file__, "--parse", str(body)], check=True)
    extraction()


if __name__ == "__main__":
    main()
