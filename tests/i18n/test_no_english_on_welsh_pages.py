"""Every page a reader can reach, read in Welsh, has no English outside elements marked
`lang="en"`: a word that is common in English and is not a Welsh word fails the page (a
string left untranslated, or people's English shown as if it were Welsh). Text, `<title>` and
the attributes assistive technology reads (aria-label, alt, title, placeholder) are checked.

The demo content fills the site; tests/crawl.py follows the links, as each kind of reader.
"""

import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from tests.crawl import crawl

# Common English words that are not Welsh words (so no Welsh sentence contains them): "a",
# "i", "am", "at", "to", "is", "all", "man" and "hen" are Welsh too, and are not listed.
ENGLISH = {
    "the", "and", "with", "your", "this", "that", "these", "from", "have", "has", "will",
    "which", "what", "there", "their", "about", "please", "here", "comment", "comments",
    "sign", "reply", "replies", "share", "follow", "read", "page", "pages", "version",
    "versions", "edit", "history", "people", "settings", "you", "was", "were", "been",
}  # fmt: skip
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
# A textarea holds what the person is writing, in whichever language they write.
NOT_PROSE = {"script", "style", "code", "pre", "kbd", "samp", "template", "svg", "textarea"}
READ_ALOUD = {"aria-label", "alt", "title", "placeholder"}
WORD = re.compile(r"[A-Za-z]+(?:[’'][A-Za-z]+)?")
READERS = [None, "priya@demo.invalid", "editor@demo.invalid", "moderator@demo.invalid"]


class _WelshText(HTMLParser):
    """The text of a page that is not inside an element in English, nor code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # (tag, whether it starts text to skip)
        self.skipping = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skips = (values.get("lang") or "").lower().startswith("en") or tag in NOT_PROSE
        if not self.skipping and not skips:
            self.text.extend(v for k, v in attrs if k in READ_ALOUD and v)
        if tag in VOID:
            return
        self.open.append((tag, skips))
        self.skipping += skips

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not any(name == tag for name, _ in self.open):
            return  # a stray end tag
        while self.open:
            name, skips = self.open.pop()
            self.skipping -= skips
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.text.append(data)


def english_words(html: str) -> list[str]:
    parser = _WelshText()
    parser.feed(html)
    words = WORD.findall(" ".join(parser.text))
    return sorted({word for word in words if word.lower() in ENGLISH})


def test_english_words_are_found_outside_english_elements_only() -> None:
    html = (
        '<title>Sylwadau</title><p>Sylw <span lang="en">the comment</span> a <br>'
        '<img alt="the picture"></p><code>with</code><p lang="en-GB">Read this</p>'
        "<p>Your sylw</p>"
    )
    assert english_words(html) == ["Your", "the"]


@pytest.mark.django_db
def test_pages_read_in_welsh_have_no_english_outside_lang_en(
    settings: Settings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    call_command("demo", stdout=StringIO())
    found: dict[str, list[str]] = {}
    for email in READERS:
        client = Client()
        if email is not None:
            client.force_login(User.objects.get(email=email))
        client.cookies["django_language"] = "cy"
        for url, visit in crawl(client).items():
            if visit.html and (words := english_words(visit.html)):
                found.setdefault(url, words)
    problems = [f"{url}: {', '.join(words)}" for url, words in sorted(found.items())]
    assert problems == [], f"{len(problems)} Welsh pages with English:\n" + "\n".join(problems)
