from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "parley.discussions"
    label = "discussions"
