"""Every write to notifications: following, confirming, preferences, unsubscribing,
and queuing, sending and retrying e-mail.

Domain apps decide who should hear about what and call `notify` from a background
task; this app decides, per person, whether and when an e-mail goes.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage as StdlibEmailMessage
from email.policy import Policy
from email.policy import default as default_policy
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, ngettext

from parley.accounts.models import User
from parley.links import absolute_links, absolute_markdown_links
from parley.notifications import tokens
from parley.notifications.models import (
    TARGET_KINDS,
    Announcement,
    Email,
    Frequency,
    Kind,
    Notification,
    Recipient,
    Subscription,
    Target,
)
from parley.validation import Rejected

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF = timedelta(minutes=1)  # doubled after each failure: 1, 2, 4 … 64 minutes
STALE_CLAIM = timedelta(minutes=15)  # a claim older than this is taken to have crashed
CONFIRMATION_INTERVAL = timedelta(minutes=10)  # at most one confirmation e-mail per address
DIGEST_KIND = "digest"
CONFIRM_KIND = "confirm"

# Who is told: an account, or a guest by e-mail address.
Person = User | str


class SubscriptionRejected(Rejected):
    """The subscription was not changed."""


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


def default_frequency(kind: str) -> str:
    """Everyone with a confirmed address hears at once about everything they follow and
    everything about their own comments; each person can change each kind."""
    return Frequency.IMMEDIATE if kind in Kind.values else Frequency.NEVER


def frequency_of(recipient: Recipient, kind: str) -> str:
    chosen = (recipient.frequencies or {}).get(kind)
    return chosen if chosen in Frequency.values else default_frequency(kind)


# People ---------------------------------------------------------------------------------


def current_language() -> str:
    """The language of this request (or task), as one of settings.LANGUAGES."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    codes = [code for code, _ in settings.LANGUAGES]
    if active in codes:
        return active
    base = active.split("-")[0]
    return next((code for code in codes if code.split("-")[0] == base), settings.LANGUAGE_CODE)


def _remember(recipient: Recipient, language: str) -> None:
    if recipient.language != language:
        recipient.language = language
        recipient.save(update_fields=["language"])


@transaction.atomic
def remember_language(*, person: Person, language: str) -> Recipient | None:
    """Write this person's e-mails in `language` from now on: the one they just used here
    (signing up, commenting as a guest, following, choosing their preferences)."""
    recipient = _recipient_of(person, create_guest=True)
    if recipient is not None:
        _remember(recipient, language)
    return recipient


def language_of(person: Person) -> str:
    """The language to write to this person in; the site's default for a stranger."""
    if isinstance(person, User):
        found = Recipient.objects.filter(user=person).values_list("language", flat=True)
    else:
        address = person.strip().lower()
        found = Recipient.objects.filter(user=None, email=address).values_list(
            "language", flat=True
        )
    return next(iter(found), settings.LANGUAGE_CODE)


def recipient_for_user(user: User) -> Recipient:
    """The account's recipient row, made the first time it is needed."""
    recipient, _ = Recipient.objects.get_or_create(user=user)
    recipient.user = user  # saves a query for the address
    return recipient


def _guest_recipient(email: str, *, create: bool) -> Recipient | None:
    address = email.strip().lower()
    if not address:
        return None
    recipient = Recipient.objects.filter(user=None, email=address).first()
    if recipient is None and create:
        try:
            with transaction.atomic():
                recipient = Recipient.objects.create(email=address)
        except IntegrityError:  # made by a concurrent request
            recipient = Recipient.objects.get(user=None, email=address)
    return recipient


def _recipient_of(person: Person, *, create_guest: bool) -> Recipient | None:
    if isinstance(person, User):
        return recipient_for_user(person)
    return _guest_recipient(person, create=create_guest)


# Following ------------------------------------------------------------------------------


def check_kinds(target: str, kinds: Iterable[str]) -> list[str]:
    """The kinds, in a stable order, or SubscriptionRejected naming the field at fault."""
    if target not in Target.values:
        raise SubscriptionRejected(
            {
                "target": [
                    gettext("Choose one of: %(choices)s") % {"choices": ", ".join(Target.values)}
                ]
            },
            status=422,
        )
    allowed = TARGET_KINDS[target]
    wanted = list(dict.fromkeys(kinds))
    if not wanted:
        return list(allowed[:1]) if target == Target.DISCUSSION else list(allowed)
    if unknown := [kind for kind in wanted if kind not in allowed]:
        raise SubscriptionRejected(
            {
                "kinds": [
                    gettext("A %(target)s can be followed for: %(kinds)s (not %(unknown)r)")
                    % {"target": target, "kinds": ", ".join(allowed), "unknown": unknown[0]}
                ]
            },
            status=422,
        )
    return [kind for kind in allowed if kind in wanted]


