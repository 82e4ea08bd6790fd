"""The insights page and the analysis download never read the stored campaign index (tens of
megabytes at 100,000 comments): only matching new comments against it does."""

from collections.abc import Callable

from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parley.accounts.models import User
from parley.insights.models import Analysis
from tests.insights.conftest import Corpus


def test_the_insights_page_and_the_download_leave_the_campaign_index_unread(
    analysed: Corpus, editor: User, signed_in: Callable[[User], Client]
) -> None:
    version = analysed.version
    assert Analysis.objects.filter(version=version).exclude(campaign_index=b"").exists()
    client = signed_in(editor)
    args = [version.document.slug, version.number]
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("insights:insights", args=args))
        download = client.get(reverse("insights:analysis_json", args=args))
        assert isinstance(download, StreamingHttpResponse)
        b"".join(download.streaming_content)
    assert page.status_code == download.status_code == 200
    assert queries.captured_queries
    assert not any("campaign_index" in query["sql"] for query in queries.captured_queries)
