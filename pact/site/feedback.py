"""The accessibility statement and the feedback form (EU web accessibility rules for public-sector
sites: a statement, and a way to tell us about a barrier that reaches a person who can act)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pact.kernel.cache.page_cache import public_page
from pact.kernel.outbox.queue import queue_email
from pact.models import StaffRole, User


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("What did not work, or what could be better?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    page = forms.CharField(
        label=gettext_lazy("Page concerned (optional)"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Its address or its title."),
    )
    email = forms.EmailField(
        label=gettext_lazy("Your email address (optional)"),
        required=False,
        help_text=gettext_lazy("Only if you would like an answer."),
    )


def _staff_recipients() -> list[User]:
    """Support services and staff administrators read what visitors tell us."""
    return list(
        User.objects.filter(
            staff_role__in=[StaffRole.SUPPORT, StaffRole.ADMIN],
            is_active=True,
            deleted_at__isnull=True,
        ).order_by("pk")
    )


@public_page
def accessibility(request):
    return render(request, "pact/accessibility.html")


@require_http_methods(["GET", "POST"])
def feedback(request):
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "pact/feedback.html", {"form": form}, status=400)
        sender = request.user if request.user.is_authenticated else None
        context = {
            **form.cleaned_data,
            "sender": sender,
            "link": settings.SITE_URL + reverse("staff_home"),
        }
        with transaction.atomic():
            for person in _staff_recipients():
                queue_email(
                    to=person, template="site_feedback", context=context, kind="staff.feedback"
                )
        messages.success(request, _("Thank you: your message was passed on to the portal team."))
        return redirect("feedback")
    return render(request, "pact/feedback.html", {"form": form})
