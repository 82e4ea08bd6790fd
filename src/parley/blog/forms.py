from typing import Any, cast

from django import forms
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from parley.blog.models import Post
from parley.organisations.models import Organisation

_safe_lazy = lazy(mark_safe, SafeString)


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Published by"), queryset=Organisation.objects.none(), empty_label=None
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        # The example is Markdown to copy, not prose: <code>, so it is not read as Welsh.
        help_text=_safe_lazy(
            _(
                "Markdown: ## headings, *emphasis*, [links](https://example.com), lists, "
                "> quotes, tables. A paragraph that is only a link to guidance on this site, "
                "such as <code>[Have your say](/guidance/principles/versions/1/clauses/4/)"
                "</code>, shows as a card."
            )
        ),
    )
    title_cy = forms.CharField(
        label=_("Welsh (Cymraeg) title (optional)"),
        max_length=200,
        required=False,
        help_text=_("People reading in Welsh see the Welsh title and text where you give them."),
    )
    body_cy = forms.CharField(
        label=_("Welsh (Cymraeg) text (optional)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "lang": "cy"}),
        help_text=_("Markdown, as for the English text."),
    )
    tags = forms.CharField(
        label=_("Tags (optional)"),
        required=False,
        help_text=_("Separate tags with commas, for example: guidance, social media"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Post.Status.choices, widget=forms.RadioSelect
    )
    published_at = forms.DateTimeField(
        label=_("Publish at (for a scheduled post)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    comments_open = forms.BooleanField(label=_("Comments are open"), required=False)

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField[Organisation], self.fields["organisation"])
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        self.fields["title_cy"].widget.attrs["lang"] = "cy"

    def tag_names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data.get("tags", "").split(",")]
