"""An item too large to convert safely is refused, by name, and the rest is imported; the
reader never holds more of it than the limit (a 60 MB post took 770 MB and more)."""

import io
import tracemalloc
from collections.abc import Callable

import pytest

from parley.blog.models import Post
from parley.wordpress import wxr

pytestmark = pytest.mark.django_db

HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
    "<title>Big</title><link>https://big.example.org</link>\n"
    "<wp:wxr_version>1.2</wp:wxr_version>\n"
)
PARAGRAPH = '<p>Words with <a href="https://example.org/">a link</a> in them.</p>\n'


def item(wp_id: int, title: str, content: str, comments: str = "") -> str:
    return (
        f"<item><title>{title}</title><link>https://big.example.org/{wp_id}/</link>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<wp:post_id>{wp_id}</wp:post_id><wp:post_date_gmt>2015-01-01 10:00:00</wp:post_date_gmt>"
        f"<wp:post_name>p-{wp_id}</wp:post_name><wp:status>publish</wp:status>"
        f"<wp:post_type>post</wp:post_type>{comments}</item>\n"
    )


def export(*items: str) -> str:
    return HEAD + "".join(items) + "</channel></rss>\n"


def test_an_item_whose_text_is_over_the_limit_is_refused_by_name_and_the_rest_imported(
    import_text: Callable[[str], str],
) -> None:
    huge = PARAGRAPH * (wxr.MAX_TEXT_CHARS // len(PARAGRAPH) + 1)

    report = import_text(export(item(1, "Small", "Hello."), item(2, "Enormous", huge)))

    assert list(Post.objects.values_list("title", flat=True)) == ["Small"]
    assert "item 2 ‘Enormous’: its <content:encoded> is over 1 MB" in report
    assert "1 item too large" in report


def test_reading_a_huge_item_holds_no_more_of_it_than_the_limit() -> None:
    huge = PARAGRAPH * (20 * wxr.MAX_TEXT_CHARS // len(PARAGRAPH))
    source = io.BytesIO(export(item(1, "Enormous", huge), item(2, "Small", "Hi.")).encode())

    tracemalloc.start()
    try:
        read = list(wxr.Reader(source).items())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert [n.refused != "" for n in read] == [True, False]
    assert read[0].value("title") == "Enormous"
    # 20 MB of text went through; what is held is the limit and the reading buffers.
    assert peak < 8 * wxr.MAX_TEXT_CHARS


def test_an_item_over_the_total_limit_is_refused_though_each_text_is_small() -> None:
    comments = "".join(
        f"<wp:comment><wp:comment_id>{n}</wp:comment_id>"
        f"<wp:comment_content><![CDATA[{PARAGRAPH * 10}]]></wp:comment_content></wp:comment>"
        for n in range(1, 200)
    )
    source = io.BytesIO(export(item(1, "Busy", "Hi.", comments)).encode())

    (read,) = wxr.Reader(source, max_item_chars=100_000).items()

    assert read.refused.startswith("it holds over 0.1 MB of text")
