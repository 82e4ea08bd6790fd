from functools import partial

from django.conf import settings
from django.http import HttpRequest

from parley.organisations.permissions import can_edit, can_moderate


def site(request: HttpRequest) -> dict[str, object]:
    """Values every page's layout needs. Permissions are callables, so the template
    only queries them for signed-in people."""
    user = request.user
    return {
        "site_name": settings.SITE_NAME,
        "perms_can_edit": partial(can_edit, user),
        "perms_can_moderate": partial(can_moderate, user),
    }
