"""`parley serve`: the web server (gunicorn), the task worker and the clock (`parley
clock`: announcements, due e-mail, digests), run as one unit.

All run as child processes. SIGINT and SIGTERM are passed on to each; if any
child stops on its own, the others are stopped too and the command exits non-zero,
so a supervisor (systemd, a container runtime) sees the failure and restarts us.

Pages name their CSS and JavaScript through the static files manifest: when the static files
of this release were never collected, it collects them before starting (or, when it cannot
write there, refuses to start with one line saying what to run).
"""

import contextlib
import os
import signal
import subprocess  # nosec B404  # starts Parley's own processes, never a shell
import sys
from types import FrameType

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parley.readiness import static_files_missing

GRACE_SECONDS = 30  # as long as gunicorn's own graceful timeout


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


def worker_command() -> list[str]:
    # One process group serves every queue; at scale, run `parley db_worker` per queue instead.
    return [sys.executable, "-m", "parley.cli", "db_worker", "--queue-name", "*"]


def clock_command() -> list[str]:
    return [sys.executable, "-m", "parley.cli", "clock"]


def stop(child: subprocess.Popen[bytes], signum: int = signal.SIGTERM) -> None:
    if child.returncode is None:
        with contextlib.suppress(ProcessLookupError):  # it ended after our check
            child.send_signal(signum)


def wait_for_first_exit(children: dict[int, subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
    """Reap whichever child ends first and record its exit code on its Popen."""
    while True:
        pid, status = os.wait()
        child = children.get(pid)
        if child is not None:
            child.returncode = os.waitstatus_to_exitcode(status)
            return child


def wait_or_kill(child: subprocess.Popen[bytes]) -> None:
    try:
        child.wait(timeout=GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def serve(*, host: str, port: int, workers: int, threads: int) -> None:
    """Run the children until a signal stops us (returns) or one of them dies (raises)."""
    names: dict[int, str] = {}
    children: dict[int, subprocess.Popen[bytes]] = {}
    received: list[int] = []

    def forward(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        for child in children.values():
            stop(child, signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        # Own process groups: a Ctrl+C in the terminal reaches us once, and we pass it on.
        for name, command in (
            ("web server", web_command(host, port, workers, threads)),
            ("task worker", worker_command()),
            ("clock", clock_command()),
        ):
            if received:
                break
            child = subprocess.Popen(command, process_group=0)  # noqa: S603  # nosec B603  # our own argv
            children[child.pid] = child
            names[child.pid] = name

        if not children:
            return
        first = wait_for_first_exit(children)
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

    if not received:
        raise CommandError(
            f"the {names[first.pid]} exited with code {first.returncode}; stopped the rest"
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
