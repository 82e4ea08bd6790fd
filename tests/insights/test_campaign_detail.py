"""A campaign's own page and GET /api/v1/campaigns/{id}: the found template, each
member's additions and removals, personal words first; the insights page's readers only."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parley.accounts.models import User
from parley.discussions.models import Comment, Status
from parley.insights import services
from parley.insights.models import Campaign
from parley.validation import Rejected
from tests.insights.conftest import LETTER, Corpus, add_comment, publish_response
from tests.insights.test_api import bearer

PERSONAL = (
    "I am a wheelchair user and I could not find out who decided to close the lift at the "
    "station last winter, or how to complain about it."
)


@pytest.fixture
def personal(corpus: Corpus) -> Comment:
    """A signatory who added a whole paragraph of their own before the letter."""
    clause = corpus.version.clauses.order_by("position").first()
    assert clause is not None
    return add_comment(clause.discussion, PERSONAL + "\n\n" + LETTER, stance="oppose", n=900)


def letter_campaign(corpus: Corpus) -> Campaign:
    return Campaign.objects.get(key=f"c-{corpus.letter[0].pk}")


def test_a_member_with_a_paragraph_of_their_own_joins_the_campaign_and_it_is_marked_added(
    corpus: Corpus, personal: Comment
) -> None:
    services.analyse(version=corpus.version)
    campaign = letter_campaign(corpus)
    assert campaign.size == 7
    assert LETTER in campaign.template_text
    assert personal.placement.campaign == campaign
    personal.placement.refresh_from_db()
    assert personal.placement.added == [PERSONAL]
    assert personal.placement.removed == []


def test_the_api_gives_the_template_and_members_most_personal_first(
    corpus: Corpus, personal: Comment, editor: User, client: Client
) -> None:
    services.analyse(version=corpus.version)
    insights = client.get(
        f"/api/v1/documents/{corpus.version.document.slug}/versions/{corpus.version.number}"
        "/insights",
        headers=bearer(editor),
    ).json()
    url = insights["campaigns"][0]["url"]
    assert url == f"/api/v1/campaigns/c-{corpus.letter[0].pk}"
    response = client.get(url, headers=bearer(editor))
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"id", "size", "template", "members"}
    assert data["id"] == f"c-{corpus.letter[0].pk}"
    assert data["size"] == 7
    assert LETTER in data["template"]
    first = data["members"][0]
    # The comment contract, extended for formal responses: kind, and a response's own fields.
    assert set(first) == {"id", "number", "discussion", "added", "removed"} | {
        "kind",
        "response",
        "channel",
    }
    assert (first["kind"], first["response"], first["channel"]) == ("comment", None, None)
    assert first["id"] == personal.pk
    assert first["number"] == personal.number
    assert first["discussion"] == personal.discussion_id
    assert first["added"] == [PERSONAL]
    assert "@" not in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "other_moderator"])
def test_others_get_a_json_404_until_the_response_is_published(
    analysed: Corpus, editor: User, client: Client, who: str, request: pytest.FixtureRequest
) -> None:
    headers = {} if who == "anonymous" else bearer(request.getfixturevalue(who))
    url = f"/api/v1/campaigns/c-{analysed.letter[0].pk}"
    response = client.get(url, headers=headers)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    page = letter_page(analysed)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(page).status_code == 404
    publish_response(analysed.version, editor)
    assert client.get(url, headers=headers).status_code == 200
    assert client.get(page).status_code == 200


def test_an_unknown_campaign_is_a_json_404(analysed: Corpus, editor: User, client: Client) -> None:
    for key in ("c-999999", "nonsense", "c-" + "9" * 60):
        response = client.get(f"/api/v1/campaigns/{key}", headers=bearer(editor))
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")


def test_hidden_comments_never_appear(analysed: Corpus, editor: User, client: Client) -> None:
    hidden = analysed.letter[-1]
    Comment.objects.filter(pk=hidden.pk).update(status=Status.REMOVED)
    data = client.get(f"/api/v1/campaigns/c-{analysed.letter[0].pk}", headers=bearer(editor)).json()
    assert hidden.pk not in [m["id"] for m in data["members"]]
    assert data["size"] == 5
    client.force_login(editor)
    assert f"#c{hidden.pk}" not in client.get(letter_page(analysed)).content.decode()


def letter_page(corpus: Corpus) -> str:
    version = corpus.version
    return (
        f"/guidance/{version.document.slug}/versions/{version.number}/insights/campaigns/"
        f"c-{corpus.letter[0].pk}/"
    )


def test_the_page_marks_additions_for_every_reader_in_english_and_welsh(
    corpus: Corpus, personal: Comment, editor: User, client: Client
) -> None:
    services.analyse(version=corpus.version)
    client.force_login(editor)
    html = client.get(letter_page(corpus)).content.decode()
    assert '<span class="govuk-visually-hidden">Added: </span>' in html
    assert PERSONAL in html
    members = html[html.index('id="member-list"') :]
    assert members.index(f"Comment {personal.number} by") < members.index(
        f"Comment {corpus.letter[0].number} by"
    )
    welsh = client.get(letter_page(corpus), headers={"Accept-Language": "cy"}).content.decode()
    assert "Ychwanegwyd:" in welsh


def test_the_page_costs_the_same_queries_whatever_the_number_of_members(
    corpus: Corpus, editor: User, client: Client
) -> None:
    services.analyse(version=corpus.version)
    client.force_login(editor)
    client.get(letter_page(corpus))  # caches of the first request of all left aside
    with CaptureQueriesContext(connection) as few:
        assert client.get(letter_page(corpus)).status_code == 200
    clause = corpus.version.clauses.order_by("position").first()
    assert clause is not None
    for n in range(10):
        add_comment(clause.discussion, f"Signatory {n} here. " + LETTER, n=800 + n)
    services.analyse(version=corpus.version)
    with CaptureQueriesContext(connection) as many:
        assert client.get(letter_page(corpus)).status_code == 200
    assert len(many) == len(few)


def test_a_threshold_outside_0_to_1_is_refused_and_nothing_changes(analysed: Corpus) -> None:
    before = list(Campaign.objects.values_list("key", "size"))
    for bad in (0, -0.5, 1.5, float("nan")):
        with pytest.raises(Rejected) as refused:
            services.analyse(version=analysed.version, threshold=bad)
        assert "threshold" in refused.value.errors
    assert list(Campaign.objects.values_list("key", "size")) == before


def test_a_new_signatory_with_their_own_words_is_attached_to_the_campaign(
    analysed: Corpus,
) -> None:
    clause = analysed.version.clauses.order_by("position").first()
    assert clause is not None
    comment = add_comment(clause.discussion, LETTER + "\n\n" + PERSONAL, n=950)
    campaign = services.attach_comment(comment=comment)
    assert campaign == letter_campaign(analysed)
    comment.placement.refresh_from_db()
    assert comment.placement.added == [PERSONAL]
