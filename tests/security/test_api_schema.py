"""Generated requests to every API operation, anonymous and with an editor's token, never
cause a server error, and every answer matches /api/v1/openapi.json."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.api.urls import api
from parley.blog.models import Post
from tests.builders import comment_as

# Being built now (organisations, guidance adoption, wiki); to be added when they settle.
IN_PROGRESS = r"^/api/v1/(organisations|wiki)|/adoptions$"


# The document /api/v1/openapi.json serves; requests go to the WSGI app in this process,
# so they see the test's database.
schema: BaseSchema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
schema = schema.exclude(path_regex=IN_PROGRESS)


@pytest.fixture(autouse=True)
def _connections_kept_open_between_requests() -> Iterator[None]:
    """As Django's test client does: the WSGI handler would otherwise close the database
    connection after each request, inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _a_site_with_a_post_and_a_comment(post: Post, participant: User, settings: Any) -> None:
    settings.PARLEY_COMMENT_RATE = "100000/60"
    settings.PARLEY_LIKE_RATE = "100000/60"
    settings.PARLEY_FLAG_RATE = "100000/3600"
    comment_as(post, participant, "A first comment.")


EXAMPLES = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


# The services refuse values the schema cannot describe (an empty title, a cursor we did not
# give out, an organisation one may not write for), and pydantic accepts "1" for 1 by design,
# so generated data is not checked for being accepted or refused; every other check runs:
# no 5xx, documented status codes, content types and headers, and bodies that match.
NOT_CHECKED = [positive_data_acceptance, negative_data_rejection]


@schema.parametrize()
@EXAMPLES
def test_every_operation_answers_anonymous_callers_as_documented(case: Any) -> None:
    case.call_and_validate(excluded_checks=NOT_CHECKED)


@schema.parametrize()
@EXAMPLES
def test_every_operation_answers_an_editors_token_as_documented(case: Any, editor: User) -> None:
    _, raw = create_access_token(user=editor, name="schemathesis")
    case.call_and_validate(headers={"Authorization": f"Bearer {raw}"}, excluded_checks=NOT_CHECKED)
