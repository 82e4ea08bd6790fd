"""The revision messages Parley writes itself, stored in English and said in the reader's
language (see parley/stored_sentences.py); a message a person wrote is shown as written."""

from django.utils.translation import gettext_lazy as _

from parley.stored_sentences import StoredSentence, reader

CREATED = StoredSentence("Created the page", _("Created the page"))
COPIED = StoredSentence(
    "Copied from the model operational guidance ({title})",
    _("Copied from the model operational guidance ({title})"),
)

revision_message = reader([COPIED, CREATED])
revision_message.__doc__ = "A stored revision message in the active language."
