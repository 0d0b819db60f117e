"""Drill: Redis (broker and cache) stops while declarations are approved and reports submitted."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest

from bench import mailbox
from tests.drills.conftest import (
    age_rows,
    catalogue_indicator,
    open_cycle,
    pledge_with_target,
    say,
    wait_for,
)
from tests.factories import make_organisation, make_partnership, make_user

OUTAGE_SECONDS = 10


def declaration_in_review(partnership, coordinator_org):
    from commitments.models import Commitment, Target
    from partnerships.declarations import drafting
    from partnerships.models import DeclarationVersion

    version = DeclarationVersion.objects.create(
        partnership=partnership,
        number=1,
        challenges="Too few technicians for the regional digital transition.",
        objectives="Train 300 technicians by 2028.",
        ambition="Every small firm has the digital skills it needs.",
        governance_coordination="A secretariat at the coordinator.",
        governance_decision_making="Consensus of the steering group.",
        governance_monitoring="Yearly reports on the targets.",
    )
    commitment = Commitment.objects.create(
        partnership=partnership, declaration_version=version, title="Technician courses", position=1
    )
    commitment.responsible_organisations.add(coordinator_org)
    indicator = catalogue_indicator("persons")
    Target.objects.create(
        commitment=commitment,
        indicator=indicator,
        unit=indicator.unit,
        target_value=Decimal(300),
        target_date=date(2028, 12, 31),
    )
    content_hash = drafting.compute_content_hash(version)
    DeclarationVersion.objects.filter(pk=version.pk).update(content_hash=content_hash)
    for status in ("submitted", "in_review"):
        DeclarationVersion.objects.filter(pk=version.pk).update(status=status)
    version.refresh_from_db()
    return version


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_answering_without_redis_and_catches_up_after(drill, client):
    from commitments.models import ProgressReport
    from pact.kernel.outbox.tasks import sweep_outbox
    from pact.models import OutboundEmail
    from partnerships.models import DeclarationPdf
    from partnerships.tasks import sweep_pdfs

    reviewer = make_user("reviewer@drill.example", staff_role="reviewer")
    versions = []
    for k in range(2):
        coordinator = make_user(f"coordinator{k}@drill.example")
        org = make_organisation(f"Drill Coordinating Agency {k}", admin=coordinator)
        partnership = make_partnership(org, status="under_review", name=f"Drill Partnership {k}")
        versions.append(declaration_in_review(partnership, org))
    reporter = make_user("reporter@drill.example")
    reporting_org = make_organisation("Drill Reporting College", admin=reporter)
    target = pledge_with_target(reporting_org)
    cycle = open_cycle()

    worker = drill.worker("worker").start()
    say(f"worker up on the drill's Redis (port {drill.redis.port}); stopping Redis now")
    drill.redis.stop()
    stopped = time.monotonic()

    client.force_login(reviewer)
    for version in versions:
        url = f"/partnerships/{version.partnership.slug}/declaration/v1/review/decide/"
        started = time.monotonic()
        response = client.post(url, {"decision": "approve", "reason": "Complete and clear."})
        took = time.monotonic() - started
        assert response.status_code == 302, response.content[:500]
        say(f"approved {version.partnership.name} without Redis: HTTP 302 in {took:.2f} s")
        page = client.get(f"/partnerships/{version.partnership.slug}/")
        assert page.status_code == 200
    client.force_login(reporter)
    started = time.monotonic()
    response = client.post(
        f"/reporting/{cycle.year}/{reporting_org.slug}/{target.pk}/",
        {
            "value": "42",
            "narrative": "Courses delivered.",
            "evidence_links": "",
            "lock_version": "0",
            "action": "submit",
        },
    )
    assert response.status_code == 302, response.content[:500]
    say(f"report submitted without Redis: HTTP 302 in {time.monotonic() - started:.2f} s")
    assert ProgressReport.objects.get(target=target, cycle=cycle).status == "submitted"

    pdfs = DeclarationPdf.objects.filter(version__in=versions)
    mails = OutboundEmail.objects.all()
    assert pdfs.count() == 2 and not pdfs.exclude(status="pending").exists()
    waiting_mails = mails.filter(status="pending").count()
    assert waiting_mails >= 2, "the approvals record mails to the coordinators"
    say(f"while Redis is down: {pdfs.count()} PDFs and {waiting_mails} mails recorded, all pending")
    assert not list(drill.mail.iterdir()), "nothing can be sent while the broker is away"

    time.sleep(max(0, OUTAGE_SECONDS - (time.monotonic() - stopped)))
    drill.redis.start()
    say(f"Redis back after {time.monotonic() - stopped:.0f} s")
    # The sweepers leave fresh rows to the tasks enqueued on commit; age the rows past that grace.
    age_rows(DeclarationPdf, 5, status="pending")
    age_rows(OutboundEmail, 5, status="pending")
    sweep_outbox.delay()
    sweep_pdfs.delay()
    say("sweepers enqueued (as beat does every minute); waiting for the worker")
    wait_for(
        lambda: (
            not pdfs.exclude(status="ready").exists() and not mails.exclude(status="sent").exists()
        ),
        120,
        "every PDF rendered and every mail sent after the outage",
        step=0.5,
    )
    seen = mailbox.messages(drill.mail)
    assert sum(seen.values()) == mails.count()
    assert mailbox.duplicates(seen) == 0
    for pdf in pdfs:
        assert (drill.media / pdf.file.name).exists()
    assert b"Task partnerships.tasks.render_pdf" in worker.log()
    say(
        f"after recovery: {pdfs.count()} PDFs ready, {sum(seen.values())} mails delivered once each, "
        f"{len(seen)} distinct; no duplicates"
    )
