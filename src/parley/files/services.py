"""Every write to a version's documents (attach, replace, delete) and to the files a
respondent attaches to a response (attach, remove, read their text). Each checks the upload
(its type by content, its size), stores it under a name Parley chose, and records the
change in the document's history; a refused upload stores nothing.

Stored bytes outlive a failed transaction only as unreferenced objects: a file is written to
the storage before its row, and deleted after the row's deletion commits.
"""

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import partial
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from parley.accounts.models import User
from parley.files import extraction, names, scanning, sniff, tasks, uploads
from parley.files.models import MediaFile, ReplacedFile, ResponseFile, VersionFile
from parley.guidance import changes
from parley.guidance.models import Version
from parley.organisations.models import Organisation
from parley.validation import Rejected, too_long

VERSION_TYPES = sniff.TYPES  # PDF, ODT, DOCX, XLSX, CSV, TXT
Upload = UploadedFile[bytes]


def _stream(upload: Upload) -> IO[bytes]:
    """The upload's bytes, at their start."""
    assert upload.file is not None  # an uploaded file always has its bytes
    upload.file.seek(0)
    return upload.file


def check_upload(upload: Upload | None, *, field: str = "file") -> sniff.FileType:
    """The type `upload` was found to be; refuses (413, 415, 400) a file too large, of a
    type not allowed, whose content is not what its name says, or no file at all."""
    if upload is None:
        raise Rejected({field: [_("Choose a file to upload")]})
    if upload.size is None or upload.size > uploads.MAX_SIZE:
        raise Rejected({field: [_("The file must be smaller than 50 MB")]}, status=413)
    if upload.size == 0:
        raise Rejected({field: [_("The selected file is empty")]})
    kind = sniff.declared_type(upload.name or "", VERSION_TYPES)
    if kind is None:
        message = _("The file must be a PDF, ODT, DOCX, XLSX, CSV or TXT")
        raise Rejected({field: [message]}, status=415)
    if not sniff.confirms(kind, _stream(upload)):
        raise Rejected(
            {field: [_("The file is not a real %(type)s file") % {"type": kind.label}]},
            status=415,
        )
    return kind