@transaction.atomic
def follow(
    *,
    user: User,
    target: str,
    target_id: int,
    kinds: Iterable[str] = (),
    title: str = "",
    url: str = "",
) -> Subscription:
    """`user` follows a target for `kinds` (replacing earlier kinds); at once confirmed.
    `title` and `url` say what it is, for the preferences page."""
    chosen = check_kinds(target, kinds)
    recipient = recipient_for_user(user)
    _remember(recipient, current_language())
    subscription, _ = Subscription.objects.update_or_create(
        recipient=recipient,
        target=target,
        target_id=0 if target == Target.SITE else target_id,
        defaults={
            "kinds": chosen,
            "confirmed_at": timezone.now(),
            "title": _title(target, title),
            "url": url[:500],
        },
    )
    return subscription


def _title(target: str, title: str) -> str:
    everything = gettext("All of %(site)s") % {"site": settings.SITE_NAME}
    return (title or (everything if target == Target.SITE else ""))[:300]


@transaction.atomic
def unfollow(*, user: User, target: str, target_id: int) -> bool:
    """`user` stops following a target; whether they were following it."""
    deleted, _ = Subscription.objects.filter(
        recipient__user=user, target=target, target_id=0 if target == Target.SITE else target_id
    ).delete()
    return bool(deleted)


@transaction.atomic
def follow_as_guest(
    *,
    email: str,
    target: str,
    target_id: int,
    kinds: Iterable[str] = (),
    title: str = "",
    url: str = "",
) -> Subscription:
    """A guest asks to follow a target. Nothing is sent for it until the guest follows
    the link in the confirmation e-mail this queues (at most one per ten minutes)."""
    chosen = check_kinds(target, kinds)
    recipient = _guest_recipient(email, create=True)
    if recipient is None:
        raise SubscriptionRejected({"author_email": [gettext("Enter your e-mail address")]})
    _remember(recipient, current_language())
    target_id = 0 if target == Target.SITE else target_id
    subscription = Subscription.objects.filter(
        recipient=recipient, target=target, target_id=target_id
    ).first()
    if subscription is None:
        subscription = Subscription.objects.create(
            recipient=recipient,
            target=target,
            target_id=target_id,
            kinds=chosen,
            title=_title(target, title),
            url=url[:500],
        )
    elif not set(chosen) <= set(subscription.kinds):
        # Asking for more than was confirmed needs confirming again: anyone can type an address.
        subscription.kinds = [
            k for k in TARGET_KINDS[target] if k in {*chosen, *subscription.kinds}
        ]
        subscription.confirmed_at = None
        subscription.save(update_fields=["kinds", "confirmed_at"])
    if subscription.confirmed_at is None:
        _ask_to_confirm(recipient)
    return subscription


def _ask_to_confirm(recipient: Recipient) -> None:
    now = timezone.now()
    due = Q(confirmation_sent_at=None) | Q(confirmation_sent_at__lt=now - CONFIRMATION_INTERVAL)
    if not Recipient.objects.filter(due, pk=recipient.pk).update(confirmation_sent_at=now):
        return  # the e-mail already on its way confirms this subscription too
    from parley.notifications import tasks  # tasks wraps these services

    # Written once this commits, so it lists everything asked for in the same request.
    transaction.on_commit(partial(tasks.send_confirmation.enqueue, recipient.pk))


@transaction.atomic
def queue_confirmation(*, recipient_id: int) -> Email | None:
    """The confirmation e-mail for a guest's subscriptions still waiting for it, if any."""
    recipient = Recipient.objects.filter(pk=recipient_id, user=None).first()
    if recipient is None or not (what := _pending_descriptions(recipient)):
        return None
    context = {
        "site_name": settings.SITE_NAME,
        "confirm_url": tokens.confirm_url(recipient.pk),
        "what": what,
        "unsubscribe_url": tokens.unsubscribe_url(recipient.pk, "all"),
    }
    with translation.override(recipient.language):
        return _queue(
            recipient=recipient,
            kind=CONFIRM_KIND,
            subject=gettext("Confirm your e-mail address to get updates from %(site)s")
            % {"site": settings.SITE_NAME},
            text=render_to_string("notifications/email/confirm.txt", context),
            html=render_to_string("notifications/email/confirm.html", context),
            unsubscribe_scope="all",
        )


