from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Slugs an organisation cannot have: the wiki's own space is /wiki/site/, and
# /organisations/set-up/ is the first-run page.
RESERVED_SLUGS = frozenset({"site", "set-up"})


def validate_not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(f"“{slug}” is used by the site itself: choose another")


class Organisation(models.Model):
    """A public body (department, council, union) that publishes, moderates and adopts."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Central government department")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        ARMS_LENGTH_BODY = "arms_length_body", _("Arm’s-length body")
        UNION = "union", _("Union or professional body")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, validators=[validate_not_reserved])
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    # A URL rather than an upload: Pillow (which ImageField needs) is not installed.
    logo_url = models.URLField(blank=True)
    # Where people ask for a document in an accessible format (parley.files shows it).
    contact_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:organisation", args=[self.slug])


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Moderator")
    ANALYST = "analyst", _("Analyst")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} of {self.organisation}"


class Invitation(models.Model):
    """An invitation by e-mail to join with a role. Only a hash of its token is kept;
    it can be accepted once, before `expires_at`."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation} as {self.role}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
