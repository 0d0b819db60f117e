"""Forms for the resource library: writing a resource (with its file) and searching."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from commitments.models import Indicator
from pact.kernel.texts import content_language_choices
from pact.kernel.uploads import CheckedFile, clean_document
from pact.support.forms import PublisherMixin, _choice, _ecosystem_choices
from pact.support.models import (
    Resource,
    ResourceKind,
)
from partnerships.models import Partnership

DOCUMENT_TYPES = frozenset({"application/pdf", "application/zip", "image/png", "image/jpeg"})


class ResourceForm(PublisherMixin, forms.ModelForm):
    field_order = ["publisher"]
    publisher = forms.ChoiceField(label=_("Published by"))
    upload = forms.FileField(
        label=_("File (optional)"),
        required=False,
        help_text=_("PDF, ZIP, PNG or JPEG, up to %(size)s MB.")
        % {"size": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)},
    )
    remove_file = forms.BooleanField(label=_("Remove the current file"), required=False)
    link = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Resource
        fields = [
            "kind",
            "title",
            "summary",
            "body",
            "indicator",
            "link",
            "ecosystem",
            "language",
            "published_on",
            "is_published",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "indicator": _("Required for a KPI example: the page shows how many targets use it."),
        }

    def __init__(
        self, *args, user, partnerships: list[Partnership], can_publish_for_pact: bool, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        editing = bool(self.instance.pk)
        self.setup_publisher(
            can_publish_for_pact=can_publish_for_pact,
            partnerships=partnerships,
            current=self.instance.partnership if editing else None,
            fixed=editing,
        )
        _choice(self, "ecosystem").choices = _ecosystem_choices(_("All ecosystems"))
        indicator = cast(forms.ModelChoiceField, self.fields["indicator"])
        indicator.queryset = Indicator.objects.order_by("position", "code")
        indicator.empty_label = _("No indicator")
        self.fields["published_on"].required = False
        self.fields["link"].widget.attrs["placeholder"] = "https://"
        if editing:
            self.fields["lock_version"].initial = self.instance.lock_version
            if not self.instance.file:
                del self.fields["remove_file"]
        else:
            del self.fields["lock_version"]
            del self.fields["remove_file"]

    def clean_upload(self) -> CheckedFile | None:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        return clean_document(upload, allowed=DOCUMENT_TYPES)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == ResourceKind.KPI_EXAMPLE and not data.get("indicator"):
            self.add_error(
                "indicator", _("A KPI example shows an indicator of the catalogue: choose it.")
            )
        has_file = bool(self.instance.file) and not data.get("remove_file")
        if kind == ResourceKind.TEMPLATE and not (
            data.get("upload") or has_file or data.get("link")
        ):
            self.add_error("upload", _("A template needs a file or a link."))
        return data

    def resource_data(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in self.Meta.fields}


class LibrarySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the library"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    ecosystem = forms.ChoiceField(label=_("Industrial ecosystem"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        required=False,
        to_field_name="code",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "kind").choices = [("", _("All kinds")), *ResourceKind.choices]
        _choice(self, "ecosystem").choices = _ecosystem_choices(_("Any ecosystem"))
        _choice(self, "language").choices = [("", _("Any language")), *content_language_choices()]
        indicator = cast(forms.ModelChoiceField, self.fields["indicator"])
        indicator.queryset = (
            Indicator.objects.filter(library_examples__isnull=False).distinct().order_by("position")
        )
        indicator.empty_label = _("Any indicator")
