from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "parley.files"
    label = "files"
