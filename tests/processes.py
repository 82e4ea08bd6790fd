"""For tests and benchmarks that start other processes: a free port to give one, and a
bounded wait for one to be ready that notices at once if it (or another) has exited."""

import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from contextlib import suppress


def free_port() -> int:
    """A port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(
    condition: Callable[[], bool],
    seconds: float,
    what: str,
    *,
    watching: Sequence[subprocess.Popen[bytes]],
    explain: Callable[[], str] = str,
) -> None:
    """Ask `condition` until it holds. Between tries, wait on the first watched process
    (which returns at once if it exits) rather than sleeping blind; fail, saying `what`
    and `explain()`, as soon as any watched process has exited or after `seconds`. A bound
    on waiting for other processes, not a timing assertion."""
    deadline = time.monotonic() + seconds
    while not condition():
        if exited := [process.args for process in watching if process.poll() is not None]:
            raise AssertionError(f"{what}: {exited[0]!r} exited\n{explain()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {seconds} s\n{explain()}")
        with suppress(subprocess.TimeoutExpired):  # the pause between tries, cut short by an exit
            watching[0].wait(timeout=0.1)
