from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class DiscussionsConfig(AppConfig):
    name = "parley.discussions"
    label = "discussions"

    def ready(self) -> None:
        from parley.discussions.models import Discussion

        # Saved or updated (DiscussionQuerySet.update), a discussion's page changes: nginx's
        # copy of it goes (page_files).
        post_save.connect(_changed, sender=Discussion, dispatch_uid="page_files_discussion")
        post_delete.connect(_changed, sender=Discussion, dispatch_uid="page_files_discussion_gone")


def _changed(sender: type, instance: Any, **kwargs: Any) -> None:
    from parley.discussions import page_files

    page_files.forget([instance.url])
