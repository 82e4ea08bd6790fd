"""A version's formal consultation: its numbered questions, and the responses to them.

Questions belong to a version of guidance and change only while it is a draft. A response
belongs to one version and one respondent (an account, or a guest's name and e-mail); it is
never public, and one person's later response replaces their earlier one, which is kept.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parley.bilingual import Shown, choose
from parley.consultations import demographics as equality
from parley.guidance.models import Version


class Scale(models.TextChoices):
    """The agree/disagree scale, the values of every `scale` question."""

    STRONGLY_AGREE = "strongly_agree", _("Strongly agree")
    AGREE = "agree", _("Agree")
    NEITHER = "neither", _("Neither agree nor disagree")
    DISAGREE = "disagree", _("Disagree")
    STRONGLY_DISAGREE = "strongly_disagree", _("Strongly disagree")


class Question(models.Model):
    """A numbered question on a version; `number` is its place in the form (1, 2, 3 …)."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        SCALE = "scale", _("Agree or disagree")
        TEXT = "text", _("Free text")
        CLAUSE = "clause", _("Which clause")

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(max_length=500)
    text_cy = models.CharField("Welsh text", max_length=500, blank=True)
    options = models.JSONField(
        default=list, blank=True, help_text="The choices of a single or multiple question."
    )
    options_cy = models.JSONField(
        "Welsh options",
        default=list,
        blank=True,
        help_text="The choices' Welsh labels, in the same order; '' (or none) for the English.",
    )
    required = models.BooleanField(default=False)
    word_limit = models.PositiveIntegerField(null=True, blank=True)
    lineage = models.UUIDField(
        null=True, blank=True, help_text="The lineage of the clause the question is about."
    )
    agreement_is_support = models.BooleanField(
        default=False,
        help_text=(
            "An agree/disagree question about a clause whose agreeing answers count as support "
            "for the clause, and disagreeing ones as opposition, in the stance per clause."
        ),
    )

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="question_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def text_shown(self) -> Shown:
        return choose(self.text, self.text_cy)

    @property
    def options_shown(self) -> list[tuple[str, Shown]]:
        """Each choice's value, and its label in the page's language (Welsh when given)."""
        welsh = [*self.options_cy, *[""] * len(self.options)]
        return [(value, choose(value, welsh[i])) for i, value in enumerate(self.options)]

    def option_shown(self, value: str) -> Shown:
        return dict(self.options_shown).get(value, choose(value, ""))

    @property
    def is_closed(self) -> bool:
        """Whether it is answered by choosing, rather than by writing."""
        return self.kind != self.Kind.TEXT


class Consultation(models.Model):
    """How a version's consultation is run, and what became of it after it closed.

    At most one per version, made when first needed (`services.consultation_of`); a version
    without one is run with the defaults.
    """

    class Layout(models.TextChoices):
        ONE_PAGE = "one_page", _("All questions on one page")
        PER_QUESTION = "per_question", _("One question per page")

    version = models.OneToOneField(Version, on_delete=models.CASCADE, related_name="consultation")
    layout = models.CharField(max_length=12, choices=Layout.choices, default=Layout.ONE_PAGE)
    demographics = models.JSONField(
        default=list, blank=True, help_text="The demographic questions the editor chose, by key."
    )
    response_due = models.DateField(
        null=True,
        blank=True,
        help_text="When the body's response is due; 12 weeks after closing if empty.",
    )
    responses_published_at = models.DateTimeField(null=True, blank=True)
    overdue_told_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.version)


class ResponseQuerySet(models.QuerySet["Response"]):
    def counted(self) -> "ResponseQuerySet":
        """Submitted responses that are not replaced by the same person's later one."""
        return self.filter(status=Response.Status.SUBMITTED, replaced_by=None)


