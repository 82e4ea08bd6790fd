from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from parley.blog import services
from parley.blog.models import Post, Tag


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    """A post's text, status and dates are written on the site's editor (`blog.services`
    renders, checks and announces them); here only its author and tags change."""

    list_display = ["title", "organisation", "status", "published_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    readonly_fields = [
        "title",
        "slug",
        "body_markdown",
        "title_cy",
        "body_markdown_cy",
        "organisation",
        "status",
        "published_at",
        "discussion",
        "like_count",
        "created_at",
        "updated_at",
    ]
    exclude = ["body_html", "body_html_cy"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a post needs its discussion: blog.services.create_post makes both

    def save_model(self, request: HttpRequest, obj: Post, form: Any, change: bool) -> None:
        services.save_edited_post(post=obj)

    def delete_model(self, request: HttpRequest, obj: Post) -> None:
        services.delete_post(post=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        for post in queryset:
            services.delete_post(post=post)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    list_display = ["name", "slug"]

    def save_model(self, request: HttpRequest, obj: Tag, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change:
            services.tag_changed(tag=obj)

    def delete_model(self, request: HttpRequest, obj: Tag) -> None:
        services.delete_tag(tag=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Tag]) -> None:
        for tag in queryset:
            services.delete_tag(tag=tag)
