"""Sentences stored in one fixed English form and said in the reader's language.

Some text is written to the database when something happens and read later by pages,
e-mails, the API and exports: why a comment was held (moderation/reasons.py), what changed
in a document's history and why an adopter's section needs review (guidance/stored_text.py).
Each is stored in a fixed English form, which works as its code (rows written before the
interface was translated read the same), and said through `reader`, which recognises the
form and gives the whole sentence translated. Never reword a stored form: old rows would
no longer be recognised, and would be shown as stored.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class StoredSentence:
    stored: str  # the English form, fields in braces: never translated, never reworded
    said: Promise | Callable[[int], str]  # a translation, or one chosen by {count}

    def store(self, **fields: object) -> str:
        """The text to store."""
        return self.stored.format(**fields)

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


def reader(sentences: Sequence[StoredSentence]) -> Callable[[str], str]:
    """Says a stored text in the active language: by the first of `sentences` whose form
    it matches (so list longer forms before shorter ones they begin with), else as stored."""
    patterns = [(sentence.pattern, sentence) for sentence in sentences]

    def read(stored: str) -> str:
        for pattern, sentence in patterns:
            if found := pattern.fullmatch(stored.strip()):
                return sentence.say(found.groupdict())
        return stored

    return read
