"""Readers report comments that break the policy; enough reports hide one for review.

A reporter is `user:<id>` for a signed-in person, `email:<address>` for a guest who
confirmed their address in this browser, and `guest:<session key>` for any other guest,
so each person counts once per comment, however often they ask.

Only verified people's reports count towards hiding a comment, weighted by trust (see
`weight`): a guest with no confirmed address (or no cookie) can ask for a review, which
puts the comment in the moderation queue while it stays shown, but can never hide it,
however many sessions they open. A comment by the discussion's own staff (its
organisation's owners, editors and moderators; site staff) is never hidden by reports.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext

from parley import ratelimit
from parley.accounts.models import User
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from parley.moderation import blocks, reasons, rules
from parley.moderation.models import Flag, FlagReason, ModerationAction
from parley.organisations.permissions import moderates_discussions_of
from parley.validation import Rejected

NOTE_MAX_LENGTH = 500


class FlagRejected(Rejected):
    """The flag was not recorded."""


@dataclass(frozen=True)
class Flagged:
    flag: Flag
    flag_count: int  # the comment's flags so far, this one included
    hidden: bool  # this flag was the one that hid the comment for review


# An account this old, or with a comment a moderator or the rules let through, is trusted.
SETTLED_ACCOUNT = timedelta(days=7)


def reporter(*, user: User | None, session_key: str, confirmed_email: str = "") -> str:
    """Who is flagging, as stored in `Flag.reporter`."""
    if user is not None:
        return f"user:{user.pk}"
    if confirmed_email:
        return f"email:{confirmed_email.strip().lower()}"[:100]
    return f"guest:{session_key}"


def weight(*, user: User | None, confirmed_email: str = "") -> float:
    """How much one report counts towards hiding a comment: 1 for a settled account (a
    week old, or with an approved comment) or a confirmed guest address that has had a
    comment approved; 0.5 for a newer account or another confirmed guest address; 0 for
    a guest with no confirmed address, whose report only asks for a review."""
    approved = Comment.objects.filter(status=Status.APPROVED)
    if user is not None:
        settled = user.date_joined <= timezone.now() - SETTLED_ACCOUNT
        return 1.0 if settled or approved.filter(user=user).exists() else 0.5
    if confirmed_email:
        address = confirmed_email.strip()
        return 1.0 if approved.filter(user=None, author_email__iexact=address).exists() else 0.5
    return 0.0


def by_staff(comment: Comment) -> bool:
    """Written by someone who moderates the comment's discussion, or by site staff:
    reports never hide it (a moderator still can)."""
    author = comment.user
    return author is not None and (
        author.is_staff or moderates_discussions_of(author, comment.discussion.organisation)
    )


def has_flagged(
    comment: Comment, *, user: User | None, session_key: str | None, confirmed_email: str = ""
) -> bool:
    if user is None and not session_key and not confirmed_email:
        return False
    who = reporter(user=user, session_key=session_key or "", confirmed_email=confirmed_email)
    return Flag.objects.filter(comment=comment, reporter=who).exists()


def _validate(comment: Comment, reason: str, note: str) -> None:
    if not comment.is_public:
        raise FlagRejected(
            {"comment": [gettext("Only published comments can be reported")]}, status=409
        )
    errors: dict[str, list[str]] = {}
    if reason not in FlagReason.values:
        errors["reason"] = [gettext("Choose why you are reporting this comment")]
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = [
            gettext("Your note must be %(max)d characters or fewer (it has %(count)d)")
            % {"max": NOTE_MAX_LENGTH, "count": len(note)}
        ]
    if errors:
        raise FlagRejected(errors)


def _rate_limit(who: str, ip: str | None) -> None:
    rate = ratelimit.Rate.parse(settings.PARLEY_FLAG_RATE)
    try:
        ratelimit.hit("flag", who, rate)
        ratelimit.hit("flag", f"ip:{ip or 'unknown'}", rate)
    except ratelimit.RateLimited as limited:
        raise FlagRejected(
            {
                "__all__": [
                    gettext(
                        "You have reported a lot of comments in a short time. "
                        "Try again in %(seconds)d seconds"
                    )
                    % {"seconds": limited.retry_after}
                ]
            },
            status=429,
            retry_after=limited.retry_after,
        ) from None


def flag_comment(
    *,
    comment: Comment,
    reason: str,
    note: str = "",
    user: User | None = None,
    reporter_key: str,
    ip: str | None,
    confirmed_email: str = "",
) -> Flagged:
    """Record one person's report of a published comment, once per person.

    `reporter_key` is a guest's session key, `confirmed_email` the address a guest
    confirmed in that session (both ignored for a signed-in `user`). When the weights
    of the comment's unresolved flags reach the rules' `flags_to_hide` (0 turns this
    off), it is hidden (pending) for a moderator, and that is logged as a "hide"
    action; a comment by the discussion's staff is never hidden by flags.
    Raises FlagRejected: 400 bad input, 403 suspended, 409 not public or already
    flagged by this person, 429 too many flags.
    """
    note = note.strip()
    _validate(comment, reason, note)
    if user is None and not reporter_key:
        raise FlagRejected(
            {"__all__": [gettext("Your browser must accept cookies for you to report a comment")]}
        )
    if block := blocks.active_block_for(
        user=user, email="", ip=ip, organisation=comment.discussion.organisation
    ):
        until = timezone.localtime(block.until)
        raise FlagRejected(
            {
                "__all__": [
                    gettext("You cannot report comments until %(until)s: %(reason)s")
                    % {"until": formats.date_format(until, "j F Y, H:i"), "reason": block.reason}
                ]
            },
            status=403,
        )
    confirmed_email = "" if user is not None else confirmed_email
    who = reporter(user=user, session_key=reporter_key, confirmed_email=confirmed_email)
    already = FlagRejected(
        {"comment": [gettext("You have already reported this comment")]}, status=409
    )
    if Flag.objects.filter(comment=comment, reporter=who).exists():
        raise already
    if user is None or not moderates_discussions_of(user, comment.discussion.organisation):
        _rate_limit(who, ip)
    counts = weight(user=user, confirmed_email=confirmed_email)
    never_hidden = by_staff(comment)

    threshold = rules.rules_for(comment.discussion.organisation).flags_to_hide
    try:
        with transaction.atomic():
            # Locking the comment makes concurrent flags count one after another,
            # so exactly one of them hides it.
            locked = Comment.objects.select_for_update().get(pk=comment.pk)
            if not locked.is_public:
                raise FlagRejected(
                    {"comment": [gettext("Only published comments can be reported")]}, status=409
                )
            flag = Flag.objects.create(
                comment=locked, user=user, reporter=who, reason=reason, note=note, weight=counts
            )
            Comment.objects.filter(pk=locked.pk).update(flag_count=F("flag_count") + 1)
            open_flags = Flag.objects.filter(comment=locked, resolved_at__isnull=True)
            total = open_flags.aggregate(total=Sum("weight"))["total"] or 0.0
            # A little slack, so that two halves make a whole whatever the float sum says.
            hidden = (
                bool(threshold) and not never_hidden and counts > 0 and total >= threshold - 1e-9
            )
            if hidden:
                _hide(locked, open_flags.filter(weight__gt=0).count())
    except IntegrityError:
        raise already from None
    comment.refresh_from_db(fields=["flag_count", "status", "held_because"])
    return Flagged(flag=flag, flag_count=comment.flag_count, hidden=hidden)


def _hide(comment: Comment, people: int) -> None:
    because = reasons.FLAGGED.store(count=people)
    before = comment.status
    discussions.change_status(comment=comment, status=Status.PENDING)
    comment.held_because = because
    comment.save(update_fields=["held_because"])
    ModerationAction.objects.create(
        comment=comment,
        moderator=None,
        action=ModerationAction.Action.HIDE,
        reason=because,
        from_status=before,
        to_status=comment.status,
    )
