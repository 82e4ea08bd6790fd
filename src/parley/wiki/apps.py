from django.apps import AppConfig


class WikiConfig(AppConfig):
    name = "parley.wiki"
    label = "wiki"
