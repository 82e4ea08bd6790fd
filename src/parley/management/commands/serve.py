"""`parley serve`: the web server (gunicorn), the task worker and the clock (`parley
clock`: announcements, due e-mail, digests), run as one unit.

All run as child processes. SIGINT and SIGTERM are passed on to each. The task worker
and the clock are restarted whenever they exit (a database outage ends them), at once and
then with growing pauses if they keep dying; the web server keeps serving meanwhile (pages
answer 503 while the database is away, `parley.outage`). If the web server itself stops,
the others are stopped too and the command exits non-zero, so a supervisor (systemd, a
container runtime) sees the failure and restarts us.

Pages name their CSS and JavaScript through the static files manifest: when the static files
of this release were never collected, it collects them before starting (or, when it cannot
write there, refuses to start with one line saying what to run).
"""

import contextlib
import os
import secrets
import signal
import subprocess  # nosec B404  # starts Parley's own processes, never a shell
import sys
import threading
import time
from dataclasses import dataclass
from types import FrameType
from typing import TextIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from parley.readiness import static_files_missing

GRACE_SECONDS = 30  # as long as gunicorn's own graceful timeout
MAX_BACKOFF = 60  # seconds between restarts of a helper that keeps dying
STEADY_SECONDS = 60  # a helper that ran this long before dying is restarted at once
WEB = "web server"
WORKER = "task worker"


def web_command(host: str, port: int, workers: int, threads: int) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        sys.executable, "-m", "gunicorn", "parley.wsgi:application",
        "--bind", bind,
        "--workers", str(workers),
        "--threads", str(threads),
        "--access-logfile", "-",
        "--error-logfile", "-",
        "--graceful-timeout", str(GRACE_SECONDS),
        "--no-control-socket",  # several instances (tests, a dev server) may share a machine
    ]  # fmt: skip


def worker_command(worker_id: str | None = None) -> list[str]:
    # One process group serves every queue; at scale, run `parley db_worker` per queue instead.
    command = [sys.executable, "-m", "parley.cli", "db_worker", "--queue-name", "*"]
    return [*command, "--worker-id", worker_id] if worker_id else command


