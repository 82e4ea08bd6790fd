"""The text of a file a respondent attached, read in a child process that has a time limit
and a memory limit, so that a PDF that makes the reader loop, or a document that unpacks to
gigabytes, costs at most those limits and never the worker.

`extract` is what the background task calls. `python -m parley.files.extraction EXT SECONDS
MEMORY` is the child: it limits itself, reads the file on standard input and writes
`{"text": …, "pages": …}` as JSON on standard output. This module imports no Django, so the
child starts quickly.
"""

import io
import json
import subprocess  # nosec B404 — runs this module's own reader with fixed arguments
import sys
import zipfile
from dataclasses import dataclass
from typing import IO

MAX_TEXT = 1_000_000  # characters kept of one file's text
MAX_INPUT = 50 * 1024 * 1024  # bytes a child reads, at most
MAX_UNPACKED = 100 * 1024 * 1024  # what an ODT or DOCX may unpack to, at most
MAX_MEMBERS = 5_000
MEMORY = 768 * 1024 * 1024  # the child's address space


@dataclass(frozen=True)
class Extracted:
    text: str
    pages: int | None
    failed: str = ""  # why no text could be read: "" when it was read (even if empty)


def unpacks_small(stream: IO[bytes]) -> bool:
    """Whether a ZIP container (ODT, DOCX) unpacks to at most MAX_UNPACKED bytes in at most
    MAX_MEMBERS parts, as its directory says; the readers are stopped past that anyway."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            return len(infos) <= MAX_MEMBERS and sum(i.file_size for i in infos) <= MAX_UNPACKED
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        stream.seek(0)


def _pdf(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts: list[str] = []
    size = 0
    for page in reader.pages:
        text = (page.extract_text() or "").strip()
        parts.append(text)
        size += len(text)
        if size > MAX_TEXT:
            break
    return "\n\n".join(parts), len(reader.pages)


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _odt(data: bytes) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    return "\n".join(
        teletype.extractText(element)
        for element in document.getElementsByType(text.P) + document.getElementsByType(text.H)
    )


def read(extension: str, data: bytes) -> tuple[str, int | None]:
    """The file's text and (for a PDF) its number of pages, read here, unbounded: only the
    child calls it, or a test of the readers themselves."""
    if extension == "pdf":
        return _pdf(data)
    if extension == "docx":
        return _docx(data), None
    if extension == "odt":
        return _odt(data), None
    if extension == "txt":
        return data.decode("utf-8", "replace"), None
    raise ValueError(f"No reader for .{extension}")


def extract(data: bytes, extension: str, *, seconds: float, memory: int = MEMORY) -> Extracted:
    """The text of `data` (a file of type `extension`), read in a child process stopped after
    `seconds` or past `memory` bytes; what failed, if it was stopped or could not read it."""
    if extension == "txt":  # nothing to parse: no child needed
        return Extracted(text=data.decode("utf-8", "replace")[:MAX_TEXT], pages=None)
    command = [sys.executable, "-m", __name__, extension, str(int(seconds) + 1), str(memory)]
    try:
        # Our interpreter, our module, fixed arguments: nothing from the upload but its bytes.
        done = subprocess.run(  # noqa: S603  # nosec B603
            command, input=data, capture_output=True, timeout=seconds, check=False
        )
    except subprocess.TimeoutExpired:
        return Extracted(text="", pages=None, failed="timed out")
    if done.returncode != 0:
        return Extracted(text="", pages=None, failed="unreadable")
    try:
        found = json.loads(done.stdout)
    except ValueError:
        return Extracted(text="", pages=None, failed="unreadable")
    return Extracted(text=str(found["text"])[:MAX_TEXT], pages=found["pages"])


def _child(argv: list[str]) -> int:
    import resource

    extension, seconds, memory = argv[0], int(argv[1]), int(argv[2])
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    data = sys.stdin.buffer.read(MAX_INPUT + 1)
    if len(data) > MAX_INPUT:
        return 2
    try:
        text, pages = read(extension, data)
    except Exception:
        return 1
    sys.stdout.write(json.dumps({"text": text[:MAX_TEXT], "pages": pages}))
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
