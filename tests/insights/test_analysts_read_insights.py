"""The organisation's analysts read its insights (campaigns, themes, support per clause)
before the response is published, on the page, in its exports and in the API, and may ask
for a fresh analysis; they still cannot change guidance or moderate. A moderator, who is
not an analyst, is refused like anyone else."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.insights.models import Analysis
from parley.organisations.models import Organisation
from tests.consultations.exporting import make_analyst
from tests.insights.conftest import Corpus


@pytest.fixture
def analyst(organisation: Organisation) -> User:
    return make_analyst(organisation)


def page(corpus: Corpus, name: str = "insights", *extra: str) -> str:
    version = corpus.version
    return reverse(f"insights:{name}", args=[version.document.slug, version.number, *extra])


def test_an_analyst_reads_the_insights_before_the_response_is_published(
    analysed: Corpus, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    html = client.get(page(analysed)).content.decode()
    assert "Analyse the comments again" in html
    assert "Only the organisation’s analysts and editors can see this page" in html
    assert client.get(page(analysed, "export", "csv")).status_code == 200
    assert client.get(page(analysed, "analysis_json")).status_code == 200
    version = analysed.version
    api = f"/api/v1/documents/{version.document.slug}/versions/{version.number}/insights"
    assert client.get(api).json()["state"] == "done"


def test_an_analyst_may_ask_for_a_fresh_analysis(
    corpus: Corpus,
    analyst: User,
    signed_in: Callable[[User], Client],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = signed_in(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page(corpus, "analyse")).status_code == 302
    assert Analysis.objects.get(version=corpus.version).state == Analysis.State.DONE


def test_a_moderator_or_an_analyst_of_another_organisation_is_refused(
    analysed: Corpus,
    moderator: User,
    other_organisation: Organisation,
    client: Client,
) -> None:
    for person in (moderator, make_analyst(other_organisation)):
        client.force_login(person)
        assert client.get(page(analysed)).status_code == 404
        assert client.post(page(analysed, "analyse")).status_code == 404
        assert client.get(page(analysed, "export", "csv")).status_code == 404


def test_an_analyst_still_cannot_edit_the_guidance(
    analysed: Corpus, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    version = analysed.version
    edit = reverse("guidance:edit_version", args=[version.document.slug, version.number])
    assert signed_in(analyst).get(edit).status_code in {403, 404}
