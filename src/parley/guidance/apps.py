from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "parley.guidance"
    label = "guidance"
