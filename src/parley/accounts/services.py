from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from parley.accounts.models import AccessToken, User, hash_token


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


# "Last used" is kept to the minute: a script posting many times writes it once a minute.
LAST_USED_PRECISION = timedelta(minutes=1)


def user_for_token(raw: str) -> User | None:
    """The active user a raw token belongs to, or None; records when it was last used."""
    token = (
        AccessToken.objects.active()
        .select_related("user")
        .filter(token_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
