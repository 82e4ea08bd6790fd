"""Two clocks (or a clock and a cron job) finding the same overdue response at the same
moment tell its followers once: only one wins the conditional UPDATE of overdue_told_at."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from django.db import connection
from django.utils import timezone

from parley.accounts.models import User
from parley.consultations import closing
from parley.consultations.models import Consultation
from parley.guidance.models import Document, Version
from parley.notifications import services as notifications
from parley.notifications.models import Email, Target
from tests.builders import close

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_runs_at_once_tell_each_follower_once(
    consulting: Version, document: Document, participant: User
) -> None:
    notifications.follow(user=participant, target=Target.DOCUMENT, target_id=document.pk)
    close(consulting)
    Version.objects.filter(pk=consulting.pk).update(closes_at=timezone.now() - timedelta(days=90))
    Consultation.objects.create(version=consulting)  # both runs race for the same row
    start = Barrier(4)

    def run(_: int) -> int:
        try:
            start.wait()
            return closing.tell_overdue()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        told = list(pool.map(run, range(4)))
    assert sorted(told) == [0, 0, 0, 1]
    assert Email.objects.filter(to=participant.email, subject__contains="overdue").count() == 1
