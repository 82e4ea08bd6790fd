import pytest

from parley.accounts.models import User
from parley.organisations.models import Organisation
from parley.wiki import services
from parley.wiki.models import Page, Space


@pytest.fixture
def space(organisation: Organisation) -> Space:
    """The organisation's space: its members may edit."""
    return services.space_for(organisation)


@pytest.fixture
def wiki_page(space: Space, editor: User) -> Page:
    return services.create_page(
        space=space,
        user=editor,
        title="Using personal accounts",
        body="## Before you post\n\nThink first.\n\n## After\n\nSee [[Checking facts]].",
        message="First draft",
    )
