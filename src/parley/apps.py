from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class ParleyConfig(AppConfig):
    """The project itself: base layout, shared pages and the `serve` and `demo` commands."""

    name = "parley"
    label = "parley"

    def ready(self) -> None:
        post_migrate.connect(analyse_after_migrating, dispatch_uid="parley.planner_statistics")


def analyse_after_migrating(sender: AppConfig, using: str, **kwargs: Any) -> None:
    """After `migrate` (or `flush`), give SQLite's planner fresh statistics: a new index is
    no use to a planner that knows nothing of it. The signal comes once per app with
    models; analyse once, after the last."""
    from parley import planner_statistics

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if with_models and sender is with_models[-1]:
        planner_statistics.refresh(using)
