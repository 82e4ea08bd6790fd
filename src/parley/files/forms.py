from django import forms
from django.utils.translation import gettext_lazy as _

HINT = _("A PDF, ODT, DOCX, XLSX, CSV or TXT file, smaller than 50 MB")


class AttachForm(forms.Form):
    # The title comes before the file, in the page and so in the request's body: an upload
    # stopped for its size then still leaves the title to show again beside the error.
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    title_cy = forms.CharField(label=_("Welsh title (optional)"), max_length=200, required=False)
    accessible_alternative = forms.BooleanField(
        label=_("This is an accessible alternative to another document"), required=False
    )
    file = forms.FileField(
        label=_("Upload a file"), help_text=HINT, required=False, widget=forms.FileInput
    )


class ReplaceForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a new file"), help_text=HINT, required=False, widget=forms.FileInput
    )
