from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EuSurveyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("EU Survey export (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
