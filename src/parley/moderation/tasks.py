"""Background work that follows moderators' decisions: retraining the spam classifier,
and telling Akismet (when configured) what the moderators decided.

The tasks run in the worker that `parley serve` starts (django-tasks-db's db_worker).
"""

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from parley.discussions import notices
from parley.discussions.models import Comment
from parley.moderation import akismet, classifier
from parley.moderation.models import ModerationAction, RemovalReason, SpamModel
from parley.notifications import services as notifications
from parley.notifications.models import Kind

RETRAIN_EVERY = 10  # approve-or-spam decisions between retrainings, at least...
RETRAIN_SHARE = 20  # ...and one in 20 of the decisions the latest model learned from, so a
# model of thousands of decisions (minutes of the task worker) is not retrained every few
# minutes while the queue is busy; bench/spam.py and docs/performance.md give the cost.
DECISIONS = [ModerationAction.Action.APPROVE, ModerationAction.Action.SPAM]


@task()
def retrain_spam_model() -> int | None:
    """Train the classifier on moderators' decisions and put the new model in use; the
    new SpamModel's id, or None while there are too few decisions of either kind."""
    trained_at = timezone.now()  # decisions recorded from now on count towards the next
    if _new_decisions() < _retrain_after():
        return None  # another retraining, queued before this one, has already learned them
    examples = list(classifier.training_examples())
    spam = sum(1 for _, is_spam in examples if is_spam)
    if min(spam, len(examples) - spam) < classifier.MIN_EXAMPLES_OF_EACH:
        return None
    parameters = classifier.train(examples)
    return classifier.save_model(parameters, len(examples), spam, trained_at=trained_at).pk


def _retrain_after() -> int:
    """How many new decisions make a retraining worth its cost."""
    learned = SpamModel.objects.values_list("examples", flat=True).first() or 0
    return max(RETRAIN_EVERY, learned // RETRAIN_SHARE)


def _new_decisions() -> int:
    """Approve-or-spam decisions since the latest model was trained (all, before one)."""
    decisions = ModerationAction.objects.filter(action__in=DECISIONS)
    latest = SpamModel.objects.values_list("trained_at", flat=True).first()
    if latest is not None:
        decisions = decisions.filter(created_at__gt=latest)
    return decisions.count()


@task()
def report_to_akismet(comment_id: int, is_spam: bool) -> bool:
    """Tell Akismet a moderator's verdict: every spam decision, and approvals of comments
    Akismet had taken for spam. Whether Akismet was told."""
    comment = Comment.objects.select_related("user").filter(pk=comment_id).first()
    if comment is None or not comment.body_markdown:
        return False
    if not is_spam and akismet.REASON not in (comment.spam_reasons or []):
        return False  # Akismet asks for corrections only, not every genuine comment
    submit = akismet.submit_spam if is_spam else akismet.submit_ham
    return submit(
        text=comment.body_markdown,
        author_name=comment.display_name,
        author_email=comment.user.email if comment.user else comment.author_email,
        ip=comment.ip_address,
    )


def after_decision(*, comment_ids: Iterable[int] = (), action: str = "") -> None:
    """Call once after recording a moderator's decision on `comment_ids` (one comment,
    or several decided together), inside the decision's transaction.

    When the approve-or-spam decisions since the latest model pass a multiple of
    RETRAIN_EVERY, queues a retraining; with Akismet configured, queues the report of
    each verdict. Both are queued only once the decision is committed. Called with no
    arguments, it counts as one decision and reports nothing.
    """
    ids = list(comment_ids)
    made = 0 if action and action not in DECISIONS else max(len(ids), 1)
    count, every = _new_decisions(), _retrain_after()
    if made and count // every > max(count - made, 0) // every:
        transaction.on_commit(retrain_spam_model.enqueue)
    if ids and action in DECISIONS and akismet.enabled():
        is_spam = action == ModerationAction.Action.SPAM
        for comment_id in ids:
            transaction.on_commit(
                partial(report_to_akismet.enqueue, comment_id=comment_id, is_spam=is_spam)
            )


@task()
def send_removal_notice(comment_id: int) -> bool:
    """Tell a comment's author it was removed, and why; False if there is nobody to tell
    (or they chose never to hear of it)."""
    comment = Comment.objects.select_related("user", "discussion").filter(pk=comment_id).first()
    if comment is None:
        return False
    action = comment.moderation.filter(action="remove").order_by("-created_at").first()
    with translation.override(_author_language(comment)):
        context = {
            "comment": comment,
            "name": comment.display_name,
            "reason": str(RemovalReason(comment.removal_reason).label)
            if comment.removal_reason
            else "",
            "note": action.note if action else "",
            "site_name": settings.SITE_NAME,
        }
        return notices.tell_author(
            comment,
            kind=Kind.MODERATION,
            subject=gettext("Your comment on ‘%(title)s’ was removed")
            % {"title": comment.discussion.title},
            text=render_to_string("moderation/email/removed.txt", context),
            html="",
        )


def _author_language(comment: Comment) -> str:
    """The language the comment's author reads their e-mail in."""
    return notifications.language_of(comment.user or comment.author_email)


@task()
def send_approval_notice(comment_id: int) -> bool:
    """Tell a comment's author that a moderator published their held comment."""
    comment = Comment.objects.select_related("user", "discussion").filter(pk=comment_id).first()
    if comment is None or not comment.is_public:
        return False
    title = comment.discussion.title
    with translation.override(_author_language(comment)):
        return notices.tell_author(
            comment,
            kind=Kind.MODERATION,
            subject=gettext("Your comment on ‘%(title)s’ is published") % {"title": title},
            text=gettext(
                "A moderator approved your comment #%(number)d on ‘%(title)s’: "
                "everyone can read it now."
            )
            % {"number": comment.number, "title": title},
            html="",
        )


@task()
def send_edit_rejected_notice(comment_id: int) -> bool:
    """Tell a comment's author that a moderator did not publish their edit, with the
    moderator's note; False if there is nobody to tell."""
    comment = Comment.objects.select_related("user", "discussion").filter(pk=comment_id).first()
    if comment is None:
        return False
    action = comment.moderation.filter(action="reject_edit").order_by("-created_at").first()
    note = action.note if action else ""
    title = comment.discussion.title
    with translation.override(_author_language(comment)):
        text = gettext(
            "A moderator did not publish your edit of comment #%(number)d on ‘%(title)s’: "
            "everyone still sees the text as it was before you edited it."
        ) % {"number": comment.number, "title": title}
        return notices.tell_author(
            comment,
            kind=Kind.MODERATION,
            subject=gettext("Your edit of a comment on ‘%(title)s’ was not published")
            % {"title": title},
            text=f"{text}\n\n{note}" if note else text,
            html="",
        )
