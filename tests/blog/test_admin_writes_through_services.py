"""The admin changes posts and tags through `blog.services`, so a reader sees what it did at
once: nginx's kept copy of the page goes and the page's ETag changes, as after an edit on the
site's own editor. Transactional, so that deletions queued with on_commit run."""

from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

from parley import personal_data
from parley.accounts.models import User
from parley.blog.models import Post, Tag
from tests.builders import as_admin

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pages(settings: Settings, tmp_path: Path) -> Path:
    settings.PARLEY_PAGE_FILES = str(tmp_path / "pages")
    return tmp_path / "pages"


def kept_file(pages: Path, post: Post) -> Path:
    return pages / "current" / "en-gb" / "blog" / post.slug / "index.html"


def read(post: Post) -> str:
    """What a new anonymous reader is given; returns the page's ETag."""
    response = Client().get(post.get_absolute_url())
    assert response.status_code == 200
    return response["ETag"]


def test_a_post_given_another_author_in_the_admin_reads_anew(
    pages: Path, post: Post, admin_user: User, participant: User
) -> None:
    etag = read(post)
    assert kept_file(pages, post).exists()
    tag = Tag.objects.get(slug="guidance")
    response = as_admin(admin_user).post(
        f"/admin/blog/post/{post.pk}/change/",
        {"author": participant.pk, "tags": [tag.pk], "_save": "Save"},
    )
    assert response.status_code == 302
    assert not kept_file(pages, post).exists()
    fresh = Client().get(post.get_absolute_url(), headers={"if-none-match": etag})
    assert fresh.status_code == 200
    assert "Mina Member" in fresh.content.decode()


def test_the_admin_shows_a_posts_text_but_leaves_writing_it_to_the_editor(
    post: Post, admin_user: User
) -> None:
    page = as_admin(admin_user).get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert "We have drafted" in page
    assert 'name="body_markdown"' not in page
    assert 'name="status"' not in page
    assert as_admin(admin_user).get("/admin/blog/post/add/").status_code == 403


def test_a_tag_renamed_in_the_admin_changes_the_pages_of_its_posts(
    pages: Path, post: Post, admin_user: User
) -> None:
    etag = read(post)
    tag = Tag.objects.get(slug="guidance")
    as_admin(admin_user).post(
        f"/admin/blog/tag/{tag.pk}/change/", {"name": "Advice", "slug": "guidance"}
    )
    assert not kept_file(pages, post).exists()
    assert Client().get(post.get_absolute_url(), headers={"if-none-match": etag}).status_code == 200


def test_a_tag_deleted_in_the_admin_changes_the_pages_of_its_posts(
    pages: Path, post: Post, admin_user: User
) -> None:
    read(post)
    tag = Tag.objects.get(slug="guidance")
    as_admin(admin_user).post(f"/admin/blog/tag/{tag.pk}/delete/", {"post": "yes"})
    assert not Tag.objects.filter(pk=tag.pk).exists()
    assert not kept_file(pages, post).exists()


def test_erasing_a_posts_author_deletes_the_kept_page_that_named_them(
    pages: Path, post: Post, editor: User
) -> None:
    read(post)
    assert "Edith Editor" in kept_file(pages, post).read_text()
    personal_data.erase(user=editor, delete_comments=False)
    assert not kept_file(pages, post).exists()
    assert "Edith Editor" not in Client().get(post.get_absolute_url()).content.decode()
