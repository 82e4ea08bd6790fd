"""The editor's question form and the respondent's form, one field per question."""

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parley.consultations import demographics as equality
from parley.consultations import services
from parley.consultations.models import Consultation, Question, Response, Scale
from parley.forms import show_rejection
from parley.guidance.models import Clause
from parley.validation import Rejected


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of question"), choices=Question.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    text_cy = forms.CharField(
        label=_("Welsh (Cymraeg) question (optional)"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"lang": "cy"}),
    )
    options = forms.CharField(
        label=_("Choices (for one or several choices)"),
        help_text=_("One choice a line."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    options_cy = forms.CharField(
        label=_("Welsh (Cymraeg) choices (optional)"),
        help_text=_(
            "One a line, in the same order as the choices; leave a line blank to show the "
            "English one."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "cy"}),
    )
    word_limit = forms.IntegerField(
        label=_("Word limit (free text, optional)"), required=False, min_value=1
    )
    clause = forms.ChoiceField(label=_("About a clause (optional)"), required=False)
    agreement_is_support = forms.BooleanField(
        label=_("Count agreeing as support for the clause, and disagreeing as opposition"),
        help_text=_(
            "Agree or disagree questions about a clause only. Tick it when the question asks "
            "whether people agree with the clause, so that insights count the answers in the "
            "stance per clause beside the comments."
        ),
        required=False,
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def __init__(self, *args: Any, clauses: Sequence[Clause], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        clause = self.fields["clause"]
        assert isinstance(clause, forms.ChoiceField)
        clause.choices = [("", gettext("No clause"))] + [
            (str(c.lineage), f"{c.number}. {c.heading}" if c.heading else c.number) for c in clauses
        ]

    def question(self) -> services.QuestionIn:
        data = self.cleaned_data
        return services.QuestionIn(
            kind=data["kind"],
            text=data["text"],
            text_cy=data["text_cy"],
            options=data["options"].splitlines(),
            options_cy=_welsh_lines(data["options"], data["options_cy"]),
            required=data["required"],
            word_limit=data["word_limit"],
            lineage=uuid.UUID(data["clause"]) if data["clause"] else None,
            agreement_is_support=data["agreement_is_support"],
        )

    @staticmethod
    def initial_for(question: Question) -> dict[str, object]:
        return {
            "kind": question.kind,
            "text": question.text,
            "text_cy": question.text_cy,
            "options": "\n".join(question.options),
            "options_cy": "\n".join(question.options_cy),
            "word_limit": question.word_limit,
            "clause": str(question.lineage) if question.lineage else "",
            "agreement_is_support": question.agreement_is_support,
            "required": question.required,
        }


def _welsh_lines(english: str, welsh: str) -> list[str]:
    """The Welsh lines beside the English choices that are not blank (the service drops
    blank choices), so that each Welsh line stays with the choice on the same line."""
    welsh_lines = welsh.splitlines()
    english_lines = english.splitlines()
    kept = [
        welsh_lines[i] if i < len(welsh_lines) else ""
        for i, line in enumerate(english_lines)
        if line.strip()
    ]
    return kept + welsh_lines[len(english_lines) :]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files from one input (`<input type="file" multiple>`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.odt,.txt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        given = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in given if d]


# Where each of the service's keys is shown on the respondent's form.
FIELD_OF = {
    "respondent.name": "name",
    "respondent.email": "email",
    "respondent.type": "respondent_type",
    "respondent.organisation": "organisation",
}


class ResponseForm(forms.Form):
    """All of a version's questions, then "about you", the equality questions the editor
    chose, and consent to publish. One page of the one-question-a-page journey is the same
    form with one question and no "about you" (`about_you=False`), or no questions."""

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        clauses: Sequence[Clause],
        guest: bool,
        demographics: Sequence[str] = (),
        about_you: bool = True,
        attachments: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            # The question in a <span lang="en"> when it has no Welsh text on a Welsh page.
            label = format_html("{}. {}", question.number, question.text_shown.html)
            if not question.required:
                label = format_html("{} {}", label, gettext("(optional)"))
            field: forms.Field
            if question.kind == Question.Kind.TEXT:
                hint = (
                    gettext("Up to %(limit)s words.") % {"limit": question.word_limit}
                    if question.word_limit
                    else ""
                )
                field = forms.CharField(
                    label=label, help_text=hint, required=False, widget=forms.Textarea
                )
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=label,
                    help_text=gettext("Choose all that apply."),
                    required=False,
                    choices=[(o, shown.text) for o, shown in question.options_shown],
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                choices: list[tuple[str, str]]
                if question.kind == Question.Kind.SCALE:
                    choices = [(value, str(label)) for value, label in Scale.choices]
                elif question.kind == Question.Kind.CLAUSE:
                    choices = [
                        (c.number, f"{c.number}. {c.heading_shown.text}" if c.heading else c.number)
                        for c in clauses
                    ]
                else:
                    choices = [(o, shown.text) for o, shown in question.options_shown]
                field = forms.ChoiceField(
                    label=label, required=False, choices=choices, widget=forms.RadioSelect
                )
            self.fields[f"answer_{question.number}"] = field
        self.demographics = equality.chosen(demographics) if about_you else []
        if about_you:
            self._about_you(guest)
        if attachments:
            # Last in the form, so in the request's body: an upload stopped for its size
            # still leaves every answer above it to show again beside the error.
            self.fields["files"] = MultipleFileField(
                label=_("Attach files (optional)"),
                help_text=_(
                    "Up to 5 files: PDF, DOCX, ODT or TXT, each smaller than 10 MB. They are "
                    "read by the people analysing the responses."
                ),
                required=False,
            )

    def _about_you(self, guest: bool) -> None:
        self.fields["respondent_type"] = forms.ChoiceField(
            label=_("Are you responding as an individual or on behalf of an organisation?"),
            choices=Response.RespondentType.choices,
            initial=Response.RespondentType.INDIVIDUAL,
            widget=forms.RadioSelect,
        )
        self.fields["organisation"] = forms.CharField(
            label=_("Organisation’s name (if on behalf of one)"), required=False, max_length=200
        )
        if guest:
            self.fields["name"] = forms.CharField(label=_("Your name"), required=False)
            self.fields["email"] = forms.CharField(
                label=_("Your e-mail address"),
                help_text=_(
                    "We send a link to confirm it: your response counts once you follow it. "
                    "It is never published."
                ),
                required=False,
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            )
        for number, demographic in enumerate(self.demographics):
            self.fields[f"demographic_{demographic.key}"] = forms.ChoiceField(
                label=format_html("{} {}", demographic.question, gettext("(optional)")),
                help_text=_(
                    "Equality questions help us see who we reach. Your answers are never "
                    "published and are read only by the people analysing the responses."
                )
                if number == 0
                else "",
                required=False,
                choices=[(value, str(label)) for value, label in demographic.choices],
                widget=forms.RadioSelect,
            )
        self.fields["consent"] = forms.ChoiceField(
            label=_("May we publish your response?"),
            choices=Response.Consent.choices,
            required=False,
            widget=forms.RadioSelect,
        )

    def answers(self) -> list[services.AnswerIn]:
        data = self.cleaned_data
        answers = []
        for question in self.questions:
            value = data.get(f"answer_{question.number}")
            if question.kind == Question.Kind.TEXT:
                answers.append(services.AnswerIn(question=question.number, text=value or ""))
            elif question.kind == Question.Kind.MULTIPLE:
                answers.append(services.AnswerIn(question=question.number, choices=value or []))
            else:
                answers.append(services.AnswerIn(question=question.number, choice=value or ""))
        return answers

    def demographic_answers(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            d.key: data[f"demographic_{d.key}"]
            for d in self.demographics
            if data.get(f"demographic_{d.key}")
        }

    def uploads(self) -> list[Any]:
        return list(self.cleaned_data.get("files") or [])

    def show(self, rejected: Rejected) -> None:
        errors = {}
        for key, problems in rejected.errors.items():
            if key.startswith("answers."):
                key = "answer_" + key.removeprefix("answers.")
            elif key.startswith("demographics."):
                key = "demographic_" + key.removeprefix("demographics.")
            errors[FIELD_OF.get(key, key)] = problems
        show_rejection(self, Rejected(errors, status=rejected.status))

    @staticmethod
    def initial_for(response: Response) -> dict[str, object]:
        initial: dict[str, object] = {
            "respondent_type": response.respondent_type,
            "organisation": response.organisation_name,
            "name": response.guest_name,
            "email": response.guest_email,
            "consent": response.consent,
            **{f"demographic_{key}": value for key, value in response.demographics.items()},
        }
        for answer in response.answers.select_related("question"):
            number = answer.question.number
            initial[f"answer_{number}"] = answer.choices or answer.choice or answer.text
        return initial


class SetUpForm(forms.Form):
    """How a consultation asks its questions, and which equality questions it offers."""

    layout = forms.ChoiceField(
        label=_("How should respondents see the questions?"),
        choices=Consultation.Layout.choices,
        widget=forms.RadioSelect,
    )
    demographics = forms.MultipleChoiceField(
        label=_("Which equality questions should respondents be offered?"),
        help_text=_(
            "Each is optional for respondents, with “Prefer not to say”. Their answers are "
            "never published: only the organisation’s analysts and editors read them."
        ),
        required=False,
        choices=[(d.key, d.question) for d in equality.DEMOGRAPHICS],
        widget=forms.CheckboxSelectMultiple,
    )
