from django.apps import AppConfig


class ParleyConfig(AppConfig):
    """The project itself: base layout, shared pages and the `serve` and `demo` commands."""

    name = "parley"
    label = "parley"
