"""Delegated reporting: a member organisation's admin lets the partnership's coordinators enter and
import its figures; the reports and the audit say so; nobody else gains anything."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import ProgressReport, ReportingDelegation, ReportStatus
from commitments.reporting import delegation, services
from pact import access
from pact.models import AuditEntry
from partnerships.models import PartnershipMembership

pytestmark = pytest.mark.django_db


def delegate(r):
    return delegation.grant(r.world.member_org, r.partnership.pk, r.world.member)


def report_url(r, target):
    return reverse(
        "commitments:report",
        kwargs={"year": 2025, "org": r.world.member_org.slug, "target_id": target.pk},
    )


def test_it_lets_the_admin_grant_and_revoke_from_the_page_with_audit(reporting, login):
    r = reporting
    client = login(r.world.member)
    url = reverse("commitments:delegation", kwargs={"org": r.world.member_org.slug})
    page = client.get(url)
    assert page.status_code == 200 and r.partnership.name in page.text
    client.post(url, {"partnership": r.partnership.pk, "action": "grant"})
    assert ReportingDelegation.objects.filter(partnership=r.partnership).exists()
    client.post(url, {"partnership": r.partnership.pk, "action": "revoke"})
    assert not ReportingDelegation.objects.exists()
    kinds = list(
        AuditEntry.objects.filter(kind__startswith="pact.report.delegation")
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["pact.report.delegation_granted", "pact.report.delegation_revoked"]


def test_only_the_organisations_admins_may_delegate(reporting, login):
    r = reporting
    with pytest.raises(access.Refused):
        delegation.grant(r.world.member_org, r.partnership.pk, r.world.contributor)
    with pytest.raises(access.Refused):
        delegation.grant(r.world.member_org, r.partnership.pk, r.world.coordinator)
    url = reverse("commitments:delegation", kwargs={"org": r.world.member_org.slug})
    assert login(r.world.coordinator).get(url).status_code == 404
    assert login(r.world.outsider).get(url).status_code == 404


def test_a_partnership_it_is_not_a_member_of_cannot_be_delegated_to(reporting):
    r = reporting
    PartnershipMembership.objects.filter(organisation=r.world.member_org).delete()
    with pytest.raises(services.ReportingError):
        delegate(r)


def test_without_delegation_the_coordinator_cannot_report_for_the_member(reporting, login):
    r = reporting
    with pytest.raises(access.Refused):
        services.save_report(
            organisation=r.world.member_org,
            target=r.people,
            cycle=r.cycle,
            actor=r.world.coordinator,
            lock_version=0,
            value=Decimal(5),
        )
    assert login(r.world.coordinator).get(report_url(r, r.people)).status_code == 404


def test_the_coordinator_enters_a_figure_recorded_as_delegated(reporting, login):
    r = reporting
    delegate(r)
    client = login(r.world.coordinator)
    page = client.get(report_url(r, r.people))
    assert page.status_code == 200 and "coordinator of" in page.text
    response = client.post(
        report_url(r, r.people), {"lock_version": 0, "value": "40", "action": "submit"}
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(target=r.people)
    assert report.status == ReportStatus.SUBMITTED
    assert report.entered_by_coordinator_of == r.partnership
    entry = AuditEntry.objects.get(kind="pact.report.submitted")
    assert entry.data["delegated_to"] == r.partnership.pk and entry.actor == r.world.coordinator
    # The organisation's own later save is its own again.
    services.save_report(
        organisation=r.world.member_org,
        target=r.money,
        cycle=r.cycle,
        actor=r.world.member,
        lock_version=0,
        value=Decimal(100),
    )
    own = ProgressReport.objects.get(target=r.money)
    assert own.entered_by_coordinator_of is None
    # The staff review page says who entered it, and its history shows the step.
    review = login(r.world.reviewer).get(reverse("commitments:review", kwargs={"pk": report.pk}))
    assert "delegated reporting" in review.text
    assert "History of this report in 2025" in review.text


def test_revoking_ends_the_coordinators_access(reporting, login):
    r = reporting
    delegate(r)
    delegation.revoke(r.world.member_org, r.partnership.pk, r.world.member)
    client = login(r.world.coordinator)
    assert client.get(report_url(r, r.people)).status_code == 404
    sheet = reverse("commitments:sheet", kwargs={"year": 2025, "org": r.world.member_org.slug})
    assert client.get(sheet).status_code == 404


def test_the_delegation_ends_when_the_organisation_leaves_the_partnership(reporting):
    r = reporting
    delegate(r)
    PartnershipMembership.objects.filter(organisation=r.world.member_org).delete()
    assert access.delegated_partnership_ids(r.world.coordinator, r.world.member_org) == frozenset()


def test_the_coordinator_sees_only_the_delegated_partnerships_targets(reporting, login):
    r = reporting
    from tests.commitments.conftest import make_target
    from tests.factories import make_partnership

    other = make_partnership(r.world.outsider_org, members=(r.world.member_org,), status="active")
    from commitments.models import Commitment

    elsewhere = Commitment.objects.create(partnership=other, title="Elsewhere", is_current=True)
    elsewhere.responsible_organisations.add(r.world.member_org)
    hidden = make_target(elsewhere, "people-upskilled", "50")
    delegate(r)
    client = login(r.world.coordinator)
    sheet = client.get(
        reverse("commitments:sheet", kwargs={"year": 2025, "org": r.world.member_org.slug})
    )
    assert sheet.status_code == 200
    assert "Elsewhere" not in sheet.text and "Train hospitality workers" in sheet.text
    assert "delegated its reporting on your partnership" in sheet.text
    assert client.get(report_url(r, hidden)).status_code == 404
    with pytest.raises(access.Refused):
        services.save_report(
            organisation=r.world.member_org,
            target=hidden,
            cycle=r.cycle,
            actor=r.world.coordinator,
            lock_version=0,
            value=Decimal(5),
        )


def test_the_coordinator_imports_for_the_member_and_other_targets_are_line_errors(reporting, login):
    r = reporting
    delegate(r)
    client = login(r.world.coordinator)
    url = reverse(
        "commitments:import_upload", kwargs={"year": 2025, "org": r.world.member_org.slug}
    )
    csv_text = f"target_id,value\n{r.people.pk},12\n{r.money.pk},300\n"
    response = client.post(url, {"file": SimpleUploadedFile("r.csv", csv_text.encode())})
    assert response.status_code == 302
    confirmed = client.post(response["Location"], {"action": "confirm"})
    assert confirmed.status_code == 302
    saved = ProgressReport.objects.filter(organisation=r.world.member_org)
    assert saved.count() == 2
    assert all(rep.entered_by_coordinator_of_id == r.partnership.pk for rep in saved)
    entries = AuditEntry.objects.filter(kind="pact.report.saved_from_import")
    assert entries.count() == 2 and all(e.data["delegated_to"] for e in entries)
    # Without the delegation the same upload is refused.
    delegation.revoke(r.world.member_org, r.partnership.pk, r.world.member)
    assert (
        client.post(url, {"file": SimpleUploadedFile("r.csv", csv_text.encode())}).status_code
        == 404
    )


def test_the_partnership_status_links_to_the_delegated_members_sheet(reporting, login):
    r = reporting
    url = reverse(
        "commitments:partnership_status", kwargs={"slug": r.partnership.slug, "year": 2025}
    )
    client = login(r.world.coordinator)
    assert "Enter their figures" not in client.get(url).text
    delegate(r)
    assert "Enter their figures" in client.get(url).text
