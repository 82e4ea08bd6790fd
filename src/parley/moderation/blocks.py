"""Suspended accounts and blocked guests: who may not post or flag, and until when."""

import ipaddress
from datetime import datetime
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from parley.accounts.models import User
from parley.moderation.models import Block, ModerationAction
from parley.organisations.models import Organisation
from parley.organisations.permissions import (
    can_moderate,
    moderated_organisation_ids,
    moderates_discussions_of,
)
from parley.validation import Rejected


def active_block_for(
    *, user: User | None, email: str, ip: str | None, organisation: Organisation | None
) -> Block | None:
    """The block that stops this person posting now in a discussion owned by
    `organisation` (None: the site's own), if any (the one lasting longest): the site's
    blocks apply everywhere, an organisation's only in its own discussions."""
    now = timezone.now()
    where = Q(organisation=None)
    if organisation is not None:
        where |= Q(organisation=organisation)
    applies = Q(kind=Block.Kind.NETWORK)
    if user is not None:
        applies |= Q(kind=Block.Kind.USER, user=user)
    if email:
        applies |= Q(kind=Block.Kind.EMAIL, email__iexact=email.strip())
        applies |= Q(kind=Block.Kind.EMAIL, email=erased_address(email))
    candidates = Block.objects.filter(
        where, applies, until__gt=now, lifted_at__isnull=True
    ).order_by("-until")
    address = _address(ip)
    for block in candidates:
        if block.kind != Block.Kind.NETWORK:
            return block
        if address is not None and address in ipaddress.ip_network(block.network, strict=False):
            return block
    return None


def erased_address(email: str) -> str:
    """What a blocked address becomes when its owner is erased: a keyed digest in the form
    of an address, so the block still holds without the address being kept."""
    digest = salted_hmac(
        "parley.moderation.erased_address", email.strip().lower(), algorithm="sha256"
    ).hexdigest()
    return f"erased-{digest[:32]}@erased.invalid"


