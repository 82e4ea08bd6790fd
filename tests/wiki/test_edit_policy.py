"""Who may edit is set per space: members, anyone signed in, or owners and editors."""

from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.organisations.models import Membership, Organisation, Role
from parley.wiki import services
from parley.wiki.models import Page, Space


def _can_edit(client: Client) -> bool:
    return client.get("/wiki/testing/using-personal-accounts/edit/").status_code == 200


def test_by_default_the_organisations_members_edit_its_space(
    signed_in: Callable[[User], Client],
    wiki_page: Page,
    participant: User,
    outsider: User,
    organisation: Organisation,
) -> None:
    Membership.objects.create(organisation=organisation, user=participant, role=Role.MEMBER)

    assert _can_edit(signed_in(participant))
    assert not _can_edit(signed_in(outsider))


def test_a_space_open_to_anyone_signed_in(
    signed_in: Callable[[User], Client], wiki_page: Page, outsider: User, space: Space
) -> None:
    services.set_edit_policy(space=space, policy=Space.EditPolicy.SIGNED_IN)

    assert _can_edit(signed_in(outsider))


def test_a_space_for_editors_only(
    signed_in: Callable[[User], Client],
    wiki_page: Page,
    participant: User,
    editor: User,
    organisation: Organisation,
    space: Space,
) -> None:
    Membership.objects.create(organisation=organisation, user=participant, role=Role.MEMBER)
    services.set_edit_policy(space=space, policy=Space.EditPolicy.EDITORS)

    assert not _can_edit(signed_in(participant))
    assert _can_edit(signed_in(editor))


def test_guests_are_sent_to_sign_in(client: Client, wiki_page: Page) -> None:
    response = client.get("/wiki/testing/using-personal-accounts/edit/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_owner_changes_who_may_edit(
    signed_in: Callable[[User], Client], organisation: Organisation, space: Space
) -> None:
    from tests.builders import member_of

    owner = member_of(organisation, "owner@example.org", "Owen Owner", Role.OWNER)

    response = signed_in(owner).post("/wiki/testing/settings/", {"edit_policy": "signed_in"})

    assert response.status_code == 302
    space.refresh_from_db()
    assert space.edit_policy == Space.EditPolicy.SIGNED_IN


def test_the_sites_space_is_for_editors(
    signed_in: Callable[[User], Client], editor: User, outsider: User
) -> None:
    assert signed_in(outsider).get("/wiki/site/new/").status_code == 403
    assert signed_in(editor).get("/wiki/site/new/").status_code == 200
