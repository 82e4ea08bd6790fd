"""Pre-moderation as other apps see it: one module, so that discussions asks moderation
one question per step ("may this person post here?", "what of this text?") and never
reaches into the classifier, Akismet, blocks or rules themselves."""

from dataclasses import dataclass

from parley.accounts.models import User
from parley.discussions.models import Comment, Status
from parley.moderation import akismet, blocks, classifier, rules
from parley.moderation.models import Block
from parley.moderation.reasons import HELD_SEPARATOR
from parley.moderation.rules import Assessment
from parley.organisations.models import Organisation

__all__ = ["Assessment", "Block", "Writer", "block_for", "held_because", "screen"]


@dataclass(frozen=True)
class Writer:
    """Who wrote a text, as screening needs to know them."""

    user: User | None
    name: str
    email: str  # a guest's address, lower case; "" for a signed-in person
    ip: str | None


def block_for(writer: Writer, organisation: Organisation | None) -> Block | None:
    """The block that stops `writer` posting in `organisation`'s discussions now, if any."""
    return blocks.active_block_for(
        user=writer.user, email=writer.email, ip=writer.ip, organisation=organisation
    )


def screen(
    *,
    text: str,
    writer: Writer,
    organisation: Organisation | None,
    hold_all: bool,
    trusted: bool,
    honeypot: bool = False,
    seconds_to_submit: float | None = None,
) -> Assessment:
    """What pre-moderation makes of a text, new or edited: the learned spam score,
    Akismet's verdict and the organisation's rules, in one assessment."""
    known_guest = bool(writer.email) and (
        Comment.objects.filter(
            user=None, author_email=writer.email, status=Status.APPROVED
        ).exists()
    )
    learned, learned_reasons = classifier.spam_probability(text)
    akismet_verdict = akismet.check(
        text=text,
        author_name=writer.user.display_name if writer.user else writer.name,
        author_email=writer.user.email if writer.user else writer.email,
        ip=writer.ip,
    )
    return rules.assess(
        text=text,
        rules=rules.rules_for(organisation),
        context=rules.Context(
            trusted=trusted,
            is_guest=writer.user is None,
            known_guest=known_guest,
            honeypot=honeypot,
            seconds_to_submit=seconds_to_submit,
            hold_all=hold_all,
            learned_spam_probability=learned,
            learned_reasons=learned_reasons,
            akismet_says_spam=akismet_verdict,
        ),
    )


def held_because(assessment: Assessment) -> str:
    """Why a text is held, as stored on the comment (at most 200 characters)."""
    return (assessment.hold_because or HELD_SEPARATOR.join(assessment.reasons))[:200]
