from django.urls import path

from parley.accounts import views

urlpatterns = [
    path("profile/", views.profile, name="account_profile"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="account_revoke_token"),
]
