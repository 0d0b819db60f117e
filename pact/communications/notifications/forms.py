"""The notification centre's form: by email or in the portal only, per category."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pact.communications.models import NotificationCategory
from pact.communications.notifications.services import categories_with_choice


class NotificationPreferencesForm(forms.Form):
    """One choice per category: in the portal only, or also by email. Mandatory ones are fixed."""

    PORTAL = "portal"
    EMAIL = "email"

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Staff mails only ever go to staff: nobody else needs that line.
        self.rows = [
            row
            for row in categories_with_choice(user)
            if row["value"] != NotificationCategory.STAFF or user.staff_role
        ]
        self.shows_staff = any(row["value"] == NotificationCategory.STAFF for row in self.rows)
        for row in self.rows:
            label = row["label"]
            if row["mandatory"]:
                label = format_lazy("{} {}", label, _("(always also by email, see below)"))
            field = forms.ChoiceField(
                label=label,
                choices=[
                    (self.EMAIL, _("In the portal and by email")),
                    (self.PORTAL, _("In the portal only")),
                ],
                widget=forms.RadioSelect,
                initial=self.EMAIL if row["by_email"] else self.PORTAL,
                disabled=row["mandatory"],
                required=False,
            )
            self.fields[row["value"]] = field
            row["field"] = field

    def by_email(self) -> dict[str, bool]:
        return {
            category: self.cleaned_data.get(category) != self.PORTAL
            for category in NotificationCategory.values
        }
