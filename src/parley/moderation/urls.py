from django.urls import path

from parley.moderation import views

app_name = "moderation"
urlpatterns = [path("", views.queue, name="queue")]
