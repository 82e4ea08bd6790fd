from django.urls import path

from parley.consultations import (
    closing_views,
    entry_views,
    export_views,
    import_views,
    publication_views,
    views,
)

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
    path(f"{VERSION}/respond/<int:question>/", views.respond_question, name="respond_question"),
    path(f"{VERSION}/respond/about-you/", views.respond_about_you, name="respond_about_you"),
    path(f"{VERSION}/consultation/", views.set_up, name="set_up"),
    path(f"{VERSION}/consultation/question-sets/", views.add_set, name="add_set"),
    path(f"{VERSION}/responses/", views.responses, name="responses"),
    path(f"{VERSION}/responses/enter/", entry_views.enter_response, name="enter_response"),
    path(f"{VERSION}/responses/import/", import_views.upload, name="import_responses"),
    path(
        f"{VERSION}/responses/import/<int:upload>/",
        import_views.mapping,
        name="import_mapping",
    ),
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
    path(f"{VERSION}/responses/published/", publication_views.published, name="published"),
    path(f"{VERSION}/responses/publish/", publication_views.publish, name="publish_responses"),
    path(
        f"{VERSION}/responses/published/files/<int:file>/<str:name>",
        publication_views.published_file,
        name="published_file",
    ),
    path(
        f"{VERSION}/responses/redact/<str:reference>/files/<int:file>/",
        publication_views.file_to_review,
        name="file_to_review",
    ),
    path(f"{VERSION}/responses/redact/", publication_views.redactions, name="redactions"),
    path(
        f"{VERSION}/responses/redact/<str:reference>/",
        publication_views.redact_response,
        name="redact_response",
    ),
    path("responses/confirm/<str:token>/", views.confirm, name="confirm"),
    path("responses/continue/<str:token>/", views.resume, name="resume"),
    path("responses/<str:reference>/", publication_views.your_response, name="receipt"),
    path("responses/<str:reference>/check/", views.check, name="check"),
    path(
        "responses/<str:reference>/files/<int:file>/remove/",
        views.remove_file,
        name="remove_file",
    ),
]
