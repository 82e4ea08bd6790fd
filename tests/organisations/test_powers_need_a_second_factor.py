"""Managing an organisation, adopting and editing the wiki use powers: a second factor first."""

from collections.abc import Callable

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.organisations.models import Organisation
from parley.wiki import services as wiki
from parley.wiki.models import Space
from tests.builders import SET_UP

pytestmark = pytest.mark.usefixtures("second_factor_required")


@pytest.mark.parametrize(
    "address",
    [
        "/organisations/testing/edit/",
        "/organisations/testing/members/",
        "/wiki/testing/settings/",
        "/wiki/testing/new/",
    ],
)
def test_an_owner_without_a_second_factor_is_sent_to_set_one_up(
    signed_in: Callable[[User], Client], owner: User, address: str
) -> None:
    response = signed_in(owner).get(address)

    assert response.status_code == 302
    assert response["Location"].startswith(SET_UP)


def test_someone_without_powers_edits_an_open_wiki_with_no_second_factor(
    signed_in: Callable[[User], Client], outsider: User, organisation: Organisation
) -> None:
    space = wiki.space_for(organisation)
    wiki.set_edit_policy(space=space, policy=Space.EditPolicy.SIGNED_IN)

    assert signed_in(outsider).get("/wiki/testing/new/").status_code == 200
