from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parley.discussions.models import Discussion, Stance


class CommentForm(forms.Form):
    """One form for guests and signed-in people; the service does the real validation,
    so the API and the form refuse the same things with the same messages."""

    body = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "You can use Markdown: *emphasis*, [links](https://example.com), lists, "
            "> quotes and `code`. Mention someone with @ and their name."
        ),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    stance = forms.ChoiceField(
        label=_("Do you support this?"),
        required=False,
        choices=[("", _("No view given")), *Stance.choices],
        widget=forms.RadioSelect,
    )
    quote = forms.CharField(
        label=_("Quote the words you are commenting on (optional)"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Copy and paste the passage, so readers know which part you mean."),
    )
    author_name = forms.CharField(label=_("Name"), required=False, max_length=200)
    author_email = forms.CharField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        help_text=_("Never shown to anyone but moderators."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    author_url = forms.CharField(
        label=_("Website (optional)"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
    )
    remember = forms.BooleanField(
        label=_("Remember my name, e-mail and website in this browser for next time"),
        required=False,
    )
    notify_followups = forms.BooleanField(
        label=_("Notify me of follow-up comments by e-mail"), required=False
    )
    notify_posts = forms.BooleanField(label=_("Notify me of new posts by e-mail"), required=False)
    # A field people never see; robots that fill in every field reveal themselves.
    homepage = forms.CharField(required=False, label=_("Leave this empty"))
    # When the form was shown (signed), so a form sent back too fast can be recognised.
    shown_at = forms.CharField(required=False, widget=forms.HiddenInput)
    # One key per form shown: sending it twice (a double click, a retry after a timeout)
    # makes one comment.
    submission = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    field_order = [
        "author_name", "author_email", "author_url", "stance", "quote", "body", "remember",
        "notify_followups", "notify_posts", "parent",
    ]  # fmt: skip

    status = 400  # the HTTP status to answer with when the form comes back with errors

    def __init__(self, *args: Any, discussion: Discussion, signed_in: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.discussion = discussion
        if signed_in:
            for name in ("author_name", "author_email", "author_url", "remember"):
                del self.fields[name]
        else:
            self.fields["author_name"].widget.attrs["autocomplete"] = "name"
        if discussion.kind != Discussion.Kind.POST:
            del self.fields["notify_posts"]
        if not discussion.allows_stance:
            del self.fields["stance"]
            del self.fields["quote"]


class EditCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