def _pending_descriptions(recipient: Recipient) -> list[str]:
    pending = recipient.subscriptions.filter(confirmed_at=None)
    with translation.override(recipient.language):
        return [describe(subscription) for subscription in pending]


def _lowered(label: str) -> str:
    """A label inside a sentence: "Replies to my comments" → "replies to my comments"."""
    return label[:1].lower() + label[1:]


def describe(subscription: Subscription) -> str:
    """A subscription in words, for pages and e-mails: its title, then its kinds of news."""
    labels = ", ".join(_lowered(str(Kind(kind).label)) for kind in subscription.kinds)
    what = subscription.title or f"{Target(subscription.target).label} {subscription.target_id}"
    return gettext("‘%(what)s’ (%(kinds)s)") % {"what": what, "kinds": labels}


@transaction.atomic
def confirm(*, recipient_id: int) -> Recipient | None:
    """Confirm a guest's address and every subscription waiting for it (idempotent)."""
    recipient = Recipient.objects.select_for_update().filter(pk=recipient_id).first()
    if recipient is None:
        return None
    now = timezone.now()
    if recipient.confirmed_at is None:
        recipient.confirmed_at = now
        recipient.save(update_fields=["confirmed_at"])
    recipient.subscriptions.filter(confirmed_at=None).update(confirmed_at=now)
    return recipient


# Preferences and unsubscribing ----------------------------------------------------------


@transaction.atomic
def set_frequencies(*, recipient: Recipient, frequencies: dict[str, str]) -> Recipient:
    """Choose how often to hear about each kind; kinds not given keep their setting."""
    errors = {
        kind: [gettext("Choose one of: %(choices)s") % {"choices": ", ".join(Frequency.values)}]
        for kind, value in frequencies.items()
        if kind in Kind.values and value not in Frequency.values
    }
    if unknown := [kind for kind in frequencies if kind not in Kind.values]:
        errors["kinds"] = [gettext("Unknown kind %(kind)r") % {"kind": unknown[0]}]
    if errors:
        raise SubscriptionRejected(errors)
    recipient.frequencies = {**(recipient.frequencies or {}), **frequencies}
    recipient.save(update_fields=["frequencies"])
    return recipient


@transaction.atomic
def remove_subscription(*, recipient: Recipient, subscription_id: int) -> bool:
    deleted, _ = recipient.subscriptions.filter(pk=subscription_id).delete()
    return bool(deleted)


def describe_scope(recipient: Recipient, scope: str) -> str:
    """What unsubscribing with `scope` stops, in words for the confirm page."""
    what, _, value = scope.partition(":")
    if what == "sub":
        subscription = recipient.subscriptions.filter(pk=int(value or 0)).first()
        if subscription is None:
            return gettext("these updates")
        return gettext("updates on %(what)s") % {"what": describe(subscription)}
    if what == "kind" and value in Kind.values:
        return _lowered(str(Kind(value).label))
    if what == "digest" and value in Frequency.values:
        return gettext("everything in your %(digest)s") % {
            "digest": _lowered(str(Frequency(value).label))
        }
    return gettext("every e-mail from %(site)s") % {"site": settings.SITE_NAME}


@transaction.atomic
def unsubscribe(*, recipient_id: int, scope: str) -> Recipient | None:
    """Stop what `scope` names: one subscription ("sub:<id>"), a kind ("kind:<kind>"),
    a digest ("digest:<frequency>") or everything ("all"). Safe to repeat."""
    recipient = Recipient.objects.select_for_update().filter(pk=recipient_id).first()
    if recipient is None:
        return None
    what, _, value = scope.partition(":")
    frequencies = dict(recipient.frequencies or {})
    if what == "sub" and value.isdigit():
        recipient.subscriptions.filter(pk=int(value)).delete()
    elif what == "kind" and value in Kind.values:
        frequencies[value] = Frequency.NEVER
    elif what == "digest" and value in Frequency.values:
        for kind in Kind.values:
            if frequency_of(recipient, kind) == value:
                frequencies[kind] = Frequency.NEVER
    else:
        recipient.subscriptions.all().delete()
        frequencies = dict.fromkeys(Kind.values, Frequency.NEVER)
    if frequencies != recipient.frequencies:
        recipient.frequencies = frequencies
        recipient.save(update_fields=["frequencies"])
    return recipient


