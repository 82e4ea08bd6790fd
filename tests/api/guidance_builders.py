"""Guidance at each stage of its life, built with the services as the site builds it.

Shared by the tests/api/test_guidance_*.py files; it holds no tests of its own.
"""

from collections.abc import Sequence
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from parley.accounts.models import User
from parley.discussions.models import Discussion
from parley.guidance import services as guidance
from parley.guidance.models import Document, Version
from parley.organisations.models import Organisation

PRINCIPLES = (
    ("Be open", "Publish what you plan before you decide it."),
    ("Listen", "Read every comment and say what you did with it."),
    ("Be clear", "Write in plain English that anyone can follow."),
    ("Be timely", "Give people at least twelve weeks to respond."),
)


def draft(
    editor: User,
    organisation: Organisation,
    clauses: Sequence[tuple[str, str]] = PRINCIPLES,
    *,
    title: str = "Principles for public participation",
) -> Document:
    """A document whose only version is a draft holding `clauses` (heading, body)."""
    document = guidance.create_document(
        user=editor, organisation=organisation, title=title, summary="How we consult."
    )
    version = document.versions.get()
    for heading, body in clauses:
        guidance.add_clause(version=version, user=editor, heading=heading, body=body)
    return document


def latest(document: Document) -> Version:
    return document.versions.select_related("document", "discussion").order_by("-number")[0]


def consult(version: Version, editor: User) -> Version:
    """Open the version for comments: since yesterday, for thirty days."""
    now = timezone.now()
    guidance.schedule_consultation(
        version=version,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    version.discussion.refresh_from_db()  # the service opens it with an UPDATE
    return version


def close(version: Version) -> Version:
    """End the consultation a minute ago, as the passing of time would."""
    ended = timezone.now() - timedelta(minutes=1)
    Version.objects.filter(pk=version.pk).update(closes_at=ended)
    Discussion.objects.filter(
        Q(pk=version.discussion_id) | Q(guidance_clause__version=version)
    ).update(closes_at=ended)
    version.refresh_from_db()
    version.discussion.refresh_from_db()
    return version


def publish(version: Version, editor: User) -> Version:
    """Consult on the version, let the consultation end, then publish it."""
    consult(version, editor)
    return guidance.publish_version(version=close(version), user=editor)


def published(
    editor: User,
    organisation: Organisation,
    clauses: Sequence[tuple[str, str]] = PRINCIPLES,
    *,
    title: str = "Principles for public participation",
) -> Document:
    """A document with version 1 consulted on and published."""
    document = draft(editor, organisation, clauses, title=title)
    publish(latest(document), editor)
    return document
