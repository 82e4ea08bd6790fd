from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest

from parley.accounts.models import User
from parley.moderation import services
from parley.moderation.models import CommentPolicy, ModerationAction, ModerationRules


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin[ModerationAction]):
    """The append-only log: read here, written only by `moderation.services`."""

    list_display = ["created_at", "action", "comment", "moderator", "reason"]
    list_filter = ["action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ModerationRules)
class ModerationRulesAdmin(admin.ModelAdmin[ModerationRules]):
    """Saved through `moderation.services.save_rules`, which logs the change as the rules
    page does. Rules are first made on that page (the site's, or an organisation's)."""

    list_display = ["__str__", "organisation", "updated_at"]
    readonly_fields = ["organisation", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: ModerationRules, form: Any, change: bool
    ) -> None:
        services.save_rules(
            rules=obj, organisation=obj.organisation, moderator=cast(User, request.user)
        )


@admin.register(CommentPolicy)
class CommentPolicyAdmin(admin.ModelAdmin[CommentPolicy]):
    """Each version is kept: a new one is published through
    `moderation.services.publish_policy` (which renders it); none is changed or deleted."""

    list_display = ["updated_at", "updated_by"]
    fields = ["body_markdown"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CommentPolicy, form: Any, change: bool) -> None:
        obj.pk = services.publish_policy(body=obj.body_markdown, editor=cast(User, request.user)).pk
