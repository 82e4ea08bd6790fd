"""Digests: the news kept for people who chose a daily or weekly e-mail, grouped by
discussion into one e-mail each, and each piece of news in exactly one digest.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from parley.notifications import tokens
from parley.notifications.models import Email, Frequency, Notification, Recipient
from parley.notifications.outbox import queue_email
from parley.notifications.recipients import preferences_link

DIGEST_KIND = "digest"


def send_digests(*, frequency: str) -> int:
    """Queue one digest e-mail per person with news collected at `frequency` (daily or
    weekly), grouped by discussion; how many digests were queued. Each piece of news goes
    in exactly one digest, however many runs overlap."""
    if frequency not in {Frequency.DAILY, Frequency.WEEKLY}:
        raise ValueError(f"Digests are daily or weekly, not {frequency!r}")
    waiting = (
        Notification.objects.filter(frequency=frequency, email=None)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(_send_digest(recipient_id, frequency) for recipient_id in set(waiting))


@transaction.atomic
def _send_digest(recipient_id: int, frequency: str) -> bool:
    recipient = (
        Recipient.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=recipient_id)
        .first()
    )
    if recipient is None:
        return False
    news = list(
        Notification.objects.filter(recipient=recipient, frequency=frequency, email=None).order_by(
            "group", "created_at", "pk"
        )
    )
    if not news:
        return False  # another run took them
    groups: dict[str, tuple[str, list[Notification]]] = {}
    for item in news:
        key = item.group or f"{item.kind}:{item.pk}"
        groups.setdefault(key, (item.group_title or item.subject, []))[1].append(item)
    with translation.override(recipient.language):
        email = _queue_digest(recipient, frequency, news, groups)
    taken = Notification.objects.filter(pk__in=[item.pk for item in news], email=None).update(
        email=email
    )
    if taken != len(news):
        raise RuntimeError("Digest news taken by another run")  # rolls back this digest
    return True


def _queue_digest(
    recipient: Recipient,
    frequency: str,
    news: list[Notification],
    groups: dict[str, tuple[str, list[Notification]]],
) -> Email:
    scope = f"digest:{frequency}"
    label = str(Frequency(frequency).label)
    context = {
        "groups": [{"title": title, "items": items} for title, items in groups.values()],
        "count": len(news),
        "label": label,
        "site_name": settings.SITE_NAME,
        "unsubscribe_url": tokens.unsubscribe_url(recipient.pk, scope),
        "preferences_url": preferences_link(recipient),
    }
    subject = ngettext(
        "%(digest)s from %(site)s: %(count)d update",
        "%(digest)s from %(site)s: %(count)d updates",
        len(news),
    ) % {"digest": label, "site": settings.SITE_NAME, "count": len(news)}
    return queue_email(
        recipient=recipient,
        kind=DIGEST_KIND,
        subject=subject,
        text=render_to_string("notifications/email/digest.txt", context),
        html=render_to_string("notifications/email/digest.html", context),
        unsubscribe_scope=scope,
    )
