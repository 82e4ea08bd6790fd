from django.urls import path

from parley.insights import frame_views, views

app_name = "insights"
urlpatterns = [
    path("<slug:slug>/versions/<int:number>/insights/", views.insights, name="insights"),
    path("<slug:slug>/versions/<int:number>/insights/analyse/", views.analyse, name="analyse"),
    path(
        "<slug:slug>/versions/<int:number>/insights/campaigns/<str:key>/",
        views.campaign,
        name="campaign",
    ),
    path(
        "<slug:slug>/versions/<int:number>/insights/analysis.json",
        views.analysis_json,
        name="analysis_json",
    ),
    path(
        "<slug:slug>/versions/<int:number>/insights/comments.<str:fmt>",
        views.export,
        name="export",
    ),
    path("<slug:slug>/versions/<int:number>/insights/frame/", frame_views.frame_page, name="frame"),
    path(
        "<slug:slug>/versions/<int:number>/insights/frame/themes/<int:pk>/",
        frame_views.theme_page,
        name="frame_theme",
    ),
    path(
        "<slug:slug>/versions/<int:number>/insights/frame/comments/<int:pk>/",
        frame_views.comment_page,
        name="frame_comment",
    ),
    path(
        "<slug:slug>/versions/<int:number>/insights/frame/responses/<str:reference>/",
        frame_views.response_page,
        name="frame_response",
    ),
    path(
        "<slug:slug>/versions/<int:number>/insights/frame/log/",
        frame_views.log_page,
        name="frame_log",
    ),
    path(
        "<slug:slug>/versions/<int:number>/insights/frame/<str:what>.csv",
        frame_views.frame_export,
        name="frame_export",
    ),
]
