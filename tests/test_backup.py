"""`parley backup` and `parley restore`: a round trip gives back every table as it was."""

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.organisations.models import Organisation
from tests.builders import comment_as

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
