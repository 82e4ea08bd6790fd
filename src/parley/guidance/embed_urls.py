from django.urls import path

from parley.guidance import embed_views

app_name = "embed"
urlpatterns = [
    path("guidance/<slug:slug>/", embed_views.document, name="document"),
    path(
        "guidance/<slug:slug>/versions/<int:number>/clauses/<str:clause>/",
        embed_views.clause,
        name="clause",
    ),
]