def _address(ip: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(ip) if ip else None
    except ValueError:
        return None


class BlockRejected(Rejected):
    """Nothing was blocked or lifted."""


# The widest ranges one block may cover, so a slip cannot shut out a whole country.
WIDEST_PREFIX = {4: 16, 6: 32}
REASON_MAX_LENGTH = 500


def visible_to(moderator: User) -> QuerySet[Block]:
    """The blocks `moderator` sees and may lift: those of the organisations they moderate;
    site staff see every block, the site-wide ones included."""
    organisation_ids = moderated_organisation_ids(moderator)
    if organisation_ids is None:
        return Block.objects.all()
    return Block.objects.filter(organisation_id__in=organisation_ids)


def active_blocks(moderator: User) -> QuerySet[Block]:
    """Blocks in force now that `moderator` may see, those ending soonest first (the page
    shows them a page at a time)."""
    return (
        visible_to(moderator)
        .filter(until__gt=timezone.now(), lifted_at__isnull=True)
        .select_related("user", "created_by", "organisation")
        .order_by("until", "pk")
    )


def _may_moderate(moderator: User) -> None:
    if not can_moderate(moderator):
        raise BlockRejected({"__all__": [gettext("Only moderators can block people")]}, status=403)


def _own_organisation(moderator: User) -> Organisation | None:
    ids = moderated_organisation_ids(moderator)
    if ids is None:
        return None
    if len(set(ids)) != 1:
        raise BlockRejected(
            {"organisation": [gettext("Choose the organisation whose discussions it applies to")]}
        )
    return Organisation.objects.get(pk=ids[0])


def _normalised_network(network: str) -> tuple[str, list[str]]:
    try:
        parsed = ipaddress.ip_network(network.strip(), strict=False)
    except ValueError:
        return "", [gettext("Enter an IP address or range, like 203.0.113.7 or 203.0.113.0/24")]
    widest = WIDEST_PREFIX[parsed.version]
    if parsed.prefixlen < widest:
        return "", [
            gettext("That range is too wide: block at most a /%(prefix)d at once")
            % {"prefix": widest}
        ]
    return str(parsed), []


def _target(
    *, moderator: User, kind: str, user: User | None, email: str, network: str
) -> tuple[dict[str, object], dict[str, list[str]]]:
    """The Block fields naming who is blocked, or the errors saying why they cannot be."""
    if kind == Block.Kind.USER:
        if user is None:
            return {}, {"user": [gettext("Choose the account to suspend")]}
        if user.pk == moderator.pk:
            return {}, {"user": [gettext("You cannot suspend your own account")]}
        if user.is_staff and not moderator.is_staff:
            return {}, {"user": [gettext("Only a site administrator can suspend an administrator")]}
        return {"user": user}, {}
    if kind == Block.Kind.EMAIL:
        address = email.strip().lower()
        try:
            validate_email(address)
        except ValidationError:
            return {}, {
                "email": [
                    gettext("Enter an e-mail address in the correct format, like name@example.com")
                ]
            }
        return {"email": address}, {}
    if kind == Block.Kind.NETWORK:
        normalised, errors = _normalised_network(network)
        return ({"network": normalised}, {}) if not errors else ({}, {"network": errors})
    return {}, {
        "kind": [gettext("Choose an account, a guest’s e-mail address or an IP address range")]
    }


@transaction.atomic
def block(
    *,
    moderator: User,
    kind: str,
    user: User | None = None,
    email: str = "",
    network: str = "",
    reason: str,
    until: datetime | None,
    organisation: Organisation | Literal["own"] | None = "own",
) -> Block:
    """Stop an account, a guest e-mail address or an IP range from commenting and
    flagging in `organisation`'s discussions until `until` (with no organisation, across
    the whole site: site staff only); logged with the moderator who did it. "own" is
    the one organisation a moderator moderates (for site staff, the whole site).

    Raises BlockRejected, field by field (403 for someone who does not moderate there).
    """
    _may_moderate(moderator)
    if organisation == "own":
        organisation = _own_organisation(moderator)
    if not moderates_discussions_of(moderator, organisation):
        raise BlockRejected(
            {"organisation": [gettext("You do not moderate that organisation’s discussions")]},
            status=403,
        )
    target, errors = _target(
        moderator=moderator, kind=kind, user=user, email=email, network=network
    )
    reason = reason.strip()
    if not reason:
        errors["reason"] = [
            gettext("Enter the reason: the person is shown it when they try to comment")
        ]
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = [
            gettext("The reason must be %(max)d characters or fewer") % {"max": REASON_MAX_LENGTH}
        ]
    if until is None:
        errors["until"] = [gettext("Choose how long the block lasts")]
    elif until <= timezone.now():
        errors["until"] = [gettext("The block must end in the future")]
    if errors or until is None:
        raise BlockRejected(errors)
    created = Block.objects.create(
        kind=kind,
        reason=reason,
        until=until,
        created_by=moderator,
        organisation=organisation,
        **target,
    )
    ModerationAction.objects.create(
        action=ModerationAction.Action.BLOCK,
        block=created,
        moderator=moderator,
        reason=reason,
        note=_log_note(created, until),
    )
    return created


@transaction.atomic
def lift(*, block: Block, moderator: User) -> Block:
    """End `block` now; lifting one that is already over changes nothing. Only the
    moderators of the organisation that made it, or site staff, may lift it."""
    _may_moderate(moderator)
    if not moderates_discussions_of(moderator, block.organisation):
        raise BlockRejected(
            {"__all__": [gettext("Only the organisation that made a block can lift it")]},
            status=403,
        )
    if block.lifted_at is not None or block.until <= timezone.now():
        return block
    block.lifted_at = timezone.now()
    block.save(update_fields=["lifted_at"])
    ModerationAction.objects.create(
        action=ModerationAction.Action.LIFT,
        block=block,
        moderator=moderator,
        reason=block.reason,
        note="Lifted",
    )
    return block


def _log_note(block: Block, until: datetime) -> str:
    """The log is one record for every moderator: written in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        kind, who = str(block.get_kind_display()), describe(block)
    return f"{kind}: {who}, until {timezone.localtime(until):%-d %B %Y at %H:%M}"


def describe(block: Block) -> str:
    """Who or what a block stops, for moderators (an account by its display name)."""
    if block.kind == Block.Kind.USER:
        return block.user.display_name if block.user else gettext("a deleted account")
    return block.email if block.kind == Block.Kind.EMAIL else block.network
