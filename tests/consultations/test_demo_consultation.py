"""`make run`'s demo consultation has questions (one tied to a clause, the Welsh-language
question) and counted responses with every consent."""

from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.consultations.models import Question, Response
from parley.files.models import ResponseFile
from parley.insights.models import Analysis


def test_the_demo_consultation_has_questions_and_responses(db: None) -> None:
    call_command("demo", stdout=StringIO())
    questions = Question.objects.filter(
        version__document__slug="principles-for-taking-part-online", version__number=1
    )
    assert questions.count() == 4
    assert questions.exclude(lineage=None).count() == 1
    assert questions.filter(text__contains="Welsh language").exists()
    counted = Response.objects.counted().filter(version__in=questions.values("version"))
    assert counted.count() == 50
    assert counted.filter(channel="online").count() == 30
    postal = counted.filter(channel="post")
    assert postal.count() == 20  # the postcards, imported from a spreadsheet
    assert all(r.import_key for r in postal)
    assert set(counted.values_list("consent", flat=True)) == {"named", "anonymous", "confidential"}
    assert counted.filter(respondent_type="organisation").count() == 6


def test_the_closed_demo_consultation_has_responses_with_every_consent(db: None) -> None:
    call_command("demo", stdout=StringIO())
    closed = Response.objects.counted().filter(
        version__document__slug="standards-for-answering-public-correspondence"
    )
    assert closed.count() == 8
    assert set(closed.values_list("consent", flat=True)) == {"named", "anonymous", "confidential"}
    version = closed[0].version
    assert version.closes_at is not None
    assert version.closes_at < timezone.now()
    # Agreeing that twenty working days is reasonable counts as support for clause 1.
    clause_1 = next(
        row
        for row in Analysis.objects.get(version=version).summary["stance"]["clauses"]
        if row["clause"] == "1"
    )
    assert sum(clause_1["responses"].values()) == closed.count()
    assert clause_1["responses"]["oppose"] > clause_1["responses"]["support"]


def test_the_closed_demo_consultation_publishes_its_responses_redacted_with_a_summary(
    db: None, client: Client
) -> None:
    call_command("demo", stdout=StringIO())
    slug = "standards-for-answering-public-correspondence"

    published = client.get(f"/guidance/{slug}/versions/1/responses/published/")
    summary = client.get(f"/guidance/{slug}/versions/1/responses/summary/")

    assert published.status_code == 200
    html = published.content.decode()
    assert "[redacted: personal data]" in html
    assert "4 Station Road" not in html
    assert "Lee Jones" in html  # named
    assert "Sam Hughes" not in html  # confidential
    assert summary.status_code == 200
    assert "Twenty working days is a reasonable time to reply." in summary.content.decode()


def test_an_organisations_demo_response_has_its_letter_attached_as_a_pdf(
    db: None, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=StringIO())
    attached = ResponseFile.objects.get(response__organisation_name="Unison Branch 12")
    assert attached.content_type == "application/pdf"
    assert attached.response.status == Response.Status.SUBMITTED
    assert attached.text_status == ResponseFile.Text.FOUND
    assert "a named rota" in attached.text
    assert attached.pages == 2
