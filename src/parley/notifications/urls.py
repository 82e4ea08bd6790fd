from django.urls import path

from parley.notifications import views

app_name = "notifications"
urlpatterns = [
    path("follow/", views.follow, name="follow"),
    path("unfollow/", views.unfollow, name="unfollow"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/<str:token>/", views.guest_preferences, name="guest_preferences"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
