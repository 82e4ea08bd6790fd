"""Every write to organisations: the profile, members and their roles, invitations.

Each function checks everything first and raises OrganisationRejected, so a refused
change saves nothing. An organisation always keeps at least one owner.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.organisations import tasks
from parley.organisations.models import (
    RESERVED_SLUGS,
    Invitation,
    Membership,
    Organisation,
    Role,
)
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
    contact_email: str = "",
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
    contact_email = contact_email.strip()
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError:
            errors["contact_email"] = [
                _("Enter an e-mail address in the correct format, like name@example.com")
            ]
    if errors:
        raise OrganisationRejected(errors)
    organisation.name, organisation.kind = name.strip(), kind
    organisation.website, organisation.logo_url = website.strip(), logo_url.strip()
    organisation.description = description.strip()
    organisation.contact_email = contact_email
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


def _slug(name: str, slug: str) -> str:
    return (slug.strip() or slugify(name))[:50]


def _organisation_errors(name: str, slug: str) -> dict[str, list[str]]:
    slug = _slug(name, slug)
    if not name:
        return {"organisation_name": [_("Enter the organisation’s name")]}
    if not slug:
        return {"organisation_name": [_("Enter a name with letters or numbers in it")]}
    if slug in RESERVED_SLUGS or slugify(slug) != slug:
        return {
            "organisation_name": [
                _("The address “%(slug)s” cannot be used: choose another name") % {"slug": slug}
            ]
        }
    return {}


@transaction.atomic
def create_organisation(*, name: str, slug: str = "") -> Organisation:
    """A new organisation, at an address made from its name unless `slug` is given."""
    name = name.replace("\x00", "").strip()
    errors = _organisation_errors(name, slug)
    slug = _slug(name, slug)
    if not errors and Organisation.objects.filter(slug=slug).exists():
        errors["organisation_name"] = [
            _("The address “%(slug)s” is taken: choose another name") % {"slug": slug}
        ]
    if errors:
        raise OrganisationRejected(errors)
    return Organisation.objects.create(name=name, slug=slug)


@dataclass(frozen=True)
class SiteSetUp:
    """What `set_up_site` found or made; `changed` is False when everything was already so."""

    organisation: Organisation
    owner: User
    organisation_created: bool
    account_created: bool
    made_owner: bool

    @property
    def changed(self) -> bool:
        return self.organisation_created or self.account_created or self.made_owner


@transaction.atomic
def set_up_site(*, organisation_name: str, owner_email: str, slug: str = "") -> SiteSetUp:
    """An organisation and its owner, as a site admin sets up a new site: each is found or
    made, so running it again with the same values changes nothing. An owner without an
    account gets one with no password (they choose one through "Forgot your password?")."""
    name = organisation_name.replace("\x00", "").strip()
    email = owner_email.strip()
    errors = _organisation_errors(name, slug)
    slug = _slug(name, slug)
    try:
        validate_email(email)
    except ValidationError:
        errors["owner_email"] = [
            _("Enter an e-mail address in the correct format, like name@example.com")
        ]
    existing = Organisation.objects.filter(slug=slug).first() if slug else None
    if existing is not None and existing.name != name:
        errors["organisation_name"] = [
            _("The address “%(slug)s” is already %(name)s’s: choose another name")
            % {"slug": slug, "name": existing.name}
        ]
    if errors:
        raise OrganisationRejected(errors)
    organisation = existing or create_organisation(name=name, slug=slug)
    owner = User.objects.filter(email__iexact=email).first()
    account_created = owner is None
    if owner is None:
        owner = User.objects.create_user(
            email=email, password=None, display_name=email.split("@")[0]
        )
        EmailAddress.objects.create(user=owner, email=owner.email, verified=False, primary=True)
    membership, made = Membership.objects.get_or_create(
        organisation=organisation, user=owner, defaults={"role": Role.OWNER}
    )
    if not made and membership.role != Role.OWNER:
        membership.role = Role.OWNER
        membership.save(update_fields=["role"])
        made = True
    return SiteSetUp(
        organisation=organisation,
        owner=owner,
        organisation_created=existing is None,
        account_created=account_created,
        made_owner=made,
    )
