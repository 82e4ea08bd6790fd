"""/api/v1/documents/{slug}/adoptions: the adopters register."""

import datetime

from django.test import Client

from parley.accounts.models import User
from parley.guidance import services as guidance
from parley.guidance.models import Document
from parley.organisations.models import Organisation


def test_the_register_lists_adopters_and_whether_they_are_up_to_date(
    client: Client,
    document: Document,
    editor: User,
    other_organisation: Organisation,
) -> None:
    published = guidance.publish_version(version=document.versions.get(), user=editor)
    guidance.adopt_version(
        organisation=other_organisation,
        version=published,
        user=editor,
        adopted_on=datetime.date(2026, 11, 1),
        statement="Adopted in full.",
    )

    response = client.get(f"/api/v1/documents/{document.slug}/adoptions")

    assert response.status_code == 200
    [row] = response.json()
    assert row["organisation"]["slug"] == "elsewhere"
    assert row["version"] == 1
    assert row["adopted_on"] == "2026-11-01"
    assert row["up_to_date"] is True
    assert row["sections_to_review"] == 0


def test_a_document_with_nothing_public_is_not_found(
    client: Client,
    document: Document,
) -> None:
    assert client.get(f"/api/v1/documents/{document.slug}/adoptions").status_code == 404
