"""A version's consultation and publication: opening it for comments between two
times (it closes by itself), then publishing it as the document's guidance, which marks
the adopters' sections that rely on changed clauses.
"""

from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.discussions import services as discussions
from parley.discussions.models import Discussion
from parley.guidance import tasks
from parley.guidance.adoption import mark_adoptions_for_review
from parley.guidance.changes import GuidanceRejected, record
from parley.guidance.models import Version

# Far enough for any real consultation; a date near the year 9999 cannot be added to.
LONGEST_CONSULTATION = timedelta(days=3653)


def _when(moment: datetime | None) -> str:
    """A date and time for a message, in the site's time zone: "1 December 2026 14:00"."""
    return date_format(timezone.localtime(moment), "j F Y H:i") if moment else ""


def _update_discussions(version: Version, **fields: object) -> None:
    """Open, schedule or close the discussions of a version and its clauses together."""
    discussions.update_discussions(
        Discussion.objects.filter(
            Q(pk=version.discussion_id) | Q(guidance_clause__version=version)
        ),
        **fields,
    )
    version.discussion.refresh_from_db()


@transaction.atomic
def schedule_consultation(
    *, version: Version, user: User, opens_at: datetime, closes_at: datetime
) -> Version:
    """Open a version for comments between two times; it closes on time by itself."""
    if version.status not in {Version.Status.DRAFT, Version.Status.CONSULTATION} or (
        version.status == Version.Status.CONSULTATION and version.phase != "scheduled"
    ):
        raise GuidanceRejected(
            {
                "version": [
                    _(
                        "Version %(number)s is %(phase)s: only a draft or a scheduled "
                        "consultation can be (re)scheduled"
                    )
                    % {"number": version.number, "phase": version.phase_label.lower()}
                ]
            },
            status=409,
        )
    errors: dict[str, list[str]] = {}
    if not version.clauses.exists():
        errors["version"] = [_("Add at least one clause before consulting on this version")]
    if closes_at <= opens_at:
        errors["closes_at"] = [_("The closing time must be after the opening time")]
    elif closes_at <= timezone.now():
        errors["closes_at"] = [_("The closing time must be in the future")]
    elif closes_at - opens_at > LONGEST_CONSULTATION:
        errors["closes_at"] = [_("A consultation can last at most ten years")]
    overlapping = (
        Version.objects.filter(
            document=version.document,
            status=Version.Status.CONSULTATION,
            opens_at__lt=closes_at,
            closes_at__gt=opens_at,
        )
        .exclude(pk=version.pk)
        .first()
    )
    if overlapping:
        errors["opens_at"] = [
            _(
                "Version %(number)s's consultation runs from %(opens)s to %(closes)s: "
                "consultations on one document cannot overlap"
            )
            % {
                "number": overlapping.number,
                "opens": _when(overlapping.opens_at),
                "closes": _when(overlapping.closes_at),
            }
        ]
    if errors:
        raise GuidanceRejected(errors)
    version.status = Version.Status.CONSULTATION
    version.opens_at, version.closes_at = opens_at, closes_at
    version.save(update_fields=["status", "opens_at", "closes_at"])
    _update_discussions(version, is_open=True, opens_at=opens_at, closes_at=closes_at)
    record(
        document=version.document,
        version=version,
        user=user,
        action=f"scheduled a consultation on version {version.number}",
        opens_at=opens_at.isoformat(),
        closes_at=closes_at.isoformat(),
    )
    transaction.on_commit(tasks.announce_consultation_phases.enqueue)  # if it opens at once
    return version


@transaction.atomic
def publish_version(*, version: Version, user: User) -> Version:
    """Make a version the document's published guidance; the one before is superseded."""
    if version.status in {Version.Status.PUBLISHED, Version.Status.SUPERSEDED}:
        raise GuidanceRejected(
            {
                "version": [
                    _("Version %(number)s is already %(status)s")
                    % {"number": version.number, "status": version.get_status_display().lower()}
                ]
            },
            status=409,
        )
    if version.phase in {"open", "scheduled"}:
        raise GuidanceRejected(
            {
                "version": [
                    _(
                        "Version %(number)s is under consultation until %(closes)s: "
                        "publish it after the consultation closes"
                    )
                    % {"number": version.number, "closes": _when(version.closes_at)}
                ]
            },
            status=409,
        )
    if not version.clauses.exists():
        raise GuidanceRejected({"version": [_("A version with no clauses cannot be published")]})
    Version.objects.filter(document=version.document, status=Version.Status.PUBLISHED).update(
        status=Version.Status.SUPERSEDED
    )
    version.status, version.published_at = Version.Status.PUBLISHED, timezone.now()
    version.save(update_fields=["status", "published_at"])
    _update_discussions(version, is_open=False)
    record(
        document=version.document,
        version=version,
        user=user,
        action=f"published version {version.number}",
    )
    mark_adoptions_for_review(version=version)  # adopters relying on changed clauses
    transaction.on_commit(partial(tasks.announce_version.enqueue, version.pk))
    return version
