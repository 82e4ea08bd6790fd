"""Reads that the pages, the version page's list and the API share."""

from parley.files.models import VersionFile
from parley.guidance.models import Version
from parley.guidance.queries import version_for as version_for  # the pages' and the API's one way
from parley.guidance.queries import version_or_404 as version_or_404


def files_of(version: Version) -> list[VersionFile]:
    """The version's documents in the order they were attached, each knowing its version."""
    files = list(version.files.all())
    for file in files:
        file.version = version  # their addresses need the document's slug: no query each
    return files
