"""A version's documents: the editors' page that attaches, replaces and removes them, and
the download address of each, which serves the file as an attachment, never as a page; and
the analysts' download of a file a respondent attached; and the public media that posts
and pages show (images inline, anything else as a download)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    condition,
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from parley.accounts.requests import AuthenticatedHttpRequest
from parley.files import queries, services, uploads
from parley.files.forms import AttachForm, ReplaceForm
from parley.files.models import MediaFile, ResponseFile, StoredFile, VersionFile
from parley.forms import show_rejection
from parley.guidance.models import Version
from parley.organisations.permissions import can_analyse
from parley.validation import Rejected

# A file is never a page: no script, no style, no frame, no plug-in, whatever a browser
# makes of its bytes.
SANDBOX = "sandbox; default-src 'none'"


def _editable(request: HttpRequest, slug: str, number: int) -> Version:
    version, editor = queries.version_or_404(request.user, slug, number)
    if not editor:
        raise PermissionDenied(_("Only the document’s editors can change its files"))
    return version


def _manage_url(version: Version) -> str:
    return reverse("files:manage", args=[version.document.slug, version.number])


def _refused_for_size(request: HttpRequest, form: AttachForm | ReplaceForm) -> bool:
    if not uploads.too_large(request):
        return False
    form.add_error("file", _("The file must be smaller than 50 MB"))
    return True


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    version = _editable(request, slug, number)
    form = AttachForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not _refused_for_size(request, form) and form.is_valid():
        try:
            services.attach_file(
                version=version,
                user=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                title_cy=form.cleaned_data["title_cy"],
                accessible_alternative=form.cleaned_data["accessible_alternative"],
            )
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            return redirect(_manage_url(version))
    return render(
        request,
        "files/manage.html",
        {
            "document": version.document,
            "version": version,
            "files": queries.files_of(version),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _file_of(version: Version, file_id: int) -> VersionFile:
    document_file = get_object_or_404(VersionFile, version=version, pk=file_id)
    document_file.version = version
    return document_file


@login_required
@require_http_methods(["GET", "POST"])
def replace(request: AuthenticatedHttpRequest, slug: str, number: int, file: int) -> HttpResponse:
    version = _editable(request, slug, number)
    document_file = _file_of(version, file)
    form = ReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not _refused_for_size(request, form) and form.is_valid():
        try:
            services.replace_file(
                document_file=document_file, user=request.user, upload=form.cleaned_data["file"]
            )
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            return redirect(_manage_url(version))
    return render(
        request,
        "files/replace.html",
        {"document": version.document, "version": version, "file": document_file, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def delete(request: AuthenticatedHttpRequest, slug: str, number: int, file: int) -> HttpResponse:
    version = _editable(request, slug, number)
    try:
        services.delete_file(document_file=_file_of(version, file), user=request.user)
    except Rejected as rejected:
        raise PermissionDenied(rejected.detail) from rejected
    return redirect(_manage_url(version))


@require_GET
def download(
    request: HttpRequest, slug: str, number: int, file: int, name: str
) -> HttpResponse | FileResponse:
    """The file, as an attachment, to whoever may read its version (a draft's only to its
    editors: anyone else gets the same 404 as for a file that never was)."""
    version, _editor = queries.version_or_404(request.user, slug, number)
    document_file = _file_of(version, file)
    if name != document_file.download_name:  # the title or type changed: its address did too
        return redirect(document_file.get_absolute_url(), permanent=False)
    return attachment(document_file, document_file.download_name, public=version.is_public)


def attachment(stored: StoredFile, name: str, *, public: bool) -> FileResponse:
    """The stored file as a download: never a page, never sniffed as another type."""
    response = FileResponse(
        default_storage.open(str(stored.file.name), "rb"),
        as_attachment=True,
        filename=name,
        content_type=stored.content_type,
    )
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "no-cache" if public else "private, no-cache"
    return response


@require_GET
def response_file(request: HttpRequest, file: int, name: str) -> HttpResponse | FileResponse:
    """A file a respondent attached, as an attachment, to the organisation's analysts and
    editors only: anyone else (the respondent too, once it is sent) gets the 404 of a file
    that never was. The published copy, where there is one, is served by the published
    responses' pages."""
    response_file = (
        ResponseFile.objects.select_related("response__version__document__organisation")
        .filter(pk=file)
        .first()
    )
    if response_file is None or not can_analyse(
        request.user, response_file.response.version.document.organisation
    ):
        raise Http404("No such file")
    if name != response_file.download_name:
        return redirect(response_file.get_absolute_url(), permanent=False)
    return attachment(response_file, response_file.download_name, public=False)


def _media_etag(request: HttpRequest, file: int, name: str) -> str | None:
    return MediaFile.objects.filter(pk=file).values_list("sha256", flat=True).first()


@require_safe
@condition(etag_func=_media_etag)
def media(request: HttpRequest, file: int, name: str) -> HttpResponse | FileResponse:
    """A public media file: an image inline (posts show it), anything else as a download;
    never sniffed as another type, never a page. Its bytes never change at this address, so
    browsers and caches may keep it for a year."""
    media_file = get_object_or_404(MediaFile, pk=file)
    if name != media_file.download_name:
        return redirect(media_file.get_absolute_url(), permanent=True)
    response = FileResponse(
        default_storage.open(str(media_file.file.name), "rb"),
        as_attachment=not media_file.is_image,
        filename=media_file.download_name,
        content_type=media_file.content_type,
    )
    response["Content-Length"] = str(media_file.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
