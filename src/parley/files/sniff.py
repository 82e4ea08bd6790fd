"""What a file is, read from its content (its first bytes, a ZIP container's manifest, or
whether it is UTF-8 text), never from its name alone.

A file is accepted only when its content is the type its name says: a PDF must begin
`%PDF-`; an ODT, DOCX or XLSX must be a ZIP container whose manifest names that format; a
CSV or TXT must be UTF-8 text without null characters. So an HTML page renamed `.pdf` is
refused, and a file is always served as the type it was found to be.
"""

import codecs
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

CHUNK = 64 * 1024
MANIFEST_LIMIT = 1024 * 1024  # bytes of [Content_Types].xml or mimetype read, at most


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str  # what the GOV.UK attachment pattern shows: "PDF", "ODT" …


PDF = FileType("pdf", "application/pdf", "PDF")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", "ODT")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
)
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
CSV = FileType("csv", "text/csv; charset=utf-8", "CSV")
TXT = FileType("txt", "text/plain; charset=utf-8", "TXT")
TYPES = (PDF, ODT, DOCX, XLSX, CSV, TXT)
# Images, for the media a WordPress site brings (never SVG: it is a page that can run script).
PNG = FileType("png", "image/png", "PNG")
JPEG = FileType("jpg", "image/jpeg", "JPEG")
GIF = FileType("gif", "image/gif", "GIF")
WEBP = FileType("webp", "image/webp", "WebP")
IMAGES = (PNG, JPEG, GIF, WEBP)
BY_EXTENSION = {t.extension: t for t in (*TYPES, *IMAGES)} | {"jpeg": JPEG, "jpe": JPEG}
LABELS = {t.content_type: t.label for t in (*TYPES, *IMAGES)}


def _is_pdf(stream: IO[bytes]) -> bool:
    # Readers accept a header anywhere in the first 1024 bytes; we want it first.
    return stream.read(5) == b"%PDF-"


def _zip_member(stream: IO[bytes], name: str) -> bytes | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            info = archive.getinfo(name)
            if info.file_size > MANIFEST_LIMIT:
                return None
            with archive.open(info) as member:
                return member.read(MANIFEST_LIMIT)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
        return None


def _is_odt(stream: IO[bytes]) -> bool:
    if stream.read(4) != b"PK\x03\x04":
        return False
    stream.seek(0)
    return _zip_member(stream, "mimetype") == ODT.content_type.encode()


def _office_open_xml(main_part: bytes) -> Callable[[IO[bytes]], bool]:
    def check(stream: IO[bytes]) -> bool:
        if stream.read(4) != b"PK\x03\x04":
            return False
        stream.seek(0)
        manifest = _zip_member(stream, "[Content_Types].xml")
        return manifest is not None and main_part in manifest

    return check


def _is_utf8_text(stream: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _starts(*signatures: bytes) -> Callable[[IO[bytes]], bool]:
    def check(stream: IO[bytes]) -> bool:
        head = stream.read(max(len(s) for s in signatures))
        return any(head.startswith(s) for s in signatures)

    return check


def _is_webp(stream: IO[bytes]) -> bool:
    head = stream.read(12)
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


CHECKS: dict[FileType, Callable[[IO[bytes]], bool]] = {
    PNG: _starts(b"\x89PNG\r\n\x1a\n"),
    JPEG: _starts(b"\xff\xd8\xff"),
    GIF: _starts(b"GIF87a", b"GIF89a"),
    WEBP: _is_webp,
    PDF: _is_pdf,
    ODT: _is_odt,
    DOCX: _office_open_xml(b"wordprocessingml.document.main+xml"),
    XLSX: _office_open_xml(b"spreadsheetml.sheet.main+xml"),
    CSV: _is_utf8_text,
    TXT: _is_utf8_text,
}


def declared_type(name: str, allowed: tuple[FileType, ...] = TYPES) -> FileType | None:
    """The type a file's name says it is, if it is one of `allowed`."""
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    found = BY_EXTENSION.get(extension)
    return found if found in allowed else None


def confirms(kind: FileType, stream: IO[bytes]) -> bool:
    """Whether the content of the seekable `stream` is a `kind` file; reads it from the
    start and leaves it there."""
    stream.seek(0)
    try:
        return CHECKS[kind](stream)
    finally:
        stream.seek(0)
