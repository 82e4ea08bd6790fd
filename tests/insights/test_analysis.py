"""The full analysis of a consultation, through the real models and the background task."""

from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.insights import services, tasks
from parley.insights.models import Analysis, Campaign, Placement
from tests.insights.conftest import Corpus, analysis


def test_planted_campaigns_are_found_with_exactly_their_members(analysed: Corpus) -> None:
    campaigns = {c.size: c for c in Campaign.objects.filter(analysis__version=analysed.version)}
    assert set(campaigns) == {6, 3}
    letter, short = campaigns[6], campaigns[3]
    members = {
        campaign.key: set(
            Placement.objects.filter(campaign=campaign).values_list("comment_id", flat=True)
        )
        for campaign in (letter, short)
    }
    assert members[letter.key] == {c.pk for c in analysed.letter}
    assert members[short.key] == {c.pk for c in analysed.short_letter}
    assert letter.key == f"c-{min(c.pk for c in analysed.letter)}"
    assert letter.template_id in members[letter.key]
    assert letter.variant_count == 5  # two exact copies share one wording
    assert short.variant_count == 1
    assert letter.first_seen == analysed.letter[0].created_at
    assert letter.last_seen == analysed.letter[-1].created_at


def test_distinct_comments_are_in_no_campaign(analysed: Corpus) -> None:
    distinct = [c.pk for c in analysed.privacy + analysed.training]
    assert not Placement.objects.filter(comment_id__in=distinct, campaign__isnull=False).exists()
    assert Placement.objects.filter(comment_id__in=distinct).count() == len(distinct)


def test_themes_are_found_and_a_campaign_counts_once(analysed: Corpus) -> None:
    result = analysis(analysed.version)
    themes = list(result.themes.all())
    assert themes, result.summary
    theme_members = sum(theme.size for theme in themes)
    # 8 distinct comments plus one template per campaign: never the 9 campaign members.
    assert theme_members <= 8 + 2
    for theme in themes:
        assert theme.terms
        assert all(isinstance(term, str) for term in theme.terms)
        assert 1 <= len(theme.representatives) <= 3
        assert theme.clauses
    # Every member of a campaign shares its template's theme.
    for campaign in result.campaigns.all():
        assert campaign.template_id is not None
        template_theme = Placement.objects.get(comment_id=campaign.template_id).theme_id
        assert set(campaign.placements.values_list("theme_id", flat=True)) == {template_theme}


def test_themes_are_the_same_when_run_again(analysed: Corpus) -> None:
    first = [(t.key, t.terms, t.size) for t in analysis(analysed.version).themes.all()]
    services.analyse(version=analysed.version)
    again = [(t.key, t.terms, t.size) for t in analysis(analysed.version).themes.all()]
    assert first == again


def test_stance_counts_every_comment_and_each_campaign_once(analysed: Corpus) -> None:
    stance = analysis(analysed.version).summary["stance"]
    rows = {row["clause"]: row for row in stance["clauses"]}
    assert rows["1"]["comments"]["oppose"] == 6
    assert rows["1"]["campaigns_once"]["oppose"] == 1  # one argument, six signatories
    assert rows["document"]["comments"]["support"] == 3
    assert rows["document"]["campaigns_once"]["support"] == 1
    assert rows["2"]["comments"]["neutral"] == rows["2"]["campaigns_once"]["neutral"] == 4
    assert stance["totals"]["comments"] == {"support": 7, "oppose": 6, "neutral": 4, "none": 0}
    assert stance["totals"]["campaigns_once"] == {
        "support": 5,
        "oppose": 1,
        "neutral": 4,
        "none": 0,
    }


def test_timeline_has_every_day_and_heat_ranks_clauses(analysed: Corpus) -> None:
    summary = analysis(analysed.version).summary
    assert sum(day["total"] for day in summary["timeline"]) == 17
    days = [day["day"] for day in summary["timeline"]]
    assert days == sorted(days)
    assert len(days) >= 3
    heat = {cell["clause"]: cell for cell in summary["heat"]}
    assert heat["1"]["count"] == 6
    assert heat["1"]["level"] == 5
    assert heat["4"]["count"] == 0
    assert heat["4"]["level"] == 0


def test_requesting_an_analysis_runs_it_in_the_background_after_commit(
    corpus: Corpus, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = services.request_analysis(version=corpus.version)
        assert queued.state == Analysis.State.QUEUED
    assert len(callbacks) == 1
    result = analysis(corpus.version)
    assert result.state == Analysis.State.DONE
    assert result.comment_count == 17
    assert result.campaigns.count() == 2


def test_the_task_analyses_by_id(corpus: Corpus) -> None:
    assert tasks.analyse_version.call(corpus.version.pk) == 17
    assert tasks.analyse_version.call(999999) == 0


def test_comments_not_public_are_left_out(corpus: Corpus) -> None:
    hidden = corpus.privacy[0]
    hidden.status = "spam"
    hidden.save()
    result = services.analyse(version=corpus.version)
    assert result.comment_count == 16
    assert not Placement.objects.filter(comment=hidden).exists()
