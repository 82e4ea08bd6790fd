"""The forms of the coding frame's pages; the rules themselves are in `insights.frame`."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from parley.insights.engine.evidence import KINDS
from parley.insights.models import FrameTheme
from parley.validation import whole_number


def evidence_names() -> dict[str, str]:
    return {
        "statistic": str(_("A statistic")),
        "source": str(_("A source")),
        "experience": str(_("Personal experience")),
        "wording": str(_("Proposed wording")),
    }


def sign_names() -> dict[str, str]:
    """The reader's words for each rule of `engine.evidence`, by its name there."""
    return {
        "percentage": str(_("a percentage")),
        "ratio": str(_("a ratio")),
        "money": str(_("a sum of money")),
        "count": str(_("a count of people or things")),
        "large number": str(_("a large number")),
        "share in words": str(_("a share in words")),
        "figures cited": str(_("figures cited")),
        "link": str(_("a link")),
        "according to": str(_("“according to”")),
        "named publication": str(_("a named publication")),
        "law": str(_("a law")),
        "in my experience": str(_("“in my experience”")),
        "as a (role)": str(_("“as a …” (a role)")),
        "it happened to me": str(_("something that happened to the writer")),
        "someone close": str(_("someone close to the writer")),
        "should read": str(_("“should read”")),
        "replace with": str(_("“replace … with”")),
        "add or delete words": str(_("words to add or delete")),
        "instead of": str(_("“instead of”")),
        "suggested wording": str(_("a suggested wording")),
    }


class Ids(forms.Field):
    """Ids ticked in a list of checkboxes written by the page itself."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Select comments from the list")}

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids = [whole_number(str(v)) for v in values]
        if any(pk is None for pk in ids):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return [pk for pk in ids if pk is not None]

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(_("Select at least one comment"))


def _theme_choices(themes: list[FrameTheme]) -> list[tuple[str, str]]:
    return [(str(theme.pk), theme.name) for theme in themes]


class NewThemeForm(forms.Form):
    name = forms.CharField(label=_("Name of the new theme"), max_length=120)


class BulkForm(forms.Form):
    """One action on every ticked comment and formal response. Each theme's choice carries
    its revision as the page showed it ("<id>.<revision>"): a theme changed since is a
    conflict (409), and so is one deleted or merged away since (the error's code is
    "gone")."""

    ACTIONS = {
        "tag": _("Add the theme"),
        "untag": _("Take out of the theme"),
        "move": _("Move from the theme filtered on to the theme"),
        "reviewed": _("Mark as reviewed"),
        "unreviewed": _("Mark as not reviewed"),
    }

    comments = Ids(label=_("Comments"), required=False)
    responses = Ids(
        label=_("Formal responses"),
        required=False,
        error_messages={"invalid": _("Select formal responses from the list")},
    )
    action = forms.ChoiceField(label=_("Action"))
    theme = forms.CharField(label=_("Theme to use"), required=False, widget=forms.Select)

    def __init__(self, *args: Any, themes: list[FrameTheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.themes = {theme.pk: theme for theme in themes}
        cast(forms.ChoiceField, self.fields["action"]).choices = list(self.ACTIONS.items())
        cast(forms.Select, self.fields["theme"].widget).choices = [
            ("", _("Choose a theme")),
            *((f"{theme.pk}.{theme.revision}", theme.name) for theme in themes),
        ]

    def clean_theme(self) -> tuple[FrameTheme, int | None] | None:
        """The theme and the revision the page showed (None when the form gave none)."""
        value = str(self.cleaned_data.get("theme") or "")
        if not value:
            return None
        pk, dot, revision = value.partition(".")
        number, seen = whole_number(pk), whole_number(revision) if dot else None
        if number is None or (dot and seen is None):
            raise forms.ValidationError(_("Choose a theme"))
        theme = self.themes.get(number)
        if theme is None:
            raise forms.ValidationError(
                _(
                    "That theme is no longer in this coding frame: someone else deleted or "
                    "merged it while you were looking. Nothing was saved: choose a theme again."
                ),
                code="gone",
            )
        return theme, seen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            "comments" in data
            and "responses" in data
            and not data["comments"]
            and not data["responses"]
        ):
            self.add_error("comments", _("Select at least one comment or formal response"))
        wants_theme = data.get("action") in {"tag", "untag", "move"}
        if wants_theme and not data.get("theme") and not self.has_error("theme"):
            self.add_error("theme", _("Choose the theme to use"))
        return data


class RenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=120)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    """Each choice carries the revision of the theme as the page showed it
    ("<id>.<revision>"), so a change to the theme merged into since is a conflict too."""

    into = forms.CharField(label=_("Merge into"), widget=forms.Select)
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, others: list[FrameTheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.others = {theme.pk: theme for theme in others}
        cast(forms.Select, self.fields["into"].widget).choices = [
            ("", _("Choose a theme")),
            *((f"{theme.pk}.{theme.revision}", theme.name) for theme in others),
        ]

    def clean_into(self) -> tuple[FrameTheme, int]:
        pk, _dot, revision = str(self.cleaned_data["into"]).partition(".")
        theme = self.others.get(whole_number(pk) or 0)
        seen = whole_number(revision)
        if theme is None or seen is None:
            raise forms.ValidationError(_("Choose a theme"))
        return theme, seen


class SplitForm(forms.Form):
    """The comments and formal responses of the theme that go to the new one: at least one."""

    name = forms.CharField(label=_("Name of the new theme"), max_length=120)
    comments = forms.MultipleChoiceField(
        label=_("Comments that go to the new theme"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responses = forms.MultipleChoiceField(
        label=_("Formal responses that go to the new theme"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose only formal responses in the theme being split")
        },
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        members: list[tuple[str, str]],
        responses: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["comments"]).choices = members
        cast(forms.ChoiceField, self.fields["responses"]).choices = responses

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            "comments" in data
            and "responses" in data
            and not data["comments"]
            and not data["responses"]
        ):
            # Beside the list the page shows: the comments, or the responses when alone.
            listed = cast(forms.ChoiceField, self.fields["comments"]).choices
            shown = "comments" if listed else "responses"
            self.add_error(shown, _("Select at least one comment or formal response"))
        return data


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete this theme (its comments stay, in their other themes)")
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class LinkForm(forms.Form):
    lineages = forms.MultipleChoiceField(
        label=_("Clauses it is about"), required=False, widget=forms.CheckboxSelectMultiple
    )
    responses = forms.MultipleChoiceField(
        label=_("Entries of the response (“you said, we did”) that cite it"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        clauses: list[tuple[str, str]],
        entries: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["lineages"]).choices = clauses
        cast(forms.ChoiceField, self.fields["responses"]).choices = entries
        if not entries:
            self.fields["responses"].help_text = _(
                "The response has no entries yet: its editors write one per clause."
            )


class CommentForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reviewed = forms.BooleanField(label=_("Reviewed"), required=False)
    note = forms.CharField(
        label=_("Private note for analysts"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the organisation’s analysts and editors see it."),
    )

    def __init__(self, *args: Any, themes: list[FrameTheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["themes"]).choices = _theme_choices(themes)


EVIDENCE_CHOICES = KINDS
