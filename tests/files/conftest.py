"""Files are stored under the test's own directory, never the site's var/media/."""

from pathlib import Path

import pytest
from pytest_django import Settings

from parley.accounts.models import User
from parley.guidance.models import Document, Version
from parley.organisations.models import Membership, Organisation, Role
from tests.builders import make_user


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
    user = make_user("other-editor@example.org", "Ed Elsewhere")
    Membership.objects.create(organisation=other_organisation, user=user, role=Role.EDITOR)
    return user


@pytest.fixture
def other_member(other_organisation: Organisation) -> User:
    user = make_user("other-member@example.org", "Meg Elsewhere")
    Membership.objects.create(organisation=other_organisation, user=user, role=Role.MEMBER)
    return user


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
