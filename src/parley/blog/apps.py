from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BlogConfig(AppConfig):
    name = "parley.blog"
    label = "blog"

    def ready(self) -> None:
        from parley.accounts.models import User
        from parley.blog.models import Post
        from parley.organisations.models import Organisation

        # A post's page shows its author's and organisation's names: nginx's copy of it
        # (parley.discussions.page_files) goes when they change, as when the post does.
        post_save.connect(_post_changed, sender=Post, dispatch_uid="page_files_post_saved")
        post_delete.connect(_post_changed, sender=Post, dispatch_uid="page_files_post_deleted")
        post_save.connect(_author_saved, sender=User, dispatch_uid="page_files_author")
        post_save.connect(
            _organisation_saved, sender=Organisation, dispatch_uid="page_files_organisation"
        )


def _post_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    from parley.discussions import page_files

    page_files.forget([instance.get_absolute_url()])


def _forget_posts(created: bool, update_fields: Any, field: str, **owner: Any) -> None:
    """A renamed author or organisation: the pages of their posts go."""
    from parley.blog.models import Post
    from parley.discussions import page_files

    if created or (update_fields is not None and field not in update_fields):
        return  # new, or saved without the name (signing in saves last_login only)
    page_files.forget(Post.objects.filter(**owner).values_list("discussion__url", flat=True))


def _author_saved(sender: type, instance: Any, created: bool, update_fields: Any, **_: Any) -> None:
    _forget_posts(created, update_fields, "display_name", author=instance)


def _organisation_saved(
    sender: type, instance: Any, created: bool, update_fields: Any, **_: Any
) -> None:
    _forget_posts(created, update_fields, "name", organisation=instance)
