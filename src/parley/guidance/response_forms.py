"""Forms of the response editor: one for the whole response, one per clause, one per comment.

Each clause and comment form has its own prefix, so the page is one plain HTML form
that works without JavaScript and every error lands beside the field it is about.
"""

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parley.discussions.models import Comment, Outcome
from parley.forms import show_rejection
from parley.guidance.models import Clause, ClauseResponse, Response, Version
from parley.guidance.services import ClauseAnswer
from parley.templatetags.govuk import govuk_error
from parley.validation import Rejected


class ResponseForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What the consultation heard overall and what you decided. Markdown. "
            "Needed before the response is published."
        ),
    )
    next_version = forms.ModelChoiceField(
        label=_("The version that answers this consultation (optional)"),
        queryset=Version.objects.none(),
        required=False,
        empty_label=_("Not chosen yet"),
        help_text=_("The response links to it and to a comparison with this version."),
    )

    def __init__(self, *args: Any, version: Version, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField[Version], self.fields["next_version"])
        field.queryset = Version.objects.filter(
            document_id=version.document_id, number__gt=version.number
        ).order_by("number")
        # The stubs type this as a method; replacing it on one field is how Django labels choices.
        field.label_from_instance = _version_label  # type: ignore[assignment]
        field.error_messages["invalid_choice"] = gettext("Choose a later version of this document")


def _version_label(version: Version) -> str:
    return gettext("Version %(number)s (%(phase)s)") % {
        "number": version.number,
        "phase": version.phase_label.lower(),
    }


class ClauseAnswerForm(forms.Form):
    heard = forms.CharField(
        label=_("What we heard"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown."),
    )
    changed = forms.CharField(
        label=_("What we changed"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown. Say why, too, when nothing changed."),
    )
    comments = forms.TypedMultipleChoiceField(
        label=_("Comments that asked for this change"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, clause: Clause, comments: list[Comment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lineage = str(clause.lineage)
        number = {"number": clause.number}
        self.fields["heard"].label = gettext("What we heard about clause %(number)s") % number
        self.fields["changed"].label = gettext("What we changed in clause %(number)s") % number
        field = cast(forms.TypedMultipleChoiceField, self.fields["comments"])
        field.label = gettext("Comments that asked for this change to clause %(number)s") % number
        field.error_messages = field.error_messages | {
            "invalid_choice": gettext("Link only comments made on clause %(number)s") % number
        }
        field.choices = [
            (
                comment.pk,
                gettext("#%(number)s by %(name)s")
                % {"number": comment.number, "name": comment.display_name},
            )
            for comment in comments
        ]
        if not comments:
            del self.fields["comments"]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("No outcome yet")), *Outcome.choices],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2_000,
        help_text=_("Shown with the comment, beside its outcome."),
    )

    def __init__(self, *args: Any, comment: Comment, about: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.comment = comment
        # Comments are numbered per clause, so each label and message says which clause.
        self.which = gettext("comment #%(number)s on %(about)s") % {
            "number": comment.number,
            "about": about,
        }
        which = {"which": self.which}
        outcome = self.fields["outcome"]
        outcome.label = gettext("Outcome of %(which)s") % which
        outcome.error_messages = outcome.error_messages | {
            "invalid_choice": gettext("Choose an outcome for %(which)s from the list") % which
        }
        self.fields["reason"].label = gettext("Reason for the outcome of %(which)s") % which

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("reason", "").strip() and not data.get("outcome"):
            self.add_error(
                "outcome",
                gettext("Choose an outcome for %(which)s to go with the reason")
                % {"which": self.which},
            )
        return data


class ResponseEditor:
    """Every form of the response editor, bound together, built from rows already read.

    `comments` maps a discussion id to its approved comments in thread order, and
    `links` a clause lineage to the comment ids its answer is linked to, so building
    the page costs no query per clause or comment.
    """

    def __init__(
        self,
        data: object | None,
        *,
        version: Version,
        response: Response | None,
        clauses: list[Clause],
        answers: dict[str, ClauseResponse],
        links: dict[str, list[int]],
        comments: dict[int, list[Comment]],
    ) -> None:
        self.version = version
        self.response_form = ResponseForm(
            data,
            version=version,
            initial={
                "summary": response.summary_markdown if response else "",
                "next_version": response.next_version_id if response else None,
            },
        )
        self.sections: list[ClauseSection] = []
        for clause in clauses:
            lineage = str(clause.lineage)
            answer = answers.get(lineage)
            on_clause = comments.get(clause.discussion_id, [])
            self.sections.append(
                ClauseSection(
                    clause=clause,
                    form=ClauseAnswerForm(
                        data,
                        prefix=f"clause-{clause.pk}",
                        clause=clause,
                        comments=on_clause,
                        initial={
                            "heard": answer.heard_markdown if answer else "",
                            "changed": answer.changed_markdown if answer else "",
                            "comments": links.get(lineage, []),
                        },
                    ),
                    comments=[
                        self._outcome_form(
                            data, c, gettext("clause %(number)s") % {"number": clause.number}
                        )
                        for c in on_clause
                    ],
                )
            )
        self.general = [
            self._outcome_form(data, c, gettext("the version as a whole"))
            for c in comments.get(version.discussion_id, [])
        ]

    @staticmethod
    def _outcome_form(data: object | None, comment: Comment, about: str) -> "OutcomeForm":
        return OutcomeForm(
            data,
            prefix=f"comment-{comment.pk}",
            comment=comment,
            about=about,
            initial={"outcome": comment.outcome, "reason": comment.outcome_reason},
        )

    @property
    def groups(self) -> list["ClauseSection"]:
        """What the page shows, in order: each clause, then the version as a whole."""
        return [*self.sections, ClauseSection(clause=None, form=None, comments=self.general)]

    def forms(self) -> list[forms.Form]:
        every: list[forms.Form] = [self.response_form]
        for group in self.groups:
            if group.form is not None:
                every.append(group.form)
            every.extend(group.comments)
        return every

    def is_valid(self) -> bool:
        # A list, not a generator: every form is validated, so every error is shown at once.
        return all([form.is_valid() for form in self.forms()])  # noqa: C419

    def refuse(self, rejected: Rejected) -> None:
        """Put a service's refusal beside the field it names, or above the page."""
        show_rejection(self.response_form, rejected)

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary, in page order."""
        links = [("response-errors", str(e)) for e in self.response_form.non_field_errors()]
        for form in self.forms():
            for field in form:
                anchor = field.id_for_label or f"{field.auto_id}_0"  # radios: the first one
                links.extend((anchor, govuk_error(str(e), field)) for e in field.errors)
        return links

    def answers(self) -> dict[str, ClauseAnswer]:
        return {
            form.lineage: ClauseAnswer(
                heard=form.cleaned_data["heard"],
                changed=form.cleaned_data["changed"],
                comment_ids=list(form.cleaned_data.get("comments", [])),
            )
            for form in (section.form for section in self.sections)
            if form is not None
        }

    def outcomes(self) -> list[tuple[int, str, str]]:
        return [
            (form.comment.pk, form.cleaned_data["outcome"], form.cleaned_data["reason"])
            for group in self.groups
            for form in group.comments
        ]


@dataclass
class ClauseSection:
    """A clause with its answer form and its comments; without a clause, the version's own."""

    clause: Clause | None
    form: ClauseAnswerForm | None
    comments: list[OutcomeForm]
