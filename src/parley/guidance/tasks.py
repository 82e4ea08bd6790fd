"""Background work telling people about guidance: new versions, consultations opening
and closing, responses, and what became of their comments.

Consultations open and close by the clock, with no one pressing a button, so
`announce_consultation_phases` is run periodically (`parley send_notifications`) as well
as after scheduling; `notifications.services.announce_once` makes repeats harmless.
"""

from datetime import datetime, timedelta

from django.tasks import task
from django.utils import timezone
from django.utils.html import escape

from parley.discussions import notices
from parley.discussions.models import Comment, Outcome
from parley.guidance.models import Response, Version
from parley.notifications import services as notifications
from parley.notifications.models import Kind, Target

RECENT = timedelta(days=7)  # older news is not worth announcing late


def _news(kind: str, subject: str, text: str, url: str, version: Version) -> notifications.News:
    return notifications.News(
        kind=kind,
        subject=subject,
        text=text,
        html=f"<p>{escape(text)}</p>",
        url=url,
        group=f"document:{version.document_id}",
        group_title=version.document.title,
    )


def _announce_document(version: Version) -> set[str]:
    """An organisation's followers hear of a document the first time a version is public."""
    document = version.document
    if not notifications.announce_once(f"document:{document.pk}"):
        return set()
    return notifications.notify(
        news=_news(
            Kind.DOCUMENT,
            f"{document.organisation.name} published ‘{document.title}’",
            f"{document.organisation.name} published new guidance: ‘{document.title}’.",
            document.get_absolute_url(),
            version,
        ),
        followers_of=(Target.ORGANISATION, document.organisation_id),
    )


@task()
def announce_version(version_id: int) -> int:
    """A version was published: tell the document's followers; how many were told."""
    version = Version.objects.select_related("document__organisation").filter(pk=version_id).first()
    if version is None or not notifications.announce_once(f"version-published:{version.pk}"):
        return 0
    title = version.document.title
    told = notifications.notify(
        news=_news(
            Kind.VERSION,
            f"Version {version.number} of ‘{title}’ is published",
            f"Version {version.number} of ‘{title}’ is now the published guidance.",
            version.get_absolute_url(),
            version,
        ),
        followers_of=(Target.DOCUMENT, version.document_id),
    )
    return len(told | _announce_document(version))


@task()
def announce_consultation_phases() -> int:
    """Tell followers of consultations that opened or closed lately, each only once."""
    now = timezone.now()
    recent = Version.objects.filter(opens_at__lte=now, closes_at__gte=now - RECENT).select_related(
        "document__organisation"
    )
    return sum(_announce_phase(version, now) for version in recent)


def _announce_phase(version: Version, now: datetime) -> int:
    title = version.document.title
    told: set[str] = set()
    assert version.closes_at is not None  # a consultation always has a window
    closes = timezone.localtime(version.closes_at)
    if version.phase == "open" and notifications.announce_once(f"consultation-open:{version.pk}"):
        told = notifications.notify(
            news=_news(
                Kind.CONSULTATION,
                f"Consultation open: ‘{title}’, version {version.number}",
                f"The consultation on version {version.number} of ‘{title}’ is open for "
                f"comments until {closes:%-d %B %Y at %H:%M}.",
                version.get_absolute_url(),
                version,
            ),
            followers_of=(Target.DOCUMENT, version.document_id),
        ) | _announce_document(version)
    elif version.closes_at <= now and notifications.announce_once(
        f"consultation-closed:{version.pk}"
    ):
        told = notifications.notify(
            news=_news(
                Kind.CONSULTATION,
                f"Consultation closed: ‘{title}’, version {version.number}",
                f"The consultation on version {version.number} of ‘{title}’ closed on "
                f"{closes:%-d %B %Y at %H:%M}. Thank you to everyone who commented; the "
                "response will follow.",
                version.get_absolute_url(),
                version,
            ),
            followers_of=(Target.DOCUMENT, version.document_id),
        )
    return len(told)


@task()
def announce_response(response_id: int) -> int:
    """A response was published: tell the document's followers."""
    response = (
        Response.objects.select_related("version__document__organisation")
        .filter(pk=response_id, published_at__isnull=False)
        .first()
    )
    if response is None or not notifications.announce_once(f"response:{response.pk}"):
        return 0
    version = response.version
    title = version.document.title
    return len(
        notifications.notify(
            news=_news(
                Kind.RESPONSE,
                f"The response to the consultation on ‘{title}’ is published",
                f"{version.document.organisation.name} published its response to the "
                f"consultation on version {version.number} of ‘{title}’: what you said, and "
                "what changed.",
                response.get_absolute_url(),
                version,
            ),
            followers_of=(Target.DOCUMENT, version.document_id),
        )
    )


@task()
def tell_outcomes(comment_ids: list[int]) -> int:
    """Tell each author what became of their comment; how many were told."""
    told = 0
    for comment in Comment.objects.select_related("user", "discussion").filter(pk__in=comment_ids):
        if not comment.outcome or not comment.is_public:
            continue
        outcome = Outcome(comment.outcome).label.lower()
        title = comment.discussion.title
        text = f"Your comment #{comment.number} on ‘{title}’ was {outcome}." + (
            f"\n\n{comment.outcome_reason}" if comment.outcome_reason else ""
        )
        told += notices.tell_author(
            comment,
            kind=Kind.OUTCOME,
            subject=f"What became of your comment on ‘{title}’",
            text=text,
            html="",
        )
    return told
