"""seed_scale: valid synthetic data at any size, marked so that --reset removes exactly it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q

from tests.factories import make_organisation, make_partnership

SIZES = {
    "organisations": 80,
    "partnerships": 8,
    "memberships": 40,
    "commitments": 15,
    "reports": 120,
    "users": 90,
    "cycles": 3,
}


def seed(**extra):
    call_command("seed_scale", verbosity=0, **{**SIZES, **extra})


@pytest.mark.django_db
def test_it_generates_the_sizes_asked_for_with_valid_rows():
    from commitments.models import Commitment, ProgressReport, ReportingCycle, Target
    from members.models import Organisation
    from pact.models import User
    from partnerships.models import Partnership, PartnershipMembership

    seed()
    orgs = Organisation.objects.filter(slug__startswith="scale-")
    partnerships = Partnership.objects.filter(slug__startswith="scale-")
    assert orgs.count() == 80
    assert partnerships.count() == 8
    assert PartnershipMembership.objects.filter(partnership__in=partnerships).count() == 40
    assert (
        Commitment.objects.filter(
            Q(partnership__in=partnerships) | Q(organisation__in=orgs)
        ).count()
        == 15
    )
    assert ProgressReport.objects.filter(organisation__in=orgs).count() == 120
    assert User.objects.filter(email__endswith="@scale.example").count() == 90
    assert ReportingCycle.objects.count() == 3
    assert ReportingCycle.objects.filter(status="open").count() == 1
    # One coordinator each, and the directory's denormalised columns agree with the memberships.
    for p in partnerships.annotate(
        coordinators=Count("memberships", filter=Q(memberships__role="coordinator")),
        members=Count("memberships"),
    ):
        assert p.coordinators == 1
        assert p.member_count == p.members
        assert p.coordinator_id == p.memberships.get(role="coordinator").organisation_id
    assert not orgs.filter(search_vector__isnull=True).exists()
    assert not partnerships.filter(search_vector__isnull=True).exists()
    # Mostly active members and partnerships, mostly validated reports.
    assert orgs.filter(status="active").count() > 0.8 * 80
    assert ProgressReport.objects.filter(status="validated").count() > 0.5 * 120
    # Each report is by an organisation the target's commitment names (or the pledge's owner).
    for report in ProgressReport.objects.select_related("target__commitment")[:50]:
        commitment = report.target.commitment
        if commitment.partnership_id:
            assert commitment.responsible_organisations.filter(pk=report.organisation_id).exists()
        else:
            assert commitment.organisation_id == report.organisation_id
    assert Target.objects.filter(commitment__partnership__in=partnerships).exists()


@pytest.mark.django_db
def test_it_refuses_to_seed_twice_and_resets_only_its_own_rows():
    from members.models import Organisation
    from partnerships.models import Partnership

    mine = make_organisation("Real Member Organisation")
    make_partnership(mine, name="Real Partnership")
    seed()
    with pytest.raises(CommandError, match="--reset"):
        seed()
    seed(reset=True, organisations=40, users=40)
    assert Organisation.objects.filter(slug__startswith="scale-").count() == 40
    assert Organisation.objects.filter(pk=mine.pk).exists()
    assert Partnership.objects.filter(name="Real Partnership").exists()


@pytest.mark.django_db
def test_it_scales_every_size_by_one_factor():
    from members.models import Organisation
    from partnerships.models import Partnership

    call_command("seed_scale", scale=0.0005, verbosity=0)
    assert Organisation.objects.filter(slug__startswith="scale-").count() == 50
    assert Partnership.objects.filter(slug__startswith="scale-").count() == 5
