from django.contrib import admin

from parley.discussions.models import Comment, Discussion


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "is_open", "comment_count"]
    list_filter = ["kind", "is_open"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["discussion", "parent", "user"]
