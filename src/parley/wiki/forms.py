from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parley.guidance.models import Clause, Document, Version
from parley.wiki.models import Space


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Markdown. Link to another page with [[Page title]]; headings make the "
            "table of contents."
        ),
    )
    message = forms.CharField(
        label=_("Summary of your change (optional)"),
        max_length=300,
        required=False,
        help_text=_("Shown in the page’s history, for example: “Added an example”"),
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SpaceSettingsForm(forms.Form):
    edit_policy = forms.ChoiceField(
        label=_("Who may edit pages in this space"),
        choices=Space.EditPolicy.choices,
        widget=forms.RadioSelect,
    )


PUBLIC_STATUSES = [
    Version.Status.CONSULTATION,
    Version.Status.PUBLISHED,
    Version.Status.SUPERSEDED,
]


class ChooseDocumentForm(forms.Form):
    # Only documents anyone may read: a draft's title is not public.
    document = forms.ModelChoiceField(
        label=_("Guidance document"),
        queryset=Document.objects.filter(versions__status__in=PUBLIC_STATUSES).distinct(),
        to_field_name="slug",
    )


class SupportedClausesForm(forms.Form):
    lineages = forms.MultipleChoiceField(
        label=_("Clauses this page supports"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave every box empty to say the page supports no clause."),
    )

    def __init__(self, *args: Any, clauses: list[Clause], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["lineages"]).choices = [
            (
                str(c.lineage),
                f"{c.number}. {c.heading_shown}"
                if c.heading
                else gettext("Clause %(number)s") % {"number": c.number},
            )
            for c in clauses
        ]


class AdoptForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("Version to adopt"), queryset=Version.objects.none(), empty_label=None
    )
    adopted_on = forms.DateField(
        label=_("Date of adoption"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    statement = forms.CharField(
        label=_("Statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A short public statement of what your organisation adopts and why."),
    )
    copy_model = forms.BooleanField(
        label=_("Start from a copy of the site’s model operational guidance"),
        required=False,
    )

    def __init__(self, *args: Any, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version = cast(forms.ModelChoiceField[Version], self.fields["version"])
        version.queryset = document.versions.public().order_by("-number")
        # The stubs type this as a method; replacing it on one field is how Django labels choices.
        version.label_from_instance = _version_label  # type: ignore[assignment]


def _version_label(version: Version) -> str:
    return gettext("Version %(number)s (%(phase)s)") % {
        "number": version.number,
        "phase": version.phase_label.lower(),
    }
