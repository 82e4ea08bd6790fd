"""Files are stored under the test's own directory, never the site's var/media/."""

from pathlib import Path

import pytest
from pytest_django import Settings

from parley.accounts.models import User
from parley.guidance.models import Document, Version
from parley.organisations.models import Organisation, Role
from tests.builders import member_of


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


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