# Telling people -------------------------------------------------------------------------

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
        recipient = _recipient_of(person, create_guest=transactional)
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
            "preferences_url": _preferences_link(recipient),
        }
        notification.email = _queue(
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
        return gettext("you get e-mail about %(kind)s") % {"kind": _lowered(str(Kind(value).label))}
    return gettext("you asked for e-mail from %(site)s") % {"site": settings.SITE_NAME}


def _preferences_link(recipient: Recipient) -> str:
    if recipient.user_id is not None:
        return tokens.absolute(reverse("notifications:preferences"))
    return tokens.preferences_url(recipient.pk)


def _queue(
    *, recipient: Recipient, kind: str, subject: str, text: str, html: str, unsubscribe_scope: str
) -> Email:
    """An outbox row for one e-mail, sent by a background task once this commits."""
    email = Email.objects.create(
        recipient=recipient,
        to=recipient.address,
        kind=kind,
        subject=subject[:300],
        text=text,
        html=html,
        unsubscribe_url=tokens.unsubscribe_url(recipient.pk, unsubscribe_scope),
    )
    from parley.notifications import tasks  # tasks wraps these services

    transaction.on_commit(partial(tasks.send_email.enqueue, email.pk))
    return email


# Sending --------------------------------------------------------------------------------


class OneClickMessage(EmailMultiAlternatives):
    """An e-mail whose List-Unsubscribe address is never folded or encoded.

    Python folds header lines at 78 characters and writes a longer unbroken value (a
    signed unsubscribe address is one) as an RFC 2047 encoded word, which mail programs
    do not read as a URL. RFC 5322 allows lines of up to 998 characters, so use that.
    """

    def message(self, *, policy: Policy | None = None) -> StdlibEmailMessage:
        return super().message(policy=(policy or default_policy).clone(max_line_length=998))


def build_message(email: Email) -> EmailMultiAlternatives:
    """The e-mail as it goes out: plain text and HTML, with RFC 8058 one-click unsubscribe."""
    headers = {"Auto-Submitted": "auto-generated"}
    if email.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = OneClickMessage(
        subject=email.subject, body=email.text, to=[email.to], headers=headers
    )
    message.attach_alternative(email.html, "text/html")
    return message


def retry_delay(attempts: int) -> timedelta:
    return BACKOFF * (2 ** max(attempts - 1, 0))


def deliver(*, email_id: int, now: datetime | None = None) -> bool:
    """Send one queued e-mail if it is due, exactly once; whether it was sent now.

    The row is claimed with a conditional UPDATE (pending and due → sending) that only
    one worker can win. A failure puts it back with a later `next_attempt_at`, doubling
    each time, until MAX_ATTEMPTS, when it is marked failed (kept, never deleted).
    """
    now = now or timezone.now()
    claimed = Email.objects.filter(
        pk=email_id, status=Email.Status.PENDING, next_attempt_at__lte=now
    ).update(status=Email.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    email = Email.objects.get(pk=email_id)
    try:
        build_message(email).send(using=settings.PARLEY_NOTIFICATIONS_MAILER)
    except Exception as error:  # any failure of the mail server or network: try again later
        logger.warning("E-mail %s not sent (attempt %s): %s", email.pk, email.attempts, error)
        gave_up = email.attempts >= MAX_ATTEMPTS
        Email.objects.filter(pk=email.pk, status=Email.Status.SENDING).update(
            status=Email.Status.FAILED if gave_up else Email.Status.PENDING,
            next_attempt_at=now + retry_delay(email.attempts),
            last_error=str(error)[:2000],
        )
        return False
    Email.objects.filter(pk=email.pk, status=Email.Status.SENDING).update(
        status=Email.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def send_due(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Send every e-mail that is due (new ones and retries); how many went.

    Claims older than STALE_CLAIM (a worker died mid-send) are released first. Such an
    e-mail may have left before the worker died, the one case where a second copy can go.
    """
    now = now or timezone.now()
    Email.objects.filter(status=Email.Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=Email.Status.PENDING
    )
    due = list(Email.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True))
    return sum(deliver(email_id=pk, now=now) for pk in due[:limit])


@transaction.atomic
def requeue_failed() -> int:
    """Give every e-mail that failed for good another MAX_ATTEMPTS tries, from now."""
    return Email.objects.filter(status=Email.Status.FAILED).update(
        status=Email.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )


# Digests --------------------------------------------------------------------------------


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
        "preferences_url": _preferences_link(recipient),
    }
    subject = ngettext(
        "%(digest)s from %(site)s: %(count)d update",
        "%(digest)s from %(site)s: %(count)d updates",
        len(news),
    ) % {"digest": label, "site": settings.SITE_NAME, "count": len(news)}
    return _queue(
        recipient=recipient,
        kind=DIGEST_KIND,
        subject=subject,
        text=render_to_string("notifications/email/digest.txt", context),
        html=render_to_string("notifications/email/digest.html", context),
        unsubscribe_scope=scope,
    )
