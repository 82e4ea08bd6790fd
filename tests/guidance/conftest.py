"""Guidance helpers; the `document` and `consulting` fixtures live in tests/conftest.py."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from parley.discussions.models import Discussion
from parley.guidance.models import Version


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
