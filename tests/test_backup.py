"""`parley backup` and `parley restore`: a round trip gives back every table as it was, and
every uploaded file."""

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.files import services as files
from parley.guidance.models import Document
from parley.management.commands.backup import Command as Backup
from parley.organisations.models import Organisation
from tests.builders import comment_as, pdf_bytes, upload

pytestmark = pytest.mark.django_db(transaction=True)


def every_table() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model's table (many-to-many tables included), in key order."""
    return {
        model._meta.db_table: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
    }


def test_a_backup_restores_every_table_as_it_was(
    tmp_path: Path,
    post: Post,
    participant: User,
    moderator: User,
    editor: User,
    organisation: Organisation,
) -> None:
    first = comment_as(post, participant, "A first thought, with **Markdown**")
    comment_as(post, moderator, "A reply", parent_number=first.number)
    before = every_table()
    assert before[Comment._meta.db_table]

    backup = tmp_path / "parley.backup"
    call_command("backup", str(backup))
    assert backup.stat().st_size > 0

    Comment.objects.filter(parent__isnull=False).delete()
    Comment.objects.all().delete()
    blog.create_post(
        author=editor, organisation=organisation, title="After", body="x", status="published"
    )
    assert every_table() != before

    call_command("restore", str(backup), "--noinput")
    assert every_table() == before
    # The site carries on where it was: the next comment is numbered after the restored ones.
    assert comment_as(post, participant, "After the restore").number == 3


def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "taken"
    existing.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_text() == "keep me"


def test_restoring_a_file_that_is_no_backup_changes_nothing(
    tmp_path: Path, post: Post, participant: User
) -> None:
    comment_as(post, participant, "Still here")
    before = every_table()
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a database backup" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(junk), "--noinput")
    assert every_table() == before


def test_restoring_asks_first_and_stops_unless_told_yes(
    tmp_path: Path, post: Post, participant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "parley.backup"
    call_command("backup", str(backup))
    comment_as(post, participant, "Written after the backup")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(backup))
    assert Comment.objects.filter(body_markdown="Written after the backup").exists()


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    root = tmp_path / "site" / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


def files_in(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_uploaded_files_come_back_with_the_database(
    tmp_path: Path, media: Path, document: Document, editor: User
) -> None:
    version = document.versions.get(number=1)
    files.attach_file(
        version=version,
        user=editor,
        upload=upload("impact.pdf", pdf_bytes(pages=2)),
        title="Impact assessment",
    )
    before_files, before_tables = files_in(media), every_table()
    assert len(before_files) == 1

    backup = tmp_path / "parley.backup"
    out = io.StringIO()
    call_command("backup", str(backup), stdout=out)
    assert f"with 1 uploaded files from {media}" in out.getvalue()

    (stored,) = media.rglob("*.pdf")
    stored.write_bytes(b"damaged")
    (media / "stray.txt").write_text("written after the backup")
    files.attach_file(
        version=version, user=editor, upload=upload("later.pdf", pdf_bytes()), title="Later"
    )

    out = io.StringIO()
    call_command("restore", str(backup), "--noinput", stdout=out)
    assert files_in(media) == before_files
    assert every_table() == before_tables
    assert f"and 1 uploaded files into {media}" in out.getvalue()
    assert [p.name for p in media.parent.iterdir()] == ["media"]  # nothing left beside it


def test_a_backup_made_before_files_were_backed_up_restores_and_leaves_the_files(
    tmp_path: Path, media: Path, post: Post, participant: User
) -> None:
    comment_as(post, participant, "In the old backup")
    before = every_table()
    old = tmp_path / "old.backup"
    Backup().copy_database(connection, old)  # what `parley backup` wrote until now
    media.mkdir(parents=True)
    (media / "kept.txt").write_text("still here")
    comment_as(post, participant, "Not in it")

    out = io.StringIO()
    call_command("restore", str(old), "--noinput", stdout=out)
    assert every_table() == before
    assert files_in(media) == {"kept.txt": b"still here"}
    assert "the uploaded files were left as they are" in out.getvalue()


@pytest.mark.parametrize(
    "name", ["media/../../outside.txt", "/etc/parley.txt", "database2", "media/link"]
)
def test_a_backup_with_a_member_that_is_no_upload_is_refused_and_changes_nothing(
    tmp_path: Path, media: Path, post: Post, participant: User, name: str
) -> None:
    comment_as(post, participant, "Before")
    media.mkdir(parents=True)
    (media / "kept.txt").write_text("keep")
    good = tmp_path / "good.backup"
    call_command("backup", str(good))
    comment_as(post, participant, "After the backup")
    before = every_table()

    crafted = tmp_path / "crafted.backup"
    with tarfile.open(good) as source, tarfile.open(crafted, "w") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        extra = tarfile.TarInfo(name)
        if name == "media/link":
            extra.type, extra.linkname = tarfile.SYMTYPE, "/etc/passwd"
            target.addfile(extra)
        else:
            extra.size = 4
            target.addfile(extra, io.BytesIO(b"evil"))

    with pytest.raises(CommandError, match="refused"):
        call_command("restore", str(crafted), "--noinput")
    assert every_table() == before
    assert files_in(media) == {"kept.txt": b"keep"}
    assert not (tmp_path / "outside.txt").exists()


def test_the_backup_says_what_it_holds(tmp_path: Path, media: Path) -> None:
    backup = tmp_path / "parley.backup"
    call_command("backup", str(backup))
    with tarfile.open(backup) as archive:
        manifest = json.load(archive.extractfile("parley-backup.json"))  # type: ignore[arg-type]
    assert manifest == {
        "format": 1,
        "database": connection.vendor,
        "media": "included",
        "files": 0,
    }
