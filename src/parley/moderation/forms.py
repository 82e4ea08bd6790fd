from django import forms

from parley.moderation.models import ModerationRules


class RulesForm(forms.ModelForm):
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
            "hold_first_guest_comment": "Hold a guest's first comment",
            "max_links": "Most links before a comment is held",
            "held_phrases": "Hold comments containing",
            "blocked_phrases": "Treat as spam comments containing",
            "hold_everything": "Hold every comment",
            "hold_nothing": "Hold nothing",
            "min_seconds_to_submit": "Fewest seconds a person takes to send the form",
            "flags_to_hide": "Flags from different people that hide a comment for review",
        }
        widgets = {
            "held_phrases": forms.Textarea(attrs={"rows": 4}),
            "blocked_phrases": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("hold_everything") and data.get("hold_nothing"):
            self.add_error("hold_nothing", "Choose either hold every comment or hold nothing")
        return data


class PolicyForm(forms.Form):
    body = forms.CharField(
        label="Comment policy",
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Markdown. Readers see it linked from every comment form. Keep the reasons "
        "moderators choose from when removing a comment: off-topic, abusive, personal "
        "information, spam, breaking the law.",
    )
