"""`parley send_notifications`: the periodic half of notifications, for cron or a timer.

Every run announces what became public by the clock (scheduled posts, consultations
opening and closing) and sends every e-mail that is due, retries included. With
`--digests daily` or `--digests weekly` it also queues that digest; with
`--retry-failed` it gives e-mails that failed for good another round of attempts.
Safe to run often and concurrently: nothing is announced or sent twice.
"""

from django.core.management.base import BaseCommand, CommandParser

from parley import personal_data
from parley.blog import tasks as blog
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
        requeued = notifications.requeue_failed() if retry_failed else 0
        digested = notifications.send_digests(frequency=digests) if digests else 0
        sent = notifications.send_due()
        forgotten = personal_data.forget_old_ip_addresses()
        self.stdout.write(
            f"announced {posts} post and {consultations} consultation notification(s); "
            f"requeued {requeued}; queued {digested} digest(s); sent {sent} e-mail(s); "
            f"forgot {forgotten} old IP address(es)"
        )
