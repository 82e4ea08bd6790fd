"""Files are stored under the test's own directory, never the site's var/media/."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.http import FileResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from pytest_django import Settings

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.guidance import services as guidance
from parley.guidance.models import Document, Version
from parley.organisations.models import Organisation, Role
from tests.builders import member_of
from tests.consultations.conftest import QUESTIONS


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


@pytest.fixture
def draft_version(document: Document) -> Version:
    return document.versions.select_related("document__organisation").get(number=1)


@pytest.fixture
def other_editor(other_organisation: Organisation) -> User:
    return member_of(other_organisation, "other-editor@example.org", "Ed Elsewhere", Role.EDITOR)


@pytest.fixture
def other_member(other_organisation: Organisation) -> User:
    return member_of(other_organisation, "other-member@example.org", "Meg Elsewhere", Role.MEMBER)


def read(answer: HttpResponseBase) -> bytes:
    """A file download's bytes; reading them to the end closes the file."""
    assert isinstance(answer, FileResponse)
    return b"".join(answer.streaming_content)  # type: ignore[arg-type]


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def consultation(draft_version: Version, editor: User) -> Version:
    """Version 1 with the formal questions of tests/consultations, open since yesterday."""
    for question in QUESTIONS:
        consultations.add_question(version=draft_version, user=editor, question=question)
    now = timezone.now()
    return guidance.schedule_consultation(
        version=draft_version,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )


@pytest.fixture
def analyst(organisation: Organisation) -> User:
    return member_of(organisation, "analyst@example.org", "Ana Lyst", Role.ANALYST)
