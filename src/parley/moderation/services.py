"""Moderator decisions on comments, each recorded in the append-only log."""

from django.db import transaction

from parley.accounts.models import User
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from parley.moderation.models import ModerationAction
from parley.organisations.permissions import can_moderate

TO_STATUS = {
    ModerationAction.Action.APPROVE: Status.APPROVED,
    ModerationAction.Action.SPAM: Status.SPAM,
    ModerationAction.Action.REMOVE: Status.REMOVED,
}


class NotAllowed(Exception):
    pass


@transaction.atomic
def moderate(*, comment: Comment, moderator: User, action: str, reason: str = "") -> Comment:
    """Approve, mark as spam or remove `comment`, and log who did it and why.

    Approving a guest's comment makes that e-mail address trusted from then on.
    """
    if not can_moderate(moderator, comment.discussion.organisation):
        raise NotAllowed("You do not moderate this discussion")
    if action not in TO_STATUS:
        raise ValueError(f"unknown action {action!r}")
    before = comment.status
    discussions.change_status(comment=comment, status=TO_STATUS[ModerationAction.Action(action)])
    ModerationAction.objects.create(
        comment=comment,
        moderator=moderator,
        action=action,
        reason=reason,
        from_status=before,
        to_status=comment.status,
    )
    return comment
