"""`make run`'s demo consultation has questions (one tied to a clause, the Welsh-language
question) and counted responses with every consent."""

from io import StringIO

from django.core.management import call_command

from parley.consultations.models import Question, Response


def test_the_demo_consultation_has_questions_and_responses(db: None) -> None:
    call_command("demo", stdout=StringIO())
    questions = Question.objects.filter(
        version__document__slug="principles-for-taking-part-online", version__number=1
    )
    assert questions.count() == 4
    assert questions.exclude(lineage=None).count() == 1
    assert questions.filter(text__contains="Welsh language").exists()
    counted = Response.objects.counted()
    assert counted.count() == 5
    assert set(counted.values_list("consent", flat=True)) == {"named", "anonymous", "confidential"}
    assert counted.filter(respondent_type="organisation").count() == 1
