"""`parley send-notifications`: the periodic half of notifications, for cron or a timer.

Every run announces what became public by the clock (scheduled posts, consultations
opening and closing, responses to them overdue) and sends every e-mail that is due,
retries included. With `--digests daily` or `--digests weekly` it also queues that digest; with
`--retry-failed` it gives e-mails that failed for good another round of attempts.
Safe to run often and concurrently: nothing is announced or sent twice. The old name,
`parley send_notifications`, still works.
"""

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from parley import personal_data
from parley.blog import tasks as blog
from parley.consultations import tasks as consultations_tasks
from parley.guidance import tasks as guidance
from parley.notifications import services as notifications
from parley.notifications.models import Frequency


class Command(BaseCommand):
    help = "Announce scheduled news, send due e-mail and retries, and (optionally) digests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--digests",
            choices=[Frequency.DAILY, Frequency.WEEKLY],
            help="Also queue the daily or weekly digests (run once a day / once a week).",
        )
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Give e-mails that failed for good another round of attempts.",
        )

    def handle(
        self, *args: object, digests: str | None, retry_failed: bool, **options: object
    ) -> None:
        posts = blog.announce_due_posts.call()
        consultations = guidance.announce_consultation_phases.call()
        consultations += consultations_tasks.tell_overdue_responses.call()
        requeued = notifications.requeue_failed() if retry_failed else 0
        digested = notifications.send_digests(frequency=digests) if digests else 0
        sent = notifications.send_due()
        forgotten = personal_data.forget_old_ip_addresses()
        self.stdout.write(
            "; ".join(
                [
                    ngettext("announced %(count)d post", "announced %(count)d posts", posts)
                    % {"count": posts},
                    ngettext(
                        "%(count)d consultation notification",
                        "%(count)d consultation notifications",
                        consultations,
                    )
                    % {"count": consultations},
                    ngettext("requeued %(count)d e-mail", "requeued %(count)d e-mails", requeued)
                    % {"count": requeued},
                    ngettext("queued %(count)d digest", "queued %(count)d digests", digested)
                    % {"count": digested},
                    ngettext("sent %(count)d e-mail", "sent %(count)d e-mails", sent)
                    % {"count": sent},
                    ngettext(
                        "forgot %(count)d old IP address",
                        "forgot %(count)d old IP addresses",
                        forgotten,
                    )
                    % {"count": forgotten},
                ]
            )
        )
