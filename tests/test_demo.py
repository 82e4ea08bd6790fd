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
