from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.organisations.models import Organisation
from parley.wordpress.models import WordPressItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not-xml.xml", "line 1, column 1: not an XML file"),
        ("atom.xml", "not a WordPress export: the document is <feed>, not <rss>"),
        ("plain-rss.xml", "not a WordPress export: the channel has no <wp:wxr_version>"),
        ("version-missing.xml", "not a WordPress export: the channel has no <wp:wxr_version>"),
        ("version-1.5.xml", "unknown WXR version 1.5: this importer reads 1.0, 1.1, 1.2"),
        ("version-not-a-number.xml", "the WXR version ‘one point two’ is not a number"),
        ("truncated.xml", "the file ends before the export does (is it truncated?)"),
        ("undeclared-prefix.xml", "a namespace prefix is used but never declared"),
        ("latin1-declared-utf8.xml", "bytes that are not UTF-8, though the file says it is"),
        ("doctype-entities.xml", "the file has a DOCTYPE"),
        ("external-entity.xml", "the file has a DOCTYPE"),
    ],
)
def test_an_unreadable_file_is_refused_in_one_line_naming_the_problem(
    import_file: Callable[..., str], name: str, message: str
) -> None:
    with pytest.raises(CommandError) as refused:
        import_file(name)
    text = str(refused.value)
    assert message in text
    assert name in text
    assert "\n" not in text


def test_a_truncated_file_leaves_the_database_unchanged(import_file: Callable[..., str]) -> None:
    # Its first item is complete and would be imported, were the file whole.
    users = User.objects.count()
    with pytest.raises(CommandError, match=r"line 121, .*truncated"):
        import_file("truncated.xml")
    assert not Post.objects.exists()
    assert not Comment.objects.exists()
    assert not WordPressItem.objects.exists()
    assert User.objects.count() == users


def test_bytes_in_another_encoding_are_reported_with_their_line(
    import_file: Callable[..., str],
) -> None:
    with pytest.raises(CommandError, match=r"line 51: bytes that are not UTF-8"):
        import_file("latin1-declared-utf8.xml")


def test_a_file_that_declares_its_latin_1_encoding_is_read(import_file: Callable[..., str]) -> None:
    import_file("latin1-declared.xml")
    comment = WordPressItem.objects.get(kind="comment", wp_id=100).comment
    assert comment is not None
    assert comment.author_name == "Zoë Müller"


def test_an_empty_file_is_refused(
    import_file: Callable[..., str], tmp_path: Path, organisation: Organisation
) -> None:
    from django.core.management import call_command

    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="the file is empty"):
        call_command("import-wordpress", str(empty), "--organisation", organisation.slug)


def test_a_missing_file_is_refused(organisation: Organisation) -> None:
    from django.core.management import call_command

    with pytest.raises(CommandError, match="No such file"):
        call_command(
            "import-wordpress", "/nonexistent/site.xml", "--organisation", organisation.slug
        )


def test_an_unknown_organisation_is_refused(db: None) -> None:
    from django.core.management import call_command

    with pytest.raises(CommandError, match="there is no organisation ‘nobody’"):
        call_command("import-wordpress", "site.xml", "--organisation", "nobody")
