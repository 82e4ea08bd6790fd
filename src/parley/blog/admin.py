from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from parley.blog.models import Post, Tag


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "published_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["title"]
    raw_id_fields = ["author", "discussion"]

    def save_model(self, request: HttpRequest, obj: Post, form: Any, change: bool) -> None:
        # Pages, kept copies and ETags follow updated_at: an edit here changes them too.
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]

    def save_model(self, request: HttpRequest, obj: Tag, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change:  # every post showing the tag reads differently
            Post.objects.filter(tags=obj).update(updated_at=timezone.now())
