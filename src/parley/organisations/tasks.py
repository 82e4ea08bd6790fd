"""Background work for organisations: sending invitations."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from parley.organisations.models import Invitation


@task()
def send_invitation(invitation_id: int, token: str, language: str = settings.LANGUAGE_CODE) -> bool:
    """E-mail the invitation link in `language` (the inviting page's); False when the
    invitation is gone or already used."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    context = {
        "invitation": invitation,
        "url": settings.PARLEY_SITE_URL.rstrip("/")
        + reverse("organisations:invitation", args=[token]),
        "site_name": settings.SITE_NAME,
    }
    with translation.override(language):
        subject = _("Join %(organisation)s on %(site)s") % {
            "organisation": invitation.organisation.name,
            "site": settings.SITE_NAME,
        }
        message = render_to_string("organisations/email/invitation.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[invitation.email])
    return True
