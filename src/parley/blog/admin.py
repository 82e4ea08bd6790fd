from django.contrib import admin

from parley.blog.models import Post, Tag


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "published_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["title"]
    raw_id_fields = ["author", "discussion"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
