from django.urls import path

from parley.blog import feeds, views
from parley.syndication import feed_paths

app_name = "blog"
urlpatterns = [
    path("", views.index, name="index"),
    *feed_paths("feed/", feeds.LatestPosts, feeds.latest_posts_freshness, "feed"),
    path("archive/", views.archive, name="archive"),
    path("manage/", views.manage, name="manage"),
    path("new/", views.new, name="new"),
    path("tags/<slug:slug>/", views.tag, name="tag"),
    *feed_paths("tags/<slug:slug>/feed/", feeds.TagPosts, feeds.tag_freshness, "tag_feed"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    *feed_paths(
        "organisations/<slug:slug>/feed/",
        feeds.OrganisationFeed,
        feeds.organisation_freshness,
        "organisation_feed",
    ),
    path("<slug:slug>/", views.post, name="post"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/like/", views.like, name="like"),
    *feed_paths(
        "<slug:slug>/comments/feed/",
        feeds.PostComments,
        feeds.post_comments_freshness,
        "comments_feed",
    ),
]
