"""What the analysis of a consultation found, stored so pages, exports and the API only read.

A consultation is a guidance version: the comments on its whole-document discussion and on
its clauses' discussions. Each full run replaces the previous results of that version; a
comment approved between runs is attached to a campaign at once (`services.attach_comment`).
"""

import html

from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from parley.discussions.models import Comment
from parley.guidance.models import Version

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
    template = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    variant_count = models.PositiveIntegerField(default=1)
    # The text most of its members share, found by the engine (`engine.template`): its
    # passages, in the words of the member that contains most of them.
    template_passages = models.JSONField(default=list, blank=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()

    class Meta:
        ordering = ["-size", "key"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "key"], name="campaign_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.size})"

    @property
    def template_text(self) -> str:
        return "\n\n".join(self.template_passages)

    @property
    def label(self) -> str:
        """What people call the campaign: its most typical text's opening words."""
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
    """Where one analysed comment landed: its campaign and its theme, either may be none."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="placements")
    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="placement")
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

    class Meta:
        indexes = [models.Index(fields=["analysis", "campaign"], name="placement_campaign")]

    def __str__(self) -> str:
        return f"{self.comment_id} in {self.campaign_id}/{self.theme_id}"


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
