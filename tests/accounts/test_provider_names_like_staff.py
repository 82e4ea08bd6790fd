"""A name from an identity provider is checked like one typed on the account page: one
that could be taken for a staff member's is not used. The account is still made, under the
e-mail's local part (or "Participant" when that looks like staff too), and the person is
told why and where to choose another (issue 18). Through the WordPress.com stand-in, over
real HTTP, as every provider's sign-up goes through the same adapter."""

import pytest
from django.test import Client

from parley.accounts.models import User
from tests.accounts.test_wordpress_com_sign_in import (
    StandIn,
    _go_to_wordpress_com,
    wordpress_com,  # noqa: F401 (a fixture)
)


@pytest.fixture
def provider(wordpress_com: StandIn) -> StandIn:  # noqa: F811 (the fixture imported above)
    return wordpress_com


def sign_up_as(client: Client, stand_in: StandIn, name: str, email: str) -> tuple[User, str]:
    stand_in.person["display_name"] = name
    stand_in.person["email"] = email
    landed = client.get(_go_to_wordpress_com(client, stand_in), follow=True)
    assert landed.status_code == 200
    return User.objects.get(email=email), landed.content.decode()


@pytest.mark.parametrize("name", ["Edith Editor", "EDITH EDITOR", "Edith Edit\u043er"])
def test_a_provider_name_like_an_editors_falls_back_to_the_address_and_says_so(
    client: Client, provider: StandIn, editor: User, name: str
) -> None:
    user, page = sign_up_as(client, provider, name, "wendy@example.net")

    assert user.display_name == "wendy"
    assert "looks like a member of staff’s, so we show you as “wendy”" in page
    assert "account page" in page


def test_when_the_address_looks_like_staff_too_the_name_is_participant(
    client: Client, provider: StandIn, editor: User
) -> None:
    user, _page = sign_up_as(client, provider, "Edith Editor", "edith.editor@example.net")

    assert user.display_name == "Participant"


def test_a_provider_name_like_nobody_on_the_staff_is_kept_without_a_word(
    client: Client, provider: StandIn, editor: User
) -> None:
    user, page = sign_up_as(client, provider, "Wendy Press", "wendy@example.net")

    assert user.display_name == "Wendy Press"
    assert "member of staff" not in page


def test_the_warning_is_in_welsh_for_a_welsh_reader(
    client: Client, provider: StandIn, editor: User
) -> None:
    client.cookies["django_language"] = "cy"
    _user, page = sign_up_as(client, provider, "Edith Editor", "wendy@example.net")

    assert "aelod o staff" in page
