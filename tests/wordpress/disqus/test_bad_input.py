"""A Disqus export that cannot be imported whole changes nothing, and says where and why."""

from collections.abc import Callable

import pytest
from django.core.management import CommandError

from parley.organisations.models import Organisation
from tests.wordpress.disqus.helpers import DISQUS, FORUM, snapshot

pytestmark = pytest.mark.usefixtures("moved_site")

ON_A_MISSING_THREAD = """  <post dsq:id="1099">
    <message><![CDATA[<p>Where does this go?</p>]]></message>
    <createdAt>2020-05-01T10:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Lost Reader</name></author>
    <thread dsq:id="77"/>
  </post>
</disqus>"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE disqus [
  <!ENTITY a "hahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahaha">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <post dsq:id="1"><message>&d;</message><thread dsq:id="10"/></post>
</disqus>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE disqus [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <post dsq:id="1"><message>&secret;</message><thread dsq:id="10"/></post>
</disqus>
"""


def refused(import_disqus: Callable[..., str], text: str) -> str:
    before = snapshot()
    with pytest.raises(CommandError) as error:
        import_disqus(text=text)
    assert snapshot() == before
    message = str(error.value)
    assert "disqus-export.xml: " in message
    assert "\n" not in message
    return message


def test_a_comment_on_a_thread_the_file_lacks_makes_the_whole_import_change_nothing(
    import_disqus: Callable[..., str],
) -> None:
    # Every other comment of the file could be imported, and is not.
    message = refused(import_disqus, FORUM.replace("</disqus>", ON_A_MISSING_THREAD))
    assert message.endswith("line 235, comment 1099: its thread 77 is not in the file")


def test_a_comment_without_an_id_makes_the_whole_import_change_nothing(
    import_disqus: Callable[..., str],
) -> None:
    message = refused(import_disqus, FORUM.replace('<post dsq:id="1009">', "<post>"))
    assert message.endswith(
        "line 210, post ‘’: no numeric dsq:id, so it could not be told apart on a second import"
    )


def test_a_comment_without_a_thread_makes_the_whole_import_change_nothing(
    import_disqus: Callable[..., str],
) -> None:
    text = FORUM.replace('<thread dsq:id="12"/>', "")
    message = refused(import_disqus, text)
    assert message.endswith("comment 1010: no <thread dsq:id>, so its page is not known")


def test_a_file_cut_short_changes_nothing(import_disqus: Callable[..., str]) -> None:
    message = refused(import_disqus, FORUM[: FORUM.index('<post dsq:id="1010">')])
    assert "the file ends before the export does (is it truncated?)" in message


def test_a_file_that_is_not_well_formed_changes_nothing(import_disqus: Callable[..., str]) -> None:
    message = refused(import_disqus, FORUM.replace("<isSpam>true</isSpam>", "<isSpam>true"))
    assert "not well-formed XML (mismatched tag)" in message


@pytest.mark.parametrize("text", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entities_are_refused_before_any_is_expanded(
    import_disqus: Callable[..., str], text: str
) -> None:
    message = refused(import_disqus, text)
    assert message.endswith(
        "line 2: the file has a DOCTYPE; Disqus exports have none, and it is refused so that "
        "no entity can be expanded"
    )


def test_a_wordpress_export_is_refused_with_a_pointer(import_disqus: Callable[..., str]) -> None:
    text = (DISQUS / "old-site.xml").read_text(encoding="utf-8")
    message = refused(import_disqus, text)
    assert message.endswith(
        "not a Disqus export: the document is <rss>, not <disqus> (a WordPress export? "
        "use import-wordpress)"
    )


def test_an_empty_file_is_refused(import_disqus: Callable[..., str]) -> None:
    assert refused(import_disqus, "").endswith("the file is empty")


def test_a_comment_too_large_is_skipped_by_name(import_disqus: Callable[..., str]) -> None:
    huge = FORUM.replace("<p>On the plain permalink post.</p>", "<p>" + "x" * (1 << 20) + "</p>")
    out = import_disqus(text=huge)
    assert "comment 1010: it holds over 1 MB of text, the most one post may hold: skipped" in out
    assert "Skipped: 1 comment too large" in out


def test_an_unknown_organisation_is_refused(
    import_disqus: Callable[..., str], organisation: Organisation
) -> None:
    with pytest.raises(CommandError, match="there is no organisation ‘nobody’"):
        import_disqus("--organisation", "nobody")


def test_a_missing_file_is_refused(db: None) -> None:
    from django.core.management import call_command

    with pytest.raises(CommandError, match="No such file"):
        call_command("import-disqus", "/nonexistent/disqus.xml")


def test_a_thread_too_large_is_reported_with_its_comments(
    import_disqus: Callable[..., str],
) -> None:
    huge = FORUM.replace(
        "<title>Plain permalink post</title>",
        "<title>Plain permalink post</title><message>" + "x" * (1 << 20) + "</message>",
    )
    out = import_disqus(text=huge)
    assert (
        "line 35, thread 12 ‘’ (): it holds over 1 MB of text, the most one thread may hold; "
        "not imported: 1 comment"
    ) in out
