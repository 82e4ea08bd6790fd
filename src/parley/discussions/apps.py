from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class DiscussionsConfig(AppConfig):
    name = "parley.discussions"
    label = "discussions"

    def ready(self) -> None:
        from parley.organisations.models import Membership

        # A comment's badge shows its author's role in the discussion's organisation. Roles
        # change in organisations.services (and invitations, set-up), which sits below
        # discussions and cannot call it: these signals are the one way that change reaches
        # discussions.services.role_changed.
        post_save.connect(_membership_changed, sender=Membership, dispatch_uid="badge_role")
        post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="badge_left")


def _membership_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    from parley.discussions import services

    services.role_changed(user_id=instance.user_id, organisation_id=instance.organisation_id)
