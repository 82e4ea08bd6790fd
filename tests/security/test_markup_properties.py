"""Whatever text comes in, the renderer and sanitiser give out safe, stable HTML."""

from hypothesis import given
from hypothesis import strategies as st

from parley import markup
from parley.markup import DOCUMENT_TAGS, Mentionable
from tests.security.html_safety import unsafe_markup
from tests.security.xss_corpus import CORPUS

# Fragments that make the generator reach for markup, URLs and Markdown syntax.
PIECES = st.sampled_from([
    "<", ">", "</", "/>", "<script>", "<a href=", "<img src=x ", "onerror=", "onclick=",
    '"', "'", "`", "=", "&", "&#", "&#x6a;", "&colon;", "javascript:", "JaVaScRiPt:",
    "data:text/html,", "vbscript:", "\t", "\n", "\x00", "\u202e", "[x](", "](", ")",
    "![a](", "<http://", "<javascript:", "[r]: ", "*", "_", "#", "> ", "```", "    ",
    "@Ann", "<svg", "<math", "<style>", "expression(", "{{", "{%", "<!--", "-->", "<![CDATA[",
])  # fmt: skip
HOSTILE_TEXT = st.one_of(
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=25).map("".join),
    st.sampled_from(CORPUS),
)
ANN = [Mentionable(name="Ann", href="/people/1/")]


@given(HOSTILE_TEXT)
def test_a_rendered_comment_is_always_safe_and_cleaning_it_again_changes_nothing(
    text: str,
) -> None:
    html = markup.render_comment(text, mentionables=ANN).html
    assert unsafe_markup(html) == []
    assert markup.clean(html) == html


@given(HOSTILE_TEXT)
def test_a_rendered_document_is_always_safe_and_cleaning_it_again_changes_nothing(
    text: str,
) -> None:
    html = markup.render_document(text)
    assert unsafe_markup(html) == []
    assert markup.clean(html, tags=DOCUMENT_TAGS, rel="noopener") == html


@given(HOSTILE_TEXT)
def test_cleaning_any_html_is_safe_and_idempotent(text: str) -> None:
    html = markup.clean(text, tags=DOCUMENT_TAGS)
    assert unsafe_markup(html) == []
    assert markup.clean(html, tags=DOCUMENT_TAGS) == html


@given(HOSTILE_TEXT)
def test_plain_text_of_cleaned_html_holds_no_markup(text: str) -> None:
    assert "<" not in markup.plain_text(markup.render_document(text)).replace("&lt;", "")
