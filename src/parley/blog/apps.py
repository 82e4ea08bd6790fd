from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save, pre_delete


class BlogConfig(AppConfig):
    name = "parley.blog"
    label = "blog"

    def ready(self) -> None:
        from parley.accounts.models import User
        from parley.blog.models import Post
        from parley.discussions.models import Discussion, register_owner
        from parley.organisations.models import Organisation

        # A post's discussion is public once the post is (discussions knows nothing of blog).
        register_owner(Discussion.Kind.POST, hidden=Post.objects.unpublished)

        # A post's page shows its author's and organisation's names. Every write to a post
        # calls blog.services.post_changed itself; these signals remain only because accounts
        # and organisations sit below blog and cannot call it when a name changes (from
        # accounts.services.rename, organisations' pages or the admin) or an author is
        # erased (Post.author is set to NULL by the database collector, with no save).
        post_save.connect(_author_saved, sender=User, dispatch_uid="page_files_author")
        pre_delete.connect(_author_deleted, sender=User, dispatch_uid="page_files_author_gone")
        post_save.connect(
            _organisation_saved, sender=Organisation, dispatch_uid="page_files_organisation"
        )


def _forget_posts(created: bool, update_fields: Any, field: str, **owner: Any) -> None:
    """A renamed author or organisation: the pages of their posts go."""
    from parley.blog import services
    from parley.blog.models import Post

    if created or (update_fields is not None and field not in update_fields):
        return  # new, or saved without the name (signing in saves last_login only)
    services.posts_changed(Post.objects.filter(**owner))


def _author_saved(sender: type, instance: Any, created: bool, update_fields: Any, **_: Any) -> None:
    _forget_posts(created, update_fields, "display_name", author=instance)


def _author_deleted(sender: type, instance: Any, **_: Any) -> None:
    _forget_posts(False, None, "display_name", author=instance)


def _organisation_saved(
    sender: type, instance: Any, created: bool, update_fields: Any, **_: Any
) -> None:
    _forget_posts(created, update_fields, "name", organisation=instance)
