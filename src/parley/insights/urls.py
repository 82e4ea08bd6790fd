from django.urls import path

from parley.insights import views

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
]
