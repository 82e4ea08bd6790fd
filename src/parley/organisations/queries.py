"""Read paths shared by organisation pages and the API."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from parley.accounts.models import User
from parley.organisations.models import Invitation, Membership, Organisation


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def members(organisation: Organisation) -> QuerySet[Membership]:
    """Members with their accounts, owners first (one query)."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__display_name", "pk")
    )


def pending_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True
    ).select_related("invited_by")


def is_site_admin(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def site_needs_setting_up(user: User | AnonymousUser) -> bool:
    """`user` is a site admin and there is no organisation yet: show them the first-run page."""
    return is_site_admin(user) and not Organisation.objects.exists()
