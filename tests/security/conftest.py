"""Hypothesis runs the same examples on every run, so CI never fails by chance."""

from hypothesis import HealthCheck, settings

from tests.wiki.conftest import space, wiki_page  # noqa: F401 (fixtures these tests use too)

settings.register_profile(
    "parley",
    derandomize=True,
    deadline=None,
    max_examples=200,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("parley")
