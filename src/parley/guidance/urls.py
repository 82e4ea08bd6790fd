from django.urls import path

from parley.guidance import adoption_views, feeds, response_views, views
from parley.syndication import feed_paths

app_name = "guidance"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_document, name="new"),
    path("<slug:slug>/", views.document, name="document"),
    path("<slug:slug>/edit/", views.edit_document, name="edit"),
    *feed_paths("<slug:slug>/feed/", feeds.DocumentFeed, feeds.document_freshness, "feed"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/versions/new/", views.new_version, name="new_version"),
    path("<slug:slug>/versions/<int:number>/", views.version, name="version"),
    path("<slug:slug>/versions/<int:number>/edit/", views.edit_version, name="edit_version"),
    path("<slug:slug>/versions/<int:number>/schedule/", views.schedule, name="schedule"),
    path("<slug:slug>/versions/<int:number>/publish/", views.publish, name="publish"),
    path(
        "<slug:slug>/versions/<int:number>/clauses/<str:clause>/",
        views.clause,
        name="clause",
    ),
    *feed_paths(
        "<slug:slug>/versions/<int:number>/clauses/<str:clause>/feed/",
        feeds.ClauseComments,
        feeds.clause_freshness,
        "clause_feed",
    ),
    path(
        "<slug:slug>/versions/<int:number>/clauses/<str:clause>/edit/",
        views.edit_clause,
        name="edit_clause",
    ),
    path("<slug:slug>/versions/<int:number>/response/", response_views.response, name="response"),
    path(
        "<slug:slug>/versions/<int:number>/response/edit/",
        response_views.edit_response,
        name="edit_response",
    ),
    path("<slug:slug>/compare/<int:a>...<int:b>/", views.compare, name="compare"),
    path("<slug:slug>/adopters/", adoption_views.adopters, name="adopters"),
    path("<slug:slug>/adopters/<slug:organisation>/", adoption_views.adoption, name="adoption"),
]
