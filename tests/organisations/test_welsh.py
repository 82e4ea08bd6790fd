"""Organisations' pages in Welsh."""

import re
from collections.abc import Callable

from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.guidance.models import Document, Version
from parley.organisations.models import Organisation
from tests.conftest import Mailbox


def test_the_organisation_pages_are_in_welsh_for_a_welsh_reader(
    client: Client, organisation: Organisation, document: Document, consulting: Version
) -> None:
    index = client.get("/organisations/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    page = client.get("/organisations/testing/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()

    assert '<h1 class="govuk-heading-xl">Sefydliadau</h1>' in index
    assert "Gan Department for Testing" in page
    assert "Wici a chanllawiau gweithredol" in page
    assert "Canllawiau mae’n eu cyhoeddi" in page
    # The guidance it publishes has no Welsh title: shown in English, marked as such.
    assert '<span lang="en">Principles for taking part online</span>' in page


def test_an_invitation_reads_in_welsh(
    signed_in: Callable[[User], Client],
    owner: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = signed_in(owner)
    client.cookies["django_language"] = "cy"
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            "/organisations/testing/members/",
            {"email": "new@example.org", "role": "editor"},
            follow=True,
        )
    token = re.search(r"/organisations/invitations/(\S+)/", smtp.messages[-1].get_content())
    assert token

    guest = Client()
    guest.cookies["django_language"] = "cy"
    page = guest.get(f"/organisations/invitations/{token.group(1)}/").content.decode()
    broken = guest.get("/organisations/invitations/not-a-token/").content.decode()

    assert "Gwahoddiad wedi’i anfon at new@example.org" in sent.content.decode()
    assert "Ymuno â Department for Testing" in page
    assert "fel golygydd" in page
    assert "Mewngofnodwch</a> neu" in page
    assert "Ni ellir defnyddio’r gwahoddiad hwn" in broken
    assert "Nid yw’r ddolen wahoddiad hon yn ddilys" in broken


def test_the_members_page_is_in_welsh(
    signed_in: Callable[[User], Client], owner: User, editor: User
) -> None:
    client = signed_in(owner)
    client.cookies["django_language"] = "cy"

    response = client.get("/organisations/testing/members/")

    page = response.content.decode()
    assert response.status_code == 200, page[:300]
    assert "Gwahodd rhywun" in page
    assert "Newid y rôl" in page
    assert "Golygydd" in page
