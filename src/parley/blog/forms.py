from django import forms

from parley.blog.models import Post
from parley.organisations.models import Organisation


class PostForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label="Published by", queryset=Organisation.objects.none(), empty_label=None
    )
    body = forms.CharField(
        label="Text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Markdown: ## headings, *emphasis*, [links](https://example.com), lists, "
        "> quotes, tables. A paragraph that is only a link to guidance on this site, such as "
        "[Have your say](/guidance/principles/versions/1/clauses/4/), shows as a card.",
    )
    tags = forms.CharField(
        label="Tags (optional)",
        required=False,
        help_text="Separate tags with commas, for example: guidance, social media",
    )
    status = forms.ChoiceField(
        label="Status", choices=Post.Status.choices, widget=forms.RadioSelect
    )
    published_at = forms.DateTimeField(
        label="Publish at (for a scheduled post)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    comments_open = forms.BooleanField(label="Comments are open", required=False)

    def __init__(self, *args: object, organisations: list[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in organisations]
        )

    def tag_names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data.get("tags", "").split(",")]
