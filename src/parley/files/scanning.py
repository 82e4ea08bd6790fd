"""An optional virus scan of respondents' files by a ClamAV daemon, over its unix socket
(`CLAMD_SOCKET`), with clamd's INSTREAM command: the bytes are sent in chunks, each after its
length as four bytes (big-endian), then a zero length; clamd answers `stream: OK` or
`stream: <name> FOUND`.

Not configured (`CLAMD_SOCKET` empty): nothing is scanned (docs/security.md). Configured but
unreachable, or answering anything else: the file is refused, never stored unscanned.
"""

import socket
import struct
from dataclasses import dataclass
from typing import IO

CHUNK = 64 * 1024
TIMEOUT = 60.0  # seconds for one file's scan


@dataclass(frozen=True)
class Verdict:
    clean: bool
    found: str = ""  # the signature's name when not clean
    error: str = ""  # why there is no verdict: the scanner could not be asked


def scan(stream: IO[bytes], path: str, *, timeout: float = TIMEOUT) -> Verdict:
    """What clamd at the unix socket `path` says of `stream`'s bytes (read from the start
    and left there)."""
    stream.seek(0)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout)
            connection.connect(path)
            connection.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK):
                connection.sendall(struct.pack(">I", len(chunk)) + chunk)
            connection.sendall(struct.pack(">I", 0))
            answer = b""
            while not answer.endswith(b"\0") and (part := connection.recv(4096)):
                answer += part
    except OSError as error:
        return Verdict(clean=False, error=error.strerror or type(error).__name__)
    finally:
        stream.seek(0)
    reply = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
    if reply.endswith(" OK"):
        return Verdict(clean=True)
    if reply.endswith(" FOUND"):
        found = reply.removeprefix("stream:").removesuffix(" FOUND").strip()
        return Verdict(clean=False, found=found)
    return Verdict(clean=False, error=reply[:200] or "no answer")
