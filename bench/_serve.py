"""What the benchmarks that start `parley serve` share: starting it, asking it, measuring it
with wrk, and the memory of its web workers. Used by bench/pages.py and bench/scaling.py.

`start_parley` and `wrk` read the command line's `--workers`, `--threads`,
`--connections` and `--duration` from the `args` they are given."""

import argparse
import re
import signal
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.processes import free_port, wait_until  # noqa: E402  # after the path is set

PARLEY = REPO / ".venv" / "bin" / "parley"


@dataclass
class Measure:
    rps: float = 0.0
    p50: float = 0.0
    p99: float = 0.0
    errors: str = ""


def fetch(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
    """An HTTP request to the site under test (always http://127.0.0.1:…)."""
    # The URLs are http://127.0.0.1:… built here, never user input.
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    return urllib.request.urlopen(request, timeout=60)  # noqa: S310


def answers(url: str) -> bool:
    try:
        fetch(url).read()
    except OSError:  # refused until the server listens
        return False
    return True


def ms(value: str) -> float:
    number = float(re.sub(r"[a-z]+$", "", value))
    unit = re.sub(r"^[0-9.]+", "", value)
    return number * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}.get(unit, 1.0)


def wrk(url: str, args: argparse.Namespace, *, headers: dict[str, str] | None = None) -> Measure:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}",
        "--latency",
        # wrk gives up on a request after 2 s unless told; those are counted as errors.
        f"--timeout={getattr(args, 'timeout', '2s')}",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    warm_up = [*command[:3], "-d2s", *command[4:], url]  # with the same headers
    subprocess.run(warm_up, capture_output=True, check=True)
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    measure = Measure(rps=float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1)))  # type: ignore[union-attr]
    measure.p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    measure.p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    if found := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        measure.errors = f"non-2xx/3xx={found.group(1)}"
    if found := re.search(r"Socket errors: (.*)", out):
        measure.errors = f"{measure.errors} socket errors: {found.group(1)}".strip()
    return measure


def worker_rss_mb(server: subprocess.Popen[bytes]) -> float:
    """The largest RSS among the gunicorn worker processes under `parley serve`."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(re.search(r"^PPid:\s+(\d+)", text, re.M).group(1))  # type: ignore[union-attr]
        grand = Path(f"/proc/{ppid}/status")
        try:
            parent_of_parent = int(re.search(r"^PPid:\s+(\d+)", grand.read_text(), re.M).group(1))  # type: ignore[union-attr]
        except (OSError, AttributeError):
            continue
        if b"gunicorn" in cmdline and parent_of_parent == server.pid:
            sizes.append(int(re.search(r"^VmRSS:\s+(\d+)", text, re.M).group(1)) / 1024)  # type: ignore[union-attr]
    return max(sizes, default=0.0)


def start_parley(
    env: dict[str, str], args: argparse.Namespace
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        [
            PARLEY,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--threads",
            "1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:  # a busy shared machine can take minutes to start Django in each worker
        wait_until(lambda: answers(f"{base}/healthz"), 300, f"parley at {base}", watching=[server])
    except AssertionError:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        raise
    return server, base
