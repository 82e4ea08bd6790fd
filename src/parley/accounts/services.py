from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from parley.accounts.models import AccessToken, User, hash_token
from parley.accounts.names import staff_it_impersonates
from parley.discussions import services as discussions
from parley.markup import plain_name
from parley.moderation import blocks
from parley.validation import Rejected, too_long


class NameRejected(Rejected):
    """The name was not changed."""


def checked_name(display_name: str, *, user: User | None = None) -> str:
    """`display_name` as it will be shown (`markup.plain_name`), or NameRejected naming
    `display_name`: empty, too long, or one that could be taken for a staff member's
    other than `user`'s own (`accounts.names`)."""
    name = plain_name(display_name)
    errors = too_long(User, display_name=name)
    if not name:
        errors = {"display_name": [gettext("Enter your name")]}
    elif not errors and staff_it_impersonates(name, user=user):
        message = gettext("This name looks like a member of staff’s: choose another")
        errors = {"display_name": [message]}
    if errors:
        raise NameRejected(errors)
    return name


@transaction.atomic
def rename(*, user: User, display_name: str) -> User:
    """Give `user` a new display name (checked by `checked_name`), from any page: the
    account page, sign-up, the admin. Every page showing their name reads anew."""
    name = checked_name(display_name, user=user)
    # The stored name, not the instance's: a ModelForm (the admin's) has already set that.
    stored = User.objects.filter(pk=user.pk).values_list("display_name", flat=True).first()
    user.display_name = name
    if name != stored:
        user.save(update_fields=["display_name"])
        person_shown_differently(user=user)
    return user


def person_shown_differently(*, user: User) -> None:
    """The one invalidation for a change in how `user` is shown beside what they wrote
    (their name, their site staff badge, or their comments leaving them on erasure): the
    discussions showing their comments get a new validator and lose their kept pages. The
    pages of posts they wrote name them too; those go by the signal in blog/apps.py, as
    accounts sits below blog."""
    discussions.person_renamed(user=user)


@transaction.atomic
def create_access_token(*, user: User, name: str) -> tuple[AccessToken, str]:
    """Create a token for `user`; returns it with the raw secret, which is never stored."""
    raw = AccessToken.generate()
    token = AccessToken.objects.create(
        user=user,
        name=name,
        token_hash=hash_token(raw),
        expires_at=AccessToken.default_expiry(),
    )
    return token, raw


def revoke_access_token(*, token: AccessToken) -> AccessToken:
    """Revoke a token; it stops working at once."""
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def revoke_every_token(*, user: User) -> int:
    """Revoke every token `user` still has (their password was changed, reset or set: a
    token made before then may be in the hands the new password keeps out); returns how many."""
    return AccessToken.objects.active().filter(user=user).update(revoked_at=timezone.now())


def revoke_tokens_on_password_change(sender: object, user: User, **kwargs: object) -> None:
    """Receiver for allauth's password_changed, password_reset and password_set."""
    revoke_every_token(user=user)


# "Last used" is kept to the minute: a script posting many times writes it once a minute.
LAST_USED_PRECISION = timedelta(minutes=1)


def user_for_token(raw: str) -> User | None:
    """The active, unsuspended user a raw token belongs to, or None; records when it was
    last used."""
    token = (
        AccessToken.objects.active()
        .select_related("user")
        .filter(token_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    # A suspended account's tokens are refused while the site-wide suspension lasts (an
    # organisation's own suspension is enforced by each act in its discussions).
    if blocks.active_block_for(user=token.user, email="", ip=None, organisation=None):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
