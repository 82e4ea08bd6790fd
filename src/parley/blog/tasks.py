"""Background work telling people about new posts.

A post published at once is announced when it is saved; a scheduled one becomes public
by the clock, so `announce_due_posts` runs periodically (`parley send-notifications`).
Each post is announced once, however often either runs.
"""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from parley.bilingual import choose
from parley.blog.models import Post
from parley.notifications import services as notifications
from parley.notifications.models import Kind, Target

RECENT = timedelta(days=7)  # older posts are not worth announcing late


def _title(post: Post) -> str:
    """The post's title, lazily: read in the language active when it is used."""
    return lazy(lambda: choose(post.title, post.title_cy).text, str)()


@task()
def announce_post(post_id: int) -> int:
    """Tell the site's and the organisation's followers of a public post; how many."""
    post = Post.objects.select_related("organisation", "author").filter(pk=post_id).first()
    if post is None or not post.is_public or not notifications.announce_once(f"post:{post.pk}"):
        return 0
    # Lazy texts: each follower reads them in their own language (and the Welsh title
    # when the post has one).
    title = _title(post)
    summary = format_lazy(
        _("{organisation} published ‘{title}’."), organisation=post.organisation.name, title=title
    )
    news = notifications.News(
        kind=Kind.POST,
        subject=format_lazy(_("New post: {title}"), title=title),
        text=summary,
        html=format_lazy("<p>{}</p>", escape(summary)),
        url=post.get_absolute_url(),
        group="posts",
        group_title=_("New posts"),
    )
    author = [post.author.email] if post.author else []
    told = notifications.notify(
        news=news, followers_of=(Target.ORGANISATION, post.organisation_id), exclude=author
    )
    told |= notifications.notify(news=news, followers_of=(Target.SITE, 0), exclude=[*author, *told])
    return len(told)


@task()
def announce_due_posts() -> int:
    """Announce scheduled posts whose time has come (and any not yet announced)."""
    since = timezone.now() - RECENT
    due = Post.objects.published().filter(published_at__gte=since).values_list("pk", flat=True)
    return sum(announce_post.call(pk) for pk in due)
