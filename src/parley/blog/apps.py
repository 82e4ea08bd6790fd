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
        post_save.connect(_names_changed, sender=User, dispatch_uid="page_files_author")
        post_save.connect(_names_changed, sender=Organisation, dispatch_uid="page_files_org")


def _post_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    from parley.discussions import page_files

    page_files.forget([instance.get_absolute_url()])


def _names_changed(sender: type, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    from parley.blog.models import Post
    from parley.discussions import page_files

    if page_files.root() is None or kwargs.get("created"):
        return
    if update_fields is not None and not {"display_name", "name"} & set(update_fields):
        return  # signing in saves last_login only
    owner = "author" if sender.__name__ == "User" else "organisation"
    posts = Post.objects.filter(**{owner: instance})
    page_files.forget(posts.values_list("discussion__url", flat=True))
