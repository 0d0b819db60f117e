"""Every submitted version is immutable: in the services and in the database itself."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from commitments.models import Commitment, Target
from partnerships.declarations import common, drafting, review
from partnerships.models import DeclarationVersion

from .conftest import indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(world, draft):
    return review.submit(draft, lock_version=draft.lock_version, actor=world.coordinator)


def test_it_refuses_a_direct_orm_save_of_a_submitted_versions_text(submitted):
    version = DeclarationVersion.objects.get(pk=submitted.pk)
    version.challenges = "Rewritten behind everybody's back."
    with pytest.raises(IntegrityError), transaction.atomic():
        version.save()
    version.refresh_from_db()
    assert version.challenges == "Skills gaps in the **creative** industries."


def test_it_refuses_a_queryset_update_and_a_status_back_to_draft(submitted):
    with pytest.raises(IntegrityError), transaction.atomic():
        DeclarationVersion.objects.filter(pk=submitted.pk).update(objectives="changed")
    with pytest.raises(IntegrityError), transaction.atomic():
        DeclarationVersion.objects.filter(pk=submitted.pk).update(status="draft")
    assert DeclarationVersion.objects.get(pk=submitted.pk).status == "submitted"


def test_it_refuses_changes_to_the_commitments_and_targets_of_a_submitted_version(submitted):
    commitment = Commitment.objects.get(declaration_version=submitted)
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(title="Another promise")
    target = commitment.targets.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.filter(pk=target.pk).update(target_value=Decimal(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            commitment=commitment,
            indicator=indicator(),
            unit="count",
            target_value=Decimal(5),
            target_date=dt.date(2030, 1, 1),
        )
    # Marking commitments current (publication) stays possible.
    Commitment.objects.filter(pk=commitment.pk).update(is_current=True)


def test_the_services_refuse_to_edit_a_submitted_version(world, submitted):
    with pytest.raises(common.NotEditable):
        drafting.save_section(
            submitted,
            "challenges",
            {"language": "en", "challenges": "x"},
            lock_version=submitted.lock_version,
            actor=world.coordinator,
        )


def test_the_editor_sends_the_coordinator_back_once_submitted(world, submitted, login):
    client = login(world.coordinator)
    url = reverse("partnerships:declaration_edit", args=[world.partnership.slug, "challenges"])
    response = client.post(url, {"language": "en", "challenges": "x", "lock_version": 99})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.challenges == "Skills gaps in the **creative** industries."
    # It stays readable.
    page = client.get(reverse("partnerships:declaration_version", args=[world.partnership.slug, 1]))
    assert page.status_code == 200
    assert "creative" in page.content.decode()
