"""Text about guidance stored in English, said in the reader's language.

Why an adopter's section needs review (`OperationalSection.review_reasons`, written by
`adoption._how_changed`) and what each change in a document's history was
(`GuidanceChange.action`, written by `changes.record`) are stored in fixed English
forms, which work as their codes: the API, exports and rows written before the interface
was translated read that text. Pages and e-mails show them through `review_reason` and
`change`, which recognise each form and say it as a whole translated sentence; a text
they do not recognise is shown as stored.
"""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parley.stored_sentences import StoredSentence, reader

# Longer forms first: a shorter one would also match their beginning.
review_reason = reader(
    [
        StoredSentence("clause {old}, which was removed", _("clause {old}, which was removed")),
        StoredSentence(
            "clause {old}, which was merged into clause {new}",
            _("clause {old}, which was merged into clause {new}"),
        ),
        StoredSentence(
            "clause {old}, which became clause {new} and was reworded",
            _("clause {old}, which became clause {new} and was reworded"),
        ),
        StoredSentence(
            "clause {old}, which became clause {new}",
            _("clause {old}, which became clause {new}"),
        ),
        StoredSentence(
            "clause {old}, which moved and was reworded",
            _("clause {old}, which moved and was reworded"),
        ),
        StoredSentence("clause {old}, which moved", _("clause {old}, which moved")),
        StoredSentence("clause {old}, which was reworded", _("clause {old}, which was reworded")),
    ]
)
review_reason.__doc__ = "A stored review reason in the active language."

change = reader(
    [
        StoredSentence("created the document", _("created the document")),
        StoredSentence("changed the title or summary", _("changed the title or summary")),
        StoredSentence("started version {number}", _("started version {number}")),
        StoredSentence("edited the introduction", _("edited the introduction")),
        StoredSentence("added clause {number}", _("added clause {number}")),
        StoredSentence("edited clause {number}", _("edited clause {number}")),
        StoredSentence("removed clause {number}", _("removed clause {number}")),
        StoredSentence("moved clause {number} up", _("moved clause {number} up")),
        StoredSentence("moved clause {number} down", _("moved clause {number} down")),
        StoredSentence(
            "scheduled a consultation on version {number}",
            _("scheduled a consultation on version {number}"),
        ),
        StoredSentence(
            "published the response to version {number}",
            _("published the response to version {number}"),
        ),
        StoredSentence("published version {number}", _("published version {number}")),
        StoredSentence(
            "wrote the response to version {number}", _("wrote the response to version {number}")
        ),
        StoredSentence(
            "gave outcomes to {count} comment(s)",
            lambda n: ngettext(
                "gave an outcome to {count} comment", "gave outcomes to {count} comments", n
            ),
        ),
        StoredSentence(
            "{organisation} adopted version {number}", _("{organisation} adopted version {number}")
        ),
        # A consultation's questions (parley.consultations writes these forms).
        StoredSentence(
            "added question {number} to version {version}",
            _("added question {number} to version {version}"),
        ),
        StoredSentence(
            "changed question {number} of version {version}",
            _("changed question {number} of version {version}"),
        ),
        StoredSentence(
            "moved question {old} of version {version} to {new}",
            _("moved question {old} of version {version} to {new}"),
        ),
        StoredSentence(
            "removed question {number} of version {version}",
            _("removed question {number} of version {version}"),
        ),
        StoredSentence(
            "set up the consultation on version {number}",
            _("set up the consultation on version {number}"),
        ),
        StoredSentence(
            "set the response to version {number} due on {date}",
            _("set the response to version {number} due on {date}"),
        ),
        StoredSentence(
            "published the responses to version {number}",
            _("published the responses to version {number}"),
        ),
        StoredSentence(
            "copied {count} question(s) from version {old} to version {new}",
            lambda n: ngettext(
                "copied {count} question from version {old} to version {new}",
                "copied {count} questions from version {old} to version {new}",
                n,
            ),
        ),
        # A version's documents (parley.files writes these forms).
        StoredSentence(
            "attached “{title}” to version {number}",
            _("attached “{title}” to version {number}"),
        ),
        StoredSentence(
            "replaced “{title}” in version {number}", _("replaced “{title}” in version {number}")
        ),
        StoredSentence(
            "removed “{title}” from version {number}",
            _("removed “{title}” from version {number}"),
        ),
    ]
)
change.__doc__ = "A stored change in a document's history, in the active language."


def review_reason_lazy(stored: str) -> str:
    """`review_reason`, read in the language active when the text is used (e-mails)."""
    return lazy(review_reason, str)(stored)
