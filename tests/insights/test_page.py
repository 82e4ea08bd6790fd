"""The insights page: who sees it, its charts and tables, and its constant query count."""

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.insights import services
from parley.insights.models import Analysis
from tests.insights.conftest import Corpus, add_comment, publish_response


def url(corpus: Corpus) -> str:
    return reverse("insights:insights", args=[corpus.version.document.slug, corpus.version.number])


def test_editors_see_charts_each_with_an_accessible_table(
    analysed: Corpus, editor: User, signed_in: Callable[[User], Client]
) -> None:
    response = signed_in(editor).get(url(analysed))
    assert response.status_code == 200
    html = response.content.decode()
    charts = re.findall(r'<svg[^>]*class="parley-chart"[^>]*role="img"[^>]*>\s*<title', html)
    assert len(charts) == 4  # stance twice, timeline, heat
    for table in (
        "stance-table",
        "stance-once-table",
        "campaign-table",
        "theme-table",
        "timeline-table",
        "heat-table",
    ):
        assert f'id="{table}"' in html
    assert html.count("<caption") >= 6
    assert 'scope="row"' in html
    assert 'scope="col"' in html
    assert "<script" not in html.split('id="stance"')[1].split("</main>")[0]


def test_chart_labels_are_drawn_at_16_pixels_or_more_whatever_the_column(
    analysed: Corpus, editor: User, signed_in: Callable[[User], Client]
) -> None:
    html = signed_in(editor).get(url(analysed)).content.decode()

    svgs = re.findall(r"<svg[^>]*class=\"parley-chart\"[^>]*>", html)
    sizes = [float(size) for size in re.findall(r'<text[^>]*font-size="([\d.]+)"', html)]
    assert len(svgs) == 4
    for svg in svgs:  # drawn at its own size (one unit, one pixel), never scaled down
        box = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
        assert box is not None
        assert f'width="{box[1]}" height="{box[2]}"' in svg
    assert sizes
    assert min(sizes) >= 16
    assert html.count('class="parley-chart-frame" role="region" tabindex="0"') == 4
    assert "Campaigns" in html
    assert f"c-{min(c.pk for c in analysed.letter)}" in html
    assert "@example.net" not in html
    assert "198.51.100." not in html


def test_the_page_is_in_welsh_for_welsh_readers(
    analysed: Corpus, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    response = client.get(url(analysed), headers={"accept-language": "cy"})
    html = response.content.decode()
    assert "Ymgyrchoedd" in html
    assert "Safbwynt" in html


@pytest.mark.parametrize("who", ["anonymous", "participant", "other_moderator"])
def test_others_are_refused_until_the_response_is_published(
    analysed: Corpus, editor: User, client: Client, who: str, request: pytest.FixtureRequest
) -> None:
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(url(analysed)).status_code == 404
    publish_response(analysed.version, editor)
    response = client.get(url(analysed))
    assert response.status_code == 200
    assert "Analyse the comments again" not in response.content.decode()


def test_only_editors_can_ask_for_an_analysis(
    corpus: Corpus,
    editor: User,
    participant: User,
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    analyse = reverse(
        "insights:analyse", args=[corpus.version.document.slug, corpus.version.number]
    )
    publish_response(corpus.version, editor)
    client.force_login(participant)
    assert client.post(analyse).status_code == 404
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(analyse)
    assert response.status_code == 302
    assert Analysis.objects.get(version=corpus.version).state == Analysis.State.DONE
    assert "Analysed" in client.get(url(corpus)).content.decode()


def test_before_an_analysis_the_page_says_so(
    corpus: Corpus, editor: User, signed_in: Callable[[User], Client]
) -> None:
    html = signed_in(editor).get(url(corpus)).content.decode()
    assert 'id="not-analysed"' in html
    assert 'id="result-table"' in html  # search works without an analysis


def test_search_on_the_page(
    analysed: Corpus, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    html = client.get(url(analysed), {"q": "budget", "stance": "support"}).content.decode()
    assert "1 comment found" in html
    assert "training budget" in html


def queries_for(client: Client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_the_number_of_comments(
    analysed: Corpus, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(editor)
    few = queries_for(client, url(analysed))
    clause = analysed.version.clauses.get(position=4)
    for n in range(40):
        add_comment(
            clause.discussion,
            f"Distinct remark {n} on cover for weekends and holidays.",
            stance="support",
            n=n + 300,
        )
        add_comment(analysed.version.discussion, "I am writing to object " * 5, n=n + 400)
    services.analyse(version=analysed.version)
    many = queries_for(client, url(analysed))
    assert few == many
    assert queries_for(client, url(analysed) + "?q=weekends&clause=4&page=2") <= many + 2


def test_the_version_page_links_to_insights_for_editors_and_after_the_response(
    analysed: Corpus, editor: User, client: Client
) -> None:
    version_url = analysed.version.get_absolute_url()
    assert url(analysed) not in client.get(version_url).content.decode()
    client.force_login(editor)
    assert url(analysed) in client.get(version_url).content.decode()
    client.logout()
    publish_response(analysed.version, editor)
    assert url(analysed) in client.get(version_url).content.decode()


def test_campaigns_are_named_by_the_opening_words_of_their_text(
    analysed: Corpus, editor: User, signed_in: Callable[[User], Client]
) -> None:
    html = signed_in(editor).get(url(analysed)).content.decode()
    table = html.split('id="campaign-table"')[1].split("</table>")[0]

    assert "“I am writing to object to this clause…”" in table
    assert not re.search(r">c-\d+<", table)
