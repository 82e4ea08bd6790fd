from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db.models import Q
from django.test import Client
from django.test.html import parse_html
from pytest_django import Settings

from parley.blog.models import Post
from parley.discussions.models import Comment, Mention, Status
from tests.html import text

PRINCIPLES = "principles-for-taking-part-online"
DOCUMENT = "standards-for-answering-public-correspondence"


def test_demo_content_has_a_post_with_a_lively_discussion(
    db: None, settings: Settings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    output = StringIO()
    call_command("demo", stdout=output)
    assert "Demo content loaded" in output.getvalue()
    post = Post.objects.published().get(title="Principles for taking part online")
    comments = Comment.objects.filter(discussion=post.discussion, status=Status.APPROVED)
    assert comments.count() >= 6
    assert comments.filter(user__isnull=False).exists()
    assert comments.filter(user__isnull=True).exists()
    assert comments.filter(depth=1).exists()
    assert comments.filter(depth__gte=2).exists()
    assert Mention.objects.filter(comment__discussion=post.discussion).exists()
    assert Comment.objects.filter(status=Status.PENDING).exists()


def test_running_the_demo_twice_changes_nothing(
    db: None, settings: Settings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    call_command("demo", stdout=StringIO())
    counts = (Post.objects.count(), Comment.objects.count())
    second = StringIO()
    call_command("demo", stdout=second)
    assert "nothing changed" in second.getvalue()
    assert (Post.objects.count(), Comment.objects.count()) == counts


def test_the_demo_council_adopted_version_1_and_sees_what_to_review(
    db: None, settings: Settings, tmp_path: Path, client: Client
) -> None:
    from parley.guidance.models import Adoption

    settings.VAR_DIR = tmp_path
    call_command("demo", stdout=StringIO())

    adoption = Adoption.objects.get(organisation__slug="northfield")
    assert adoption.version.number == 1
    assert adoption.document.versions.get(number=2).status == "published"
    to_review = {s.title: s.review_reasons for s in adoption.sections.filter(needs_review=True)}
    assert to_review == {
        "Acknowledging letters": ["clause 1, which was reworded"],
        "Filing replies": ["clause 4, which was removed"],
    }
    page = client.get(adoption.get_absolute_url()).content.decode()
    assert "Section ‘Acknowledging letters’ relies on clause 1, which was reworded" in text(
        parse_html(page)
    )
    wiki = client.get("/wiki/site/out-of-hours-rota/").content.decode()
    assert "Out-of-hours rota" in wiki
    for address in [
        "/wiki/",
        "/wiki/northfield/",
        "/wiki/northfield/acknowledging-letters/",
        "/organisations/",
        "/organisations/northfield/",
        "/guidance/standards-for-answering-public-correspondence/adopters/",
        "/guidance/principles-for-taking-part-online/versions/1/clauses/4/",
    ]:
        assert client.get(address).status_code == 200, address


def test_the_demo_tells_one_story_in_order(
    db: None, settings: Settings, tmp_path: Path, client: Client
) -> None:
    """Every comment inside its consultation's window and after its post, nothing in the
    future, and clause 4 called the same everywhere a reader meets it."""
    from django.utils import timezone

    from parley.guidance.models import Response, Version

    settings.VAR_DIR = tmp_path
    call_command("demo", stdout=StringIO())
    now = timezone.now()

    assert not Comment.objects.filter(created_at__gt=now).exists()
    for version in Version.objects.filter(opens_at__isnull=False):
        comments = Comment.objects.filter(
            Q(discussion__guidance_version=version)
            | Q(discussion__guidance_clause__version=version)
        )
        assert comments.exists(), version
        assert version.opens_at is not None
        assert version.closes_at is not None
        for comment in comments:
            assert version.opens_at <= comment.created_at <= version.closes_at, (version, comment)
    for post in Post.objects.filter(status=Post.Status.PUBLISHED):
        assert post.published_at is not None
        assert post.published_at <= now
        assert not Comment.objects.filter(
            discussion=post.discussion, created_at__lt=post.published_at
        ).exists()
    letters = Version.objects.get(document__slug=DOCUMENT, number=1)
    adoption = letters.adoptions.get()
    response = Response.objects.get(version=letters)
    second = Version.objects.get(document__slug=DOCUMENT, number=2)
    assert letters.closes_at is not None
    assert letters.published_at is not None
    assert second.published_at is not None
    assert response.published_at is not None
    assert letters.closes_at < letters.published_at
    assert letters.published_at.date() <= adoption.adopted_on
    assert adoption.adopted_on < second.published_at.date()
    assert letters.closes_at < response.published_at <= now

    clause = Version.objects.get(document__slug=PRINCIPLES, number=1).clauses.get(number="4")
    post = Post.objects.get(slug=PRINCIPLES)
    assert f"**{clause.heading}.**" in post.body_markdown
    assert clause.heading in client.get(clause.get_absolute_url()).content.decode()
    wiki = client.get("/wiki/site/out-of-hours-rota/").content.decode()
    assert f'href="{clause.get_absolute_url()}"' in wiki
    assert clause.heading in wiki
    assert "/versions/2/" not in wiki
    # The principles' consultation comes with its impact assessment, a real one-page PDF.
    principles = client.get(f"/guidance/{PRINCIPLES}/").content.decode()
    assert "Impact assessment" in principles
    assert "PDF, " in principles
    assert "mailto:accessibility@demo.invalid" in principles


def test_the_demo_has_a_campaign_whose_members_added_their_own_sentences(
    db: None, settings: Settings, tmp_path: Path
) -> None:
    from parley.insights.models import Campaign, Placement

    settings.VAR_DIR = tmp_path
    call_command("demo", stdout=StringIO())
    campaign = Campaign.objects.get(size=5)
    assert "line between work and personal accounts" in campaign.template_text
    added = [p.added for p in Placement.objects.filter(campaign=campaign) if p.added]
    assert len(added) == 2
    assert ["Please publish the Welsh version of this guidance on the same day."] in added


def test_the_demo_response_cites_a_merged_and_a_hand_made_theme(
    db: None, settings: Settings, tmp_path: Path, client: Client
) -> None:
    from parley.insights.models import AnalystAction, FrameTheme

    settings.VAR_DIR = tmp_path
    call_command("demo", stdout=StringIO())
    themes = {t.name: t.origin for t in FrameTheme.objects.filter(version__document__slug=DOCUMENT)}
    # Beside the analysts' two, the theme the analysis found among the formal responses.
    assert {"Reply deadlines": "merged", "A named person to write to": "analyst"}.items() <= (
        themes.items()
    )
    assert set(themes.values()) == {"merged", "analyst", "engine"}
    assert AnalystAction.objects.filter(action="merge_themes").exists()
    html = client.get(f"/guidance/{DOCUMENT}/versions/1/response/").content.decode()
    assert "1 comment in the theme “Reply deadlines”" in html
    assert "1 comment in the theme “A named person to write to”" in html
    assert f"/guidance/{DOCUMENT}/versions/1/insights/?code=" in html
