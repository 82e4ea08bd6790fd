from typing import TypedDict

from django import forms

from parley.guidance.models import Clause, Version
from parley.organisations.models import Organisation

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class DocumentForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, required=False)
    slug = forms.CharField(
        label="Web address (optional)",
        max_length=200,
        required=False,
        help_text="Letters, numbers and hyphens, for example: principles-for-taking-part-online. "
        "Made from the title if left empty.",
    )
    summary = forms.CharField(
        label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    organisation = forms.ModelChoiceField(
        label="Published by", queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(
        self,
        *args: object,
        organisations: list[Organisation],
        editing: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in organisations]
        )
        if editing:
            del self.fields["slug"]
            del self.fields["organisation"]


class IntroductionForm(forms.Form):
    introduction = forms.CharField(
        label="Introduction",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Shown above the clauses. Markdown.",
    )


class ClauseFields(TypedDict):
    number: str
    heading: str
    body: str
    origin: str
    origin_lineages: list[str]


class ClauseForm(forms.Form):
    number = forms.CharField(
        label="Number",
        max_length=20,
        required=False,
        help_text="For example 4, or 4.1 for a sub-clause. Left empty, the next number is used.",
    )
    heading = forms.CharField(label="Heading (optional)", max_length=200, required=False)
    body = forms.CharField(
        label="Text", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    origin = forms.ChoiceField(
        label="Made from earlier clauses?",
        required=False,
        choices=[("", "No"), *Clause.Origin.choices],
        widget=forms.RadioSelect,
        help_text="Say if this clause was split from, or merged from, clauses of an earlier "
        "version, so the comparison and old comments can follow it.",
    )
    origin_lineages = forms.MultipleChoiceField(
        label="Earlier clauses", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, version: Version, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        earlier = (
            Clause.objects.filter(
                version__document_id=version.document_id, version__number__lt=version.number
            )
            .select_related("version")
            .order_by("-version__number", "position")
        )
        seen: dict[str, str] = {}
        for clause in earlier:
            seen.setdefault(
                str(clause.lineage), f"Clause {clause.number} of version {clause.version.number}"
            )
        self.fields["origin_lineages"].choices = list(seen.items())  # type: ignore[attr-defined]
        if not seen:
            del self.fields["origin"]
            del self.fields["origin_lineages"]

    def service_fields(self) -> "ClauseFields":
        data = self.cleaned_data
        return {
            "number": data["number"].strip(),
            "heading": data["heading"],
            "body": data["body"],
            "origin": data.get("origin", ""),
            "origin_lineages": list(data.get("origin_lineages", [])),
        }


class ScheduleForm(forms.Form):
    opens_at = forms.DateTimeField(
        label="Opens",
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text="Date and time, UK time.",
    )
    closes_at = forms.DateTimeField(
        label="Closes",
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text="Comments are refused from this moment, without anyone having to act.",
    )
