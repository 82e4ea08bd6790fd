from django.urls import path

from parley.moderation import block_views, flag_views, views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("log/", views.log, name="log"),
    path("log.csv", views.log_csv, name="log_csv"),
    path("rules/", views.rules, name="rules"),
    path("discussions/<int:discussion_id>/hold/", views.hold_all, name="hold_all"),
    path("policy/edit/", views.edit_policy, name="edit_policy"),
    path("comments/<int:comment_id>/flag/", flag_views.flag, name="flag"),
    path("blocks/", block_views.blocks_page, name="blocks"),
    path("blocks/<int:block_id>/lift/", block_views.lift, name="lift_block"),
]
