from functools import partial

from django.conf import settings
from django.http import HttpRequest

from parley.organisations.permissions import can_edit, can_moderate

# The header's sections, by the URL namespace of the page shown; the editor's pages of the
# blog are "Posts", and the pages of one's account are "Your account".
SECTIONS = {
    "blog": "blog",
    "guidance": "guidance",
    "insights": "guidance",
    "wiki": "wiki",
    "organisations": "organisations",
    "moderation": "moderation",
    "notifications": "account",
}
POSTS = {"manage", "new", "edit"}


def section(request: HttpRequest) -> str:
    """The header section the page belongs to, or "" when it is in none."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.namespace == "blog" and match.url_name in POSTS:
        return "posts"
    if not match.namespace and (match.url_name or "").startswith(("account_", "mfa_")):
        return "account"
    return SECTIONS.get(match.namespace, "")


def site(request: HttpRequest) -> dict[str, object]:
    """Values every page's layout needs. Permissions are callables, so the template
    only queries them for signed-in people."""
    user = request.user
    return {
        "site_name": settings.SITE_NAME,
        "nav_section": section(request),
        "perms_can_edit": partial(can_edit, user),
        "perms_can_moderate": partial(can_moderate, user),
    }
