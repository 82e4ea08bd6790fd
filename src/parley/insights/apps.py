from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "parley.insights"
    label = "insights"

    def ready(self) -> None:
        from parley.insights import signals

        signals.connect()
