"""Changes made in the Django admin leave audit entries (added, changed with a diff, deleted)
without personal data: no object names, personal fields masked (DESIGN.md §9)."""

from __future__ import annotations

import json

import pytest
from django.contrib import admin

from members.models import OrganisationInvitation
from pact.kernel.audit import MASK
from pact.models import AuditEntry, User
from pact.site import admin_audit
from partnerships.models import InternalNote
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _form_data(response) -> dict:
    """What the admin's change form would post back unchanged (main form and inlines)."""
    data: dict = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[form.add_prefix(name)] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for child in formset.forms:
            for name in child.fields:
                value = child[name].value()
                if value is not None:
                    data[child.add_prefix(name)] = value
    return data


def _row(entry: AuditEntry) -> str:
    return json.dumps(AuditEntry.objects.filter(pk=entry.pk).values().get(), default=str)


@pytest.fixture
def staff_admin(client):
    person = make_user("admin-audit@example.org", staff_role="admin", is_superuser=True)
    client.force_login(person)
    return person


def test_it_audits_a_partnership_changed_in_the_admin_with_a_diff(client, world, staff_admin):
    partnership = world.partnership
    url = f"/admin/partnerships/partnership/{partnership.pk}/change/"
    data = _form_data(client.get(url))
    data["acronym"] = "NEWACR"
    data["name"] = "Renamed Partnership"
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    entry = AuditEntry.objects.get(kind="pact.admin.changed")
    assert entry.actor == staff_admin
    assert (entry.target_type, entry.target_id) == ("partnerships.partnership", str(partnership.pk))
    assert entry.partnership_id == partnership.pk
    assert entry.data["changes"]["acronym"]["to"] == "NEWACR"
    assert entry.data["changes"]["name"] == MASK  # names are masked, whatever the model
    assert "Renamed Partnership" not in _row(entry)


def test_it_masks_every_field_of_a_person_and_every_address():
    class Form:
        changed_data = ["full_name", "language"]
        initial = {"full_name": "Mia", "language": "en"}
        cleaned_data = {"full_name": "Mia Secret", "language": "fr"}

    assert admin_audit._diff(Form(), User) == {"full_name": MASK, "language": MASK}

    class InvitationForm:
        changed_data = ["email", "role"]
        initial = {"email": "a@example.org", "role": "contributor"}
        cleaned_data = {"email": "b@example.org", "role": "admin"}

    assert admin_audit._diff(InvitationForm(), OrganisationInvitation) == {
        "email": MASK,
        "role": {"from": "contributor", "to": "admin"},
    }


def test_it_audits_an_internal_note_deleted_in_the_admin(client, world, staff_admin):
    note = InternalNote.objects.create(
        partnership=world.partnership, author=world.coordinator, body="Call Mia on +32 2 555"
    )
    response = client.post(f"/admin/partnerships/internalnote/{note.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not InternalNote.objects.filter(pk=note.pk).exists()
    entry = AuditEntry.objects.get(kind="pact.admin.deleted")
    assert (entry.target_type, entry.target_id) == ("partnerships.internalnote", str(note.pk))
    assert entry.partnership_id == world.partnership.pk
    assert entry.target_label == f"internal note #{note.pk}"
    assert "555" not in _row(entry)


def test_it_audits_bulk_deletions_one_entry_per_object(client, world, staff_admin):
    notes = [
        InternalNote.objects.create(partnership=world.partnership, body=f"note {n}")
        for n in range(3)
    ]
    response = client.post(
        "/admin/partnerships/internalnote/",
        {"action": "delete_selected", "_selected_action": [n.pk for n in notes], "post": "yes"},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(kind="pact.admin.deleted").count() == 3


def test_every_registered_admin_is_audited():
    import pact.urls  # noqa: F401 - wires the admin

    assert all(getattr(m, "_pact_audited", False) for m in admin.site._registry.values())
