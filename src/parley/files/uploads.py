"""Uploads refused while they stream, before anything is stored.

`LimitedUpload` is the first of Django's FILE_UPLOAD_HANDLERS (settings.py): it counts each
file's bytes as they arrive and stops the upload once a file passes MAX_SIZE, so an oversized
file is never written in full to memory, a temporary file or the storage. The view or API
endpoint then asks `too_large(request)` and answers with a clear message (413 in the API).

A page or endpoint that takes smaller files (a response's attachments: 10 MB) says so with
`limit(view_name, size)`; the handler reads the limit of the view the request was resolved
to, which Django knows before any middleware reads the body.
"""

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

MAX_SIZE = 50 * 1024 * 1024  # the largest file anyone may upload (50 MB)
REFUSED = "_parley_upload_too_large"
REFUSED_NAME = "_parley_upload_too_large_name"
_LIMITS: dict[str, int] = {}


def limit(view_name: str, size: int) -> None:
    """Uploads to the view named `view_name` (as `reverse` names it) stop past `size` bytes."""
    assert size <= MAX_SIZE
    _LIMITS[view_name] = size


def limit_of(request: HttpRequest | None) -> int:
    """The largest file `request`'s view takes."""
    match = getattr(request, "resolver_match", None)
    return _LIMITS.get(match.view_name, MAX_SIZE) if match is not None else MAX_SIZE


class LimitedUpload(FileUploadHandler):
    """Stops the request's upload once any one file passes its view's limit (MAX_SIZE)."""

    received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > limit_of(self.request):
            if self.request is not None:
                setattr(self.request, REFUSED, self.field_name)
                setattr(self.request, REFUSED_NAME, self.file_name or "")
            # Read and drop the rest of the body, so the client hears the answer.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def too_large(request: HttpRequest) -> bool:
    """Whether an upload in `request` was stopped for passing its limit (its body is read)."""
    request.POST  # noqa: B018 — parsing the body runs the upload handlers
    return getattr(request, REFUSED, None) is not None


def refused_name(request: HttpRequest) -> str | None:
    """The name the uploader gave the file stopped for its size ("" if none); None if no
    file was stopped."""
    if not too_large(request):
        return None
    return str(getattr(request, REFUSED_NAME, ""))[:100]
