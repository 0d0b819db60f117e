"""Admin views of partnerships for staff administrators: browsing and support, not the workflows.

Membership, coordination, status and stage change only through the portal's pages (which keep the
denormalised fields in step and write the audit log), so the admin shows them read-only.
Invitation tokens are never shown. The admin saves without the services, so its form asks the
kind and area rules (``partnerships.rules``) the services enforce: an invalid area is refused.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin

from partnerships import rules
from partnerships.models import (
    InternalNote,
    JoinRequest,
    Partnership,
    PartnershipInvitation,
    PartnershipMembership,
    StageChange,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class MembershipInline(ReadOnlyInline):
    model = PartnershipMembership
    fields = ("organisation", "role", "joined_at")
    readonly_fields = ("organisation", "role", "joined_at")


class StageChangeInline(ReadOnlyInline):
    model = StageChange
    fields = ("stage", "changed_at", "changed_by", "note")
    readonly_fields = ("stage", "changed_at", "changed_by", "note")


class PartnershipAdminForm(forms.ModelForm):
    """The admin's fields (``PartnershipAdmin``), with the kind and area rules."""

    def clean(self):
        data = super().clean()
        problems = rules.partnership_problems(
            self.instance.kind,
            ecosystem=data.get("ecosystem") or "",
            parent=data.get("parent"),
            shape=data.get("shape") or "",
            countries=list(data.get("countries") or []),
            regions=list(data.get("regions") or []),
        )
        for field, message in problems:
            name = "regions" if field == "region_codes" else field
            self.add_error(name if name in self.fields else None, message)
        return data


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    form = PartnershipAdminForm
    list_display = ["name", "acronym", "kind", "status", "stage", "coordinator", "member_count"]
    list_filter = ["kind", "status", "stage", "ecosystem"]
    search_fields = ["name", "acronym", "slug", "coordinator__name"]
    list_select_related = ["coordinator"]
    inlines = [MembershipInline, StageChangeInline]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["regions"]
    readonly_fields = [
        "slug",
        "kind",
        "status",
        "stage",
        "stage_since",
        "coordinator",
        "member_count",
        "lock_version",
        "created_at",
        "created_by",
        # The summary's languages follow the rules of texts per language: the profile form.
        "summary_language",
        "summary_translations",
    ]
    exclude = ["search_vector"]

    def save_model(self, request, obj, form, change) -> None:
        # An admin save counts as an edit: a coordinator's form open at the same time is refused.
        obj.lock_version += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        from partnerships.common import refresh_search_vector

        super().save_related(request, form, formsets, change)
        refresh_search_vector([form.instance.pk])


@admin.register(PartnershipInvitation)
class PartnershipInvitationAdmin(admin.ModelAdmin):
    list_display = ["partnership", "organisation", "email", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["partnership__name", "organisation__name", "email"]
    list_select_related = ["partnership", "organisation"]
    exclude = ["token"]
    readonly_fields = [
        "partnership",
        "organisation",
        "email",
        "message",
        "status",
        "invited_by",
        "created_at",
        "answered_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["partnership", "organisation", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["partnership__name", "organisation__name"]
    list_select_related = ["partnership", "organisation"]
    readonly_fields = [
        "partnership",
        "organisation",
        "message",
        "status",
        "requested_by",
        "created_at",
        "answered_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(InternalNote)
class InternalNoteAdmin(admin.ModelAdmin):
    list_display = ["partnership", "audience", "author", "created_at"]
    list_filter = ["audience"]
    search_fields = ["partnership__name", "body"]
    list_select_related = ["partnership", "author"]
    readonly_fields = ["partnership", "audience", "author", "body", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
