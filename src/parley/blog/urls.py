from django.urls import path

from parley.blog import views

app_name = "blog"
urlpatterns = [
    path("", views.index, name="index"),
    path("archive/", views.archive, name="archive"),
    path("manage/", views.manage, name="manage"),
    path("new/", views.new, name="new"),
    path("tags/<slug:slug>/", views.tag, name="tag"),
    path("<slug:slug>/", views.post, name="post"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/like/", views.like, name="like"),
]
