"""Documents attached to a guidance version (an impact assessment, an easy-read version, the
full text as PDF), each at a stable address; replacing one keeps the files it replaced."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from parley.bilingual import Shown, choose
from parley.files.names import safe_name
from parley.guidance.models import Version


class StoredFile(models.Model):
    """What every stored upload has: its bytes in the default storage, under a name Parley
    chose (never the uploader's), and what its content was found to be."""

    file = models.FileField(max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    pages = models.PositiveIntegerField(null=True, blank=True)  # PDFs only
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class VersionFile(StoredFile):
    """A document attached to a version; its id and address stay when its file is replaced."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(max_length=200)
    title_cy = models.CharField("Welsh title", max_length=200, blank=True)
    accessible_alternative = models.BooleanField(
        default=False, help_text="An accessible alternative to another of the version's files"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "files:download",
            args=[self.version.document.slug, self.version.number, self.pk, self.download_name],
        )

    @property
    def download_name(self) -> str:
        return safe_name(self.title, self.extension)

    @property
    def title_shown(self) -> Shown:
        return choose(self.title, self.title_cy)


class ReplacedFile(StoredFile):
    """A file that a newer upload replaced, kept with the document's history."""

    document_file = models.ForeignKey(
        VersionFile, on_delete=models.CASCADE, related_name="replaced"
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document_file} (replaced {self.replaced_at:%Y-%m-%d})"
