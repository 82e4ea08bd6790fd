"""Block-editor content (what every WordPress since 5.0 writes) imports as what it shows:
the `<!-- wp:… -->` delimiters are structure, not text."""

import pytest

from parley.wordpress import content

pytestmark = pytest.mark.database_independent

PARAGRAPH = "<!-- wp:paragraph -->\n<p>Hello world.</p>\n<!-- /wp:paragraph -->"
LIST = (
    "<!-- wp:list -->\n<ul><!-- wp:list-item -->\n<li>One</li>\n<!-- /wp:list-item -->\n\n"
    "<!-- wp:list-item -->\n<li>Two</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list -->"
)
CODE = (
    '<!-- wp:code -->\n<pre class="wp-block-code"><code>def f(x):\n\n    return x\n'
    "</code></pre>\n<!-- /wp:code -->"
)
IMAGE = (
    '<!-- wp:image {"id":7,"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large">'
    '<img src="https://old.example.org/map.png" alt="A map"/><figcaption class="wp-element-'
    'caption">The city in 2023</figcaption></figure>\n<!-- /wp:image -->'
)


def test_a_paragraph_block_is_its_paragraph_with_no_lone_backslashes() -> None:
    markdown, html = content.document(PARAGRAPH + "\n\n" + PARAGRAPH)
    assert markdown == "Hello world.\n\nHello world."
    assert html == "<p>Hello world.</p>\n<p>Hello world.</p>\n"


def test_list_item_blocks_make_one_list() -> None:
    markdown, html = content.document(LIST)
    assert markdown == "- One\n- Two"
    assert html.count("<ul>") == 1


def test_a_code_block_keeps_its_lines_and_indentation_and_gains_nothing() -> None:
    markdown, html = content.document(CODE)
    assert markdown == "```\ndef f(x):\n\n    return x\n```"
    assert "\\" not in html
    assert "<p>" not in html


def test_a_blank_line_inside_pre_of_a_classic_post_adds_no_paragraph() -> None:
    markdown, _ = content.document("<pre>a\n\nb\nc</pre>\n\nAfter.")
    assert markdown == "```\na\n\nb\nc\n```\n\nAfter."


def test_an_image_caption_is_a_paragraph_of_its_own_after_the_image() -> None:
    markdown, html = content.document(IMAGE)
    assert markdown == "![A map](https://old.example.org/map.png)\n\nThe city in 2023"
    assert html.endswith("</p>\n<p>The city in 2023</p>\n")


def test_a_comment_written_in_blocks_loses_its_delimiters() -> None:
    markdown, _ = content.comment(PARAGRAPH)
    assert markdown == "Hello world."
