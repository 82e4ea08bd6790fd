"""Guidance under consultation, built with the services as an editor would."""

from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from parley.discussions.models import Discussion
from parley.guidance import services
from parley.guidance.models import Document, Version

PRINCIPLES = [
    ("Be clear about your role", "Say when you speak for yourself."),
    ("Keep to your standards", "Impartiality applies online."),
    ("Think before you share", "Check facts first."),
    ("Treat social media as just another channel", "Plan for it like any other channel."),
]


@pytest.fixture
def document(editor, organisation) -> Document:
    created = services.create_document(
        user=editor,
        organisation=organisation,
        title="Principles for taking part online",
        summary="Short principles.",
    )
    draft = created.versions.get()
    for heading, body in PRINCIPLES:
        services.add_clause(version=draft, user=editor, heading=heading, body=body)
    return created


@pytest.fixture
def consulting(document, editor) -> Version:
    """Version 1, open for comments since yesterday, closing in a week."""
    version = document.versions.get(number=1)
    now = timezone.now()
    return services.schedule_consultation(
        version=version,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )


def close(version: Version) -> Version:
    """Move the closing time into the past, as the clock would, for the version and the
    discussions of its clauses (schedule_consultation gave them all the same window)."""
    past = timezone.now() - timedelta(minutes=1)
    Version.objects.filter(pk=version.pk).update(closes_at=past)
    Discussion.objects.filter(
        Q(pk=version.discussion_id) | Q(guidance_clause__version=version)
    ).update(closes_at=past)
    version.refresh_from_db()
    return version