def requeue_tasks_of(worker_id: str) -> int:
    """The tasks a task worker that died (killed, or ended by an outage) was running: ready
    to run again at once, rather than shown as running forever. How many."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    from django.db import connections
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    try:
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
        abandoned = [
            result.pk
            for result in running.only("pk", "worker_ids")
            if result.worker_ids and result.worker_ids[-1] == worker_id
        ]
        return DBTaskResult.objects.filter(
            pk__in=abandoned, status=TaskResultStatus.RUNNING
        ).update(status=TaskResultStatus.READY, started_at=None)
    finally:
        connections.close_all()  # hold no connection between deaths


def clock_command() -> list[str]:
    return [sys.executable, "-m", "parley.cli", "clock"]


def stop(child: subprocess.Popen[bytes], signum: int = signal.SIGTERM) -> None:
    if child.returncode is None:
        with contextlib.suppress(ProcessLookupError):  # it ended after our check
            child.send_signal(signum)


def wait_or_kill(child: subprocess.Popen[bytes]) -> None:
    try:
        child.wait(timeout=GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def reap(children: dict[int, subprocess.Popen[bytes]]) -> list[subprocess.Popen[bytes]]:
    """The children that have ended since we last looked, their exit codes recorded."""
    ended: list[subprocess.Popen[bytes]] = []
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # no children left
            return ended
        if pid == 0:
            return ended
        child = children.pop(pid, None)
        if child is not None:
            child.returncode = os.waitstatus_to_exitcode(status)
            ended.append(child)


@dataclass
class Restarts:
    """When a helper (the task worker, the clock) that died may start again: at once the first
    time, then after 1, 2, 4... up to MAX_BACKOFF seconds while it keeps dying soon after
    starting; a run that lasted STEADY_SECONDS starts the count again."""

    failures: int = 0
    started: float = 0.0

    def next_start(self, now: float) -> float:
        if now - self.started >= STEADY_SECONDS:
            self.failures = 0
        delay = 0.0 if self.failures == 0 else min(MAX_BACKOFF, 2.0 ** (self.failures - 1))
        self.failures += 1
        return now + delay


def serve(*, host: str, port: int, workers: int, threads: int, log: TextIO = sys.stderr) -> None:
    """Run the children until a signal stops us (returns) or the web server dies (raises).

    The task worker and the clock are restarted when they exit (a database outage makes them
    exit), with back-off; the web server is never stopped for them. Gunicorn restarts its own
    workers, so the web server itself exiting means it cannot run: then everything stops."""
    commands = {
        WEB: web_command(host, port, workers, threads),
        WORKER: worker_command(),
        "clock": clock_command(),
    }
    names: dict[int, str] = {}
    children: dict[int, subprocess.Popen[bytes]] = {}
    restarts = {name: Restarts() for name in commands}
    due: dict[str, float] = {}  # helpers waiting to start again, and when
    received: list[int] = []
    wake = threading.Event()

    def forward(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        for child in list(children.values()):
            stop(child, signum)
        wake.set()

    abandoned: set[str] = set()  # ids of dead task workers whose tasks are not re-queued yet
    worker_ids: dict[int, str] = {}

    def start(name: str) -> None:
        command = commands[name]
        if name == WORKER:  # a known identity, to re-queue what it was running if it dies
            worker_id = f"serve-{os.getpid()}-{secrets.token_hex(6)}"
            command = worker_command(worker_id)
        # Own process groups: a Ctrl+C in the terminal reaches us once, and we pass it on.
        child = subprocess.Popen(command, process_group=0)  # noqa: S603  # nosec B603  # our own argv
        if name == WORKER:
            worker_ids[child.pid] = worker_id
        children[child.pid] = child
        names[child.pid] = name
        restarts[name].started = time.monotonic()

    def wake_on_child_exit(signum: int, frame: FrameType | None) -> None:
        wake.set()

    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD)
    previous = {
        sig: signal.signal(sig, wake_on_child_exit if sig == signal.SIGCHLD else forward)
        for sig in handled
    }
    web_exit: subprocess.Popen[bytes] | None = None
    try:
        for name in commands:
            if not received:
                start(name)
        while not received and web_exit is None:
            for child in reap(children):
                name = names.pop(child.pid)
                if name == WEB:
                    web_exit = child
                    break
                if child.pid in worker_ids:
                    abandoned.add(worker_ids.pop(child.pid))
                due[name] = restarts[name].next_start(time.monotonic())
                log.write(
                    f"parley serve: the {name} exited with code {child.returncode}; "
                    f"starting it again in {due[name] - time.monotonic():.0f} s\n"
                )
                log.flush()
            if received or web_exit is not None:
                break
            for worker_id in sorted(abandoned):
                try:
                    if count := requeue_tasks_of(worker_id):
                        log.write(f"parley serve: re-queued {count} task(s) it was running\n")
                    abandoned.discard(worker_id)
                except DatabaseError:  # the database is away: try again on the next turn
                    pass
            now = time.monotonic()
            for name, when in list(due.items()):
                if when <= now:
                    del due[name]
                    start(name)
            wake.wait(timeout=min(due.values(), default=now + (5 if abandoned else 60)) - now)
            wake.clear()
        if not received:  # a second signal would make the task worker abandon its task
            for child in children.values():
                stop(child)
        for child in children.values():
            wait_or_kill(child)
    finally:
        for child in children.values():
            if child.returncode is None:  # only after an unexpected error above
                child.kill()
                child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    if web_exit is not None and not received:
        raise CommandError(
            f"the web server exited with code {web_exit.returncode}; stopped the rest"
        )


class Command(BaseCommand):
    help = "Serve Parley with gunicorn, with the background task worker and the clock."
    requires_system_checks = []  # the children run the checks; don't do it three times

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker")

    def collect_static_files(self) -> None:
        if not static_files_missing():
            return
        self.stdout.write(
            f"Static files not collected: collecting them into {settings.STATIC_ROOT}"
        )
        try:
            call_command("collectstatic", interactive=False, verbosity=0)
        except OSError as error:
            raise CommandError(
                f"static files are not collected and cannot be ({error.strerror}: "
                f"{error.filename}): run `parley collectstatic --noinput` as the site's user"
            ) from None
        if static_files_missing():
            raise CommandError(
                "static files are still missing after collectstatic: run `make install` "
                "(it builds the stylesheet), then `parley collectstatic --noinput`"
            )

    def handle(
        self, *args: object, host: str, port: int, workers: int, threads: int, **options: object
    ) -> None:
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        self.collect_static_files()
        self.stdout.write(f"Serving on http://{host}:{port}/ with the task worker; Ctrl+C stops")
        serve(host=host, port=port, workers=workers, threads=threads)
