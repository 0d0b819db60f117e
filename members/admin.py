"""Admin views of members for staff administrators: browsing and support, not the workflows.

Status, decisions and Charter acceptance change only through the portal's pages (which write the
audit log), so the admin shows them read-only. Invitation tokens are never shown.
"""

from __future__ import annotations

from django.contrib import admin

from members.models import (
    MemberImport,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
)


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["user", "role", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "type", "country", "status", "applied_at"]
    list_filter = ["status", "type", "country"]
    search_fields = ["name", "acronym", "slug"]
    inlines = [MembershipInline]
    readonly_fields = [
        "slug",
        "status",
        "decision_reason",
        "decided_at",
        "decided_by",
        "applied_at",
        "applied_by",
        "umbrella",
        "charter_version",
        "charter_accepted_at",
        "charter_accepted_by",
        "charter_principles",
        "lock_version",
        "updated_at",
    ]
    exclude = ["search_vector"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OrganisationInvitation)
class OrganisationInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "organisation__name"]
    exclude = ["token"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MemberImport)
class MemberImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "organisation", "status", "created_at", "confirmed_at"]
    list_filter = ["status"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
