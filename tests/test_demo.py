from io import StringIO

from django.core.management import call_command

from parley.blog.models import Post
from parley.discussions.models import Comment, Mention, Status


def test_demo_content_has_a_post_with_a_lively_discussion(db, settings, tmp_path) -> None:
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


def test_running_the_demo_twice_changes_nothing(db, settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
    call_command("demo", stdout=StringIO())
    counts = (Post.objects.count(), Comment.objects.count())
    second = StringIO()
    call_command("demo", stdout=second)
    assert "nothing changed" in second.getvalue()
    assert (Post.objects.count(), Comment.objects.count()) == counts


def test_the_demo_council_adopted_version_1_and_sees_what_to_review(
    db, settings, tmp_path, client
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
    assert "Section ‘Acknowledging letters’ relies on clause 1, which was reworded" in page
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
