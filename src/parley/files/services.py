"""Every write to a version's documents: attach, replace, delete. Each checks the upload
(its type by content, its size), stores it under a name Parley chose, and records the
change in the document's history; a refused upload stores nothing.

Stored bytes outlive a failed transaction only as unreferenced objects: a file is written to
the storage before its row, and deleted after the row's deletion commits.
"""

from functools import partial
from typing import IO

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from parley.accounts.models import User
from parley.files import names, sniff, uploads
from parley.files.models import ReplacedFile, VersionFile
from parley.guidance import changes
from parley.guidance.models import Version
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
