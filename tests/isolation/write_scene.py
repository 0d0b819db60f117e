"""What the write matrix adds to the scene, so that each write has someone it succeeds for.

A refusal only means something if the same request succeeds for a persona who may make it. So,
beside the private objects of ``scene.py``:

* each signed-in persona has a read-write API token (used a moment ago, so a request does not
  stamp ``last_used_at`` and look like a change);
* the private draft declaration is complete and signed by its coordinator (it can be submitted)
  and has two commitments (one can move); the partnership has a third member organisation, not
  yet asked to sign;
* the member organisation has a second administrator (so the member persona may leave it);
* the coordinator has a second partnership with no declaration yet (a draft can be started);
* the member persona has an unread notification, a newsletter subscription and an event
  registration of their own; the outsider has a contact request of their own, and an invitation
  to join the member organisation;
* a published news item (in the draft newsletter), a scheduled reporting cycle and a pledge
  target nobody has reported on yet (a report can be created through the API).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from commitments.models import ReportingCycle, Target
from members.models import OrganisationInvitation, OrganisationMembership
from pact.communications.models import (
    NewsItem,
    NewsletterSubscription,
    NewsStatus,
    Notification,
)
from pact.kernel.api.auth import create_token
from pact.models import ApiToken
from pact.support.models import ContactRequest, Registration
from partnerships.declarations import drafting, review, signatures
from partnerships.models import PartnershipMembership, Signature
from tests.factories import make_organisation, make_partnership, make_user
from tests.isolation import survey_scene
from tests.isolation.routes import PERSONAS
from tests.isolation.scene import Scene


def add_write_objects(scene: Scene) -> None:
    o, w = scene.objects, scene.world
    o["tokens"] = {}
    for persona in PERSONAS:
        user = scene.persona(persona)
        if user is not None:
            token, raw = create_token(user, f"{persona}'s script", ApiToken.Scope.WRITE)
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
            o["tokens"][persona] = raw

    o["second_admin"] = second = make_user("second.admin@example.org", full_name="Sam Second")
    OrganisationMembership.objects.create(organisation=w.member_org, user=second, role="admin")
    o["third_org"] = third = make_organisation("Third Member Institute", admin=make_user())
    PartnershipMembership.objects.create(partnership=w.partnership, organisation=third)
    _complete_draft(scene)
    survey_scene.build_writes(scene)

    o["fresh"] = make_partnership(
        w.coordinator_org, status="draft", name="Fresh Coordinated Partnership"
    )
    o["published_news"] = NewsItem.objects.create(
        title="Published Pact news",
        slug="published-pact-news",
        summary="Published",
        body="Published",
        status=NewsStatus.PUBLISHED,
        published_on=timezone.localdate(),
        author=w.admin,
    )
    scene.newsletter.news_items.add(o["published_news"])
    o["own_notification"] = Notification.objects.create(
        user=w.member, category="invitations", kind="scene", title="For the member"
    )
    o["own_subscription"] = NewsletterSubscription.objects.create(
        email=w.member.email, user=w.member, status="confirmed", confirmed_at=timezone.now()
    )
    o["own_registration"] = Registration.objects.create(event=scene.event, user=w.member)
    o["own_contact_request"] = ContactRequest.objects.create(
        from_organisation=w.outsider_org,
        to_organisation=scene.stranger_org,
        message="Hello from the outsider",
        requested_by=w.outsider,
    )
    o["outsider_invitation"] = OrganisationInvitation.objects.create(
        organisation=w.member_org, email=w.outsider.email, invited_by=w.member
    )
    today = timezone.localdate()
    o["scheduled_cycle"] = ReportingCycle.objects.create(
        year=today.year,
        opens_on=today + datetime.timedelta(days=100),
        closes_on=today + datetime.timedelta(days=160),
    )
    o["unreported_target"] = Target.objects.create(
        commitment=scene.pledge,
        indicator=scene.indicator,
        unit=scene.indicator.unit,
        target_value=20,
        target_date=datetime.date(2030, 12, 31),
    )


def _complete_draft(scene: Scene) -> None:
    """Objectives, a second commitment and the coordinator's signature on the private draft."""
    w, draft = scene.world, scene.draft_declaration
    drafting.save_section(
        draft,
        "objectives",
        {"objectives": "Private objectives"},
        lock_version=draft.lock_version,
        actor=w.coordinator,
    )
    draft.refresh_from_db()
    scene.objects["second_commitment"] = drafting.save_commitment(
        draft,
        None,
        data={
            "title": "Second private commitment",
            "description": "",
            "responsible_organisations": [w.coordinator_org],
        },
        targets=[
            {
                "indicator": scene.indicator,
                "unit": "",
                "baseline": Decimal(0),
                "target_value": Decimal(12),
                "target_date": datetime.date(2029, 12, 31),
                "description": "",
            }
        ],
        lock_version=draft.lock_version,
        actor=w.coordinator,
    )
    draft.refresh_from_db()
    signatures.request_signatures(draft, [w.coordinator_org], actor=w.coordinator)
    draft.refresh_from_db()
    signatures.answer_signature(
        Signature.objects.get(version=draft, organisation=w.coordinator_org),
        sign=True,
        comment="",
        content_hash_read=draft.content_hash,
        actor=w.coordinator,
    )
    draft.refresh_from_db()
    assert not review.missing_items(draft), review.missing_items(draft)
