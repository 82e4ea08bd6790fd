from django.contrib import admin

from parley.wiki.models import Page, Revision, Space


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "organisation", "edit_policy"]


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    fields = ["number", "author", "message", "created_at"]
    readonly_fields = ["number", "author", "message", "created_at"]
    can_delete = False


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    """Read-only here: every change goes through wiki.services, which keeps revisions."""

    list_display = ["title", "space", "revision_number", "updated_at"]
    list_filter = ["space"]
    readonly_fields = ["space", "title", "slug", "body_markdown", "revision_number", "discussion"]
    exclude = ["body_html", "toc", "links"]
    inlines = [RevisionInline]

    def has_add_permission(self, request: object) -> bool:
        return False
