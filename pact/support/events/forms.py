"""Forms for funding calls, library resources and events: writing them and searching them."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from commitments.models import Indicator
from pact.kernel.uploads import CheckedFile, clean_document
from pact.support.models import (
    CallStatus,
    Event,
    EventKind,
    FundingCall,
    Resource,
    ResourceKind,
)
from partnerships.models import Ecosystem, Partnership

PACT = "pact"
DOCUMENT_TYPES = frozenset({"application/pdf", "application/zip", "image/png", "image/jpeg"})


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _ecosystem_choices(empty) -> list:
    return [("", empty), *Ecosystem.choices]


class PublisherMixin:
    """A "published by" choice: the Pact (support services) or a partnership one coordinates."""

    fields: dict
    cleaned_data: dict

    def setup_publisher(
        self,
        *,
        can_publish_for_pact: bool,
        partnerships: list[Partnership],
        current=None,
        fixed=False,
    ) -> None:
        field = cast(forms.ChoiceField, self.fields["publisher"])
        choices: list[tuple[str, str]] = []
        if fixed:
            owner = current
            choices = [
                (str(owner.pk), owner.name) if owner else (PACT, str(_("Pact support services")))
            ]
            field.disabled = True
            field.initial = choices[0][0]
        else:
            if can_publish_for_pact:
                choices.append((PACT, str(_("Pact support services"))))
            choices += [(str(p.pk), p.name) for p in partnerships]
        field.choices = choices
        if len(choices) == 1:
            field.initial = choices[0][0]
        self._partnerships = {str(p.pk): p for p in partnerships}
        if current is not None:
            self._partnerships[str(current.pk)] = current

    def publisher_partnership(self) -> Partnership | None:
        value = self.cleaned_data.get("publisher")
        return None if value in (None, "", PACT) else self._partnerships.get(value)


# --- funding calls ---------------------------------------------------------------------------------


class FundingCallForm(forms.ModelForm):
    link = forms.URLField(label=_("Link to the call"), max_length=500, assume_scheme="https")
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FundingCall
        fields = [
            "title",
            "programme",
            "institution",
            "ecosystem",
            "status",
            "opens_on",
            "deadline",
            "funding",
            "summary",
            "eligibility",
            "link",
            "members_only",
        ]
        widgets = {
            "status": forms.RadioSelect,
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "eligibility": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "ecosystem").choices = _ecosystem_choices(_("All ecosystems"))
        self.fields["link"].widget.attrs["placeholder"] = "https://"
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version
        else:
            del self.fields["lock_version"]

    def clean(self):
        data = super().clean()
        opens_on, deadline = data.get("opens_on"), data.get("deadline")
        if opens_on and deadline and deadline < opens_on:
            self.add_error("deadline", _("The deadline comes after the opening date."))
        if data.get("status") == CallStatus.OPEN and not deadline:
            self.add_error("deadline", _("An open call has a deadline: give it."))
        return data

    def call_data(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in self.Meta.fields}


class CallSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    ecosystem = forms.ChoiceField(label=_("Industrial ecosystem"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    deadline_after = forms.DateField(
        label=_("Deadline on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    members_only = forms.BooleanField(label=_("Only calls for Pact members"), required=False)

    def __init__(self, *args, programmes: list[str], show_members_only: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "status").choices = [("", _("Any status")), *CallStatus.choices]
        _choice(self, "ecosystem").choices = _ecosystem_choices(_("Any ecosystem"))
        _choice(self, "programme").choices = [("", _("Any programme"))] + [
            (p, p) for p in programmes
        ]
        if not show_members_only:
            del self.fields["members_only"]


class BookmarkForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label=_("Partnership preparing an application"),
        queryset=Partnership.objects.none(),
        error_messages={"required": _("Choose the partnership.")},
    )
    note = forms.CharField(
        label=_("Note for the partnership's members (optional)"),
        required=False,
        max_length=500,
        widget=forms.TextInput,
    )

    def __init__(self, *args, partnerships: list[Partnership], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["partnership"])
        field.queryset = Partnership.objects.filter(pk__in=[p.pk for p in partnerships]).order_by(
            "name"
        )
        if len(partnerships) == 1:
            field.initial = partnerships[0].pk


# --- library ---------------------------------------------------------------------------------------


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
        _choice(self, "language").choices = [("", _("Any language")), *settings.LANGUAGES]
        indicator = cast(forms.ModelChoiceField, self.fields["indicator"])
        indicator.queryset = (
            Indicator.objects.filter(library_examples__isnull=False).distinct().order_by("position")
        )
        indicator.empty_label = _("Any indicator")


# --- events ----------------------------------------------------------------------------------------

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(PublisherMixin, forms.ModelForm):
    field_order = ["publisher"]
    publisher = forms.ChoiceField(label=_("Organised by"))
    online_link = forms.URLField(
        label=_("Online meeting link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to registered participants."),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "summary",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "online_link",
            "capacity",
            "registration_open",
            "ecosystem",
            "report",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
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
        for name in ("starts_at", "ends_at"):
            cast(forms.DateTimeField, self.fields[name]).input_formats = [
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
            ]
        _choice(self, "ecosystem").choices = _ecosystem_choices(_("All ecosystems"))
        report = cast(forms.ModelChoiceField, self.fields["report"])
        report.queryset = Resource.objects.filter(
            kind=ResourceKind.REPORT, is_published=True
        ).order_by("-published_on")
        report.empty_label = _("No report yet")
        self.fields["online_link"].widget.attrs["placeholder"] = "https://"
        if editing:
            self.fields["lock_version"].initial = self.instance.lock_version
        else:
            del self.fields["lock_version"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event ends after it starts."))
        if data.get("capacity") == 0:
            self.add_error(
                "capacity", _("Give at least one place, or leave it empty for no limit.")
            )
        return data

    def event_data(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in self.Meta.fields}


class EventSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search events"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    ecosystem = forms.ChoiceField(label=_("Industrial ecosystem"), required=False)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "kind").choices = [("", _("All kinds")), *EventKind.choices]
        _choice(self, "ecosystem").choices = _ecosystem_choices(_("Any ecosystem"))


class RegistrationForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Registering for"), required=False)

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        _choice(self, "organisation").choices = [("", _("Myself"))] + [
            (str(o.pk), o.name) for o in organisations
        ]

    def clean_organisation(self):
        value = self.cleaned_data.get("organisation") or ""
        if value and value not in self.organisations:
            raise ValidationError(_("Choose one of your organisations."))
        return self.organisations.get(value)


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the registered participants"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason, it is sent to the participants.")},
    )
