"""Background work for consultations: the e-mails a respondent is sent, in their language."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from parley.consultations.models import Response


def _site(path: str) -> str:
    return settings.PARLEY_SITE_URL.rstrip("/") + path


def _send(response: Response, subject: str, template: str, **context: object) -> None:
    context |= {
        "response": response,
        "version": response.version,
        "document": response.version.document,
        "site_name": settings.SITE_NAME,
    }
    send_mail(
        subject=subject,
        message=render_to_string(template, context),
        from_email=None,
        recipient_list=[response.respondent_email],
    )


def _response(response_id: int, status: str) -> Response | None:
    return (
        Response.objects.select_related("version__document", "user")
        .filter(pk=response_id, status=status)
        .first()
    )


@task()
def send_confirmation(response_id: int) -> bool:
    """Ask a guest to confirm their address, so that their response counts."""
    from parley.consultations.services import confirm_token

    response = _response(response_id, Response.Status.UNCONFIRMED)
    if response is None:
        return False
    with translation.override(response.language):
        _send(
            response,
            _("Confirm your response %(reference)s") % {"reference": response.reference},
            "consultations/email/confirm.txt",
            url=_site(reverse("consultations:confirm", args=[confirm_token(response)])),
        )
    return True


@task()
def send_receipt(response_id: int) -> bool:
    """The receipt: the reference and a copy of the answers."""
    response = _response(response_id, Response.Status.SUBMITTED)
    if response is None:
        return False
    with translation.override(response.language):
        _send(
            response,
            _("Your response %(reference)s has been received") % {"reference": response.reference},
            "consultations/email/receipt.txt",
            answers=response.answers.select_related("question").order_by("question__number"),
            url=_site(response.version.get_absolute_url()),
        )
    return True


@task()
def send_resume_link(response_id: int) -> bool:
    """The signed link to come back to a response saved part-way, on any device."""
    from parley.consultations.services import resume_token

    response = _response(response_id, Response.Status.DRAFT)
    if response is None:
        return False
    with translation.override(response.language):
        _send(
            response,
            _("Finish your response %(reference)s") % {"reference": response.reference},
            "consultations/email/resume.txt",
            url=_site(reverse("consultations:resume", args=[resume_token(response)])),
        )
    return True
