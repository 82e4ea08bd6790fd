from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from pytest_django import Settings


def test_the_health_check_answers_ok_when_the_database_answers(client: Client, db: None) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "answer"),
    [
        ("/healthz", {"status": "unavailable"}),
        ("/readyz", {"status": "unavailable", "database": "down"}),
    ],
)
def test_health_and_readiness_answer_503_when_the_database_does_not(
    client: Client, tmp_path: Path, path: str, answer: dict[str, str]
) -> None:
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "missing-directory" / "db.sqlite3")
    else:
        connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        response = client.get(path)
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert answer.items() <= response.json().items()


def test_readiness_answers_503_when_the_static_files_are_not_collected(
    client: Client, db: None, settings: Settings, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()  # there, but empty: collectstatic never ran
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "static files": "not collected"}
