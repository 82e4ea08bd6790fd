import pytest

from parley.accounts.models import User
from parley.organisations.models import Membership, Organisation, Role
from tests.builders import make_user


@pytest.fixture
def owner(organisation: Organisation) -> User:
    user = make_user("owner@example.org", "Owen Owner")
    Membership.objects.create(organisation=organisation, user=user, role=Role.OWNER)
    return user
