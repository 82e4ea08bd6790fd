"""Invitations by e-mail: a signed, single-use link that expires; only its hash is kept."""

import hashlib
import re
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.organisations import services
from parley.organisations.models import Invitation, Membership, Organisation, Role
from tests.conftest import Mailbox

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


def _invite(
    client: Client, email: str, role: str, capture: DjangoCaptureOnCommitCallbacks
) -> "_MonkeyPatchedWSGIResponse":
    with capture(execute=True):
        return client.post("/organisations/testing/members/", {"email": email, "role": role})


def _link(mailbox: Mailbox) -> str:
    body = mailbox.messages[-1].get_content()
    found = re.search(r"http://\S+/organisations/invitations/(\S+)/", body)
    assert found, body
    return found.group(1)


def test_an_owner_invites_someone_who_gets_an_email_with_a_link(
    signed_in: Callable[[User], Client],
    owner: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    response = _invite(
        signed_in(owner), "new@example.org", "editor", django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    message = smtp.messages[-1]
    assert message["To"] == "new@example.org"
    assert "Department for Testing" in message["Subject"]
    token = _link(smtp)
    invitation = Invitation.objects.get()
    assert invitation.role == Role.EDITOR
    assert token not in invitation.token_hash
    raw = token.rsplit(":", 1)[0]
    assert invitation.token_hash == hashlib.sha256(raw.encode()).hexdigest()


def test_accepting_the_invitation_makes_a_member_with_the_role(
    signed_in: Callable[[User], Client],
    owner: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    client: Client,
) -> None:
    _invite(signed_in(owner), outsider.email, "editor", django_capture_on_commit_callbacks)
    token = _link(smtp)
    client.force_login(outsider)

    shown = client.get(f"/organisations/invitations/{token}/")
    accepted = client.post(f"/organisations/invitations/{token}/")

    assert "Join Department for Testing" in shown.content.decode()
    assert accepted.status_code == 302
    assert Membership.objects.get(user=outsider).role == Role.EDITOR


def _invited(
    organisation: Organisation,
    owner: User,
    email: str,
    smtp: Mailbox,
    capture: DjangoCaptureOnCommitCallbacks,
) -> str:
    with capture(execute=True):
        services.invite(organisation=organisation, invited_by=owner, email=email, role="member")
    return _link(smtp)


def test_an_invitation_cannot_be_used_twice(
    organisation: Organisation,
    owner: User,
    outsider: User,
    participant: User,
    client: Client,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    token = _invited(organisation, owner, outsider.email, smtp, django_capture_on_commit_callbacks)
    services.accept_invitation(token=token, user=outsider)
    client.force_login(participant)

    response = client.post(f"/organisations/invitations/{token}/")

    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert not Membership.objects.filter(user=participant).exists()


def test_an_expired_invitation_says_so_and_how_to_get_another(
    organisation: Organisation,
    owner: User,
    outsider: User,
    client: Client,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    token = _invited(organisation, owner, outsider.email, smtp, django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(outsider)

    response = client.post(f"/organisations/invitations/{token}/")

    assert response.status_code == 410
    assert "This invitation expired on" in response.content.decode()
    assert "ask an owner of Department for Testing to invite you again" in (
        response.content.decode()
    )
    assert not Membership.objects.filter(user=outsider).exists()


def test_a_tampered_link_is_not_valid(client: Client, outsider: User) -> None:
    client.force_login(outsider)

    response = client.get("/organisations/invitations/abc:def/")

    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()


def test_a_bad_address_is_refused_beside_the_field_with_the_text_kept(
    signed_in: Callable[[User], Client], owner: User
) -> None:
    response = signed_in(owner).post(
        "/organisations/testing/members/", {"email": "not an address", "role": "member"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an e-mail address in the correct format" in page
    assert 'value="not an address"' in page
    assert not Invitation.objects.exists()


def test_an_owner_cancels_an_invitation_and_its_link_stops_working(
    signed_in: Callable[[User], Client],
    owner: User,
    editor: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = signed_in(owner)
    _invite(client, "later@example.org", "member", django_capture_on_commit_callbacks)
    token = _link(smtp)
    invitation = Invitation.objects.get()
    page = client.get("/organisations/testing/members/").content.decode()
    # A space (of any width: the template's layout) parts the button's word from the hidden ones.
    assert re.search(
        r'Cancel<span class="govuk-visually-hidden">\s+the invitation to later@example\.org', page
    )

    cancel = f"/organisations/testing/invitations/{invitation.pk}/cancel/"
    as_editor = Client()
    as_editor.force_login(editor)
    assert as_editor.post(cancel).status_code == 403  # owners only
    assert Invitation.objects.exists()
    assert client.post(cancel).status_code == 302
    assert not Invitation.objects.exists()

    as_outsider = Client()
    as_outsider.force_login(outsider)
    refused = as_outsider.post(f"/organisations/invitations/{token}/")
    assert refused.status_code in {400, 404}
    assert not Membership.objects.filter(user=outsider).exists()
