"""Every write to organisations: the profile, members and their roles, invitations.

Each function checks everything first and raises OrganisationRejected, so a refused
change saves nothing. An organisation always keeps at least one owner.
"""

import hashlib
import secrets
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.organisations import tasks
from parley.organisations.models import Invitation, Membership, Organisation, Role
from parley.validation import Rejected

INVITATION_SALT = "parley.organisations.invitation"


class OrganisationRejected(Rejected):
    """The change to the organisation was not saved."""


def invitation_lifetime() -> timedelta:
    return timedelta(days=settings.PARLEY_INVITATION_DAYS)


def _check_url(value: str, field: str, errors: dict[str, list[str]]) -> None:
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            errors[field] = [_("Enter an address starting with http:// or https://")]


@transaction.atomic
def update_profile(
    *,
    organisation: Organisation,
    name: str,
    kind: str,
    website: str = "",
    description: str = "",
    logo_url: str = "",
) -> Organisation:
    """Change what the public organisation page says."""
    # PostgreSQL text cannot hold NUL, and no one means to type one.
    name, description = name.replace("\x00", ""), description.replace("\x00", "")
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Enter the organisation’s name")]
    if kind not in Organisation.Kind.values:
        errors["kind"] = [_("Choose what kind of organisation this is")]
    _check_url(website.strip(), "website", errors)
    _check_url(logo_url.strip(), "logo_url", errors)
    if errors:
        raise OrganisationRejected(errors)
    organisation.name, organisation.kind = name.strip(), kind
    organisation.website, organisation.logo_url = website.strip(), logo_url.strip()
    organisation.description = description.strip()
    organisation.save()
    return organisation


def _owners_after(organisation: Organisation, membership: Membership, role: str | None) -> int:
    others = (
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Role.OWNER)
        .exclude(pk=membership.pk)
        .count()
    )
    return others + (1 if role == Role.OWNER else 0)


@transaction.atomic
def change_role(*, membership: Membership, role: str) -> Membership:
    """Give a member another role; the last owner cannot stop being one."""
    if role not in Role.values:
        raise OrganisationRejected({"role": [_("Choose a role")]})
    if _owners_after(membership.organisation, membership, role) == 0:
        raise OrganisationRejected(
            {"role": [_("This is the only owner: make someone else an owner first")]}, status=409
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    """Take someone out of the organisation; the last owner cannot be removed."""
    if _owners_after(membership.organisation, membership, None) == 0:
        raise OrganisationRejected(
            {"member": [_("This is the only owner: make someone else an owner first")]}, status=409
        )
    membership.delete()


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _raw_token(token: str) -> str | None:
    """The random part of a signed invitation token, or None when the signature is bad."""
    try:
        return signing.Signer(salt=INVITATION_SALT).unsign(token)
    except signing.BadSignature:
        return None


@transaction.atomic
def invite(*, organisation: Organisation, invited_by: User, email: str, role: str) -> Invitation:
    """Invite an address to join with a role; the e-mail is sent after commit.

    The token is signed and random; only its hash is stored, so the database alone
    cannot be used to accept an invitation."""
    email = email.strip()
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [
            _("Enter an e-mail address in the correct format, like name@example.com")
        ]
    if role not in Role.values:
        errors["role"] = [_("Choose a role")]
    if (
        not errors
        and Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists()
    ):
        errors["email"] = [
            _("%(email)s is already a member of %(organisation)s")
            % {"email": email, "organisation": organisation.name}
        ]
    if errors:
        raise OrganisationRejected(errors)
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=_hash(raw),
        invited_by=invited_by,
        expires_at=timezone.now() + invitation_lifetime(),
    )
    token = signing.Signer(salt=INVITATION_SALT).sign(raw)
    # Written in the inviter's language: the invited person has told us none yet.
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(partial(tasks.send_invitation.enqueue, invitation.pk, token, language))
    return invitation


@transaction.atomic
def cancel_invitation(*, invitation: Invitation) -> bool:
    """Withdraw an invitation not yet accepted: its link stops working. Whether it was
    still open."""
    deleted, _ = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).delete()
    return bool(deleted)


def find_invitation(token: str) -> Invitation:
    """The invitation a link carries, or OrganisationRejected saying why it cannot be used."""
    raw = _raw_token(token)
    invitation = (
        Invitation.objects.select_related("organisation").filter(token_hash=_hash(raw)).first()
        if raw
        else None
    )
    if invitation is None:
        raise OrganisationRejected(
            {"invitation": [_("This invitation link is not valid: check it was copied whole")]},
            status=404,
        )
    if invitation.accepted_at is not None:
        raise OrganisationRejected(
            {"invitation": [_("This invitation has already been used: each one works only once")]},
            status=410,
        )
    if invitation.is_expired:
        raise OrganisationRejected(
            {
                "invitation": [
                    _(
                        "This invitation expired on %(date)s: ask an owner of "
                        "%(organisation)s to invite you again"
                    )
                    % {
                        "date": date_format(timezone.localtime(invitation.expires_at), "j F Y"),
                        "organisation": invitation.organisation.name,
                    }
                ]
            },
            status=410,
        )
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Membership:
    """Join the organisation with the invited role; the invitation cannot be used again.
    Someone who is already a member keeps their membership, with the invited role."""
    invitation = find_invitation(token)
    used = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if not used:  # accepted by someone else a moment ago
        raise OrganisationRejected(
            {"invitation": [_("This invitation has already been used: each one works only once")]},
            status=410,
        )
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    if not created and membership.role != invitation.role and membership.role != Role.OWNER:
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    return membership
