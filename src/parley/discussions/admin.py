from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from parley.discussions import services
from parley.discussions.models import Comment, Discussion

_FIELDS: list[Any] = [
    "kind",
    "title",
    "title_cy",
    "url",
    "organisation",
    "is_open",
    "hold_all",
    "opens_at",
    "closes_at",
    "last_number",
    "comment_count",
    "created_at",
    "last_activity_at",
]


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin[Discussion]):
    """Only opening and closing is done here (`discussions.services.set_open`). A discussion
    is made with what owns it; holding every comment is a moderator's logged decision on the
    discussion's page; its counters are kept by the services."""

    list_display = ["title", "kind", "is_open", "comment_count"]
    list_filter = ["kind", "is_open"]
    fields = _FIELDS
    readonly_fields = [f for f in _FIELDS if f != "is_open"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Discussion, form: Any, change: bool) -> None:
        services.set_open(discussion=obj, is_open=obj.is_open)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    """Read-only: comments are decided in the moderation queue (counters, the log and the
    author's e-mail follow each decision) and written by their authors."""

    list_display = ["__str__", "status", "created_at"]
    list_filter = ["status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
