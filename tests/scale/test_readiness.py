"""`/readyz` tells a load balancer whether to send this app server requests."""

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client


def test_ready_when_the_database_is_migrated_and_the_cache_answers(
    client: Client, db: None
) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}
    assert "no-cache" in response["Cache-Control"]


def test_not_ready_when_the_shared_cache_does_not_answer(
    client: Client, db: None, settings: Any
) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    # Sessions would need the cache too; the readiness check must answer without them.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "cache": "down"}


@pytest.mark.django_db(transaction=True)
def test_not_ready_when_the_database_does_not_answer(client: Client, tmp_path: Path) -> None:
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "missing-directory" / "db.sqlite3")
    else:
        connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        response = client.get("/readyz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
