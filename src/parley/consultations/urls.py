from django.urls import path

from parley.consultations import closing_views, export_views, views

app_name = "consultations"
VERSION = "guidance/<slug:slug>/versions/<int:number>"
urlpatterns = [
    path(f"{VERSION}/questions/", views.questions, name="questions"),
    path(f"{VERSION}/questions/new/", views.add_question, name="add_question"),
    path(f"{VERSION}/questions/<int:question>/edit/", views.edit_question, name="edit_question"),
    path(f"{VERSION}/questions/<int:question>/move/", views.move_question, name="move_question"),
    path(
        f"{VERSION}/questions/<int:question>/delete/",
        views.delete_question,
        name="delete_question",
    ),
    path(f"{VERSION}/respond/", views.respond, name="respond"),
    path(f"{VERSION}/responses/", views.responses, name="responses"),
    path(f"{VERSION}/responses/export.<str:fmt>", export_views.export, name="export"),
    path(
        f"{VERSION}/responses/contact-details/",
        export_views.contact_export,
        name="contact_export",
    ),
    path(f"{VERSION}/response-due/", closing_views.response_due, name="response_due"),
    path(
        f"{VERSION}/responses/summary/",
        closing_views.responses_summary,
        name="responses_summary",
    ),
    path("responses/confirm/<str:token>/", views.confirm, name="confirm"),
    path("responses/continue/<str:token>/", views.resume, name="resume"),
    path("responses/<str:reference>/", views.receipt, name="receipt"),
    path("responses/<str:reference>/check/", views.check, name="check"),
    # A stand-in (404) until the published responses' page lands on another branch; drop it
    # then, keeping theirs.
    path(
        f"{VERSION}/responses/published/",
        closing_views.published_placeholder,
        name="published",
    ),
]
