"""A respondent's file is public only with a published response whose author consented,
once one of the organisation's moderators has read it and chosen to publish it."""

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations import publication
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.files.models import ResponseFile
from parley.files.simple_pdf import text_pdf
from parley.guidance.models import Version
from tests.builders import close, make_user
from tests.consultations.conftest import good_answers
from tests.files.conftest import read


def respond(version: Version, consent: str, name: str, capture: Capture) -> Response:
    person = make_user(f"{name}@example.net", name.title())
    with capture(execute=True):
        return consultations.respond(
            version=version,
            respondent=consultations.Respondent(user=person),
            consent=consent,
            answers=good_answers(),
            attachments=[SimpleUploadedFile(f"{name}.pdf", text_pdf([[f"From {name}."]]))],
        ).response


def test_a_file_is_published_only_once_a_moderator_has_reviewed_it_and_never_if_confidential(
    consultation: Version,
    editor: User,
    moderator: User,
    signed_in: Callable[[User], Client],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    named = respond(consultation, "named", "nia", django_capture_on_commit_callbacks)
    secret = respond(consultation, "confidential", "sam", django_capture_on_commit_callbacks)
    version = close(consultation)
    publication.publish_responses(version=version, user=editor)
    slug, number = version.document.slug, version.number
    published = reverse("consultations:published", args=[slug, number])
    named_file, secret_file = named.files.get(), secret.files.get()
    public_url = reverse(
        "consultations:published_file",
        args=[slug, number, named_file.pk, named_file.download_name],
    )
    assert "nia.pdf" not in Client().get(published).content.decode()
    assert Client().get(public_url).status_code == 404

    redact = reverse("consultations:redact_response", args=[slug, number, named.reference])
    moderating = signed_in(moderator)
    page = moderating.get(redact).content.decode()
    assert "nia.pdf" in page
    review_url = reverse(
        "consultations:file_to_review", args=[slug, number, named.reference, named_file.pk]
    )
    assert read(moderating.get(review_url)).startswith(b"%PDF-")
    moderating.post(redact, {"action": "publish_file", "file": named_file.pk})
    assert ResponseFile.objects.get(pk=named_file.pk).reviewed_by == moderator

    public_page = Client().get(published).content.decode()
    assert "nia.pdf" in public_page
    download = Client().get(public_url)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="nia.pdf"'
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert read(download).startswith(b"%PDF-")

    # A confidential response's file: no moderator reviews it, nobody downloads it publicly.
    secret_redact = reverse("consultations:redact_response", args=[slug, number, secret.reference])
    assert (
        moderating.post(
            secret_redact, {"action": "publish_file", "file": secret_file.pk}
        ).status_code
        == 404
    )
    ResponseFile.objects.filter(pk=secret_file.pk).update(reviewed_at=named_file.uploaded_at)
    secret_url = reverse(
        "consultations:published_file",
        args=[slug, number, secret_file.pk, secret_file.download_name],
    )
    assert Client().get(secret_url).status_code == 404
    assert "sam.pdf" not in Client().get(published).content.decode()

    moderating.post(redact, {"action": "withhold_file", "file": named_file.pk})
    assert Client().get(public_url).status_code == 404
