"""Uploads refused while they stream, before anything is stored.

`LimitedUpload` is the first of Django's FILE_UPLOAD_HANDLERS (settings.py): it counts each
file's bytes as they arrive and stops the upload once a file passes MAX_SIZE, so an oversized
file is never written in full to memory, a temporary file or the storage. The view or API
endpoint then asks `too_large(request)` and answers with a clear message (413 in the API).
"""

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

MAX_SIZE = 50 * 1024 * 1024  # the largest file anyone may upload (50 MB)
REFUSED = "_parley_upload_too_large"


class LimitedUpload(FileUploadHandler):
    """Stops the request's upload once any one file passes MAX_SIZE bytes."""

    received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > MAX_SIZE:
            if self.request is not None:
                setattr(self.request, REFUSED, self.field_name)
            # Read and drop the rest of the body, so the client hears the answer.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def too_large(request: HttpRequest) -> bool:
    """Whether an upload in `request` was stopped for passing MAX_SIZE (its body is read)."""
    request.POST  # noqa: B018 — parsing the body runs the upload handlers
    return getattr(request, REFUSED, None) is not None
