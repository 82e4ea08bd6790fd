"""A personal access token stops working when its account's password changes or is reset,
while the account is suspended across the site, and once it is deactivated (issue 18, 7)."""

import re
from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.moderation import blocks
from parley.moderation.models import Block
from tests.builders import PASSWORD, bearer
from tests.conftest import Mailbox
from tests.notifications.helpers import text_of

NEW_PASSWORD = "a different horse, battery and staple"


def works(raw: str) -> bool:
    return Client().get("/api/v1/subscriptions", headers=bearer(raw)).status_code == 200


def test_a_token_stops_working_when_the_password_is_changed(
    signed_in: Callable[[User], Client], participant: User, token_for: Callable[[User], str]
) -> None:
    raw = token_for(participant)
    assert works(raw)
    response = signed_in(participant).post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not works(raw)
    assert participant.tokens.get().revoked_at is not None


def test_a_token_stops_working_when_the_password_is_reset(
    client: Client, smtp: Mailbox, participant: User, token_for: Callable[[User], str]
) -> None:
    raw = token_for(participant)
    client.post("/accounts/password/reset/", {"email": participant.email})
    text = text_of(smtp.messages[0])
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", text)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    response = client.post(
        form.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert not works(raw)


def test_a_token_is_refused_while_its_account_is_suspended_across_the_site(
    admin_user: User, participant: User, token_for: Callable[[User], str]
) -> None:
    raw = token_for(participant)
    block = blocks.block(
        moderator=admin_user,
        kind=Block.Kind.USER,
        user=participant,
        reason="Spamming",
        until=timezone.now() + timedelta(days=7),
        organisation=None,
    )
    assert not works(raw)
    Block.objects.filter(pk=block.pk).update(lifted_at=timezone.now())
    assert works(raw)


def test_a_token_of_a_deactivated_account_is_refused(
    participant: User, token_for: Callable[[User], str]
) -> None:
    raw = token_for(participant)
    participant.is_active = False
    participant.save(update_fields=["is_active"])
    assert not works(raw)
