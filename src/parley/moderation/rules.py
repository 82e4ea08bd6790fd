"""Pre-moderation: score a new comment for spam and decide whether to hold it.

All local. The rules in force are an organisation's own, else the site's, else the
defaults of `ModerationRules`; moderators change them at /moderation/rules/.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q

from parley.moderation import akismet, classifier, reasons
from parley.moderation.models import ModerationRules
from parley.organisations.models import Organisation

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
_REPEATED = re.compile(r"(.)\1{19,}")


def rules_for(organisation: Organisation | None) -> ModerationRules:
    """The rules for `organisation`'s discussions: its own, else the site's, else defaults."""
    rows = {
        rules.organisation_id: rules
        for rules in ModerationRules.objects.filter(
            Q(organisation__isnull=True) | Q(organisation=organisation)
        )
    }
    if organisation is not None and organisation.pk in rows:
        return rows[organisation.pk]
    return rows.get(None) or ModerationRules()


def phrases(text: str) -> list[str]:
    return [line.strip().lower() for line in text.splitlines() if line.strip()]


@dataclass
class Assessment:
    spam_score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    is_spam: bool = False
    hold_because: str = ""


@dataclass(frozen=True)
class Context:
    """What pre-moderation knows about the comment besides its text."""

    trusted: bool = False  # staff, or an editor or moderator of the organisation
    is_guest: bool = True
    known_guest: bool = False  # a moderator approved one of this guest's comments before
    honeypot: bool = False  # the hidden field robots fill in was filled in
    seconds_to_submit: float | None = None  # from showing the form to posting it
    hold_all: bool = False  # the discussion holds everything (a sensitive topic)
    learned_spam_probability: float = 0.0
    learned_reasons: list[str] = field(default_factory=list)
    akismet_says_spam: bool | None = None  # None when Akismet is off or did not answer


def assess(*, text: str, rules: ModerationRules, context: Context) -> Assessment:
    """Score `text` and say whether it is spam, should be held, or may appear at once."""
    result = Assessment()
    lowered = text.lower()
    if context.honeypot:
        result.reasons.append(reasons.HONEYPOT.store())
    if (
        context.seconds_to_submit is not None
        and context.seconds_to_submit < rules.min_seconds_to_submit
    ):
        result.reasons.append(reasons.TOO_FAST.store(seconds=f"{context.seconds_to_submit:.1f}"))
    if blocked := [p for p in phrases(rules.blocked_phrases) if p in lowered]:
        result.reasons.append(reasons.BLOCKED_WORDS.store(words=", ".join(blocked)))
    if context.akismet_says_spam:
        result.reasons.append(akismet.REASON)
    if result.reasons:
        result.spam_score, result.is_spam = 1.0, True
        return result

    links = len(_LINK.findall(text))
    if links > rules.max_links:
        result.spam_score += 0.4
        result.reasons.append(reasons.LINKS.store(count=links, most=rules.max_links))
    if _REPEATED.search(text):
        result.spam_score += 0.3
        result.reasons.append(reasons.REPEATED.store())
    if context.learned_spam_probability:
        result.spam_score = max(result.spam_score, context.learned_spam_probability)
        result.reasons.extend(context.learned_reasons)
    if context.learned_spam_probability >= classifier.SPAM_AT and not context.trusted:
        result.is_spam = True
        return result
    if context.trusted or rules.hold_nothing:
        return result

    held = [p for p in phrases(rules.held_phrases) if p in lowered]
    if rules.hold_everything or context.hold_all:
        result.hold_because = reasons.HOLD_ALL.store()
    elif context.is_guest and rules.hold_first_guest_comment and not context.known_guest:
        result.hold_because = reasons.FIRST_GUEST_COMMENT.store()
    elif held:
        result.hold_because = reasons.HELD_WORDS.store(words=", ".join(held))
    elif (
        links > rules.max_links
        or context.learned_spam_probability >= classifier.HOLD_AT
        or _REPEATED.search(text)
    ):
        result.hold_because = reasons.HELD_SEPARATOR.join(result.reasons)
    return result
