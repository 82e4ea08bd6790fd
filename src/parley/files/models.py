"""Documents attached to a guidance version (an impact assessment, an easy-read version, the
full text as PDF), each at a stable address; replacing one keeps the files it replaced. And
the files respondents attach to their formal responses; and the public media (images and
documents) that posts and pages show and link to, brought from a WordPress site."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parley.bilingual import Shown, choose
from parley.files.names import safe_name
from parley.guidance.models import Version
from parley.organisations.models import Organisation


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


class ResponseFileQuerySet(models.QuerySet["ResponseFile"]):
    def of_response(self, response_id: int) -> "ResponseFileQuerySet":
        return self.filter(response_id=response_id)


class ResponseFile(StoredFile):
    """A file a respondent attached to their formal response ("see attached"), with the text
    read from it in the background, so that it is analysed like the typed answers. Private
    to the organisation's analysts and editors; public only with a published response whose
    author consented, once a moderator has reviewed it (`reviewed_at`)."""

    class Text(models.TextChoices):
        PENDING = "pending", _("Text not read yet")
        FOUND = "found", _("Text found")
        NONE = "none", _("No text found")
        FAILED = "failed", _("The text could not be read")

    response = models.ForeignKey(
        "consultations.Response", on_delete=models.CASCADE, related_name="files"
    )
    text = models.TextField(blank=True)
    text_status = models.CharField(max_length=10, choices=Text.choices, default=Text.PENDING)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ResponseFileQuerySet.as_manager()

    class Meta:
        ordering = ["response", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name or f"file {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("files:response_file", args=[self.pk, self.download_name])

    @property
    def download_name(self) -> str:
        stem = self.original_name.rpartition(".")[0] if "." in self.original_name else ""
        return safe_name(stem or "attachment", self.extension)

    @property
    def no_text(self) -> bool:
        return self.text_status in {self.Text.NONE, self.Text.FAILED}


class MediaFile(models.Model):
    """A public file that posts and pages show or link to (brought from a WordPress site's
    uploads folder), at an address that never changes. Its bytes are stored once per content
    (named by their SHA-256), however many paths share them."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="media_files"
    )
    path = models.CharField(max_length=255, help_text="Where it was under the uploads folder")
    file = models.FileField(max_length=300)
    title = models.CharField(max_length=255, blank=True)
    alt_text = models.CharField(max_length=500, blank=True)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "path"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "path"], name="one_media_file_per_path")
        ]

    def __str__(self) -> str:
        return self.path

    def get_absolute_url(self) -> str:
        return reverse("files:media", args=[self.pk, self.download_name])

    @property
    def download_name(self) -> str:
        stem = self.path.rpartition("/")[2].rpartition(".")[0]
        return safe_name(stem or "file", self.extension)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
