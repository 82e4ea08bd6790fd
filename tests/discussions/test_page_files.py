"""Kept pages as files for nginx (parley.discussions.page_files): written for anonymous
readers with what differs per response left for nginx, and deleted by every write that
changes the page, once it commits. nginx serving them: tests/scale/test_kept_pages_nginx.py.

Transactional, so that deletions queued with on_commit run as they do in production."""

import html
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.conditional import Freshness
from parley.csrf import KEPT_PAGE_TOKEN
from parley.discussions import page_cache
from parley.discussions import services as discussions
from parley.discussions.models import Discussion
from parley.moderation import services as moderation
from parley.organisations.models import Organisation
from tests.builders import comment_as

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pages(settings: Settings, tmp_path: Path) -> Path:
    settings.PARLEY_PAGE_FILES = str(tmp_path / "pages")
    return tmp_path / "pages"


def kept_file(pages: Path, post: Post, language: str = "en-gb") -> Path:
    return pages / "current" / language / "blog" / post.slug / "index.html"


def read_by_anonymous(post: Post, **headers: Any) -> str:
    response = Client().get(post.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_an_anonymous_view_writes_the_page_with_per_response_values_left_for_nginx(
    pages: Path, post: Post, participant: User
) -> None:
    comment_as(post, participant, "Worth keeping")
    served = read_by_anonymous(post)
    kept = kept_file(pages, post).read_text()
    assert "Worth keeping" in kept
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', kept))
    assert tokens == {KEPT_PAGE_TOKEN}
    assert re.findall(r'name="submission" value="([^"]*)"', kept) == [""]
    assert re.findall(r'name="shown_at" value="([^"]*)"', kept) == [""]
    # The reader Parley answered got real values, not placeholders.
    assert KEPT_PAGE_TOKEN not in served
    assert re.findall(r'name="submission" value="([0-9a-f]{32})"', served)
    # The page's policy travels with it: it names what nginx's configuration cannot know.
    policy = re.search(r'<head><meta http-equiv="Content-Security-Policy" content="([^"]+)"', kept)
    assert policy is not None
    assert "form-action 'self'" in html.unescape(policy.group(1))
    assert "frame-ancestors" not in policy.group(1)


def test_a_welsh_reader_gets_a_welsh_file_beside_the_english_one(pages: Path, post: Post) -> None:
    read_by_anonymous(post)
    read_by_anonymous(post, HTTP_ACCEPT_LANGUAGE="cy")
    assert 'lang="cy"' in kept_file(pages, post, "cy").read_text()
    assert 'lang="en-GB"' in kept_file(pages, post).read_text()


def test_signed_in_readers_and_guests_with_details_never_write_a_file(
    pages: Path, post: Post, participant: User, client: Client
) -> None:
    client.force_login(participant)
    assert client.get(post.get_absolute_url()).status_code == 200
    guest = Client()
    guest.cookies["parley_guest"] = "remembered"
    assert guest.get(post.get_absolute_url()).status_code == 200
    assert not kept_file(pages, post).exists()


def test_a_page_that_will_change_by_the_clock_is_not_written(pages: Path, post: Post) -> None:
    Discussion.objects.filter(pk=post.discussion_id).update(
        closes_at=timezone.now() + timedelta(days=3)
    )
    read_by_anonymous(post)
    assert not kept_file(pages, post).exists()


@pytest.mark.parametrize(
    "write",
    [
        "comment approved",
        "comment liked",
        "comment edited",
        "comment removed",
        "post liked",
        "post edited",
        "discussion closed",
        "every comment held",
        "author renamed",
        "organisation renamed",
    ],
)
def test_every_write_a_reader_could_see_deletes_the_file(
    pages: Path,
    write: str,
    post: Post,
    participant: User,
    outsider: User,
    moderator: User,
    guest: discussions.Author,
    organisation: Organisation,
    editor: User,
) -> None:
    held = comment_as(post, guest, "Held for a moderator")
    shown = comment_as(post, participant, "Already shown")
    read_by_anonymous(post)
    assert kept_file(pages, post).exists()
    match write:
        case "comment approved":
            moderation.moderate(comment=held, moderator=moderator, action="approve")
        case "comment liked":
            discussions.like_comment(comment=shown, user=outsider)
        case "comment edited":
            discussions.edit_comment(comment=shown, body="Shown, and edited")
        case "comment removed":
            moderation.moderate(
                comment=shown, moderator=moderator, action="remove", reason="off_topic"
            )
        case "post liked":
            blog.like_post(post=post, user=outsider)
        case "post edited":
            blog.update_post(post=post, title="New title", body="New", status=post.status)
        case "discussion closed":
            discussions.set_open(discussion=post.discussion, is_open=False)
        case "every comment held":
            moderation.hold_all(discussion=post.discussion, moderator=moderator, hold=True)
        case "author renamed":
            editor.display_name = "Edith Renamed"
            editor.save()
        case "organisation renamed":
            organisation.name = "Renamed Department"
            organisation.save()
    assert not kept_file(pages, post).exists()
    page = read_by_anonymous(post)  # and the next reader writes the new page
    assert kept_file(pages, post).read_text().count("parley-comment ") == page.count(
        "parley-comment "
    )


def test_a_file_written_as_a_write_commits_is_deleted_by_its_writer(
    pages: Path, post: Post, rf: RequestFactory
) -> None:
    """The writer reads the validators again after writing: if a write changed them
    meanwhile, that write's deletion may have come first, so the file must go."""
    request = rf.get(post.get_absolute_url())
    kept: page_cache.Kept = (
        "text/html; charset=utf-8",
        ["<html><head></head><body>old</body></html>"],
        [],
    )
    before = Freshness(parts=("before",), changed_at=None)
    page_cache._write_file(
        request, before, lambda: Freshness(parts=("after",), changed_at=None), kept
    )
    assert not kept_file(pages, post).exists()
    page_cache._write_file(request, before, lambda: before, kept)
    assert "old" in kept_file(pages, post).read_text()


def test_a_new_release_takes_over_and_the_old_releases_pages_are_gone(
    pages: Path, post: Post, settings: Settings
) -> None:
    read_by_anonymous(post)
    old = kept_file(pages, post).resolve()
    settings.PARLEY_RELEASE = "next-release"
    read_by_anonymous(post)
    assert kept_file(pages, post).resolve().parts[-5] == "next-release", kept_file(
        pages, post
    ).resolve()
    assert not old.exists()


def test_with_files_off_nothing_is_written(settings: Settings, tmp_path: Path, post: Post) -> None:
    settings.PARLEY_PAGE_FILES = ""
    read_by_anonymous(post)
    assert list(tmp_path.iterdir()) == []
