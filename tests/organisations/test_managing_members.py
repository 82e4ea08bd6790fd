"""Owners change members' roles and remove them; an organisation always keeps an owner."""

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parley.accounts.models import User
from parley.organisations.models import Membership, Organisation, Role
from tests.builders import member_of


def test_an_owner_makes_a_member_an_editor(
    signed_in: Callable[[User], Client], owner: User, editor: User
) -> None:
    membership = Membership.objects.get(user=editor)

    response = signed_in(owner).post(
        f"/organisations/testing/members/{membership.pk}/role/", {"role": "moderator"}
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.MODERATOR


def test_an_owner_removes_a_member(
    signed_in: Callable[[User], Client], owner: User, editor: User
) -> None:
    membership = Membership.objects.get(user=editor)

    response = signed_in(owner).post(f"/organisations/testing/members/{membership.pk}/remove/")

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_owner_cannot_be_removed_or_demoted(
    signed_in: Callable[[User], Client], owner: User
) -> None:
    membership = Membership.objects.get(user=owner)
    client = signed_in(owner)

    removed = client.post(f"/organisations/testing/members/{membership.pk}/remove/")
    demoted = client.post(
        f"/organisations/testing/members/{membership.pk}/role/", {"role": "member"}
    )

    for response in (removed, demoted):
        assert response.status_code == 409
        assert "This is the only owner: make someone else an owner first" in (
            response.content.decode()
        )
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_an_owner_can_step_down_once_there_is_another_owner(
    signed_in: Callable[[User], Client], owner: User, editor: User
) -> None:
    Membership.objects.filter(user=editor).update(role=Role.OWNER)
    membership = Membership.objects.get(user=owner)

    response = signed_in(owner).post(
        f"/organisations/testing/members/{membership.pk}/role/", {"role": "editor"}
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


def test_editors_cannot_manage_members(
    signed_in: Callable[[User], Client], owner: User, editor: User
) -> None:
    membership = Membership.objects.get(user=owner)
    client = signed_in(editor)

    assert client.get("/organisations/testing/members/").status_code == 403
    assert client.post(f"/organisations/testing/members/{membership.pk}/remove/").status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_member_list_costs_the_same_queries_for_many_members(
    signed_in: Callable[[User], Client], owner: User, organisation: Organisation
) -> None:
    client = signed_in(owner)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/organisations/testing/members/").status_code == 200
        return len(queries)

    few = count()
    for n in range(10):
        member_of(organisation, f"m{n}@example.org", f"Member {n}", Role.MEMBER)
    assert count() == few
