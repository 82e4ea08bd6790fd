"""Why a comment was held or taken for spam: stored as stable English forms, shown in
the reader's language.

Each reason is stored (`Comment.held_because`, `Comment.spam_reasons`,
`ModerationAction.reason`) in the English form given here, which works as its code: the
API, logs and rows written before the interface was translated all read that text.
Pages show it through `describe`, which recognises each stored form and says it as a
whole translated sentence; anything else (a truncated or hand-written reason) is shown
as stored.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parley.stored_sentences import StoredSentence, reader

HELD_SEPARATOR = "; "  # held for several spam signals: `held_because` lists them


Reason = StoredSentence  # each reason a comment is held or taken for spam for

HONEYPOT = Reason(
    "filled in a field only robots can see", _("filled in a field only robots can see")
)
TOO_FAST = Reason(
    "sent {seconds} s after the form appeared", _("sent {seconds} s after the form appeared")
)
BLOCKED_WORDS = Reason("contains blocked words: {words}", _("contains blocked words: {words}"))
AKISMET = Reason("Akismet says it is spam", _("Akismet says it is spam"))
LINKS = Reason(
    "{count} links (more than {most})",
    lambda n: ngettext("{count} link (more than {most})", "{count} links (more than {most})", n),
)
REPEATED = Reason("long runs of one character", _("long runs of one character"))
SPAM_HOST_LINK = Reason(
    "a link to {host}, which looks like sites seen in spam",
    _("a link to {host}, which looks like sites seen in spam"),
)
SPAM_HOST_ADDRESS = Reason(
    "an e-mail address at {host}, which looks like sites seen in spam",
    _("an e-mail address at {host}, which looks like sites seen in spam"),
)
SPAM_WORDS = Reason("words typical of spam: {words}", _("words typical of spam: {words}"))
LIKE_SPAM = Reason(
    "reads like comments moderators marked as spam",
    _("reads like comments moderators marked as spam"),
)
HOLD_ALL = Reason(
    "every comment here is checked before it appears",
    _("every comment here is checked before it appears"),
)
FIRST_GUEST_COMMENT = Reason(
    "first comment from this e-mail address", _("first comment from this e-mail address")
)
HELD_WORDS = Reason(
    "contains words a moderator checks: {words}", _("contains words a moderator checks: {words}")
)
FLAGGED = Reason(
    "flagged by {count} people",
    lambda n: ngettext("flagged by {count} person", "flagged by {count} people", n),
)

HOLD_DISCUSSION = Reason("held every comment on ‘{title}’", _("held every comment on ‘{title}’"))
STOP_HOLDING_DISCUSSION = Reason(
    "stopped holding every comment on ‘{title}’", _("stopped holding every comment on ‘{title}’")
)
SITE_RULES = Reason(
    "changed the moderation rules of the site", _("changed the moderation rules of the site")
)
ORGANISATION_RULES = Reason(
    "changed the moderation rules of {organisation}",
    _("changed the moderation rules of {organisation}"),
)

REASONS = [
    HONEYPOT,
    TOO_FAST,
    BLOCKED_WORDS,
    AKISMET,
    LINKS,
    REPEATED,
    SPAM_HOST_LINK,
    SPAM_HOST_ADDRESS,
    SPAM_WORDS,
    LIKE_SPAM,
    HOLD_ALL,
    FIRST_GUEST_COMMENT,
    HELD_WORDS,
    FLAGGED,
    HOLD_DISCUSSION,
    STOP_HOLDING_DISCUSSION,
    SITE_RULES,  # before ORGANISATION_RULES, which would read "the site" as a name
    ORGANISATION_RULES,
]
# One stored reason in the active language; an unknown one as it was stored.
describe = reader(REASONS)


def describe_held(held_because: str) -> str:
    """`Comment.held_because` in the active language (it may list several reasons)."""
    if not held_because:
        return ""
    return HELD_SEPARATOR.join(describe(part) for part in held_because.split(HELD_SEPARATOR))
