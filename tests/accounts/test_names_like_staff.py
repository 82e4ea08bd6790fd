"""Nobody may take a name that would pass for a staff member's (issue 18, item 5)."""

from collections.abc import Callable

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.accounts.names import skeletons, staff_it_impersonates

SIGN_UP = {
    "email": "newcomer@example.org",
    "password1": "a long and unusual passphrase",
    "password2": "a long and unusual passphrase",
}


@pytest.mark.parametrize(
    "name",
    [
        "Edith Editor",
        "edith  editor",
        "EDITH EDITOR",
        "\u0415dith \u0415ditor",  # Cyrillic capital Ie
        "Ed\u0456th Editor",  # Cyrillic small i
        "\U0001d404\U0001d41d\U0001d422\U0001d42d\U0001d421 Editor",  # mathematical bold
        "Édith Editor.",
    ],
)
def test_a_member_cannot_take_a_name_confusable_with_an_editors(
    signed_in: Callable[[User], Client], participant: User, editor: User, name: str
) -> None:
    response = signed_in(participant).post(
        "/accounts/profile/", {"form": "profile", "display_name": name}
    )
    assert response.status_code == 400
    assert "looks like a member of staff" in response.content.decode()
    participant.refresh_from_db()
    assert participant.display_name == "Mina Member"


def test_signing_up_with_a_moderators_name_is_refused(client: Client, moderator: User) -> None:
    name = "Mo D\u0435rator"  # a Cyrillic small ie for the e
    response = client.post("/accounts/signup/", {**SIGN_UP, "display_name": name})
    assert "looks like a member of staff" in response.content.decode()
    assert not moderator.__class__.objects.filter(email="newcomer@example.org").exists()


def test_site_staff_names_are_protected_too(admin_user: User, participant: User) -> None:
    assert staff_it_impersonates("Ada \u0391dmin") == "Ada Admin"  # Greek capital alpha


def test_a_different_name_and_a_members_name_are_allowed(
    signed_in: Callable[[User], Client], participant: User, outsider: User, editor: User
) -> None:
    response = signed_in(participant).post(
        "/accounts/profile/", {"form": "profile", "display_name": "Otto Outsider"}
    )
    assert response.status_code == 302
    assert staff_it_impersonates("Edith Editorial") is None
    assert staff_it_impersonates("Edith Editor", user=editor) is None  # their own name


def test_look_alike_letters_share_a_skeleton() -> None:
    assert skeletons("AIex Rivera") & skeletons("Alex Rivera")  # capital I for l
    assert skeletons("\u0410lex Rivera") & skeletons("Alex Rivera")  # Cyrillic capital a
    assert not skeletons("Alex Rivero") & skeletons("Alex Rivera")
