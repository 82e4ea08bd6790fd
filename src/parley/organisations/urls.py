from django.urls import path

from parley.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.index, name="index"),
    path("set-up/", views.set_up, name="set_up"),  # a site admin's first run
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.organisation, name="organisation"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:membership_id>/role/", views.change_role, name="change_role"),
    path(
        "<slug:slug>/members/<int:membership_id>/remove/", views.remove_member, name="remove_member"
    ),
    path(
        "<slug:slug>/invitations/<int:invitation_id>/cancel/",
        views.cancel_invitation,
        name="cancel_invitation",
    ),
]
