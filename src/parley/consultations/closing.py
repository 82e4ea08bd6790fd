"""After a consultation closes: the body's response ("you said, we did") is due, by
default 12 weeks after closing (the Consultation Principles), or on the date an editor set;
past that date, until the response is published, it is overdue, and the document's
followers are told so once.

`tell_overdue` is run by the clock (`parley clock`, `parley send-notifications`); the
"once" is a conditional UPDATE of `Consultation.overdue_told_at`, which only one of two
runs at the same moment can win.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.accounts.models import User
from parley.bilingual import choose
from parley.consultations.models import Consultation
from parley.guidance import services as guidance
from parley.guidance.models import Response as BodyResponse
from parley.guidance.models import Version
from parley.notifications import services as notifications
from parley.notifications.models import Kind, Target
from parley.organisations.permissions import can_edit
from parley.validation import Rejected

DEFAULT_WAIT = timedelta(weeks=12)
LONGEST_WAIT = timedelta(days=366)  # a later date is taken to be a typing mistake
LATE_NEWS = timedelta(days=30)  # a response overdue for longer is not announced late


class ClosingRejected(Rejected):
    """The due date was refused; `errors` names the field."""


@dataclass(frozen=True)
class AfterClosing:
    """Where a closed consultation stands: when the response is due, and if it is late."""

    due: date
    overdue: bool


def closed_on(version: Version) -> date | None:
    """The local date the consultation closed, or None if it has not (or never had one)."""
    if version.status == Version.Status.DRAFT or version.closes_at is None:
        return None
    if version.closes_at > timezone.now():
        return None
    return timezone.localdate(version.closes_at)


def due_date(version: Version, consultation: Consultation | None) -> date | None:
    """When the response is due: the editor's date, else 12 weeks after closing."""
    if version.closes_at is None:
        return None
    if consultation is not None and consultation.response_due is not None:
        return consultation.response_due
    return timezone.localdate(version.closes_at) + DEFAULT_WAIT


def consultation_or_none(version: Version) -> Consultation | None:
    """The version's Consultation row if it has one (from the cache when select_related)."""
    try:
        return version.consultation
    except Consultation.DoesNotExist:
        return None


def response_published(version: Version) -> bool:
    try:
        return version.response.is_published
    except BodyResponse.DoesNotExist:
        return False


def after_closing(version: Version) -> AfterClosing | None:
    """Where the version's closed consultation stands, or None if it is not closed or the
    body's response is already published (then there is nothing to wait for)."""
    if closed_on(version) is None or response_published(version):
        return None
    due = due_date(version, consultation_or_none(version))
    assert due is not None  # closed, so it has a closing time
    return AfterClosing(due=due, overdue=timezone.localdate() > due)


def overdue_versions(organisation_id: int) -> list[tuple[Version, date]]:
    """The organisation's versions whose response is overdue, with its due date; one query."""
    versions = (
        Version.objects.filter(
            document__organisation_id=organisation_id, closes_at__lte=timezone.now()
        )
        .exclude(status=Version.Status.DRAFT)
        .exclude(response__published_at__isnull=False)
        .select_related("document", "consultation")
        .order_by("closes_at", "pk")
    )
    late = []
    for version in versions:
        due = due_date(version, consultation_or_none(version))
        if due is not None and timezone.localdate() > due:
            late.append((version, due))
    return late


def consultation_for(version: Version) -> Consultation:
    """The version's Consultation, made now if it has none (two callers at once get one)."""
    consultation, _created = Consultation.objects.get_or_create(version=version)
    return consultation


@transaction.atomic
def set_response_due(*, version: Version, user: User, due: date) -> Consultation:
    """Set the date the body's response is due: on or after the day the consultation
    closes, at most a year after it. Only the document's editors may."""
    if not can_edit(user, version.document.organisation):
        raise ClosingRejected(
            {"__all__": [_("Only the document’s editors can set when the response is due.")]},
            status=403,
        )
    if version.closes_at is None or version.status == Version.Status.DRAFT:
        raise ClosingRejected(
            {
                "response_due": [
                    _("Schedule the consultation before setting when the response is due.")
                ]
            },
            status=409,
        )
    closes = timezone.localdate(version.closes_at)
    if due < closes:
        raise ClosingRejected(
            {
                "response_due": [
                    _("The date must be on or after the day the consultation closes, %(date)s.")
                    % {"date": date_format(closes, "j F Y")}
                ]
            }
        )
    if due > closes + LONGEST_WAIT:
        raise ClosingRejected(
            {
                "response_due": [
                    _(
                        "The date must be no more than a year after the consultation "
                        "closes, by %(date)s."
                    )
                    % {"date": date_format(closes + LONGEST_WAIT, "j F Y")}
                ]
            }
        )
    consultation = consultation_for(version)
    Consultation.objects.filter(pk=consultation.pk).update(response_due=due)
    consultation.response_due = due
    guidance.record_change(
        document=version.document,
        version=version,
        user=user,
        action=f"set the response to version {version.number} due on {due.isoformat()}",
    )
    return consultation


# Telling followers -----------------------------------------------------------------------


def _title(version: Version) -> str:
    document = version.document
    return lazy(lambda: choose(document.title, document.title_cy).text, str)()


def _long_date(day: date) -> str:
    return lazy(lambda: date_format(day, "j F Y"), str)()


def _tell_one(version: Version, due: date, now: datetime) -> int:
    """Tell the document's followers that the response is overdue, if no one has yet;
    how many were told."""
    consultation = consultation_for(version)
    with transaction.atomic():
        won = Consultation.objects.filter(pk=consultation.pk, overdue_told_at=None).update(
            overdue_told_at=now
        )
        if not won:
            return 0
        title = _title(version)
        text = format_lazy(
            gettext_lazy(
                "The response to the consultation on version {number} of ‘{title}’ was due "
                "on {date}. {organisation} has not published it yet."
            ),
            number=version.number,
            title=title,
            date=_long_date(due),
            organisation=version.document.organisation.name,
        )
        told = notifications.notify(
            news=notifications.News(
                kind=Kind.RESPONSE,
                subject=format_lazy(
                    gettext_lazy("The response to the consultation on ‘{title}’ is overdue"),
                    title=title,
                ),
                text=text,
                html=format_lazy("<p>{}</p>", escape(text)),
                url=version.get_absolute_url(),
                group=f"document:{version.document_id}",
                group_title=title,
            ),
            followers_of=(Target.DOCUMENT, version.document_id),
        )
    return len(told)


def tell_overdue(*, now: datetime | None = None) -> int:
    """Tell followers about every response that became overdue lately, each only once;
    how many people were told. Safe to run often and from several machines at once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    oldest = now - LONGEST_WAIT - LATE_NEWS
    candidates = (
        Version.objects.filter(closes_at__lte=now, closes_at__gte=oldest)
        .exclude(status=Version.Status.DRAFT)
        .exclude(response__published_at__isnull=False)
        .exclude(consultation__overdue_told_at__isnull=False)
        .select_related("document__organisation", "consultation")
    )
    told = 0
    for version in candidates:
        due = due_date(version, consultation_or_none(version))
        if due is not None and due < today and today - due <= LATE_NEWS:
            told += _tell_one(version, due, now)
    return told
