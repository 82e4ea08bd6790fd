"""What the discussion tests share: each kind of page that owns a discussion."""

import pytest

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Discussion
from parley.guidance.models import Clause, Version
from parley.wiki import services as wiki
from parley.wiki.models import Page

KINDS = ["post", "version", "clause", "wiki page"]


@pytest.fixture(params=KINDS)
def page(
    request: pytest.FixtureRequest, post: Post, consulting: Version, editor: User
) -> tuple[str, Discussion]:
    """The address of one kind of page that owns a discussion, and its discussion."""
    owner: Post | Version | Clause | Page | None
    if request.param == "post":
        owner = post
    elif request.param == "version":
        owner = consulting
    elif request.param == "clause":
        owner = consulting.clauses.order_by("position").first()
    else:
        owner = wiki.create_page(space=wiki.site_space(), user=editor, title="Help", body="Text.")
    assert owner is not None
    return owner.get_absolute_url(), owner.discussion
