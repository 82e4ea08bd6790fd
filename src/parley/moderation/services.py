"""Moderator decisions on comments, the pre-moderation rules and the comment policy, each
recorded in the append-only log (the policy keeps every version instead)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from parley.accounts.models import User
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Discussion, Status
from parley.markup import render_document
from parley.moderation import reasons, tasks
from parley.moderation.models import (
    CommentPolicy,
    Flag,
    ModerationAction,
    ModerationRules,
    RemovalReason,
)
from parley.organisations.models import Organisation
from parley.organisations.permissions import moderates_discussions_of
from parley.validation import Rejected

TO_STATUS = {
    ModerationAction.Action.APPROVE: Status.APPROVED,
    ModerationAction.Action.SPAM: Status.SPAM,
    ModerationAction.Action.REMOVE: Status.REMOVED,
}


class NotAllowed(Exception):
    pass


class ModerationRejected(Rejected):
    """The decision was not made."""


def _check(action: str, reason: str) -> None:
    if action not in TO_STATUS:
        raise ModerationRejected({"action": [gettext("Choose approve, spam or remove")]})
    if action == ModerationAction.Action.REMOVE and reason not in RemovalReason.values:
        raise ModerationRejected(
            {"reason": [gettext("Choose which part of the comment policy the comment breaks")]}
        )


@transaction.atomic
def moderate(
    *, comment: Comment, moderator: User, action: str, reason: str = "", note: str = ""
) -> Comment:
    """Approve, mark as spam or remove `comment`, and log who did it and why.

    Removing needs a reason from the comment policy; the author is told by e-mail.
    Approving a guest's comment makes that e-mail address trusted from then on.
    Any open flags on the comment are resolved by the decision.
    """
    if not moderates_discussions_of(moderator, comment.discussion.organisation):
        raise NotAllowed("You do not moderate this discussion")
    _check(action, reason)
    if comment.held_edit_at is not None:
        # A held edit: approving publishes it; spam or removal drop it with the comment.
        if action == ModerationAction.Action.APPROVE:
            discussions.approve_edit(comment=comment)
        else:
            discussions.reject_edit(comment=comment)
    before = comment.status
    comment.removal_reason = reason if action == ModerationAction.Action.REMOVE else ""
    comment.save(update_fields=["removal_reason"])
    discussions.change_status(comment=comment, status=TO_STATUS[ModerationAction.Action(action)])
    ModerationAction.objects.create(
        comment=comment,
        moderator=moderator,
        action=action,
        reason=reason,
        note=note.strip(),
        from_status=before,
        to_status=comment.status,
    )
    Flag.objects.filter(comment=comment, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    tasks.after_decision(comment_ids=[comment.pk], action=action)
    if action == ModerationAction.Action.REMOVE and before != Status.REMOVED:
        transaction.on_commit(lambda: tasks.send_removal_notice.enqueue(comment.pk))
    if action == ModerationAction.Action.APPROVE and before == Status.PENDING:
        transaction.on_commit(lambda: tasks.send_approval_notice.enqueue(comment.pk))
    return comment


@transaction.atomic
def hold_all(*, discussion: Discussion, moderator: User, hold: bool) -> Discussion:
    """Hold (or stop holding) every new comment in `discussion`, e.g. on a sensitive topic."""
    if not moderates_discussions_of(moderator, discussion.organisation):
        raise NotAllowed("You do not moderate this discussion")
    discussion.hold_all = hold
    discussion.save(update_fields=["hold_all"])
    discussions.discussions_changed(discussion)
    ModerationAction.objects.create(
        moderator=moderator,
        action=ModerationAction.Action.RULES,
        organisation=discussion.organisation,
        reason=(reasons.HOLD_DISCUSSION if hold else reasons.STOP_HOLDING_DISCUSSION).store(
            title=discussion.title
        ),
    )
    return discussion


@transaction.atomic
def reject_edit(*, comment: Comment, moderator: User, note: str = "") -> Comment:
    """Refuse `comment`'s held edit: the approved text stays shown and the edit is dropped;
    the decision is logged and the author is told by e-mail (with `note`, if any)."""
    if not moderates_discussions_of(moderator, comment.discussion.organisation):
        raise NotAllowed("You do not moderate this discussion")
    if comment.held_edit_at is None:
        raise ModerationRejected(
            {
                "action": [
                    gettext("Comment #%(number)d has no edit waiting") % {"number": comment.number}
                ]
            }
        )
    discussions.reject_edit(comment=comment)
    ModerationAction.objects.create(
        comment=comment,
        moderator=moderator,
        action=ModerationAction.Action.REJECT_EDIT,
        note=note.strip(),
    )
    transaction.on_commit(lambda: tasks.send_edit_rejected_notice.enqueue(comment.pk))
    return comment


@transaction.atomic
def moderate_many(
    *, comments: Iterable[Comment], moderator: User, action: str, reason: str = "", note: str = ""
) -> int:
    """The same decision on several comments at once; all or none (returns how many).
    `action` "reject_edit" refuses each one's held edit (`reject_edit`)."""
    rejecting_edits = action == ModerationAction.Action.REJECT_EDIT
    if not rejecting_edits:
        _check(action, reason)
    count = 0
    for comment in comments:
        if rejecting_edits:
            reject_edit(comment=comment, moderator=moderator, note=note)
        else:
            moderate(comment=comment, moderator=moderator, action=action, reason=reason, note=note)
        count += 1
    return count


@transaction.atomic
def save_rules(
    *, rules: ModerationRules, organisation: Organisation | None, moderator: User
) -> ModerationRules:
    """Save `rules` as `organisation`'s pre-moderation rules (the site's when None), in
    force for the next comment, and log who changed them. Site staff change the site's;
    an organisation's owners, editors and moderators its own."""
    if not moderates_discussions_of(moderator, organisation):
        raise NotAllowed("You do not moderate these rules")
    rules.organisation = organisation
    rules.updated_at = timezone.now()
    rules.save()
    ModerationAction.objects.create(
        moderator=moderator,
        action=ModerationAction.Action.RULES,
        organisation=organisation,
        reason=reasons.ORGANISATION_RULES.store(organisation=organisation)
        if organisation
        else reasons.SITE_RULES.store(),
    )
    return rules


def current_policy() -> CommentPolicy | None:
    """The comment policy in force: the newest published."""
    return CommentPolicy.objects.first()


@transaction.atomic
def publish_policy(*, body: str, editor: User) -> CommentPolicy:
    """Publish a new comment policy written in Markdown (site staff only); earlier ones
    are kept."""
    if not editor.is_staff:
        raise NotAllowed("Only site staff publish the comment policy")
    return CommentPolicy.objects.create(
        body_markdown=body, body_html=render_document(body), updated_by=editor
    )


def log_redaction(
    *,
    action: str,
    moderator: User,
    organisation: Organisation,
    reason: str,
    note: str,
    **_signal: object,
) -> ModerationAction:
    """Log a redaction of a consultation response, or its undoing (`consultations.
    publication.redaction_logged`, sent inside the transaction that made it)."""
    return ModerationAction.objects.create(
        moderator=moderator,
        organisation=organisation,
        action=ModerationAction.Action.REDACT
        if action == "redact"
        else ModerationAction.Action.UNREDACT,
        reason=reason,
        note=note,
    )
