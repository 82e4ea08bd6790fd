"""A respondent's file leaves the storage with its row, however the row goes: removed by its
author, with its response, its version or its document (database cascades), or by an
erasure request. Each of those paths deletes rows; this is the one place that follows them
to the bytes, once the deletion commits."""

from typing import Any

from parley.files import services
from parley.files.models import ResponseFile


def delete_bytes(sender: type[ResponseFile], instance: ResponseFile, **kwargs: Any) -> None:
    if instance.file.name:
        services.delete_stored(str(instance.file.name))
