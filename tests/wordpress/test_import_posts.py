from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from parley.accounts.models import User
from parley.blog.models import Post
from parley.organisations.models import Organisation
from parley.wordpress.models import WordPressItem

pytestmark = pytest.mark.django_db


def test_a_published_post_keeps_its_title_slug_date_and_tags(
    import_file: Callable[..., str],
) -> None:
    import_file("site.xml")
    post = Post.objects.get(slug="hello-world")
    assert post.title == "Hello & welcome"
    assert post.status == Post.Status.PUBLISHED
    assert post.published_at == datetime(2009, 6, 2, 9, 0, tzinfo=UTC)
    assert sorted(tag.name for tag in post.tags.all()) == ["Consultation", "News"]
    assert post.is_public


def test_post_content_is_sanitised_and_split_into_paragraphs(
    import_file: Callable[..., str],
) -> None:
    import_file("site.xml")
    html = Post.objects.get(slug="hello-world").body_html
    assert "<script" not in html
    assert html.startswith("<p>First paragraph with <strong>bold</strong>.</p>")
    assert "with a ]]&gt; in it." in html  # a "]]>" split across two CDATA sections


def test_the_excerpt_is_kept_for_export(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    item = WordPressItem.objects.get(kind="post", wp_id=10)
    assert item.extra["excerpt"] == "A short summary."


def test_comment_status_closed_closes_the_discussion(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    assert Post.objects.get(slug="hello-world").discussion.is_open
    assert not Post.objects.get(slug="a-deep-thread").discussion.is_open


def test_a_password_protected_post_becomes_an_unpublished_draft_and_is_reported(
    import_file: Callable[..., str],
) -> None:
    out = import_file("site.xml")
    post = Post.objects.get(slug="members-only")
    assert post.status == Post.Status.DRAFT
    assert not post.is_public
    assert "item 11 ‘Members only’: password-protected" in out


def test_drafts_scheduled_and_trashed_posts_are_not_public(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    assert Post.objects.get(slug="half-written").status == Post.Status.DRAFT
    assert Post.objects.get(slug="coming-soon").status == Post.Status.SCHEDULED
    assert Post.objects.get(slug="binned__trashed").status == Post.Status.DRAFT
    assert set(Post.objects.published().values_list("slug", flat=True)) == {
        "hello-world", "a-deep-thread", "no-type", "post-22",
    }  # fmt: skip


def test_a_draft_without_a_gmt_date_is_written_then_and_has_no_publication_date(
    import_file: Callable[..., str],
) -> None:
    import_file("site.xml")
    draft = Post.objects.get(slug="half-written")
    # 09:00 local; the other items say local time is GMT + 1. WordPress leaves a draft's
    # GMT date empty while its date floats: it has not been given a publication date.
    assert draft.created_at == datetime(2009, 7, 3, 8, 0, tzinfo=UTC)
    assert draft.published_at is None


def test_an_invalid_date_is_reported_with_its_line_and_the_post_kept_as_a_draft(
    import_file: Callable[..., str],
) -> None:
    out = import_file("site.xml")
    post = Post.objects.get(slug="bad-date")
    assert post.status == Post.Status.DRAFT
    assert "item 19 ‘Bad date’: invalid date ‘2009-13-45 99:00:00’" in out
    assert any(line.strip().startswith("line ") and "item 19" in line for line in out.splitlines())


def test_an_item_with_no_post_type_is_read_as_a_post_and_reported(
    import_file: Callable[..., str],
) -> None:
    out = import_file("site.xml")
    assert Post.objects.filter(slug="no-type").exists()
    assert "no wp:post_type: read as a post" in out


def test_attachments_are_skipped_and_counted(import_file: Callable[..., str]) -> None:
    out = import_file("site.xml")
    assert not Post.objects.filter(title="chart.png").exists()
    assert "1 attachment item," in out


def test_a_duplicate_post_id_is_skipped_and_reported(import_file: Callable[..., str]) -> None:
    out = import_file("site.xml")
    assert not Post.objects.filter(title="A second item 10").exists()
    assert "item 10 ‘A second item 10’: the same wp:post_id appears earlier" in out


def test_authors_become_users_who_cannot_sign_in_with_a_password(
    import_file: Callable[..., str],
) -> None:
    import_file("site.xml")
    alice = User.objects.get(email="alice@example.org")
    assert alice.display_name == "Alice Ångström"
    assert not alice.has_usable_password()
    assert Post.objects.get(slug="hello-world").author == alice


def test_an_author_is_matched_to_an_existing_account_by_email(
    import_file: Callable[..., str],
) -> None:
    existing = User.objects.create_user(email="ALICE@example.org", display_name="Alice A")
    out = import_file("site.xml")
    assert Post.objects.get(slug="hello-world").author == existing
    assert "new users" not in out


def test_an_author_without_an_email_is_reported_and_their_posts_have_no_author(
    import_file: Callable[..., str],
) -> None:
    out = import_file("site.xml")
    assert "author ‘bob’: no valid e-mail address" in out
    assert not User.objects.filter(display_name="Bob").exists()


def test_a_non_latin_slug_falls_back_to_the_post_id(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    assert Post.objects.get(slug="post-22").title == "Πρόταση για την πόλη"


def test_posts_belong_to_the_named_organisation(
    import_file: Callable[..., str], organisation: Organisation
) -> None:
    import_file("site.xml")
    assert set(Post.objects.values_list("organisation", flat=True)) == {organisation.pk}
