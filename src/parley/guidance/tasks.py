"""Background work telling people about guidance: new versions, consultations opening
and closing, responses, and what became of their comments.

Consultations open and close by the clock, with no one pressing a button, so
`announce_consultation_phases` is run periodically (`parley send-notifications`) as well
as after scheduling; `notifications.services.announce_once` makes repeats harmless.
"""

from datetime import datetime, timedelta

from django.tasks import task
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise, lazy
from django.utils.html import escape, linebreaks
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from parley.bilingual import choose
from parley.discussions import notices
from parley.discussions.models import Comment, Outcome
from parley.guidance.models import Document, Response, Version
from parley.notifications import services as notifications
from parley.notifications.models import Kind, Target

RECENT = timedelta(days=7)  # older news is not worth announcing late

# The texts are lazy: each person's copy is read in their own language (notifications.News).

OUTCOME_SENTENCES = {
    Outcome.ADOPTED: _("Your comment #{number} on ‘{title}’ was adopted."),
    Outcome.PARTLY_ADOPTED: _("Your comment #{number} on ‘{title}’ was partly adopted."),
    Outcome.NOT_ADOPTED: _("Your comment #{number} on ‘{title}’ was not adopted."),
    Outcome.OUT_OF_SCOPE: _("Your comment #{number} on ‘{title}’ was out of scope."),
}


def title_of(document: Document) -> str:
    """The document's title, lazily: read in the language active when it is used (the
    Welsh title for a Welsh reader, if it has one)."""
    return lazy(lambda: choose(document.title, document.title_cy).text, str)()


def _date(moment: datetime) -> str:
    return lazy(lambda: date_format(timezone.localtime(moment), "j F Y"), str)()


def _time(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


def _news(
    kind: str, subject: Promise, text: Promise, url: str, version: Version
) -> notifications.News:
    return notifications.News(
        kind=kind,
        subject=subject,
        text=text,
        html=format_lazy("<p>{}</p>", escape(text)),
        url=url,
        group=f"document:{version.document_id}",
        group_title=title_of(version.document),
    )


def _announce_document(version: Version) -> set[str]:
    """An organisation's followers hear of a document the first time a version is public."""
    document = version.document
    if not notifications.announce_once(f"document:{document.pk}"):
        return set()
    return notifications.notify(
        news=_news(
            Kind.DOCUMENT,
            format_lazy(
                _("{organisation} published ‘{title}’"),
                organisation=document.organisation.name,
                title=title_of(document),
            ),
            format_lazy(
                _("{organisation} published new guidance: ‘{title}’."),
                organisation=document.organisation.name,
                title=title_of(document),
            ),
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
    title = title_of(version.document)
    told = notifications.notify(
        news=_news(
            Kind.VERSION,
            format_lazy(
                _("Version {number} of ‘{title}’ is published"), number=version.number, title=title
            ),
            format_lazy(
                _("Version {number} of ‘{title}’ is now the published guidance."),
                number=version.number,
                title=title,
            ),
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
    title = title_of(version.document)
    told: set[str] = set()
    assert version.closes_at is not None  # a consultation always has a window
    closes = {"date": _date(version.closes_at), "time": _time(version.closes_at)}
    if version.phase == "open" and notifications.announce_once(f"consultation-open:{version.pk}"):
        told = notifications.notify(
            news=_news(
                Kind.CONSULTATION,
                format_lazy(
                    _("Consultation open: ‘{title}’, version {number}"),
                    title=title,
                    number=version.number,
                ),
                format_lazy(
                    _(
                        "The consultation on version {number} of ‘{title}’ is open for "
                        "comments until {date} at {time}."
                    ),
                    number=version.number,
                    title=title,
                    **closes,
                ),
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
                format_lazy(
                    _("Consultation closed: ‘{title}’, version {number}"),
                    title=title,
                    number=version.number,
                ),
                format_lazy(
                    _(
                        "The consultation on version {number} of ‘{title}’ closed on {date} "
                        "at {time}. Thank you to everyone who commented; the response will "
                        "follow."
                    ),
                    number=version.number,
                    title=title,
                    **closes,
                ),
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
    title = title_of(version.document)
    return len(
        notifications.notify(
            news=_news(
                Kind.RESPONSE,
                format_lazy(
                    _("The response to the consultation on ‘{title}’ is published"), title=title
                ),
                format_lazy(
                    _(
                        "{organisation} published its response to the consultation on "
                        "version {number} of ‘{title}’: what you said, and what changed."
                    ),
                    organisation=version.document.organisation.name,
                    number=version.number,
                    title=title,
                ),
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
        title = comment.discussion.title
        said = format_lazy(
            OUTCOME_SENTENCES[Outcome(comment.outcome)], number=comment.number, title=title
        )
        reason = f"\n\n{comment.outcome_reason}" if comment.outcome_reason else ""
        text = format_lazy("{}{}", said, reason)
        told += notices.tell_author(
            comment,
            kind=Kind.OUTCOME,
            subject=format_lazy(_("What became of your comment on ‘{title}’"), title=title),
            text=text,
            html=linebreaks(escape(text)),
        )
    return told
