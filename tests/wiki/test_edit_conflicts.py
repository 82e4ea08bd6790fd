"""Two people edit the same page: the second sees both texts, and nothing is lost."""

from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.organisations.models import Membership, Organisation, Role
from parley.wiki.models import Page
from tests.builders import member_of


def test_a_save_based_on_an_old_revision_shows_the_conflict_with_both_texts(
    client: Client, wiki_page: Page, organisation: Organisation, editor: User, participant: User
) -> None:
    Membership.objects.create(organisation=organisation, user=participant)
    client.force_login(editor)
    first = client.post(
        "/wiki/testing/using-personal-accounts/edit/",
        {"title": wiki_page.title, "body": "Editor's text.", "base_revision": 1},
    )
    assert first.status_code == 302
    client.force_login(participant)

    second = client.post(
        "/wiki/testing/using-personal-accounts/edit/",
        {"title": wiki_page.title, "body": "Member's text.", "base_revision": 1, "message": "Mine"},
    )

    assert second.status_code == 409
    page = second.content.decode()
    assert "Edith Editor saved this page (revision 2) after you started editing" in page
    assert "Editor&#x27;s text." in page
    assert "Member&#x27;s text." in page
    assert 'name="base_revision" value="2"' in page
    wiki_page.refresh_from_db()
    assert wiki_page.body_markdown == "Editor's text."


def test_saving_again_from_the_conflict_page_keeps_the_chosen_text(
    signed_in: Callable[[User], Client], wiki_page: Page, organisation: Organisation, editor: User
) -> None:
    other = member_of(organisation, "other@example.org", "Other Person", Role.MEMBER)
    client = signed_in(editor)
    client.post(
        "/wiki/testing/using-personal-accounts/edit/",
        {"title": wiki_page.title, "body": "Editor's text.", "base_revision": 1},
    )
    client.force_login(other)

    response = client.post(
        "/wiki/testing/using-personal-accounts/edit/",
        {"title": wiki_page.title, "body": "Both texts merged.", "base_revision": 2},
    )

    assert response.status_code == 302
    wiki_page.refresh_from_db()
    assert wiki_page.body_markdown == "Both texts merged."
    assert wiki_page.revision_number == 3
