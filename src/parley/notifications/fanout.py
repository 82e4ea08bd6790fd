"""Telling people: `notify` takes news from a domain app and, for each person it
reaches once, applies their preferences and queues an e-mail now or keeps the news for
a digest.

Domain apps decide who should hear about what and call `notify` from a background task;
this module decides, per person, whether and when an e-mail goes.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from parley.links import absolute_links, absolute_markdown_links
from parley.notifications import tokens
from parley.notifications.models import (
    Announcement,
    Frequency,
    Kind,
    Notification,
    Recipient,
    Subscription,
)
from parley.notifications.outbox import queue_email
from parley.notifications.recipients import Person, frequency_of, preferences_link, recipient_of
from parley.notifications.subscriptions import lowered


@dataclass(frozen=True)
class News:
    """Something to tell people: what the domain app says, before this app adds the link,
    why the person is told, and how to unsubscribe. `html` must already be safe.

    The texts may be lazy translations (`gettext_lazy`, `format_lazy`): each person's
    e-mail is written in their own language, so a lazy text is read once per language."""

    kind: str
    subject: str | Promise
    text: str | Promise
    html: str | Promise
    url: str
    group: str = ""  # digests put news with the same group together, e.g. "discussion:12"
    group_title: str | Promise = ""


# Why someone who follows nothing is told: the news is about them or their own comment.
PERSONAL_REASONS: dict[str, Promise] = {
    Kind.REPLY: gettext_lazy("someone replied to your comment"),
    Kind.MENTION: gettext_lazy("someone mentioned you in a comment"),
    Kind.OUTCOME: gettext_lazy("it is about your comment"),
    Kind.MODERATION: gettext_lazy("it is about your comment"),
    Kind.VERSION: gettext_lazy("you edit your organisation’s guidance"),
}


def announce_once(key: str) -> bool:
    """True the first time `key` is seen, False ever after: for news found by a periodic
    check, which may run again before, or while, the first run finishes."""
    try:
        with transaction.atomic():
            Announcement.objects.create(key=key[:200])
    except IntegrityError:
        return False
    return True


def notify(
    *,
    news: News,
    people: Iterable[Person] = (),
    followers_of: tuple[str, int] | None = None,
    exclude: Iterable[str] = (),
    transactional: bool = False,
) -> set[str]:
    """Tell `people`, then the confirmed followers of `followers_of` who asked for
    `news.kind`, each at most once and never an address in `exclude`.

    Each person's frequency for the kind decides: an e-mail queued at once, news kept
    for a daily or weekly digest, or nothing. Guests hear only once they confirmed their
    address, unless `transactional` (about their own comment, such as its removal).
    Returns the addresses dealt with (told, kept for a digest, or who chose never to hear
    of this kind), so that a caller telling people about the same thing by a less
    personal reason (a new comment, after a reply) can exclude them.
    """
    excluded = {address.strip().lower() for address in exclude if address}
    candidates: list[tuple[Recipient, str]] = []
    for person in people:
        recipient = recipient_of(person, create_guest=transactional)
        if recipient is not None and (recipient.is_confirmed or transactional):
            candidates.append((recipient, f"kind:{news.kind}"))
    if followers_of is not None:
        target, target_id = followers_of
        subscriptions = Subscription.objects.filter(
            target=target, target_id=target_id, confirmed_at__isnull=False
        ).select_related("recipient__user")
        candidates += [
            (subscription.recipient, f"sub:{subscription.pk}")
            for subscription in subscriptions
            if news.kind in subscription.kinds
        ]
    told: set[str] = set()
    with transaction.atomic():
        for recipient, scope in candidates:
            address = recipient.address.strip().lower()
            if not address or address in excluded or address in told:
                continue
            told.add(address)
            frequency = frequency_of(recipient, news.kind)
            if frequency != Frequency.NEVER:
                _notify_one(recipient, news, frequency, scope)
    return told


def _notify_one(recipient: Recipient, news: News, frequency: str, scope: str) -> None:
    with translation.override(recipient.language):
        _notify_in_language(recipient, news, frequency, scope)


def _notify_in_language(recipient: Recipient, news: News, frequency: str, scope: str) -> None:
    # The news as this person reads it: lazy texts become their language here, and links
    # (a mention's `/people/3/`, a `#comment-6`, a Markdown `[policy](/comment-policy/)`)
    # full addresses, as a mail program has no page to resolve them against.
    url = tokens.absolute(news.url)
    read = News(
        kind=news.kind,
        subject=str(news.subject),
        text=absolute_markdown_links(str(news.text), url),
        html=absolute_links(str(news.html), url),
        url=url,
        group=news.group,
        group_title=str(news.group_title),
    )
    notification = Notification(
        recipient=recipient,
        kind=read.kind,
        frequency=frequency,
        subject=str(read.subject)[:300],
        text=str(read.text),
        url=url,
        group=read.group[:100],
        group_title=str(read.group_title)[:300],
    )
    if frequency == Frequency.IMMEDIATE:
        context = {
            "news": read,
            "url": notification.url,
            "site_name": settings.SITE_NAME,
            "reason": _reason(recipient, scope),
            "unsubscribe_url": tokens.unsubscribe_url(recipient.pk, scope),
            "preferences_url": preferences_link(recipient),
        }
        notification.email = queue_email(
            recipient=recipient,
            kind=read.kind,
            subject=str(read.subject),
            text=render_to_string("notifications/email/news.txt", context),
            html=render_to_string("notifications/email/news.html", context),
            unsubscribe_scope=scope,
        )
    notification.save()


def _reason(recipient: Recipient, scope: str) -> str:
    """Why this person is told, to end "You are getting this e-mail because …"."""
    what, _, value = scope.partition(":")
    if what == "sub":
        title = recipient.subscriptions.filter(pk=int(value or 0)).values_list("title", flat=True)
        if followed := next(iter(title), ""):
            return gettext("you follow ‘%(title)s’") % {"title": followed}
        return gettext("you follow this")
    if what == "kind" and value in Kind.values:
        if personal := PERSONAL_REASONS.get(value):
            return str(personal)
        return gettext("you get e-mail about %(kind)s") % {"kind": lowered(str(Kind(value).label))}
    return gettext("you asked for e-mail from %(site)s") % {"site": settings.SITE_NAME}
