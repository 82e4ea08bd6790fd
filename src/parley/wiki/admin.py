from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from parley.wiki import services
from parley.wiki.models import Page, Revision, Space


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin[Space]):
    """Only who may edit changes here (`wiki.services.set_edit_policy`); spaces are made
    with their organisation, and their pages' addresses and links depend on the slug."""

    list_display = ["name", "slug", "organisation", "edit_policy"]
    readonly_fields = ["name", "slug", "organisation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Space, form: Any, change: bool) -> None:
        services.set_edit_policy(space=obj, policy=obj.edit_policy)


class RevisionInline(admin.TabularInline[Revision, Page]):
    model = Revision
    extra = 0
    fields = ["number", "author", "message", "created_at"]
    readonly_fields = ["number", "author", "message", "created_at"]
    can_delete = False


@admin.register(Page)
class PageAdmin(admin.ModelAdmin[Page]):
    """Read-only here: every change goes through wiki.services, which keeps revisions."""

    list_display = ["title", "space", "revision_number", "updated_at"]
    list_filter = ["space"]
    readonly_fields = ["space", "title", "slug", "body_markdown", "revision_number", "discussion"]
    exclude = ["body_html", "toc", "links"]
    inlines = [RevisionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # other pages' stored links name it: wiki.services keeps them true
