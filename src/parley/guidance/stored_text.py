"""Text about guidance stored in English, said in the reader's language.

Why an adopter's section needs review (`OperationalSection.review_reasons`, written by
`services._how_changed`) and what each change in a document's history was
(`GuidanceChange.action`, written by `services._record`) are stored in fixed English
forms, which work as their codes: the API, exports and rows written before the interface
was translated read that text. Pages and e-mails show them through `review_reason` and
`change`, which recognise each form and say it as a whole translated sentence; a text
they do not recognise is shown as stored.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Form:
    stored: str  # the English form, fields in braces: never translated, never reworded
    said: Promise | Callable[[int], str]  # a translation, or one chosen by {count}

    @property
    def pattern(self) -> re.Pattern[str]:
        parts = re.split(r"\{(\w+)\}", self.stored)
        return re.compile(
            "".join(
                f"(?P<{part}>.+?)" if i % 2 else re.escape(part) for i, part in enumerate(parts)
            )
        )

    def say(self, fields: dict[str, str]) -> str:
        if isinstance(self.said, Promise):
            return str(self.said).format(**fields)
        count = fields.get("count", "")
        return self.said(int(count) if count.isdigit() else 0).format(**fields)


def _reader(forms: list[Form]) -> Callable[[str], str]:
    patterns = [(form.pattern, form) for form in forms]

    def read(stored: str) -> str:
        for pattern, form in patterns:
            if found := pattern.fullmatch(stored.strip()):
                return form.say(found.groupdict())
        return stored

    return read


# Longer forms first: a shorter one would also match their beginning.
review_reason = _reader(
    [
        Form("clause {old}, which was removed", _("clause {old}, which was removed")),
        Form(
            "clause {old}, which was merged into clause {new}",
            _("clause {old}, which was merged into clause {new}"),
        ),
        Form(
            "clause {old}, which became clause {new} and was reworded",
            _("clause {old}, which became clause {new} and was reworded"),
        ),
        Form(
            "clause {old}, which became clause {new}",
            _("clause {old}, which became clause {new}"),
        ),
        Form(
            "clause {old}, which moved and was reworded",
            _("clause {old}, which moved and was reworded"),
        ),
        Form("clause {old}, which moved", _("clause {old}, which moved")),
        Form("clause {old}, which was reworded", _("clause {old}, which was reworded")),
    ]
)
review_reason.__doc__ = "A stored review reason in the active language."

change = _reader(
    [
        Form("created the document", _("created the document")),
        Form("changed the title or summary", _("changed the title or summary")),
        Form("started version {number}", _("started version {number}")),
        Form("edited the introduction", _("edited the introduction")),
        Form("added clause {number}", _("added clause {number}")),
        Form("edited clause {number}", _("edited clause {number}")),
        Form("removed clause {number}", _("removed clause {number}")),
        Form("moved clause {number} up", _("moved clause {number} up")),
        Form("moved clause {number} down", _("moved clause {number} down")),
        Form(
            "scheduled a consultation on version {number}",
            _("scheduled a consultation on version {number}"),
        ),
        Form(
            "published the response to version {number}",
            _("published the response to version {number}"),
        ),
        Form("published version {number}", _("published version {number}")),
        Form("wrote the response to version {number}", _("wrote the response to version {number}")),
        Form(
            "gave outcomes to {count} comment(s)",
            lambda n: ngettext(
                "gave an outcome to {count} comment", "gave outcomes to {count} comments", n
            ),
        ),
        Form(
            "{organisation} adopted version {number}", _("{organisation} adopted version {number}")
        ),
    ]
)
change.__doc__ = "A stored change in a document's history, in the active language."


def review_reason_lazy(stored: str) -> str:
    """`review_reason`, read in the language active when the text is used (e-mails)."""
    return lazy(review_reason, str)(stored)
