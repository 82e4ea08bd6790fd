"""What the analysis of a consultation found, stored so pages, exports and the API only read.

A consultation is a guidance version: the comments on its whole-document discussion and on
its clauses' discussions. Each full run replaces the previous results of that version; a
comment approved between runs is attached to a campaign at once (`services.attach_comment`).
"""

import html

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from parley.consultations.models import Response
from parley.discussions.models import Comment
from parley.guidance.models import ClauseResponse, Version

CAMPAIGN_LABEL_WORDS = 8


class Analysis(models.Model):
    """The latest analysis of one version's comments, and the index new comments are matched
    against."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    version = models.OneToOneField(Version, on_delete=models.CASCADE, related_name="analysis")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    requested_at = models.DateTimeField(default=timezone.now)
    # The id of the queued task's result (`services.request_analysis`), to tell at once
    # whether it will still run; empty until it is queued.
    task_id = models.CharField(max_length=64, blank=True, default="")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The minimum share of a campaign's template a comment contains to be one of its members.
    threshold = models.FloatField(default=0.7)
    comment_count = models.PositiveIntegerField(default=0)
    attached_since = models.PositiveIntegerField(
        default=0, help_text="Comments attached one by one since the last full analysis."
    )
    # Stance per clause, the timeline, heat and notes, as computed at `finished_at` (the
    # shape is `services.Summary`); campaigns and themes are rows, for search filters.
    summary = models.JSONField(default=dict, blank=True)
    # engine.CampaignIndex.to_bytes(): every analysed comment, for matching new ones. Written
    # by the full analysis only; comments attached since are `IndexEntry` rows beside it.
    campaign_index = models.BinaryField(blank=True, default=b"")

    class Meta:
        verbose_name_plural = "analyses"

    def __str__(self) -> str:
        return f"Analysis of {self.version_id} ({self.state})"


class Campaign(models.Model):
    """Near-identical comments: one argument with `size` signatories."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="campaigns")
    key = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    # Its most typical comment; a campaign whose members are all formal responses has none
    # and names its most typical response instead (never shown outside the organisation).
    template = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    template_response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    variant_count = models.PositiveIntegerField(default=1)
    # The text most of its members share, found by the engine (`engine.template`): its
    # passages, in the words of the member that contains most of them.
    template_passages = models.JSONField(default=list, blank=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()

    class Meta:
        ordering = ["-size", "key"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "key"], name="campaign_key_unique"),
            models.CheckConstraint(
                condition=Q(template__isnull=False, template_response__isnull=True)
                | Q(template__isnull=True, template_response__isnull=False),
                name="campaign_template_comment_or_response",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.size})"

    @property
    def template_text(self) -> str:
        return "\n\n".join(self.template_passages)

    @property
    def label(self) -> str:
        """What people call the campaign: its most typical text's opening words."""
        if self.template is None:  # formal responses only: its shared text
            text = " ".join(self.template_text.split())
        else:
            text = " ".join(html.unescape(strip_tags(self.template.body_html)).split())
        return Truncator(text).words(CAMPAIGN_LABEL_WORDS, truncate="…")


