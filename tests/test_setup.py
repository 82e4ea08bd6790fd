"""First run: `parley setup` and the site admin's first-run page make the first
organisation and its owner; doing it again changes nothing and says so."""

import io
from collections.abc import Callable, Iterator

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from parley.organisations.models import Membership, Organisation, Role


def setup(*args: str) -> str:
    out = io.StringIO()
    call_command("setup", *args, "--noinput", stdout=out)
    return out.getvalue()


COUNCIL = ["--organisation", "Denbighshire County Council", "--owner-email", "clerk@example.org"]


@pytest.mark.django_db
def test_setup_creates_the_first_organisation_and_an_account_for_its_owner() -> None:
    out = setup(*COUNCIL)
    council = Organisation.objects.get()
    assert (council.name, council.slug) == (
        "Denbighshire County Council",
        "denbighshire-county-council",
    )
    owner = User.objects.get(email="clerk@example.org")
    assert not owner.has_usable_password()
    assert Membership.objects.get(organisation=council, user=owner).role == Role.OWNER
    assert "Created the organisation Denbighshire County Council" in out
    assert "Forgot your password?" in out
    assert "Nothing changed" not in out


@pytest.mark.django_db
def test_a_second_run_with_the_same_values_changes_nothing_and_says_so() -> None:
    setup(*COUNCIL)
    out = setup(*COUNCIL)
    assert "Nothing changed" in out
    assert "already exists" in out
    assert "clerk@example.org is already an owner" in out
    assert (Organisation.objects.count(), User.objects.count(), Membership.objects.count()) == (
        1,
        1,
        1,
    )


@pytest.mark.django_db
def test_setup_makes_an_existing_account_the_owner(participant: User) -> None:
    out = setup(
        "--organisation",
        "Cyngor",
        "--organisation-slug",
        "cyngor",
        "--owner-email",
        participant.email.upper(),
    )
    assert Membership.objects.get(user=participant, organisation__slug="cyngor").role == Role.OWNER
    assert f"Made {participant.email} an owner of Cyngor." in out
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_setup_with_no_values_and_no_terminal_names_the_options() -> None:
    with pytest.raises(CommandError, match="give --organisation NAME and --owner-email EMAIL"):
        setup()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_setup_refuses_a_bad_address_or_a_name_taken_by_another_organisation(
    organisation: Organisation,
) -> None:
    with pytest.raises(CommandError, match="correct format"):
        setup("--organisation", "Council", "--owner-email", "not an address")
    with pytest.raises(CommandError, match="already Department for Testing’s"):
        setup("--organisation", "Testing", "--owner-email", "a@example.org")
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_the_site_name_is_the_site_name_setting_and_setup_says_how_to_change_it(
    settings: Settings,
) -> None:
    assert "The site is called 'Parley', as asked." in setup(*COUNCIL, "--site-name", "Parley")
    with pytest.raises(CommandError, match="set SITE_NAME='Denbighshire Consults'"):
        setup(*COUNCIL, "--site-name", "Denbighshire Consults")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    def answer(*given: str) -> None:
        replies: Iterator[str] = iter(given)
        monkeypatch.setattr("sys.stdin", Terminal())
        monkeypatch.setattr("builtins.input", lambda prompt="": next(replies))

    return answer


@pytest.mark.django_db
def test_at_a_terminal_setup_asks_for_what_it_was_not_given(answers: Callable[..., None]) -> None:
    answers(
        "", "Powys", "", "owner@example.org"
    )  # the site name's default; an empty e-mail asked again
    out = io.StringIO()
    call_command("setup", stdout=out)
    assert Membership.objects.get(organisation__name="Powys").user.email == "owner@example.org"
    assert "The site is called 'Parley', as asked." in out.getvalue()


@pytest.mark.django_db
def test_the_home_page_sends_a_site_admin_to_set_up_a_site_with_no_organisation(
    admin_user: User, participant: User, signed_in: Callable[[User], Client], client: Client
) -> None:
    assert "Set up this site" not in client.get("/").content.decode()
    assert "Set up this site" not in signed_in(participant).get("/").content.decode()
    page = signed_in(admin_user).get("/").content.decode()
    assert 'href="/organisations/set-up/">Set up this site</a>' in page
    Organisation.objects.create(name="Powys", slug="powys")
    assert "Set up this site" not in signed_in(admin_user).get("/").content.decode()


@pytest.mark.django_db
def test_the_first_run_page_sets_up_the_organisation_and_its_owner(
    admin_user: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(admin_user)
    page = client.get("/organisations/set-up/")
    assert page.status_code == 200
    assert "SITE_NAME" in page.content.decode()
    form = {"organisation_name": "Powys County Council", "owner_email": "clerk@example.org"}
    response = client.post("/organisations/set-up/", form, follow=True)
    assert response.redirect_chain[-1][0] == "/organisations/powys-county-council/"
    assert "is set up, with clerk@example.org as its owner" in response.content.decode()
    again = client.post("/organisations/set-up/", form, follow=True)
    assert "Nothing changed" in again.content.decode()
    assert Membership.objects.get().role == Role.OWNER


@pytest.mark.django_db
def test_the_first_run_page_shows_errors_beside_the_fields(
    admin_user: User, signed_in: Callable[[User], Client]
) -> None:
    response = signed_in(admin_user).post(
        "/organisations/set-up/", {"organisation_name": "", "owner_email": "nope"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the organisation’s name" in text
    assert "correct format" in text
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_only_site_admins_may_use_the_first_run_page(
    participant: User, signed_in: Callable[[User], Client], client: Client
) -> None:
    assert client.get("/organisations/set-up/").status_code == 302  # to sign in
    client = signed_in(participant)
    assert client.get("/organisations/set-up/").status_code == 403
    form = {"organisation_name": "Mine", "owner_email": participant.email}
    assert client.post("/organisations/set-up/", form).status_code == 403
    assert not Organisation.objects.exists()
