"""What the export tests share: an analyst, responses made one by one or in bulk."""

from datetime import timedelta

from django.utils import timezone

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Answer, Response
from parley.guidance.models import Version
from parley.organisations.models import Organisation, Role
from tests.builders import make_user, member_of
from tests.consultations.conftest import good_answers


def make_analyst(organisation: Organisation) -> User:
    return member_of(organisation, "analyst@example.org", "Ana Lyst", Role.ANALYST)


def respond(
    version: Version, index: int, consent: str = "named", organisation: str = ""
) -> Response:
    person = make_user(f"person{index}@example.net", f"Person {index}")
    kind = "organisation" if organisation else "individual"
    return consultations.respond(
        version=version,
        respondent=consultations.Respondent(user=person, type=kind, organisation=organisation),
        consent=consent,
        answers=good_answers(),
    ).response


def bulk_responses(version: Version, count: int) -> None:
    """`count` counted guest responses, each answering every question, made in bulk (as an
    import would): the service's checks and e-mails are tested elsewhere."""
    questions = {q.number: q for q in version.questions.all()}
    start = timezone.now() - timedelta(hours=1)
    made = Response.objects.bulk_create(
        Response(
            version=version,
            reference=f"PAR-B{index:05d}",
            consent=Response.Consent.CONFIDENTIAL if index % 3 == 0 else Response.Consent.NAMED,
            guest_name=f"Guest {index}",
            guest_email=f"guest{index}@example.net",
            status=Response.Status.SUBMITTED,
            submitted_at=start + timedelta(seconds=index),
            demographics={"age": "35-44"} if index % 2 else {},
        )
        for index in range(count)
    )
    Answer.objects.bulk_create(
        answer
        for response in made
        for answer in (
            Answer(response=response, question=questions[1], choice="Yes"),
            Answer(response=response, question=questions[2], choices=["Blogs", "Video"]),
            Answer(response=response, question=questions[3], choice="agree"),
            Answer(response=response, question=questions[4], text="Shorter, please."),
            Answer(response=response, question=questions[5], choice="2"),
        )
    )
