"""Readers report comments that break the policy; enough reports hide one for review.

A reporter is `user:<id>` for a signed-in person and `guest:<session key>` for a guest,
so each person counts once per comment, however often they ask.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext

from parley import ratelimit
from parley.accounts.models import User
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from parley.moderation import blocks, reasons, rules
from parley.moderation.models import Flag, FlagReason, ModerationAction
from parley.organisations.permissions import can_moderate
from parley.validation import Rejected

NOTE_MAX_LENGTH = 500


class FlagRejected(Rejected):
    """The flag was not recorded."""


@dataclass(frozen=True)
class Flagged:
    flag: Flag
    flag_count: int  # the comment's flags so far, this one included
    hidden: bool  # this flag was the one that hid the comment for review


def reporter(*, user: User | None, session_key: str) -> str:
    """Who is flagging, as stored in `Flag.reporter`."""
    return f"user:{user.pk}" if user is not None else f"guest:{session_key}"


def has_flagged(comment: Comment, *, user: User | None, session_key: str | None) -> bool:
    if user is None and not session_key:
        return False
    who = reporter(user=user, session_key=session_key or "")
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
) -> Flagged:
    """Record one person's report of a published comment, once per person.

    `reporter_key` is a guest's session key (ignored for a signed-in `user`). When the
    comment's unresolved flags reach the rules' `flags_to_hide` (0 turns this off), it
    is hidden (pending) for a moderator, and that is logged as a "hide" action.
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
    who = reporter(user=user, session_key=reporter_key)
    already = FlagRejected(
        {"comment": [gettext("You have already reported this comment")]}, status=409
    )
    if Flag.objects.filter(comment=comment, reporter=who).exists():
        raise already
    if user is None or not can_moderate(user):
        _rate_limit(who, ip)

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
                comment=locked, user=user, reporter=who, reason=reason, note=note
            )
            Comment.objects.filter(pk=locked.pk).update(flag_count=F("flag_count") + 1)
            open_flags = Flag.objects.filter(comment=locked, resolved_at__isnull=True).count()
            hidden = bool(threshold) and open_flags >= threshold
            if hidden:
                _hide(locked, open_flags)
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
