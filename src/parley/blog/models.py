from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parley.bilingual import Shown, choose
from parley.discussions.models import Discussion
from parley.organisations.models import Organisation


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:tag", args=[self.slug])


def _published() -> models.Q:
    """Public posts: published, or scheduled for a time that has come (`Post.is_public`)."""
    return models.Q(
        status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED],
        published_at__lte=timezone.now(),
    )


class PostQuerySet(models.QuerySet["Post"]):
    def published(self) -> "PostQuerySet":
        """Public posts: published, or scheduled for a time that has come."""
        return self.filter(_published())

    def unpublished(self) -> "PostQuerySet":
        """Drafts, and posts scheduled for a time still to come: their discussions are
        not public (`discussions.models.register_owner`)."""
        return self.exclude(_published())

    def newest_first(self) -> "PostQuerySet":
        return self.order_by("-published_at", "-pk")


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    body_markdown = models.TextField()
    body_html = models.TextField()
    title_cy = models.CharField("Welsh title", max_length=200, blank=True)
    body_markdown_cy = models.TextField("Welsh text", blank=True)
    body_html_cy = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="posts")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    discussion = models.OneToOneField(Discussion, on_delete=models.PROTECT, related_name="post")
    like_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PostQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["status", "published_at"], name="post_published")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("blog:post", args=[self.slug])

    @property
    def title_shown(self) -> Shown:
        return choose(self.title, self.title_cy)

    @property
    def body_shown(self) -> Shown:
        return choose(self.body_html, self.body_html_cy)

    @property
    def is_public(self) -> bool:
        return (
            self.status != self.Status.DRAFT
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class PostLike(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_like_per_post")]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.post_id}"
