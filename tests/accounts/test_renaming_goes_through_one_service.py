"""A person's name changes in one place, `accounts.services.rename`, whichever page they or
an administrator change it on: the pages showing their comments read anew at once."""

from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

from parley.accounts import services as accounts
from parley.accounts.models import User
from parley.blog.models import Post
from tests.builders import comment_as


def admin_renames(client: Client, admin: User, person: User, name: str) -> Client:
    client.force_login(admin)
    client.post(
        f"/admin/accounts/user/{person.pk}/change/",
        {"email": person.email, "display_name": name, "is_active": "on", "_save": "Save"},
    )
    return client


def test_renaming_a_commenter_in_the_admin_changes_the_post_page_for_new_readers(
    post: Post, participant: User, admin_user: User
) -> None:
    comment_as(post, participant, "A thought from Mina")
    reader = Client()
    first = reader.get(post.get_absolute_url())
    assert "Mina Member" in first.content.decode()
    admin_renames(Client(), admin_user, participant, "Mina Renamed")
    assert User.objects.get(pk=participant.pk).display_name == "Mina Renamed"
    again = Client().get(post.get_absolute_url(), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Mina Renamed" in again.content.decode()
    assert "Mina Member" not in again.content.decode()


@pytest.mark.django_db(transaction=True)
def test_renaming_a_commenter_in_the_admin_deletes_the_kept_page_file(
    settings: Settings, tmp_path: Path, post: Post, participant: User, admin_user: User
) -> None:
    settings.PARLEY_PAGE_FILES = str(tmp_path / "pages")
    comment_as(post, participant, "A thought from Mina")
    Client().get(post.get_absolute_url())
    kept = tmp_path / "pages" / "current" / "en-gb" / "blog" / post.slug / "index.html"
    assert "Mina Member" in kept.read_text()
    admin_renames(Client(), admin_user, participant, "Mina Renamed")
    assert not kept.exists()


def test_the_admin_refuses_a_name_that_looks_like_staffs_beside_the_field(
    post: Post, participant: User, admin_user: User, editor: User
) -> None:
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        f"/admin/accounts/user/{participant.pk}/change/",
        {"email": participant.email, "display_name": "Edith Edit\u043er", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "looks like a member of staff" in response.content.decode()
    assert User.objects.get(pk=participant.pk).display_name == "Mina Member"


def test_the_service_refuses_an_empty_a_long_or_a_staff_like_name_naming_the_field(
    participant: User, editor: User
) -> None:
    for name in ["  ", "x" * 81, "EDITH EDITOR"]:
        with pytest.raises(accounts.NameRejected) as refused:
            accounts.rename(user=participant, display_name=name)
        assert list(refused.value.errors) == ["display_name"], name
    assert User.objects.get(pk=participant.pk).display_name == "Mina Member"


def test_the_service_keeps_the_name_as_shown_without_control_characters(participant: User) -> None:
    accounts.rename(user=participant, display_name="  Mina \u202eR  ")
    assert User.objects.get(pk=participant.pk).display_name == "Mina R"
