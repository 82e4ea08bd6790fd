"""One way to refuse (issue 19): a view raises `PermissionDenied(message)` and
`parley.views.forbidden` (handler403) renders the site's one 403 page, saying why when the
view said; a conflict (a new version while a draft is unfinished) is a 409, not a refusal."""

import re
from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from parley.guidance.models import Document
from parley.organisations.models import Organisation
from parley.wiki import services as wiki


def heading(html: str) -> str:
    found = re.search(r'<h1 class="govuk-heading-xl">(.*?)</h1>', html)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    ("language", "title", "why"),
    [
        ("en", "You cannot do that", "You cannot write pages in this space."),
        ("cy", "Ni allwch wneud hynny", "Ni allwch ysgrifennu tudalennau yn y gofod hwn."),
    ],
)
def test_a_refused_page_is_403_and_says_why_in_the_readers_language(
    signed_in: Callable[[User], Client],
    outsider: User,
    organisation: Organisation,
    language: str,
    title: str,
    why: str,
) -> None:
    space = wiki.space_for(organisation)  # only the organisation's members write here
    client = signed_in(outsider)
    client.cookies["django_language"] = language
    response = client.get(f"/wiki/{space.slug}/new/")
    assert response.status_code == 403
    html = response.content.decode()
    assert heading(html) == title
    assert why in html


def test_a_refusal_without_a_reason_says_the_account_may_not(
    signed_in: Callable[[User], Client], outsider: User, organisation: Organisation
) -> None:
    response = signed_in(outsider).get(f"/organisations/{organisation.slug}/members/")
    assert response.status_code == 403
    html = response.content.decode()
    assert heading(html) == "You cannot do that"
    assert "Your account does not have permission to see this page." in html


def test_a_refusal_raised_outside_parleys_views_gets_the_sites_page(
    client: Client, settings: Settings
) -> None:
    """Django's own refusals (here its CommonMiddleware's, of a user agent turned away)
    used to answer a bare "403 Forbidden"."""
    settings.DISALLOWED_USER_AGENTS = [re.compile("TurnedAway")]
    response = client.get("/", HTTP_USER_AGENT="TurnedAway/1.0")
    assert response.status_code == 403
    html = response.content.decode()
    assert heading(html) == "You cannot do that"
    assert 'class="govuk-skip-link' in html  # in the site's layout


@pytest.mark.parametrize(
    ("language", "title", "why"),
    [
        (
            "en",
            "A new version cannot be started yet",
            "Version 1 is still a draft: finish it first",
        ),
        (
            "cy",
            "Ni ellir dechrau fersiwn newydd eto",
            "Drafft yw fersiwn 1 o hyd: gorffennwch hi yn gyntaf",
        ),
    ],
)
def test_a_new_version_while_a_draft_is_unfinished_is_a_conflict_that_leads_to_the_draft(
    signed_in: Callable[[User], Client],
    editor: User,
    document: Document,
    language: str,
    title: str,
    why: str,
) -> None:
    client = signed_in(editor)
    client.cookies["django_language"] = language
    response = client.post(f"/guidance/{document.slug}/versions/new/")
    assert response.status_code == 409
    html = response.content.decode()
    assert heading(html) == title
    assert why in html
    assert f'href="/guidance/{document.slug}/versions/1/edit/"' in html
    assert document.versions.count() == 1
