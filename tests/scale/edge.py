"""nginx in front of Parley as deploy/nginx/ configures it for kept pages, on loopback.

The server block is this file's (a free port, plain HTTP, the given app servers); the
kept-page maps and location are deploy/nginx's own files, included as they are. Used by
tests/scale/test_kept_pages_nginx.py and bench/pages.py.
"""

import os
import shutil
import signal
import subprocess
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.processes import free_port, wait_until

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"

CONFIGURATION = """
daemon off;
{user}
worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {access_log};
    sendfile on;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {deploy}/kept-pages-maps.conf;
    upstream parley_app {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        root {pages}/current;
        include {deploy}/kept-pages.conf;
        location @parley {{
            proxy_pass http://parley_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(found).exists(), "nginx is missing: apt-get install nginx"
    return found


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10):  # http://127.0.0.1 only
            return True
    except OSError:
        return False


@contextmanager
def edge(
    tmp: Path, *, servers: list[str], pages: Path, workers: str = "1", log: bool = True
) -> Iterator[str]:
    """nginx serving kept pages from `pages` (PARLEY_PAGE_FILES) and passing everything
    else to `servers` (http://host:port); yields its base URL."""
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    upstream = "\n".join(f"        server {url.removeprefix('http://')};" for url in servers)
    (tmp / "nginx.conf").write_text(
        CONFIGURATION.format(
            # Started as root (CI), workers would run as nobody, who cannot read pytest's
            # private temporary directories.
            user="user root;" if os.geteuid() == 0 else "",
            workers=workers,
            tmp=tmp,
            access_log=f"{tmp}/access.log" if log else "off",
            deploy=DEPLOY,
            servers=upstream,
            port=port,
            pages=pages,
        )
    )
    process = subprocess.Popen(
        [nginx_binary(), "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: answers(f"{base}/healthz"),
            60,
            f"nginx at {base}",
            watching=[process],
            explain=lambda: (tmp / "error.log").read_text() if (tmp / "error.log").exists() else "",
        )
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
