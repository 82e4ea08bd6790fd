import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parley.bilingual import Shown, choose
from parley.discussions.models import Comment, Discussion
from parley.organisations.models import Organisation


class Document(models.Model):
    """A piece of guidance, such as a set of principles, revised in numbered versions."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    title_cy = models.CharField("Welsh title", max_length=200, blank=True)
    summary_cy = models.TextField("Welsh summary", blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="documents"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guidance:document", args=[self.slug])

    @property
    def title_shown(self) -> Shown:
        return choose(self.title, self.title_cy)

    @property
    def summary_shown(self) -> Shown:
        return choose(self.summary, self.summary_cy)


class VersionQuerySet(models.QuerySet["Version"]):
    def public(self) -> "VersionQuerySet":
        """Versions anyone may read: all but drafts."""
        return self.exclude(status=Version.Status.DRAFT)

    def drafts(self) -> "VersionQuerySet":
        """Versions only their editors may read: their discussions and their clauses' are
        not public (`discussions.models.register_owner`)."""
        return self.filter(status=Version.Status.DRAFT)


class Version(models.Model):
    """One version of a document: draft → consultation → published → superseded.

    Under consultation, whether it is scheduled, open or closed follows from
    `opens_at` and `closes_at` and the clock, so closing needs no one to act.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("Consultation")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    introduction_markdown = models.TextField(blank=True)
    introduction_html = models.TextField(blank=True)
    introduction_markdown_cy = models.TextField("Welsh introduction", blank=True)
    introduction_html_cy = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    discussion = models.OneToOneField(
        Discussion, on_delete=models.PROTECT, related_name="guidance_version"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("guidance:version", args=[self.document.slug, self.number])

    @property
    def phase(self) -> str:
        """draft, scheduled, open, closed, published or superseded."""
        if self.status != self.Status.CONSULTATION:
            return self.status
        now = timezone.now()
        if self.opens_at and now < self.opens_at:
            return "scheduled"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"

    @property
    def phase_label(self) -> str:
        return str(
            {
                "scheduled": _("Consultation scheduled"),
                "open": _("Open for comments"),
                "closed": _("Consultation closed"),
            }.get(self.phase, self.get_status_display())
        )

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def introduction_shown(self) -> Shown:
        return choose(self.introduction_html, self.introduction_html_cy)


class Clause(models.Model):
    """A numbered clause. Its `lineage` stays the same across versions, whatever changes."""

    class Origin(models.TextChoices):
        SPLIT = "split", _("Split from")
        MERGE = "merge", _("Merged from")

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveIntegerField()
    number = models.CharField(max_length=20)
    heading = models.CharField(max_length=200, blank=True)
    body_markdown = models.TextField()
    body_html = models.TextField()
    heading_cy = models.CharField("Welsh heading", max_length=200, blank=True)
    body_markdown_cy = models.TextField("Welsh text", blank=True)
    body_html_cy = models.TextField(blank=True)
    lineage = models.UUIDField(default=uuid.uuid4)
    origin = models.CharField(max_length=10, choices=Origin.choices, blank=True)
    origin_lineages = models.JSONField(
        default=list, blank=True, help_text="Lineages this clause was split or merged from."
    )
    discussion = models.OneToOneField(
        Discussion, on_delete=models.PROTECT, related_name="guidance_clause"
    )

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "lineage"], name="clause_lineage_unique"),
            models.UniqueConstraint(fields=["version", "number"], name="clause_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.heading}" if self.heading else f"Clause {self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "guidance:clause", args=[self.version.document.slug, self.version.number, self.number]
        )

    @property
    def heading_shown(self) -> Shown:
        return choose(self.heading, self.heading_cy)

    @property
    def body_shown(self) -> Shown:
        return choose(self.body_html, self.body_html_cy)

    @property
    def depth(self) -> int:
        return self.number.count(".")


class GuidanceChange(models.Model):
    """Who changed what in a document, and when; rows are only ever added."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="changes")
    version = models.ForeignKey(Version, null=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=60)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} on {self.document_id}"


class Response(models.Model):
    """The body's answer to a consultation: "you said, we did"."""

    version = models.OneToOneField(Version, on_delete=models.CASCADE, related_name="response")
    summary_markdown = models.TextField(blank=True)
    summary_html = models.TextField(blank=True)
    next_version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="responds_to"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Response to {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("guidance:response", args=[self.version.document.slug, self.version.number])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ClauseResponse(models.Model):
    """For one clause (by lineage): what was heard, what changed, and who asked for it."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="clauses")
    lineage = models.UUIDField()
    heard_markdown = models.TextField(blank=True)
    heard_html = models.TextField(blank=True)
    changed_markdown = models.TextField(blank=True)
    changed_html = models.TextField(blank=True)
    comments = models.ManyToManyField(Comment, blank=True, related_name="clause_responses")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "lineage"], name="one_answer_per_clause")
        ]

    def __str__(self) -> str:
        return f"{self.response} — {self.lineage}"


class Adoption(models.Model):
    """An organisation's adoption of a published version of a document. Adopting a later
    version updates the same row, so there is one per organisation and document."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="adoptions"
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="adoptions")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="adoptions")
    adopted_on = models.DateField()
    statement = models.TextField(blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "document"], name="one_adoption_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} adopted {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("guidance:adoption", args=[self.document.slug, self.organisation.slug])


class OperationalSection(models.Model):
    """A section of an adopter's operational guidance, mapped to clause lineages.

    Its text lives elsewhere (a wiki page), named by `key` and linked by `url`, so
    guidance need not know the wiki. `needs_review` is set when a newly published
    version changes a clause it relies on, and cleared when the new version is adopted."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=100)
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=500, blank=True)
    lineages = models.JSONField(default=list, blank=True)
    needs_review = models.BooleanField(default=False)
    review_reasons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["adoption", "title"]
        constraints = [
            models.UniqueConstraint(fields=["adoption", "key"], name="one_section_per_key")
        ]

    def __str__(self) -> str:
        return self.title
