"""`parley clock`: the site's clock, for sites without cron. `parley serve` runs it beside
the web server and the task worker.

Once a minute it does what `parley send-notifications` does (announces scheduled posts,
consultations opening or closing and responses to them overdue, sends due e-mail and
retries); once a day it forgets comments' IP addresses older than
PARLEY_IP_RETENTION_DAYS, and from DIGEST_HOUR local time queues the daily digests (on
Mondays the weekly ones too). Once a day from STATISTICS_HOUR, on SQLite, it refreshes
the query planner's statistics (`parley.planner_statistics`), quietly. Each digest run is recorded
(`notifications.services.announce_once`), so restarts, several clocks on several
machines, or a cron job beside it never send a digest twice.
"""

import signal
import threading
from datetime import datetime
from types import FrameType

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils import timezone

from parley import personal_data, planner_statistics
from parley.blog import tasks as blog
from parley.consultations import tasks as consultations
from parley.guidance import tasks as guidance
from parley.notifications import services as notifications
from parley.notifications.models import Frequency

DIGEST_HOUR = 7  # local time (settings.TIME_ZONE)
STATISTICS_HOUR = 4  # local time: a quiet hour for a second or so of ANALYZE
TICK_SECONDS = 60
STATISTICS = "planner statistics refreshed"
QUIET = {STATISTICS}  # routine upkeep, not news worth a line in the log


def digests_due(now: datetime) -> list[str]:
    """The digests to queue at `now` that no run has queued yet (recording them as queued)."""
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return []
    due: list[str] = []
    if notifications.announce_once(f"digest:daily:{local.date().isoformat()}"):
        due.append(Frequency.DAILY)
    year, week, weekday = local.isocalendar()
    if weekday == 1 and notifications.announce_once(f"digest:weekly:{year}-W{week:02d}"):
        due.append(Frequency.WEEKLY)
    return due


def tick(now: datetime | None = None) -> dict[str, int]:
    """One minute's work; what it did, by name."""
    now = now or timezone.now()
    done = {
        "posts announced": blog.announce_due_posts.call(),
        "consultation changes announced": guidance.announce_consultation_phases.call(),
        "overdue responses announced": consultations.tell_overdue_responses.call(),
        "digests queued": sum(
            notifications.send_digests(frequency=frequency) for frequency in digests_due(now)
        ),
    }
    done["e-mails sent"] = notifications.send_due(now=now)
    local = timezone.localtime(now)
    if notifications.announce_once(f"privacy:forget-ips:{local.date().isoformat()}"):
        done["old IP addresses forgotten"] = personal_data.forget_old_ip_addresses(now=now)
    # PostgreSQL analyses itself; SQLite once a day, from a quiet hour.
    if (
        connection.vendor == "sqlite"
        and local.hour >= STATISTICS_HOUR
        and notifications.announce_once(f"planner-statistics:{local.date().isoformat()}")
    ):
        done[STATISTICS] = int(planner_statistics.refresh())
    return done


class Command(BaseCommand):
    help = "Run the periodic work (announcements, due e-mail, digests) once a minute."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one tick, then exit")

    def handle(self, *args: object, once: bool, **options: object) -> None:
        stopping = threading.Event()

        def stop(signum: int, frame: FrameType | None) -> None:
            stopping.set()

        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, stop)
        while not stopping.is_set():
            done = tick()
            news = {name: n for name, n in done.items() if n and name not in QUIET}
            if news:
                self.stdout.write("; ".join(f"{name}: {n}" for name, n in news.items()))
            if once:
                return
            stopping.wait(TICK_SECONDS)
