"""Reads that the pages, the version page's list and the API share."""

from django.contrib.auth.models import AnonymousUser

from parley.accounts.models import User
from parley.files.models import VersionFile
from parley.guidance import queries as guidance
from parley.guidance.models import Document, Version
from parley.organisations.permissions import can_edit


def version_for(user: User | AnonymousUser, slug: str, number: int) -> tuple[Version | None, bool]:
    """The version if `user` may read it (a draft only its editors), and whether they edit it."""
    document = Document.objects.select_related("organisation").filter(slug=slug).first()
    if document is None:
        return None, False
    editor = can_edit(user, document.organisation)
    version = guidance.version_by_number(document, number)
    if version is None or not (version.is_public or editor):
        return None, editor
    return version, editor


def files_of(version: Version) -> list[VersionFile]:
    """The version's documents in the order they were attached, each knowing its version."""
    files = list(version.files.all())
    for file in files:
        file.version = version  # their addresses need the document's slug: no query each
    return files
