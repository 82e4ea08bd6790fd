"""`/readyz` tells a load balancer whether to send this app server requests."""

from typing import Any

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