class Response(models.Model):
    """One person's formal response to a version's questions; never public (yet)."""

    class RespondentType(models.TextChoices):
        INDIVIDUAL = "individual", _("As an individual")
        ORGANISATION = "organisation", _("On behalf of an organisation")

    class Consent(models.TextChoices):
        NAMED = "named", _("Publish my response with my name")
        ANONYMOUS = "anonymous", _("Publish my response without my name")
        CONFIDENTIAL = "confidential", _("Do not publish my response")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
        SUBMITTED = "submitted", _("Submitted")

    class Channel(models.TextChoices):
        """How the response reached the organisation: only `online` ones are typed by the
        respondent; the others are entered by its staff (`entered_by`) or imported."""

        ONLINE = "online", _("Online")
        EMAIL = "email", _("E-mail")
        POST = "post", _("Post")
        MEETING = "meeting", _("Event or meeting")
        PHONE = "phone", _("Phone")
        IMPORT = "import", _("Bulk import")
        OTHER = "other", _("Other")

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="formal_responses")
    reference = models.CharField(max_length=12, unique=True)
    respondent_type = models.CharField(
        max_length=12, choices=RespondentType.choices, default=RespondentType.INDIVIDUAL
    )
    organisation_name = models.CharField(max_length=200, blank=True)
    consent = models.CharField(max_length=12, choices=Consent.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="formal_responses",
    )
    guest_name = models.CharField(max_length=100, blank=True)
    guest_email = models.EmailField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    language = models.CharField(max_length=10, default="en-gb")
    idempotency_key = models.CharField(max_length=64, blank=True)
    demographics = models.JSONField(
        default=dict, blank=True, help_text="Equality questions' answers, by key; never public."
    )
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who typed or imported it (none: the respondent did, "
        "or the import-responses command).",
    )
    entered_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a response entered by staff arrived (the letter's date), as they said; "
        "none when not said.",
    )
    import_key = models.CharField(
        max_length=64,
        blank=True,
        help_text="A bulk-imported row's stable key: the same row imported again adds nothing.",
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["version", "created_at", "pk"]
        constraints = [
            # One counted response per account and per guest address on a version: a second
            # submission racing the first fails here rather than leaving two.
            models.UniqueConstraint(
                fields=["version", "user"],
                condition=Q(status="submitted", replaced_by=None, user__isnull=False),
                name="one_counted_response_per_user",
            ),
            # A response on paper may have no e-mail address: those are not one person.
            models.UniqueConstraint(
                fields=["version", "guest_email"],
                condition=Q(status="submitted", replaced_by=None, user=None) & ~Q(guest_email=""),
                name="one_counted_response_per_guest",
            ),
            models.UniqueConstraint(
                fields=["version", "import_key"],
                condition=~Q(import_key=""),
                name="response_import_key_unique",
            ),
            models.UniqueConstraint(
                fields=["version", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="response_idempotency_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("consultations:receipt", args=[self.reference])

    @property
    def respondent_name(self) -> str:
        return self.user.display_name if self.user else self.guest_name

    @property
    def respondent_email(self) -> str:
        return self.user.email if self.user else self.guest_email

    @property
    def demographics_shown(self) -> list[tuple[str, str]]:
        """The equality questions answered, and the answers, as an analyst reads them."""
        return [
            (str(d.question), d.label_of(self.demographics[d.key]))
            for d in equality.chosen(list(self.demographics))
        ]


class Answer(models.Model):
    """The answer to one question: a choice, several choices, or text, as its kind asks."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=200, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response", "question__number"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.response} — {self.question.number}"

    @property
    def is_empty(self) -> bool:
        return not (self.choice or self.choices or self.text.strip())

    @property
    def shown(self) -> str:
        """The answer as a person reads it: the scale's words, the choices, or the text."""
        if self.question.kind == Question.Kind.SCALE and self.choice in Scale.values:
            return str(Scale(self.choice).label)
        if self.question.kind == Question.Kind.CLAUSE and self.choice:
            return str(_("Clause %(number)s") % {"number": self.choice})
        if self.question.options and (self.choices or self.choice):
            chosen = self.choices or [self.choice]
            return ", ".join(self.question.option_shown(c).text for c in chosen)
        return ", ".join(self.choices) or self.choice or self.text


class Redaction(models.Model):
    """A passage a moderator hid from a text answer before it is published: every place the
    passage occurs in the answer reads "[redacted: <reason>]" wherever the answer is shown
    to anyone but the organisation's analysts. Undoing one deletes it (the moderation log
    keeps both acts)."""

    class Reason(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("personal data")
        DEFAMATORY = "defamatory", _("defamatory")
        OFFENSIVE = "offensive", _("offensive")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="redactions")
    passage = models.TextField(help_text="The words hidden, as the moderator gave them.")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answer", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.answer} — {self.reason}"


class ContactExport(models.Model):
    """An analyst's export of a version's responses with respondents' e-mail addresses:
    who, when, which version, in what format and why. Rows are only ever added."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="contact_exports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(max_length=10)
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.version} — {self.created_at:%Y-%m-%d %H:%M}"


class ResponseImport(models.Model):
    """A spreadsheet of responses an editor uploaded, kept between the upload, the page that
    maps its columns and the import; its content is emptied once imported."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="response_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=200)
    content = models.BinaryField(
        blank=True,
        help_text="An upload kept before they were kept in `file`; emptied once imported.",
    )
    file = models.FileField(
        max_length=300,
        blank=True,
        help_text="The upload in the media storage, until it is imported (never served).",
    )
    channel = models.CharField(
        max_length=12, choices=Response.Channel.choices, default=Response.Channel.IMPORT
    )
    mapping = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name
