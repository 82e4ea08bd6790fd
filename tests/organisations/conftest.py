import pytest

from parley.accounts.models import User
from parley.organisations.models import Organisation, Role
from tests.builders import member_of


@pytest.fixture
def owner(organisation: Organisation) -> User:
    return member_of(organisation, "owner@example.org", "Owen Owner", Role.OWNER)
