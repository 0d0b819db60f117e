"""Forms for umbrella imports: the CSV file, and confirming the checked rows."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with the columns: name, acronym, type, country, nuts_region, website, "
            "contact_name, contact_email."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ImportConfirmForm(forms.Form):
    charter = forms.BooleanField(
        label=_(
            "The organisations on this list have accepted the four principles of the Pact "
            "Charter and agree to be registered."
        ),
        error_messages={"required": _("Confirm that these organisations accepted the Charter.")},
    )
