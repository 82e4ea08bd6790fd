"""The editor's question form and the respondent's form, one field per question."""

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parley.consultations import services
from parley.consultations.models import Question, Response, Scale
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
    word_limit = forms.IntegerField(
        label=_("Word limit (free text, optional)"), required=False, min_value=1
    )
    clause = forms.ChoiceField(label=_("About a clause (optional)"), required=False)
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
            required=data["required"],
            word_limit=data["word_limit"],
            lineage=uuid.UUID(data["clause"]) if data["clause"] else None,
        )

    @staticmethod
    def initial_for(question: Question) -> dict[str, object]:
        return {
            "kind": question.kind,
            "text": question.text,
            "text_cy": question.text_cy,
            "options": "\n".join(question.options),
            "word_limit": question.word_limit,
            "clause": str(question.lineage) if question.lineage else "",
            "required": question.required,
        }


# Where each of the service's keys is shown on the respondent's form.
FIELD_OF = {
    "respondent.name": "name",
    "respondent.email": "email",
    "respondent.type": "respondent_type",
    "respondent.organisation": "organisation",
}


class ResponseForm(forms.Form):
    """All of a version's questions, then "about you" and consent to publish."""

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        clauses: Sequence[Clause],
        guest: bool,
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
                    choices=[(o, o) for o in question.options],
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
                    choices = [(o, o) for o in question.options]
                field = forms.ChoiceField(
                    label=label, required=False, choices=choices, widget=forms.RadioSelect
                )
            self.fields[f"answer_{question.number}"] = field
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

    def show(self, rejected: Rejected) -> None:
        errors = {}
        for key, problems in rejected.errors.items():
            if key.startswith("answers."):
                key = "answer_" + key.removeprefix("answers.")
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
        }
        for answer in response.answers.select_related("question"):
            number = answer.question.number
            initial[f"answer_{number}"] = answer.choices or answer.choice or answer.text
        return initial
