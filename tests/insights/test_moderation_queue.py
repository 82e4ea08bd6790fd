"""A form letter waiting for moderation shows as one more signatory of its campaign, so a
moderator neither drops it as a duplicate nor counts it as a new argument."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parley.accounts.models import User
from parley.discussions.models import Status
from parley.insights.models import Campaign
from tests.insights.conftest import LETTER, Corpus, add_comment


def _queue(moderator: User) -> str:
    client = Client()
    client.force_login(moderator)
    response = client.get("/moderation/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_held_near_copy_of_a_form_letter_is_shown_as_one_more_signatory(
    analysed: Corpus, moderator: User
) -> None:
    discussion = analysed.letter[0].discussion
    copy = add_comment(discussion, LETTER + " thank you", n=900, status=Status.PENDING)
    own_words = add_comment(
        discussion, "The clause is fine but needs an example.", n=901, status=Status.PENDING
    )
    campaign = Campaign.objects.get(template__in=analysed.letter)
    document = analysed.version.document

    page = _queue(moderator)

    card = page.split(f'id="pending-{copy.pk}"', 1)[1].split('class="govuk-summary-card"', 1)[0]
    assert "Nearly the same as a campaign of 6 comments" in card
    link = f"/guidance/{document.slug}/versions/{analysed.version.number}/insights/"
    assert f'href="{link}?campaign={campaign.key}"' in card
    other = page.split(f'id="pending-{own_words.pk}"', 1)[1]
    assert "Nearly the same as a campaign" not in other.split('class="govuk-summary-card"', 1)[0]


def test_the_queue_costs_the_same_queries_for_one_form_letter_or_many(
    analysed: Corpus, moderator: User
) -> None:
    discussion = analysed.letter[0].discussion
    add_comment(discussion, LETTER + " one", n=910, status=Status.PENDING)
    client = Client()
    client.force_login(moderator)
    client.get("/moderation/")  # the session and the site's settings, once
    with CaptureQueriesContext(connection) as one:
        client.get("/moderation/")
    for n in range(911, 920):
        add_comment(discussion, LETTER + f" {n}", n=n, status=Status.PENDING)
    with CaptureQueriesContext(connection) as ten:
        page = client.get("/moderation/").content.decode()

    assert page.count("Nearly the same as a campaign of 6 comments") == 10
    assert len(ten) == len(one)


def test_the_queue_in_welsh_says_so_in_welsh(analysed: Corpus, moderator: User) -> None:
    add_comment(analysed.letter[0].discussion, LETTER + " diolch", n=930, status=Status.PENDING)
    client = Client()
    client.force_login(moderator)
    page = client.get("/moderation/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "Bron yr un fath ag ymgyrch o 6 sylw" in page
