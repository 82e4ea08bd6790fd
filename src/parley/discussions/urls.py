from django.urls import path

from parley.discussions import views

app_name = "discussions"
urlpatterns = [
    path("<int:comment_id>/edit/", views.edit, name="edit"),
    path("<int:comment_id>/delete/", views.delete, name="delete"),
    path("<int:comment_id>/like/", views.like, name="like"),
    path("claim/", views.claim, name="claim"),
]
