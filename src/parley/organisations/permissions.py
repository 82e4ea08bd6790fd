"""Who may do what, by role. Site staff may do everything."""

from django.contrib.auth.models import AnonymousUser

from parley.accounts.models import User
from parley.organisations.models import Membership, Organisation, Role

EDITING_ROLES = (Role.OWNER, Role.EDITOR)
MODERATING_ROLES = (Role.OWNER, Role.EDITOR, Role.MODERATOR)
MANAGING_ROLES = (Role.OWNER,)
# Analysts read every formal response, confidential ones too; editors have their rights.
ANALYSING_ROLES = (Role.OWNER, Role.EDITOR, Role.ANALYST)
ALL_ROLES = tuple(Role)


def _has_role(
    user: User | AnonymousUser, organisation: Organisation | None, roles: tuple[Role, ...]
) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    memberships = Membership.objects.filter(user=user, role__in=roles)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return memberships.exists()


def can_edit(user: User | AnonymousUser, organisation: Organisation | None = None) -> bool:
    """May write and publish for `organisation` (for any organisation when None)."""
    return _has_role(user, organisation, EDITING_ROLES)


def can_moderate(user: User | AnonymousUser, organisation: Organisation | None = None) -> bool:
    """May moderate `organisation`'s discussions (any organisation's when None)."""
    return _has_role(user, organisation, MODERATING_ROLES)


def can_analyse(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """May read every formal response to `organisation`'s consultations (confidential ones
    and respondents' details too): its owners, editors and analysts."""
    return _has_role(user, organisation, ANALYSING_ROLES)


def moderates_discussions_of(user: User | AnonymousUser, owner: Organisation | None) -> bool:
    """May moderate the discussions owned by `owner`: its owners, editors and moderators;
    the site's own discussions (`owner` None, e.g. the site wiki's pages) only site staff."""
    if owner is None:
        return user.is_authenticated and user.is_staff
    return _has_role(user, owner, MODERATING_ROLES)


def can_manage_members(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """May change the profile, invite people, change roles and remove members: owners."""
    return _has_role(user, organisation, MANAGING_ROLES)


def is_member(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Belongs to `organisation` in any role (staff count as members of every one)."""
    return _has_role(user, organisation, ALL_ROLES)


def editable_organisations(user: User | AnonymousUser) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    if user.is_staff:
        return list(Organisation.objects.all())
    return list(
        Organisation.objects.filter(memberships__user=user, memberships__role__in=EDITING_ROLES)
    )


def moderated_organisation_ids(user: User | AnonymousUser) -> list[int] | None:
    """Ids of the organisations `user` moderates; None means all of them (staff)."""
    if not user.is_authenticated:
        return []
    if user.is_staff:
        return None
    return list(
        Membership.objects.filter(user=user, role__in=MODERATING_ROLES).values_list(
            "organisation_id", flat=True
        )
    )


def can_edit_wiki(
    user: User | AnonymousUser, organisation: Organisation | None, policy: str
) -> bool:
    """May edit pages of a wiki space owned by `organisation` (None: the site's space)
    under its edit `policy`: "signed_in" (anyone signed in), "members" (the
    organisation's members; for the site's space, members of any organisation) or
    "editors" (the organisation's owners and editors; for the site's space, any editor)."""
    if not user.is_authenticated:
        return False
    if policy == "signed_in":
        return True
    if policy == "members":
        return _has_role(user, organisation, ALL_ROLES)
    return _has_role(user, organisation, EDITING_ROLES)
