from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parley.moderation.models import ModerationRules


class RulesForm(forms.ModelForm[ModerationRules]):
    class Meta:
        model = ModerationRules
        fields = [
            "hold_first_guest_comment",
            "max_links",
            "held_phrases",
            "blocked_phrases",
            "hold_everything",
            "hold_nothing",
            "min_seconds_to_submit",
            "flags_to_hide",
        ]
        labels = {
            "hold_first_guest_comment": _("Hold a guest’s first comment"),
            "max_links": _("Most links before a comment is held"),
            "held_phrases": _("Hold comments containing"),
            "blocked_phrases": _("Treat as spam comments containing"),
            "hold_everything": _("Hold every comment"),
            "hold_nothing": _("Hold nothing"),
            "min_seconds_to_submit": _("Fewest seconds a person takes to send the form"),
            "flags_to_hide": _("Flags from different people that hide a comment for review"),
        }
        help_texts = {
            "hold_first_guest_comment": _(
                "Hold a guest’s comments until a moderator approves one."
            ),
            "max_links": _("Hold comments with more links than this."),
            "held_phrases": _("Hold comments containing any of these (one per line)."),
            "blocked_phrases": _("Treat comments containing any of these as spam (one per line)."),
            "hold_nothing": _("Publish everything at once (spam is still caught)."),
            "min_seconds_to_submit": _("Forms sent back faster than this are treated as robots."),
            "flags_to_hide": _("Hide a comment for review once this many people flag it."),
        }
        widgets = {
            "held_phrases": forms.Textarea(attrs={"rows": 4}),
            "blocked_phrases": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("hold_everything") and data.get("hold_nothing"):
            self.add_error("hold_nothing", _("Choose either hold every comment or hold nothing"))
        return data


class PolicyForm(forms.Form):
    body = forms.CharField(
        label=_("Comment policy"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Markdown. Readers see it linked from every comment form. Keep the reasons "
            "moderators choose from when removing a comment: off-topic, abusive, personal "
            "information, spam, breaking the law."
        ),
    )
