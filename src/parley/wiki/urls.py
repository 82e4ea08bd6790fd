from django.urls import path

from parley.wiki import views

app_name = "wiki"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:space>/", views.space, name="space"),
    path("<slug:space>/new/", views.new_page, name="new_page"),
    path("<slug:space>/settings/", views.space_settings, name="space_settings"),
    path("<slug:space>/adopt/<slug:document>/", views.adopt, name="adopt"),
    path("<slug:space>/<slug:page>/", views.page, name="page"),
    path("<slug:space>/<slug:page>/edit/", views.edit_page, name="edit_page"),
    path("<slug:space>/<slug:page>/history/", views.history, name="history"),
    path("<slug:space>/<slug:page>/compare/", views.compare, name="compare"),
    path("<slug:space>/<slug:page>/clauses/", views.supported_clauses, name="supported_clauses"),
    path("<slug:space>/<slug:page>/revisions/<int:number>/", views.revision, name="revision"),
    path("<slug:space>/<slug:page>/revisions/<int:number>/revert/", views.revert, name="revert"),
]
