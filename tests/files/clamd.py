"""A small server speaking clamd's INSTREAM protocol on a unix socket, for the tests of the
virus scan: ClamAV itself cannot be installed here. It finds the EICAR test string, as
ClamAV does, and answers OK to anything else."""

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _read_exactly(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        part = connection.recv(size - len(data))
        if not part:
            raise ConnectionError("closed mid-chunk")
        data += part
    return data


def _serve_one(connection: socket.socket, scanned: list[bytes]) -> None:
    with connection:
        command = b""
        while not command.endswith(b"\0"):
            command += connection.recv(1)
        if command != b"zINSTREAM\0":
            connection.sendall(b"UNKNOWN COMMAND\0")
            return
        data = b""
        while size := struct.unpack(">I", _read_exactly(connection, 4))[0]:
            data += _read_exactly(connection, size)
        scanned.append(data)
        found = b"Eicar-Test-Signature FOUND" if EICAR in data else b"OK"
        connection.sendall(b"stream: " + found + b"\0")


@contextmanager
def clamd(path: Path) -> Iterator[list[bytes]]:
    """Serve at `path` until the block ends; yields the list of the files it scanned."""
    scanned: list[bytes] = []
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen()
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                return
            _serve_one(connection, scanned)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield scanned
    finally:
        stop.set()
        server.close()
        thread.join(timeout=5)
