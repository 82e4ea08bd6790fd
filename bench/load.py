"""Load test: readers and commenters at once against two app servers sharing one PostgreSQL
database and one Redis, with two task workers sending the notifications the comments cause.

    .venv/bin/python bench/load.py [--seconds 60] [--readers 200] [--commenters 20]

Starts the same cluster as the scale-out test (tests/scale/cluster.py: its own throw-away
database and Redis keys, loopback only, every process stopped at the end), with a post of
100 comments to read, then runs wrk for a bounded time: half the readers and half the
commenters on each server. Prints requests, errors and latency per group, checks that every
comment the servers acknowledged (201) is in the database, and exits non-zero on any error
or lost comment. See bench/README.md.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")

from aiosmtpd.controller import Controller  # noqa: E402  # after the path is set
from tests.processes import free_port, wait_until  # noqa: E402
from tests.scale.cluster import cluster  # noqa: E402

LOAD = ROOT / "bench" / "load"


class Sink:
    """An SMTP server that counts what it receives."""

    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.received += 1
        return "250 OK"


def wrk(
    url: str,
    script: str,
    *,
    connections: int,
    threads: int,
    seconds: int,
    timeout: int,
    env: dict[str, str],
) -> subprocess.Popen[str]:
    command = [
        shutil.which("wrk") or "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        f"{timeout}s",
        "-s",
        str(LOAD / script),
        url,
    ]
    return subprocess.Popen(
        command,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def result(output: str) -> dict[str, Any]:
    found = re.search(r"^RESULT (.*)$", output, re.MULTILINE)
    if not found:
        raise SystemExit(f"wrk printed no result:\n{output}")
    figures: dict[str, Any] = json.loads(found.group(1))
    figures["output"] = output
    ids = re.search(r"^IDS ,?(.*)$", output, re.MULTILINE)
    figures["ids"] = [int(i) for i in ids.group(1).split(",") if i] if ids else []
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--readers", type=int, default=200, help="concurrent readers (even)")
    parser.add_argument("--commenters", type=int, default=20, help="concurrent commenters (even)")
    parser.add_argument("--comments", type=int, default=100, help="comments on the post read")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--web-threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--timeout", type=int, default=10, help="seconds before wrk gives up")
    parser.add_argument(
        "--warm-up", type=int, default=5, help="seconds of light reading first, not measured"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")

    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory(prefix="parley-load-") as tmp:
            environment = {
                # Every comment is a real write: no person is slowed by the rate limit here.
                "PARLEY_COMMENT_RATE": "1000000/60",
                "SCALE_COMMENTERS": str(args.commenters),
                "SCALE_COMMENTS": str(args.comments),
                "LOG_LEVEL": "ERROR",
            }
            print("starting two app servers and two task workers …", flush=True)
            with cluster(
                Path(tmp),
                smtp_port=smtp_port,
                environment=environment,
                web_workers=args.web_workers,
                web_threads=args.web_threads,
            ) as cast:
                return run(cast, args, sink)
    finally:
        controller.stop()


def run(cast: Any, args: argparse.Namespace, sink: Sink) -> int:
    tokens: list[str] = cast.seed["tokens"]
    half = len(tokens) // 2
    discussion = str(cast.seed["discussion_id"])
    print(
        f"{args.readers} readers and {args.commenters} commenters for {args.seconds} s "
        f"on {' and '.join(cast.servers)} …",
        flush=True,
    )
    # Every gunicorn worker compiles its templates and opens its connections on its first
    # requests: a few seconds of light reading first, so the figures are of a running site.
    if args.warm_up:
        warming = [
            wrk(
                f"{server}{cast.seed['post_url']}",
                "read.lua",
                connections=2 * args.web_workers * args.web_threads,
                threads=2,
                seconds=args.warm_up,
                timeout=args.timeout,
                env={},
            )
            for server in cast.servers
        ]
        for process in warming:
            process.communicate(timeout=args.warm_up + 120)
    runs = {}
    for n, server in enumerate(cast.servers):
        runs[f"readers on {'AB'[n]}"] = wrk(
            f"{server}{cast.seed['post_url']}",
            "read.lua",
            connections=args.readers // 2,
            threads=2,
            seconds=args.seconds,
            timeout=args.timeout,
            env={},
        )
        mine = tokens[:half] if n == 0 else tokens[half:]
        runs[f"commenters on {'AB'[n]}"] = wrk(
            f"{server}/",
            "comment.lua",
            connections=len(mine),
            threads=len(mine),
            seconds=args.seconds,
            timeout=args.timeout,
            env={"TOKENS": ",".join(mine), "DISCUSSION": discussion, "LABEL": "AB"[n]},
        )
    load_before = os.getloadavg()[0]
    figures = {name: result(process.communicate(timeout=args.seconds + 120)[0])
               for name, process in runs.items()}  # fmt: skip

    acknowledged = [i for f in figures.values() for i in f["ids"]]
    stored = cast.query(
        "SELECT count(*) FROM discussions_comment WHERE discussion_id = %s AND id = ANY(%s)",
        (int(discussion), acknowledged),
    )[0][0]
    posted = cast.query(
        "SELECT count(*) FROM discussions_comment WHERE discussion_id = %s AND body_markdown "
        "LIKE 'Load test comment %%'",
        (int(discussion),),
    )[0][0]
    start = time.monotonic()
    wait_until(
        lambda: cast.tasks_outstanding() == 0,
        600,
        "the task queue to drain",
        watching=cast.popens,
        explain=cast.logs,
    )
    drained = time.monotonic() - start

    errors = 0
    print()
    print(f"{'group':<16}{'requests':>10}{'req/s':>9}{'errors':>8}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'max ms':>9}")  # fmt: skip
    for name, f in figures.items():
        bad = f["failed"] + f["socket_errors"] + (f["requests"] == 0)
        if bad:
            print(f"wrk, {name}:\n{f['output']}")
        errors += bad
        print(
            f"{name:<16}{f['requests']:>10}{f['requests'] / f['seconds']:>9.1f}{bad:>8}"
            f"{f['p50_ms']:>9.1f}{f['p99_ms']:>9.1f}{f['max_ms']:>9.1f}"
        )
    lost = len(acknowledged) - stored
    print()
    print(f"comments acknowledged (201): {len(acknowledged)}; of them in the database: {stored}")
    print(f"comments in the database: {posted} (more than acknowledged only by requests wrk cut")
    print("  off at the end: sent, stored, answer not read)")
    print(f"task queue drained {drained:.1f} s after the load stopped; e-mails received: "
          f"{sink.received}")  # fmt: skip
    print(f"errors: {errors}; lost comments: {lost}")
    print(
        f"machine: {os.cpu_count()} CPUs; load average {load_before:.1f} as the load began, "
        f"{os.getloadavg()[0]:.1f} after (the other processes on a shared machine count too)"
    )
    return 1 if errors or lost else 0


if __name__ == "__main__":
    sys.exit(main())
