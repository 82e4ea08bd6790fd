"""Marks people's own words with the language they are written in, where the page is not.

Text with no Welsh version and no recorded language (a comment, an organisation's
description, a wiki page, a consultation response) is guessed by `bilingual.written_in`:
`<div{{ text|lang_of }}>` gives the container ` lang="en"` on a Welsh page when the text
is plainly English, and nothing when it is in the page's language or cannot be told.
"""

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString

from parley import bilingual

register = template.Library()


@register.filter
def lang_of(text: object) -> SafeString:
    """` lang="en"` (or "cy") for the container of `text` (Markdown, plain text or HTML)
    when it is written in the other language than the page's; else nothing."""
    return bilingual.lang_attribute(bilingual.written_in(strip_tags(str(text or ""))))


@register.filter
def in_its_language(text: object) -> SafeString:
    """`text`, escaped, in a `<span lang>` when it is written in the other language than the
    page's: for a name or a title inside a translated sentence."""
    language = bilingual.written_in(str(text or ""))
    if not language or language == bilingual.page_language():
        return format_html("{}", text)
    return format_html('<span lang="{}">{}</span>', language, text)