def _pages(kind: sniff.FileType, upload: Upload) -> int | None:
    """A PDF's number of pages; None for other types or a PDF too damaged to count."""
    if kind != sniff.PDF:
        return None
    try:
        return len(PdfReader(_stream(upload)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return None


def _store(version: Version, upload: Upload, kind: sniff.FileType) -> dict[str, object]:
    pages = _pages(kind, upload)
    name = default_storage.save(
        names.storage_name(f"versions/{version.pk}", kind.extension), _stream(upload)
    )
    return {
        "file": name,
        "original_name": (upload.name or "")[:255],
        "content_type": kind.content_type,
        "extension": kind.extension,
        "size": upload.size,
        "pages": pages,
    }


def _check_titles(title: str, title_cy: str) -> tuple[str, str]:
    title, title_cy = title.strip(), title_cy.strip()
    errors = too_long(VersionFile, title=title, title_cy=title_cy)
    for field, value in (("title", title), ("title_cy", title_cy)):
        if "\x00" in value:
            errors[field] = [_("Null characters are not allowed")]
    if not title:
        errors["title"] = [_("Enter a title for the document")]
    if errors:
        raise Rejected(errors)
    return title, title_cy


@transaction.atomic
def attach_file(
    *,
    version: Version,
    user: User,
    upload: Upload | None,
    title: str,
    title_cy: str = "",
    accessible_alternative: bool = False,
) -> VersionFile:
    """A new document on `version`, at an address it keeps, logged in the history."""
    title, title_cy = _check_titles(title, title_cy)
    kind = check_upload(upload)
    assert upload is not None
    attached = VersionFile.objects.create(
        version=version,
        title=title,
        title_cy=title_cy,
        accessible_alternative=accessible_alternative,
        uploaded_by=user,
        **_store(version, upload, kind),
    )
    changes.record(
        document=version.document,
        version=version,
        user=user,
        action=f"attached “{title}” to version {version.number}",
        file=attached.pk,
    )
    return attached


@transaction.atomic
def replace_file(*, document_file: VersionFile, user: User, upload: Upload | None) -> VersionFile:
    """A new file for `document_file`, at the same address; the one it replaces is kept."""
    kind = check_upload(upload)
    assert upload is not None
    version = document_file.version
    ReplacedFile.objects.create(
        document_file=document_file,
        file=document_file.file.name,
        original_name=document_file.original_name,
        content_type=document_file.content_type,
        extension=document_file.extension,
        size=document_file.size,
        pages=document_file.pages,
        uploaded_by=document_file.uploaded_by,
        uploaded_at=document_file.uploaded_at,
    )
    for field, value in _store(version, upload, kind).items():
        setattr(document_file, field, value)
    document_file.uploaded_by = user
    document_file.uploaded_at = timezone.now()
    document_file.save()
    changes.record(
        document=version.document,
        version=version,
        user=user,
        action=f"replaced “{document_file.title}” in version {version.number}",
        file=document_file.pk,
    )
    return document_file


@transaction.atomic
def delete_file(*, document_file: VersionFile, user: User) -> None:
    """Remove a draft's document and every file it held. A public version's documents stay,
    so that their addresses keep working: replace them instead."""
    version = document_file.version
    if version.is_public:
        raise Rejected(
            {"__all__": [_("A published version’s documents can be replaced, not removed")]},
            status=409,
        )
    stored = [str(f.file.name) for f in (document_file, *document_file.replaced.all())]
    title, pk = document_file.title, document_file.pk
    document_file.delete()
    changes.record(
        document=version.document,
        version=version,
        user=user,
        action=f"removed “{title}” from version {version.number}",
        file=pk,
    )
    for name in stored:
        transaction.on_commit(partial(default_storage.delete, name))


# Respondents' files ---------------------------------------------------------------------

RESPONSE_TYPES = (sniff.PDF, sniff.DOCX, sniff.ODT, sniff.TXT)
RESPONSE_MAX_SIZE = 10 * 1024 * 1024
RESPONSE_MAX_FILES = 5
RESPONSE_FIELD = "files"


def _named(upload: Upload) -> str:
    return (upload.name or "").rpartition("/")[2][:100] or _("The file")


def check_response_upload(upload: Upload, *, field: str = RESPONSE_FIELD) -> sniff.FileType:
    """The type of a file a respondent attaches; refuses, naming the file, one over 10 MB
    (413), empty, not a PDF, DOCX, ODT or TXT by its content (415), or an ODT or DOCX that
    would unpack to more than the readers take (a ZIP bomb: 413)."""
    name = _named(upload)
    if upload.size is None or upload.size > RESPONSE_MAX_SIZE:
        raise Rejected({field: [_("“%(name)s” is larger than 10 MB") % {"name": name}]}, status=413)
    if upload.size == 0:
        raise Rejected({field: [_("“%(name)s” is empty") % {"name": name}]})
    kind = sniff.declared_type(upload.name or "", RESPONSE_TYPES)
    if kind is None:
        raise Rejected(
            {field: [_("“%(name)s” must be a PDF, DOCX, ODT or TXT file") % {"name": name}]},
            status=415,
        )
    if not sniff.confirms(kind, _stream(upload)):
        raise Rejected(
            {
                field: [
                    _("“%(name)s” is not a real %(type)s file") % {"name": name, "type": kind.label}
                ]
            },
            status=415,
        )
    if kind in {sniff.DOCX, sniff.ODT} and not extraction.unpacks_small(_stream(upload)):
        message = _("“%(name)s” unpacks to more than 100 MB: it cannot be read")
        raise Rejected({field: [message % {"name": name}]}, status=413)
    return kind


def check_response_uploads(
    uploads: Sequence[Upload], *, already: int = 0, field: str = RESPONSE_FIELD
) -> list[sniff.FileType]:
    """Each upload's type, checked before anything is saved; refuses more than five files
    on one response (counting the `already` attached) or any one refused file."""
    if already + len(uploads) > RESPONSE_MAX_FILES:
        raise Rejected(
            {
                field: [
                    _("Attach at most %(limit)s files to a response: remove one first")
                    % {"limit": RESPONSE_MAX_FILES}
                ]
            }
        )
    return [check_response_upload(upload, field=field) for upload in uploads]


def _scan(upload: Upload, field: str) -> None:
    socket_path = settings.CLAMD_SOCKET
    if not socket_path:
        return
    verdict = scanning.scan(_stream(upload), socket_path)
    if verdict.clean:
        return
    name = _named(upload)
    if verdict.found:
        message = _("“%(name)s” contains a virus (%(found)s): it was not attached")
        raise Rejected({field: [message % {"name": name, "found": verdict.found}]}, status=422)
    message = _("“%(name)s” could not be checked for viruses: try again later")
    raise Rejected({field: [message % {"name": name}]}, status=503)


@transaction.atomic
def attach_to_response(
    *,
    response: Model,
    uploads: Sequence[Upload],
    user: User | None = None,
    field: str = RESPONSE_FIELD,
) -> list[ResponseFile]:
    """Attach files to `response`, all or none (the caller says whether it may: the
    respondent's own draft, or staff entering a response): each checked by its content and
    size, scanned when a scanner is configured (refused if it cannot be), stored under a name
    Parley chose; their text is read in the background once this commits."""
    if not uploads:
        return []
    already = len(ResponseFile.objects.select_for_update().of_response(response.pk))
    kinds = check_response_uploads(uploads, already=already, field=field)
    for upload in uploads:
        _scan(upload, field)
    attached = []
    for upload, kind in zip(uploads, kinds, strict=True):
        assert upload.size is not None  # checked above
        name = default_storage.save(
            names.storage_name(f"responses/{response.pk}", kind.extension), _stream(upload)
        )
        attached.append(
            ResponseFile.objects.create(
                response_id=response.pk,
                file=name,
                original_name=_named(upload)[:255],
                content_type=kind.content_type,
                extension=kind.extension,
                size=upload.size,
                uploaded_by=user,
            )
        )
    for response_file in attached:
        transaction.on_commit(partial(tasks.read_response_file.enqueue, response_file.pk))
    return attached


@transaction.atomic
def remove_from_response(*, response_file: ResponseFile) -> None:
    """Remove a file from a response; its bytes leave the storage once this commits."""
    response_file.delete()  # the post_delete receiver (files.signals) deletes its bytes


def delete_stored(name: str) -> None:
    """Delete `name` from the storage once the transaction commits (a row deleted, by any
    path: a removal, the response's deletion, a cascade)."""
    transaction.on_commit(partial(default_storage.delete, name))


@transaction.atomic
def delete_files_of_responses(response_ids: Sequence[int]) -> int:
    """Delete every file attached to these responses, rows and bytes (an erasure request);
    how many there were."""
    doomed = ResponseFile.objects.filter(response_id__in=list(response_ids))
    count = 0
    for response_file in doomed:
        response_file.delete()
        count += 1
    return count


def read_text(*, file_id: int) -> ResponseFile | None:
    """Read a response file's text (in a child process, stopped after FILE_TEXT_SECONDS) and
    store it with the file: found, none found (a scan of a page), or failed (unreadable, or
    too slow: a PDF that makes the reader loop). None if the file is gone."""
    response_file = ResponseFile.objects.filter(pk=file_id).first()
    if response_file is None:
        return None
    with default_storage.open(str(response_file.file.name), "rb") as stored:
        data = stored.read(extraction.MAX_INPUT + 1)
    found = extraction.extract(data, response_file.extension, seconds=settings.FILE_TEXT_SECONDS)
    text = found.text.replace("\x00", "").strip()
    if found.failed:
        status = ResponseFile.Text.FAILED
    elif text:
        status = ResponseFile.Text.FOUND
    else:
        status = ResponseFile.Text.NONE
    ResponseFile.objects.filter(pk=file_id).update(text=text, text_status=status, pages=found.pages)
    response_file.text, response_file.text_status, response_file.pages = text, status, found.pages
    return response_file


@transaction.atomic
def review_response_file(*, response_file: ResponseFile, user: User) -> ResponseFile:
    """A moderator has read the file and it may be published with its response (if its
    author consented and the response is published)."""
    response_file.reviewed_at, response_file.reviewed_by = timezone.now(), user
    response_file.save(update_fields=["reviewed_at", "reviewed_by"])
    return response_file


@transaction.atomic
def withdraw_response_file(*, response_file: ResponseFile) -> ResponseFile:
    """The file is private again: published with nothing."""
    response_file.reviewed_at, response_file.reviewed_by = None, None
    response_file.save(update_fields=["reviewed_at", "reviewed_by"])
    return response_file


# Public media ---------------------------------------------------------------------------
# Their refusals are read in an operator's import report (in English), never on a page.

# Images shown in posts, and the documents they link to. Never SVG or HTML: a file that a
# browser would run as a page is not media.
MEDIA_TYPES = (*sniff.IMAGES, *sniff.TYPES)
_MEDIA_PATH = re.compile(r"[^/\x00\\]+(?:/[^/\x00\\]+)*")


def _media_path_problem(path: str) -> str:
    if len(path) > 255 or not _MEDIA_PATH.fullmatch(path):
        return "not a path inside the uploads folder"
    if any(part in {".", ".."} for part in path.split("/")):
        return "a path that leaves the uploads folder (..)"
    return ""


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    while chunk := stream.read(sniff.CHUNK):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


@transaction.atomic
def add_media_file(
    *,
    organisation: Organisation,
    path: str,
    source: IO[bytes],
    size: int,
    title: str = "",
    alt_text: str = "",
    store: bool = True,
    written: list[str] | None = None,
) -> tuple[MediaFile, bool]:
    """The organisation's public file at `path` (as in a WordPress uploads folder:
    `2019/05/photo.jpg`), and whether it is new. An existing one is returned as it is (its
    title and alt text filled in if it had none). A new one is checked by its content (an
    image: PNG, JPEG, GIF or WebP; or a document type files accepts; never SVG or HTML) and
    size, refused (Rejected, saying why) otherwise; its bytes, read from the seekable
    `source` in chunks, are stored once per content, named by their SHA-256. The storage
    names it wrote are added to `written`, so that a caller whose transaction fails can
    remove them (`discard_stored`); with `store=False` (a dry run) nothing is written."""
    problem = _media_path_problem(path)
    if problem:
        raise Rejected({"path": [problem]})
    found = MediaFile.objects.filter(organisation=organisation, path=path).first()
    if found is not None:
        changed = []
        for name, value in (("title", title[:255]), ("alt_text", alt_text[:500])):
            if value and not getattr(found, name):
                setattr(found, name, value)
                changed.append(name)
        if changed:
            found.save(update_fields=changed)
        return found, False
    if size == 0:
        raise Rejected({"file": ["the file is empty"]})
    if size > uploads.MAX_SIZE:
        raise Rejected({"file": ["the file is larger than 50 MB"]}, status=413)
    kind = sniff.declared_type(path, MEDIA_TYPES)
    if kind is None:
        message = "not an image (PNG, JPEG, GIF, WebP) or a PDF, ODT, DOCX, XLSX, CSV or TXT"
        raise Rejected({"file": [message]}, status=415)
    if not sniff.confirms(kind, source):
        raise Rejected({"file": [f"its content is not a real {kind.label} file"]}, status=415)
    sha256 = _sha256(source)
    name = f"media/{sha256[:2]}/{sha256}.{kind.extension}"
    if store and not default_storage.exists(name):
        saved = default_storage.save(name, File(source))
        assert saved == name  # nobody else writes names made of a content's hash
        if written is not None:
            written.append(name)
    media_file = MediaFile.objects.create(
        organisation=organisation,
        path=path,
        file=name,
        title=title[:255],
        alt_text=alt_text[:500],
        content_type=kind.content_type,
        extension=kind.extension,
        size=size,
        sha256=sha256,
    )
    return media_file, True


def discard_stored(names: Iterable[str]) -> None:
    """Delete these stored files now: bytes written for rows that a failed transaction
    never kept."""
    for name in names:
        default_storage.delete(name)
