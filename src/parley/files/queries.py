"""Reads that the pages, the version page's list and the API share."""

from collections import defaultdict
from collections.abc import Iterable

from parley.files.models import MediaFile, ResponseFile, VersionFile
from parley.guidance.models import Version
from parley.guidance.queries import version_for as version_for  # the pages' and the API's one way
from parley.guidance.queries import version_or_404 as version_or_404


def files_of(version: Version) -> list[VersionFile]:
    """The version's documents in the order they were attached, each knowing its version."""
    files = list(version.files.all())
    for file in files:
        file.version = version  # their addresses need the document's slug: no query each
    return files


def files_of_responses(response_ids: Iterable[int]) -> dict[int, list[ResponseFile]]:
    """The files attached to each of these responses, oldest first: one query."""
    found: dict[int, list[ResponseFile]] = defaultdict(list)
    for response_file in ResponseFile.objects.filter(response_id__in=list(response_ids)):
        found[response_file.response_id].append(response_file)
    return found


def texts_of_responses(response_ids: Iterable[int]) -> dict[int, str]:
    """The text read from each response's files, joined, for reading with its typed answers
    (search, themes, campaigns): one query; responses without text are left out."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        ResponseFile.objects.filter(
            response_id__in=list(response_ids), text_status=ResponseFile.Text.FOUND
        )
        .order_by("response_id", "uploaded_at", "pk")
        .values_list("response_id", "text")
    )
    for response_id, text in rows:
        found[response_id].append(text)
    return {response_id: "\n\n".join(texts) for response_id, texts in found.items()}


def media_at(path: str) -> MediaFile | None:
    """The media file that was at `path` under a WordPress uploads folder (the first
    organisation's, if two brought the same path)."""
    return MediaFile.objects.filter(path=path).order_by("organisation_id").first()
