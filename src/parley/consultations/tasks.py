"""Background work for consultations: the e-mails a respondent is sent, in their language,
through the notifications outbox (so a failed send is retried); and telling followers of
responses that became overdue."""

from collections.abc import Callable

from django.conf import settings
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy

from parley.consultations import closing
from parley.consultations.models import Response
from parley.consultations.tokens import confirm_token, resume_token
from parley.notifications import services as notifications

EMAIL_KIND = "respondent"  # the outbox's kind for a respondent's own e-mails


def _site(path: str) -> str:
    return settings.PARLEY_SITE_URL.rstrip("/") + path


def _send(response: Response, subject: str, template: str, **context: object) -> None:
    context |= {
        "response": response,
        "version": response.version,
        "document": response.version.document,
        "site_name": settings.SITE_NAME,
    }
    notifications.queue_message(
        to=response.respondent_email,
        kind=EMAIL_KIND,
        subject=subject,
        text=render_to_string(template, context),
    )


def _response(response_id: int, status: str) -> Response | None:
    return (
        Response.objects.select_related("version__document", "user")
        .filter(pk=response_id, status=status)
        .first()
    )


def _tell(
    response_id: int,
    status: str,
    subject: StrPromise,
    template: str,
    context: Callable[[Response], dict[str, object]],
) -> bool:
    """E-mail the respondent of a response still in `status`, in their language, through
    the outbox; whether one was queued (none once the response has moved on, say
    confirmed meanwhile)."""
    response = _response(response_id, status)
    if response is None:
        return False
    with translation.override(response.language):
        title = str(subject) % {"reference": response.reference}
        _send(response, title, template, **context(response))
    return True


@task()
def send_confirmation(response_id: int) -> bool:
    """Ask a guest to confirm their address, so that their response counts."""
    return _tell(
        response_id,
        Response.Status.UNCONFIRMED,
        gettext_lazy("Confirm your response %(reference)s"),
        "consultations/email/confirm.txt",
        lambda response: {
            "url": _site(reverse("consultations:confirm", args=[confirm_token(response)]))
        },
    )


@task()
def send_receipt(response_id: int) -> bool:
    """The receipt: the reference, a copy of the answers and the consultation's address."""
    return _tell(
        response_id,
        Response.Status.SUBMITTED,
        gettext_lazy("Your response %(reference)s has been received"),
        "consultations/email/receipt.txt",
        lambda response: {
            "answers": response.answers.select_related("question").order_by("question__number"),
            "url": _site(response.version.get_absolute_url()),
        },
    )


@task()
def send_resume_link(response_id: int) -> bool:
    """The signed link to come back to a response saved part-way, on any device."""
    return _tell(
        response_id,
        Response.Status.DRAFT,
        gettext_lazy("Finish your response %(reference)s"),
        "consultations/email/resume.txt",
        lambda response: {
            "url": _site(reverse("consultations:resume", args=[resume_token(response)]))
        },
    )


@task()
def tell_overdue_responses() -> int:
    """Tell followers of each consultation whose response became overdue, once; run by
    the clock (`parley clock`, `parley send-notifications`)."""
    return closing.tell_overdue()
