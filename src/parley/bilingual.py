"""Content in English and, where an editor gives one, Welsh.

Pages show the Welsh text to people reading in Welsh when it exists, otherwise the
English; text in a language other than the page's is marked with `lang` on its
container so screen readers pronounce it correctly. The JSON API and feeds stay English.
"""

import re
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


# People's own words (comments) have no language recorded: they are written in whatever
# language the person chose, whatever the page was in. The guess counts common words that
# belong to only one of the two languages (and Welsh's circumflexed w and y); the
# language with more of them wins, and a tie, or too few words to tell, is "" (unknown),
# which leaves the text in the page's language. Words common to both ("a", "i", "am",
# "at", "do") are not counted; Welsh's shortened "'n" ("mae'n") counts as its word.
_ENGLISH_WORDS = frozenset(
    """
the and is are was were be been of to that this these those it its with for not but
have has had we you they he she them our your their my should would could will can
what which who when where why how about there from by on if so than then also just
very all some any more no yes thanks thank think don't i'm it's isn't people please here
comment comments reply replies page pages version versions share follow read edit history
""".split()  # noqa: SIM905 - a list of words reads best as words
)
_WELSH_WORDS = frozenset(
    """
yn y yr ac mae maen oedd roedd ddim dim ydw ydy yw ydyn wedi bod fod gyda ar ei eu
ond hefyd rwy rydw rwyf dw dwi hyn hwn hon hynny sy sydd gan ni chi fi nhw dros drwy
rhaid angen cael gallu gwneud pobl iawn diolch neu os pan fel ein eich mewn ym yng
nid nad efo fe fo ie na beth pam sut pwy lle ble rydyn rydych byddai gall
""".split()  # noqa: SIM905 - as above
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def written_in(text: str) -> str:
    """Whether `text` is plainly English ("en") or Welsh ("cy"); "" when it is neither."""
    english = welsh = 0
    for word in _WORD.findall(text.lower()):
        word = word.replace("’", "'")
        if word in _ENGLISH_WORDS:
            english += 1
        elif word.split("'")[0] in _WELSH_WORDS or "ŵ" in word or "ŷ" in word:  # mae'n
            welsh += 1
    if english > welsh:
        return "en"
    if welsh > english:
        return "cy"
    return ""


def lang_attribute(language: str) -> SafeString:
    """` lang="en"` (or "cy") when `language` is known and not the page's, else nothing."""
    if not language or language == page_language():
        return SafeString("")
    return format_html(' lang="{}"', language)
