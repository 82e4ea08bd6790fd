"""A 50 MB upload streams: the peak memory of parsing one multipart body of a 50 MB file
(kept, spooled to a temporary file) and of one just over the limit (stopped while it
streams), each in a fresh process, read from a file on disk as a WSGI server would hand it.

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


if __name__ == "__main__":
    main()
