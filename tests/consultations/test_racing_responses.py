"""Responses sent at the same moment: by one person, never more than one counted; by many,
every one stored with its own reference."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.guidance.models import Version
from tests.builders import make_user
from tests.consultations.conftest import good_answers

pytestmark = pytest.mark.django_db(transaction=True)


def send_together(version: Version, people: list[User]) -> list[str]:
    """Each person responds at once, on their own connection; what happened to each."""
    start = Barrier(len(people))

    def send(person: User) -> str:
        try:
            start.wait()
            consultations.respond(
                version=version,
                respondent=consultations.Respondent(user=person),
                consent="named",
                answers=good_answers(),
            )
            return "stored"
        except consultations.ConsultationRejected as rejected:
            return f"refused {rejected.status}"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        return list(pool.map(send, people))


def test_one_person_sending_several_at_once_has_one_counted_response(
    open_version: Version, participant: User
) -> None:
    outcomes = send_together(open_version, [participant] * 4)
    assert set(outcomes) <= {"stored", "refused 409"}
    assert "stored" in outcomes
    assert Response.objects.counted().filter(user=participant).count() == 1


def test_many_people_at_once_are_all_stored_with_distinct_references(
    open_version: Version,
) -> None:
    people = [make_user(f"person{n}@example.net", f"Person {n}") for n in range(8)]
    assert send_together(open_version, people) == ["stored"] * 8
    counted = Response.objects.counted()
    assert counted.count() == 8
    assert len(set(counted.values_list("reference", flat=True))) == 8
