"""Hears about changes to comments, so insights keep up without the discussions app
knowing insights exist (it sits below guidance, and so below this app)."""

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from parley.discussions.models import Comment, Discussion
from parley.insights import tasks

CONSULTATION_KINDS = {Discussion.Kind.GUIDANCE, Discussion.Kind.CLAUSE}
WATCHED_FIELDS = {"status", "body_markdown", "deleted_at"}


def comment_saved(sender: type[Comment], instance: Comment, **kwargs: Any) -> None:
    """After the transaction commits, update search and campaigns in the background."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not WATCHED_FIELDS & set(update_fields):
        return  # an outcome, a counter: nothing insights keeps
    if kwargs.get("raw"):
        return  # loading a fixture or a backup
    discussion_field = Comment._meta.get_field("discussion")
    if discussion_field.is_cached(instance) and instance.discussion.kind not in CONSULTATION_KINDS:
        return
    transaction.on_commit(partial(tasks.comment_changed.enqueue, instance.pk))


def connect() -> None:
    post_save.connect(comment_saved, sender=Comment, dispatch_uid="insights.comment_saved")
