"""Which version's clause a public page may link for a lineage."""

from datetime import timedelta

from django.utils import timezone

from parley.accounts.models import User
from parley.guidance import queries, services
from parley.guidance.models import Document, Version
from tests.builders import close


def test_an_open_consultation_is_preferred_to_the_published_version(
    document: Document, editor: User
) -> None:
    published = services.publish_version(version=document.versions.get(number=1), user=editor)
    lineage = str(published.clauses.get(number="1").lineage)
    second = services.create_version(document=document, user=editor)
    now = timezone.now()
    services.schedule_consultation(
        version=second,
        user=editor,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3),
    )

    assert queries.public_clauses([lineage])[lineage].version == second


def test_the_published_version_is_preferred_to_a_closed_consultation_and_drafts(
    consulting: Version, editor: User
) -> None:
    lineage = str(consulting.clauses.get(number="1").lineage)
    assert queries.public_clauses([lineage])[lineage].version == consulting
    close(consulting)
    services.publish_version(version=consulting, user=editor)
    services.create_version(document=consulting.document, user=editor)

    assert queries.public_clauses([lineage])[lineage].version.number == 1


def test_a_lineage_only_in_a_draft_has_no_public_clause(document: Document) -> None:
    lineage = str(document.versions.get(number=1).clauses.get(number="1").lineage)

    assert queries.public_clauses([lineage]) == {}
