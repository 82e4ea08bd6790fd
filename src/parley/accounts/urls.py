from django.urls import path

from parley.accounts import views

urlpatterns = [
    path("profile/", views.profile, name="account_profile"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="account_revoke_token"),
    path("data/", views.data, name="account_data"),
    path("data/download/", views.data_download, name="account_data_download"),
    path("erase/<str:token>/", views.erase_confirm, name="account_erase_confirm"),
]
