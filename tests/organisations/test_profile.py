"""The public organisation page, and its owners changing what it says."""

from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.organisations.models import Organisation


def test_the_organisation_page_shows_its_profile_and_links_to_its_feed(
    client: Client, organisation: Organisation
) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(
        kind=Organisation.Kind.LOCAL_AUTHORITY,
        website="https://testing.example.gov.uk",
        description="We test things.",
    )

    response = client.get("/organisations/testing/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Department for Testing" in page
    assert "Local authority" in page
    assert "https://testing.example.gov.uk" in page
    assert "/blog/organisations/testing/feed/" in page
    assert "/wiki/testing/" in page
    assert "Edit the profile" not in page


def test_an_owner_changes_the_profile(
    signed_in: Callable[[User], Client], owner: User, organisation: Organisation
) -> None:
    response = signed_in(owner).post(
        "/organisations/testing/edit/",
        {
            "name": "Department for Testing and Trials",
            "kind": "department",
            "website": "https://example.gov.uk",
            "logo_url": "https://example.gov.uk/logo.png",
            "description": "Trials too.",
        },
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Department for Testing and Trials"
    assert organisation.kind == Organisation.Kind.DEPARTMENT
    assert organisation.logo_url == "https://example.gov.uk/logo.png"


def test_a_bad_website_is_refused_beside_the_field_with_the_text_kept(
    signed_in: Callable[[User], Client], owner: User
) -> None:
    response = signed_in(owner).post(
        "/organisations/testing/edit/",
        {"name": "Kept name", "kind": "other", "website": "javascript:alert(1)"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an address starting with http:// or https://" in page
    assert 'value="Kept name"' in page


def test_an_editor_who_is_not_an_owner_cannot_change_the_profile(
    signed_in: Callable[[User], Client], editor: User
) -> None:
    response = signed_in(editor).get("/organisations/testing/edit/")

    assert response.status_code == 403


def test_an_organisation_cannot_take_the_wiki_sites_own_slug(db: None) -> None:
    import pytest
    from django.core.exceptions import ValidationError

    from parley.organisations.models import Organisation

    with pytest.raises(ValidationError, match="used by the site itself"):
        Organisation(name="Site Council", slug="site").full_clean()
