from django.conf import settings
from django.db import models
from django.utils import timezone

from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.wiki.models import Page


class WordPressItem(models.Model):
    """What one WordPress object (post, page, comment, author) became here.

    Keyed by the site it came from and its WordPress id, so importing the same export
    again finds everything already there, and old WordPress addresses can be redirected.
    """

    class Kind(models.TextChoices):
        POST = "post", "Post"
        PAGE = "page", "Page"
        COMMENT = "comment", "Comment"
        AUTHOR = "author", "Author"

    site = models.CharField(max_length=300, help_text="The export's base blog URL.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    wp_id = models.PositiveBigIntegerField()
    # The path of the old address (`/2009/06/slug/`), for redirects; posts and pages only.
    permalink = models.CharField(max_length=500, blank=True, db_index=True)
    # "", "pingback" or "trackback": a mention of the post on another site.
    comment_type = models.CharField(max_length=20, blank=True)
    # What has no field of ours (an excerpt, a mention's own text, comment meta kept as
    # opaque text and never unserialised), so an export can give it back.
    extra = models.JSONField(default=dict, blank=True)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.OneToOneField(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="wordpress"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="wordpress_item_unique")
        ]
        # Old addresses (`/?p=123`) carry no site: redirects look up by kind and id.
        indexes = [models.Index(fields=["kind", "wp_id"], name="wordpress_item_old_id")]

    def __str__(self) -> str:
        return f"{self.kind} {self.wp_id} from {self.site}"


class DisqusPost(models.Model):
    """A comment imported from a Disqus export, keyed by its Disqus post id (Disqus's ids
    are unique across forums), so importing the same export again adds nothing."""

    disqus_id = models.PositiveBigIntegerField(unique=True)
    thread_id = models.PositiveBigIntegerField(help_text="The Disqus thread it was written on.")
    forum = models.CharField(max_length=100, blank=True, help_text="The Disqus forum's short name.")
    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Disqus post {self.disqus_id}"
