"""Who must report on which target: the one-pair question asked by the report form agrees with
the list of every duty that sheets, reminders and the monitoring read."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from commitments.models import Commitment, Target
from commitments.reporting.selectors import duties_sql, is_due_from
from members.models import Organisation
from tests.commitments.conftest import make_target
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db


def test_the_one_pair_question_agrees_with_every_duty(reporting):
    r = reporting
    w = r.world
    pledge = Commitment.objects.create(
        organisation=w.member_org, title="Own pledge", is_current=True, uid=uuid.uuid4()
    )
    pledged = make_target(pledge, "people-upskilled", "50")
    old = Commitment.objects.create(partnership=r.partnership, title="Old", is_current=False)
    old.responsible_organisations.add(w.member_org)
    make_target(old, "people-upskilled", "5")
    draft = make_partnership(w.coordinator_org, members=(w.member_org,), status="draft")
    unborn = Commitment.objects.create(partnership=draft, title="Not yet", is_current=True)
    unborn.responsible_organisations.add(w.member_org)
    make_target(unborn, "people-upskilled", "5")
    suspended = make_organisation("Suspended College", status="suspended")
    r.people.commitment.responsible_organisations.add(suspended)
    suspended_pledge = Commitment.objects.create(
        organisation=suspended, title="Its pledge", is_current=True, uid=uuid.uuid4()
    )
    make_target(suspended_pledge, "people-upskilled", "5")

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT organisation_id, target_id FROM ({duties_sql()}) d")
        duties = set(cursor.fetchall())
    asked = {
        (organisation.pk, target.pk)
        for organisation in Organisation.objects.all()
        for target in Target.objects.all()
        if is_due_from(organisation, target)
    }
    assert asked == duties
    # every kind of duty is in there, and what is not due is not
    assert {
        (w.member_org.pk, r.people.pk),  # responsible for a partnership's commitment
        (w.coordinator_org.pk, r.events.pk),  # the coordinator's, nobody being responsible
        (w.member_org.pk, pledged.pk),  # its own pledge
    } <= asked
    assert (w.member_org.pk, r.events.pk) not in asked
    assert not any(org == suspended.pk for org, _target in asked)
    assert not any(target in {t.pk for t in old.targets.all()} for _org, target in asked)
    assert not any(target in {t.pk for t in unborn.targets.all()} for _org, target in asked)
