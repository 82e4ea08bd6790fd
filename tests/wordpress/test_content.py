"""WordPress HTML becomes our Markdown, and the HTML stored is what our renderer makes of it."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.markup import render_comment, render_document
from parley.wordpress import content
from parley.wordpress.importer import PLAIN_EMAIL

PIECES = st.sampled_from(
    [
        "word", "Καλημέρα", "🎉", " ", "  ", "\n", "\n\n", "\n \n", "\t", "1.", "2)", "-", "+",
        "#", ">", "*", "_", "`", "[", "]", "(", ")", "!", "\\", "&", "&amp;", "&lt;", "&#8217;",
        "&nbsp;", "\xa0", "<", "=", "|", "~", ":", "'", '"', "http://x.example/a_b",
        "<em>", "</em>", "<i>", "</i>", "<strong>", "</strong>", "<b>", "</b>", "<p>", "</p>",
        "<br>", "<br />", "<EM>", "</P>",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join))
def test_a_plain_comment_stores_exactly_what_its_markdown_renders_to(text: str) -> None:
    converted = content.plain_comment(text)
    if converted is not None:
        markdown, html = converted
        assert html == render_comment(markdown).html


@pytest.mark.parametrize(
    "text",
    [
        "I think point 7 is <em>right</em>, mostly.\n\nBut see https://example.org/ for it.",
        "Line one\nline two\n\n<p>Third</p>",
        "1. not a list\n- nor this\n# nor a heading\n> nor a quote",
        "Use *stars* and _underscores_ and `ticks` and [brackets](here) & &amp;",
    ],
)
def test_a_plain_comment_is_converted_in_one_pass(text: str) -> None:
    assert content.plain_comment(text) is not None


def test_emphasis_that_markdown_could_not_read_back_takes_the_full_path() -> None:
    assert content.plain_comment("a <em> spaced </em> b") is None
    assert content.plain_comment("<em>nested <strong>x</strong></em>") is None
    markdown, html = content.comment("a <em> spaced </em> b")
    assert html == render_comment(markdown).html
    assert "<em>spaced</em>" in html


def visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_wordpress_newlines_make_paragraphs_and_line_breaks() -> None:
    markdown, html = content.comment("First line\nsecond line\n\nNew paragraph")
    assert markdown == "First line\\\nsecond line\n\nNew paragraph"
    assert html == "<p>First line<br>\nsecond line</p>\n<p>New paragraph</p>\n"


def test_links_lists_and_quotes_in_a_comment_come_through() -> None:
    markdown, html = content.comment(
        '<a href="https://example.org/x">a link</a>\n\n<ul><li>one</li><li>two</li></ul>\n\n'
        "<blockquote>quoted</blockquote>"
    )
    assert "[a link](https://example.org/x)" in markdown
    assert "<" not in markdown
    assert html == render_comment(markdown).html
    assert '<a href="https://example.org/x" rel="nofollow ugc noopener">a link</a>' in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html


def test_a_post_keeps_headings_tables_images_and_links_as_markdown() -> None:
    markdown, html = content.document(
        "<h2>Costs</h2>\n<table><tr><th>Item</th><th>Cost</th></tr>"
        "<tr><td>Rent</td><td>£900</td></tr></table>\n\n"
        'See <img src="https://example.org/p.png" alt="a plan"> and '
        '<a href="https://example.org/">this</a>.\nNext line.'
    )
    assert "<" not in markdown
    assert "# Costs" in markdown
    assert "| Rent | £900 |" in markdown
    assert "![a plan](https://example.org/p.png)" in markdown
    assert html == render_document(markdown)
    assert "<h2>Costs</h2>" in html  # the same level a reader saw
    assert "<td>£900</td>" in html
    assert '<img src="https://example.org/p.png" alt="a plan">' in html
    assert "Next line" in html
    assert "<br>" in html


def test_a_table_row_wider_than_its_header_loses_no_cell() -> None:
    markdown, html = content.document(
        "<table><tr><td colspan=2>Both years</td></tr><tr><td>2009</td><td>2010</td></tr></table>"
    )
    assert html == render_document(markdown)
    assert "<td>2009</td>" in html
    assert "<td>2010</td>" in html


@settings(max_examples=300, deadline=None)
@given(st.emails() | st.text(alphabet="abz09.-_+@\"' é[]", max_size=30))
def test_the_quick_e_mail_check_accepts_only_what_django_accepts(email: str) -> None:
    if len(email) <= 254 and PLAIN_EMAIL.match(email):
        try:
            validate_email(email)
        except ValidationError:
            pytest.fail(f"{email!r} passed the quick check but not Django's")
