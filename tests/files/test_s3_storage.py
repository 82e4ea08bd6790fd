"""With MEDIA_STORAGE_URL set, files live in an S3-compatible bucket (a version's documents,
and a spreadsheet of responses until it is imported): here a real one, moto's standalone
server, started as its own process on loopback for this test."""

import io
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture
from pytest_django import Settings

from parley.accounts.models import User
from parley.config import media_storage
from parley.consultations import imports
from parley.consultations import services as consultations
from parley.files import services
from parley.guidance import services as guidance
from parley.guidance.models import Version
from tests.builders import pdf_bytes, publish, upload
from tests.files.conftest import stored_files
from tests.processes import free_port, wait_until

BUCKET = "parley-files"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def s3_endpoint(tmp_path: Path) -> Iterator[str]:
    """moto's S3 server on a free loopback port, stopped after the test."""
    port = free_port()
    log = tmp_path / "moto.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: _answers(f"{endpoint}/moto-api/"),
            30,
            "moto's S3 server",
            watching=[server],
            explain=log.read_text,
        )
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_files_go_to_and_come_back_from_an_s3_compatible_bucket(
    client: Client,
    draft_version: Version,
    editor: User,
    s3_endpoint: str,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    media: Path,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    bucket = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-2")
    bucket.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage(
            f"s3://{BUCKET}?endpoint={s3_endpoint}&region=eu-west-2&prefix=media", media
        ),
    }
    content = pdf_bytes(pages=2)
    attached = services.attach_file(
        version=draft_version, user=editor, upload=upload("ia.pdf", content), title="Assessment"
    )
    publish(draft_version, editor)

    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"media/{attached.file.name}"]
    assert stored_files(media) == []  # nothing on the local disk
    answer = client.get(attached.get_absolute_url())
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == content  # type: ignore[attr-defined]
    assert attached.pages == 2


def test_a_spreadsheet_of_responses_is_kept_in_the_bucket_until_imported(
    draft_version: Version,
    editor: User,
    s3_endpoint: str,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    media: Path,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    bucket = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-2")
    bucket.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage(
            f"s3://{BUCKET}?endpoint={s3_endpoint}&region=eu-west-2&prefix=media", media
        ),
    }
    consultations.add_question(
        version=draft_version,
        user=editor,
        question=consultations.QuestionIn(kind="text", text="Views?"),
    )
    now = timezone.now()
    guidance.schedule_consultation(
        version=draft_version,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    kept = imports.keep_upload(
        version=draft_version,
        by=editor,
        file_name="postcards.csv",
        content=io.BytesIO(b"Name,Views\nPat Post,Shorter please\nSam Card,Clearer\n"),
        channel="post",
    )
    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"media/{kept.file.name}"]
    assert stored_files(media) == []  # nothing on the local disk
    column_map = imports.ColumnMap(
        columns={"Name": "name", "Views": "question:1"}, channel="post", consent="anonymous"
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = imports.import_upload(upload=kept, column_map=column_map, by=editor, dry_run=False)
    assert result.imported == 2
    assert bucket.list_objects_v2(Bucket=BUCKET).get("Contents", []) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://bucket.example.org",
        "s3://key:secret@bucket",
        "s3://bucket?endpoint=https://s3.example.org&colour=blue",
        "s3://bucket?addressing_style=sideways",
    ],
)
def test_a_media_storage_url_parley_cannot_use_fails_loudly_naming_the_variable(
    url: str, tmp_path: Path
) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"^MEDIA_STORAGE_URL: "):
        media_storage(url, tmp_path)
