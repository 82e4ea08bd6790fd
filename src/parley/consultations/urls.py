from django.urls import path

from parley.consultations import views

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
    path("responses/confirm/<str:token>/", views.confirm, name="confirm"),
    path("responses/continue/<str:token>/", views.resume, name="resume"),
    path("responses/<str:reference>/", views.receipt, name="receipt"),
    path("responses/<str:reference>/check/", views.check, name="check"),
]
