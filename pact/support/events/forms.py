"""Forms for events: writing one, searching, registering, cancelling."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pact.support.forms import PublisherMixin, _choice, _ecosystem_choices
from pact.support.models import (
    Event,
    EventKind,
    Resource,
    ResourceKind,
)
from partnerships.models import Partnership

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
            "language",
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
        self.fields["language"].required = False  # kept as it was when left out (clean)
        report = cast(forms.ModelChoiceField, self.fields["report"])
        report.queryset = (
            Resource.objects.public().filter(kind=ResourceKind.REPORT).order_by("-published_on")
        )
        report.empty_label = _("No report yet")
        self.fields["online_link"].widget.attrs["placeholder"] = "https://"
        if editing:
            self.fields["lock_version"].initial = self.instance.lock_version
        else:
            del self.fields["lock_version"]

    def clean(self):
        data = super().clean()
        if not data.get("language") and "language" not in self.errors:
            # Left out (an older client): the language it had, else English.
            data["language"] = self.instance.language or "en"
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
