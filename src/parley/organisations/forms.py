from django import forms
from django.utils.translation import gettext_lazy as _

from parley.organisations.models import Organisation, Role


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of organisation"), choices=Organisation.Kind.choices, widget=forms.RadioSelect
    )
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    logo_url = forms.CharField(
        label=_("Logo address (optional)"),
        max_length=200,
        required=False,
        help_text=_("The web address of an image of your logo, starting with https://"),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    contact_email = forms.CharField(
        label=_("Contact e-mail address (optional)"),
        max_length=254,
        required=False,
        help_text=_("Where people can ask for a document in an accessible format"),
    )


class InvitationForm(forms.Form):
    email = forms.CharField(label=_("E-mail address"), max_length=254, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class SetUpForm(forms.Form):
    organisation_name = forms.CharField(
        label=_("Your organisation’s name"),
        max_length=200,
        required=False,
        help_text=_("The council, department or body that publishes on this site"),
    )
    owner_email = forms.CharField(
        label=_("E-mail address of its owner"),
        max_length=254,
        required=False,
        help_text=_(
            "The owner manages the organisation’s members. Someone without an account "
            "gets one, and chooses a password through “Forgot your password?”"
        ),
    )