class Theme(models.Model):
    """A topic running through the comments that are not campaigns (each campaign counts once,
    by its template)."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="themes")
    key = models.CharField(max_length=40)
    terms = models.JSONField(default=list)
    size = models.PositiveIntegerField()
    representatives = models.JSONField(default=list, help_text="Comment ids, closest first.")
    clauses = models.JSONField(default=list, help_text="Clause numbers its comments are about.")

    class Meta:
        ordering = ["-size", "key"]
        constraints = [models.UniqueConstraint(fields=["analysis", "key"], name="theme_key_unique")]

    def __str__(self) -> str:
        return f"{self.key}: {', '.join(self.terms)}"

    @property
    def label(self) -> str:
        return ", ".join(self.terms)


class Placement(models.Model):
    """Where one analysed comment, or one counted formal response (of any channel), landed:
    its campaign and its theme, either may be none. Exactly one of comment and response."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="placements")
    comment = models.OneToOneField(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="placement"
    )
    response = models.OneToOneField(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="placement"
    )
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    # In a campaign: the passages this comment added to its template and left out of it,
    # and how many words it added (the campaign page lists the most personal first).
    added = models.JSONField(default=list, blank=True)
    removed = models.JSONField(default=list, blank=True)
    added_words = models.PositiveIntegerField(default=0)
    # The reasons or evidence it gives (`engine.evidence`): each kind found, between commas
    # (",statistic,source,"), so either database filters on one; and the signs that matched.
    evidence_kinds = models.CharField(max_length=60, blank=True, default="")
    evidence = models.JSONField(default=list, blank=True)

    class Meta:
        indexes = [models.Index(fields=["analysis", "campaign"], name="placement_campaign")]
        constraints = [
            models.CheckConstraint(
                condition=Q(comment__isnull=False, response__isnull=True)
                | Q(comment__isnull=True, response__isnull=False),
                name="placement_comment_or_response",
            )
        ]

    def __str__(self) -> str:
        item = self.comment_id if self.comment_id else f"response {self.response_id}"
        return f"{item} in {self.campaign_id}/{self.theme_id}"


class IndexEntry(models.Model):
    """A comment attached since the last full analysis, as the campaign index holds it
    (`engine.CampaignIndex.add_entry`): attaching a comment writes this row, not the index."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="index_entries")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    entry = models.BinaryField()

    class Meta:
        verbose_name_plural = "index entries"

    def __str__(self) -> str:
        return f"{self.comment_id} in the index of {self.analysis_id}"


class FrameTheme(models.Model):
    """A theme of the analysts' coding frame of one version (`insights.frame`).

    The frame starts as the analysis's themes. Once a person changes it (a theme renamed,
    merged, split, made or linked, a comment coded by hand) it is the analysts': a new
    analysis keeps every theme and only suggests new comments into them."""

    class Origin(models.TextChoices):
        ENGINE = "engine", "Found by the analysis"
        ANALYST = "analyst", "Made by an analyst"
        MERGED = "merged", "Merged by an analyst"
        SPLIT = "split", "Split off by an analyst"

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="frame_themes")
    name = models.CharField(max_length=120)
    # Words that say what it is about: the analysis's terms, for suggesting comments.
    terms = models.JSONField(default=list, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.ENGINE)
    engine_key = models.CharField(max_length=40, blank=True, default="")
    edited = models.BooleanField(default=False)
    # Clause lineages (strings of UUIDs): the theme follows each clause into later versions.
    lineages = models.JSONField(default=list, blank=True)
    responses = models.ManyToManyField(ClauseResponse, blank=True, related_name="+")
    # Optimistic locking: every change to the theme names the revision it saw and bumps it.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Coding(models.Model):
    """One comment coded with one theme: by hand, or suggested by the analysis."""

    class Source(models.TextChoices):
        HAND = "hand", "By hand"
        SUGGESTED = "suggested", "Suggested"

    theme = models.ForeignKey(FrameTheme, on_delete=models.CASCADE, related_name="codings")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="codings"
    )
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="codings"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SUGGESTED)
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["theme", "comment"], name="coding_unique"),
            models.UniqueConstraint(
                fields=["theme", "response"],
                condition=Q(response__isnull=False),
                name="coding_response_unique",
            ),
            models.CheckConstraint(
                condition=Q(comment__isnull=False, response__isnull=True)
                | Q(comment__isnull=True, response__isnull=False),
                name="coding_comment_or_response",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.comment_id or self.response_id} in {self.theme_id} ({self.source})"


class CommentReview(models.Model):
    """What analysts decided about one comment beside its themes: whether a person chose
    its themes (the analysis never changes them then), reviewed it, and private notes."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+")
    comment = models.OneToOneField(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="review"
    )
    response = models.OneToOneField(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="review"
    )
    coded_by_hand = models.BooleanField(default=False)
    reviewed = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(comment__isnull=False, response__isnull=True)
                | Q(comment__isnull=True, response__isnull=False),
                name="review_comment_or_response",
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.comment_id or self.response_id}"


class AnalystAction(models.Model):
    """Who changed the coding frame, when, and what; rows are only ever added."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} on {self.version_id}"
