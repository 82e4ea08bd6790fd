"""Content in English and, where an editor gives one, Welsh.

Pages show the Welsh text to people reading in Welsh when it exists, otherwise the
English; text in a language other than the page's is marked with `lang` on its
container so screen readers pronounce it correctly. The JSON API and feeds stay English.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language


def reading_welsh() -> bool:
    """Whether the current request (or `translation.override`) is in Welsh."""
    return (get_language() or "").startswith("cy")


def page_language() -> str:
    return "cy" if reading_welsh() else "en"


@dataclass(frozen=True)
class Shown:
    """One piece of text as a reader sees it, and the language it is in."""

    text: str
    language: str  # "en" or "cy"

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def html(self) -> SafeString:
        """For templates, `{{ shown.html }}`: the escaped text, in a `<span lang>` when it is
        not in the page's language; `.text` inside attributes and `<title>`."""
        if self.language == page_language():
            return conditional_escape(self.text)
        return format_html('<span lang="{}">{}</span>', self.language, self.text)

    @property
    def lang(self) -> SafeString:
        """` lang="en"` (or "cy") when the text is not in the page's language, else nothing;
        for the opening tag of the text's container."""
        if self.language == page_language():
            return SafeString("")
        return format_html(' lang="{}"', self.language)


def choose(english: str, welsh: str) -> Shown:
    """The Welsh text for a Welsh reader when there is one, else the English."""
    if welsh.strip() and reading_welsh():
        return Shown(welsh, "cy")
    return Shown(english, "en")


def in_english[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """Run `view` in English whatever the request asked for: the JSON API's messages are
    English, its field names the contract (a Ninja router's `add_decorator`, mode "view")."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override("en"):
            return view(*args, **kwargs)

    return wrapper
