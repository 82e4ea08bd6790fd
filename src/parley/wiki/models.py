from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from parley import bilingual
from parley.bilingual import Shown
from parley.discussions.models import Discussion
from parley.guidance.models import Document
from parley.organisations.models import Organisation
from parley.wiki import stored_text

SITE_SPACE = "site"


class Space(models.Model):
    """A set of wiki pages: the site's own (no organisation) or one organisation's."""

    class EditPolicy(models.TextChoices):
        MEMBERS = "members", _("Members of the organisation")
        SIGNED_IN = "signed_in", _("Anyone signed in")
        EDITORS = "editors", _("Owners and editors only")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    organisation = models.OneToOneField(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="wiki_space",
    )
    edit_policy = models.CharField(
        max_length=20, choices=EditPolicy.choices, default=EditPolicy.MEMBERS
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("wiki:space", args=[self.slug])


class Page(models.Model):
    """A wiki page: its current text, rendered once on save; every save is a Revision."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="pages")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    body_markdown = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    toc = models.JSONField(default=list, blank=True, help_text="[{id, text, level}] of headings")
    links = models.JSONField(default=list, blank=True, help_text="Slugs of pages it links to")
    revision_number = models.PositiveIntegerField(default=0)
    discussion = models.OneToOneField(
        Discussion, on_delete=models.PROTECT, related_name="wiki_page"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["space", "title"]
        constraints = [
            models.UniqueConstraint(fields=["space", "slug"], name="wiki_page_slug_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("wiki:page", args=[self.space.slug, self.slug])

    @property
    def lang(self) -> SafeString:
        """` lang="en"` (or "cy") for the title's and text's containers when the page is
        written in the other language than the reader's: pages have no Welsh version, and
        the language is told from the words (`bilingual.written_in`)."""
        return bilingual.lang_attribute(bilingual.written_in(f"{self.title} {self.body_markdown}"))

    @property
    def title_html(self) -> SafeString:
        """The title, escaped, in a `<span lang>` when it needs one (`lang`): for a title
        inside a translated sentence."""
        if lang := self.lang:
            return format_html("<span{}>{}</span>", lang, self.title)
        return conditional_escape(self.title)


class Revision(models.Model):
    """One saved state of a page: who, when, why, and the whole text. Never changed."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body_markdown = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="wiki_revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.page} r{self.number}"

    @property
    def message_shown(self) -> Shown:
        """The message Parley wrote, in the reader's language; or the person's own words,
        in the language they are written in (`bilingual.written_in`)."""
        said = stored_text.revision_message(self.message)
        if said != self.message:
            return Shown(said, bilingual.page_language())
        return Shown(self.message, bilingual.written_in(said) or bilingual.page_language())


class SupportedClause(models.Model):
    """A page declares that it supports a clause of a document, by lineage."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="supported_clauses")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    lineage = models.UUIDField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "lineage"], name="wiki_support_unique")
        ]
        indexes = [models.Index(fields=["lineage"], name="wiki_support_lineage")]

    def __str__(self) -> str:
        return f"{self.page} supports {self.lineage}"
