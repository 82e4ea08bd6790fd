from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """A Welsh request leaves Welsh active in the test's thread: end each test in English,
    so no other test reads Welsh by accident."""
    yield
    translation.deactivate()
