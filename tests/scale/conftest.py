import pytest


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers this marker; say it here too for runs with `-p no:xdist`.
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one xdist worker")
