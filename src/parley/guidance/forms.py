from typing import Any, TypedDict, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parley.guidance.models import Clause, Version
from parley.organisations.models import Organisation

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
WELSH_HINT = _("People reading in Welsh see the Welsh text where you give it.")


def _welsh(field: forms.Field) -> forms.Field:
    field.widget.attrs["lang"] = "cy"
    return field


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    slug = forms.CharField(
        label=_("Web address (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "Letters, numbers and hyphens, for example: principles-for-taking-part-online. "
            "Made from the title if left empty."
        ),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    title_cy = _welsh(
        forms.CharField(
            label=_("Welsh (Cymraeg) title (optional)"),
            max_length=200,
            required=False,
            help_text=WELSH_HINT,
        )
    )
    summary_cy = _welsh(
        forms.CharField(
            label=_("Welsh (Cymraeg) summary (optional)"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    )
    organisation = forms.ModelChoiceField(
        label=_("Published by"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField[Organisation], self.fields["organisation"])
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if editing:
            del self.fields["slug"]
            del self.fields["organisation"]


class IntroductionForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown above the clauses. Markdown."),
    )
    introduction_cy = _welsh(
        forms.CharField(
            label=_("Welsh (Cymraeg) introduction (optional)"),
            required=False,
            strip=False,
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=WELSH_HINT,
        )
    )


class ClauseFields(TypedDict):
    number: str
    heading: str
    body: str
    heading_cy: str
    body_cy: str
    origin: str
    origin_lineages: list[str]


class ClauseForm(forms.Form):
    number = forms.CharField(
        label=_("Number"),
        max_length=20,
        required=False,
        help_text=_("For example 4, or 4.1 for a sub-clause. Left empty, the next number is used."),
    )
    heading = forms.CharField(label=_("Heading (optional)"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    heading_cy = _welsh(
        forms.CharField(
            label=_("Welsh (Cymraeg) heading (optional)"),
            max_length=200,
            required=False,
            help_text=WELSH_HINT,
        )
    )
    body_cy = _welsh(
        forms.CharField(
            label=_("Welsh (Cymraeg) text (optional)"),
            required=False,
            strip=False,
            widget=forms.Textarea(attrs={"rows": 5}),
        )
    )
    origin = forms.ChoiceField(
        label=_("Made from earlier clauses?"),
        required=False,
        choices=[("", _("No")), *Clause.Origin.choices],
        widget=forms.RadioSelect,
        help_text=_(
            "Say if this clause was split from, or merged from, clauses of an earlier "
            "version, so the comparison and old comments can follow it."
        ),
    )
    origin_lineages = forms.MultipleChoiceField(
        label=_("Earlier clauses"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, version: Version, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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
                str(clause.lineage),
                gettext("Clause %(clause)s of version %(version)s")
                % {"clause": clause.number, "version": clause.version.number},
            )
        cast(forms.MultipleChoiceField, self.fields["origin_lineages"]).choices = list(seen.items())
        if not seen:
            del self.fields["origin"]
            del self.fields["origin_lineages"]

    def service_fields(self) -> "ClauseFields":
        data = self.cleaned_data
        return {
            "number": data["number"].strip(),
            "heading": data["heading"],
            "body": data["body"],
            "heading_cy": data["heading_cy"],
            "body_cy": data["body_cy"],
            "origin": data.get("origin", ""),
            "origin_lineages": list(data.get("origin_lineages", [])),
        }


class ScheduleForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=_("Opens"),
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text=_("Date and time, UK time."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text=_("Comments are refused from this moment, without anyone having to act."),
    )
