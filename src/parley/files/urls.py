from django.urls import path

from parley.files import views

app_name = "files"
FILES = "guidance/<slug:slug>/versions/<int:number>/files"
urlpatterns = [
    path(f"{FILES}/", views.manage, name="manage"),
    path(f"{FILES}/<int:file>/replace/", views.replace, name="replace"),
    path(f"{FILES}/<int:file>/delete/", views.delete, name="delete"),
    path(f"{FILES}/<int:file>/<str:name>", views.download, name="download"),
    path("media/<int:file>/<str:name>", views.media, name="media"),
    path("response-files/<int:file>/<str:name>", views.response_file, name="response_file"),
]
