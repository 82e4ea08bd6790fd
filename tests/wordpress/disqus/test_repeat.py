"""A Disqus import is safe to run again, and a dry run changes nothing."""

from collections.abc import Callable

import pytest

from tests.wordpress.disqus.helpers import FORUM, by_disqus_id, discussion_of, snapshot

pytestmark = pytest.mark.usefixtures("moved_site")

LATE_REPLY = """  <post dsq:id="1011">
    <message><![CDATA[<p>Coming back to this a year later.</p>]]></message>
    <createdAt>2020-05-01T10:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>First Reader</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="10"/>
    <parent dsq:id="1001"/>
  </post>
</disqus>"""


def test_importing_the_same_export_again_adds_nothing(import_disqus: Callable[..., str]) -> None:
    import_disqus()
    before = snapshot()
    out = import_disqus()
    assert snapshot() == before
    assert out.startswith("Imported: nothing new\n")
    assert "Skipped: 9 comments already imported" in out


def test_a_newer_export_adds_only_the_new_comment_under_its_old_parent(
    import_disqus: Callable[..., str],
) -> None:
    import_disqus()
    out = import_disqus(text=FORUM.replace("</disqus>", LATE_REPLY))
    assert out.startswith("Imported: 1 comment\n")
    late, parent = by_disqus_id(1011), by_disqus_id(1001)
    assert late.parent == parent
    assert late.number == 7
    assert late.path == f"{parent.path}.0000007"
    assert parent.reply_count == 2
    draft = discussion_of("draft-principles")
    assert (draft.last_number, draft.comment_count) == (7, 5)


def test_a_dry_run_reports_what_it_would_import_and_changes_nothing(
    import_disqus: Callable[..., str],
) -> None:
    before = snapshot()
    out = import_disqus("--dry-run")
    assert out.startswith("Dry run, nothing saved: 9 comments\n")
    assert snapshot() == before
