"""A version's documents: anyone who may read the version lists them; its editors attach
them, as multipart/form-data with the file in `file`. A file of a type not allowed, or whose
content is not what its name says, answers 415; one over 50 MB answers 413, refused while it
streams, before anything is stored."""

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from parley.accounts.models import User
from parley.api.auth import ANYONE, OPTIONAL_CREDENTIALS, WITH_POWERS, caller, signed_in_user
from parley.api.errors import ApiError, errors
from parley.files import queries, services, uploads
from parley.files.models import VersionFile
from parley.guidance.models import Version

router = Router(tags=["files"])
TOO_LARGE = "The file must be smaller than 50 MB"


class FileOut(Schema):
    id: int
    title: str
    url: str = Field(description="Where the file is downloaded; it stays when it is replaced")
    size: int = Field(description="In bytes")
    content_type: str = Field(description="The type found from the file's content")
    pages: int | None = Field(description="A PDF's number of pages; null for other types")


class FileList(Schema):
    items: list[FileOut]


def _version(user: User, slug: str, n: int) -> tuple[Version, bool]:
    version, editor = queries.version_for(user, slug, n)
    if version is None:
        raise Http404
    return version, editor


def _out(request: HttpRequest, document_file: VersionFile) -> FileOut:
    return FileOut(
        id=document_file.pk,
        title=document_file.title,
        url=request.build_absolute_uri(document_file.get_absolute_url()),
        size=document_file.size,
        content_type=document_file.content_type,
        pages=document_file.pages,
    )


@router.get(
    "/{slug}/versions/{n}/files",
    response={200: FileList, **errors(401, 404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def list_files(request: HttpRequest, slug: str, n: int) -> FileList:
    """A version's documents in the order they were attached (a draft's for its editors)."""
    version, _ = queries.version_for(caller(request), slug, n)
    if version is None:
        raise Http404
    return FileList(items=[_out(request, f) for f in queries.files_of(version)])


@router.post(
    "/{slug}/versions/{n}/files",
    response={201: FileOut, **errors(400, 401, 403, 404, 413, 415, 422)},
    auth=WITH_POWERS,
)
def attach_file(
    request: HttpRequest,
    slug: str,
    n: int,
    file: Annotated[
        UploadedFile | None, File(None, description="PDF, ODT, DOCX, XLSX, CSV or TXT")
    ] = None,
    title: Annotated[str, Form("", description="Required")] = "",
    title_cy: Annotated[str, Form("", description="The Welsh title, if any")] = "",
    accessible_alternative: Annotated[
        bool, Form(False, description="An accessible alternative to another of the version's files")
    ] = False,
) -> Status[FileOut]:
    """Attach a document to a version (its editors only)."""
    if uploads.too_large(request):
        raise ApiError(413, TOO_LARGE, {"file": [TOO_LARGE]})
    user = signed_in_user(request)
    version, editor = _version(user, slug, n)
    if not editor:
        raise ApiError(403, "Only the document's editors can attach files to it")
    attached = services.attach_file(
        version=version,
        user=user,
        upload=file,
        title=title,
        title_cy=title_cy,
        accessible_alternative=accessible_alternative,
    )
    return Status(201, _out(request, attached))
