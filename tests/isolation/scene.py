"""A portal with private objects of every kind, for the isolation matrix.

The six personas come from the shared ``world`` fixture:

* anonymous;
* outsider: admin of an active organisation with no tie to the private partnership;
* member: admin of a member organisation of the private (draft) partnership;
* coordinator: admin of the organisation coordinating it;
* reviewer and admin: staff with MFA.

Everything private here belongs to people who are none of the personas (a "stranger") or to the
member / coordinator, so the matrix shows who can see what.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from commitments.models import (
    Commitment,
    ExportJob,
    Indicator,
    ProgressReport,
    ReportImport,
    ReportingCycle,
    ReportStatus,
    Target,
)
from members.models import (
    DuplicateFlag,
    EuSurveyImport,
    MemberImport,
    OrganisationInvitation,
    OrganisationMembership,
)
from pact.kernel.api.auth import create_token
from pact.models import ApiToken
from partnerships.models import (
    CoordinatorVacancy,
    DeclarationPdf,
    DeclarationTranslation,
    DeclarationVersion,
    InternalNote,
    JoinRequest,
    PartnershipInvitation,
    ReviewComment,
    Signature,
)
from tests.factories import make_organisation, make_partnership, make_user
from tests.isolation import survey_scene

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Scene:
    world: Any
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None

    def persona(self, name: str):
        return None if name == "anonymous" else getattr(self.world, name)


def build_scene(world) -> Scene:
    o: dict[str, Any] = {}
    w = world
    # Staff administrators are Django superusers too (as createsuperuser and the demo make them);
    # pact.admin_gate still keeps them out of the admin until their MFA is on.
    w.admin.is_superuser = True
    w.admin.save(update_fields=["is_superuser"])
    o["private"] = w.partnership
    o["stranger"] = stranger = make_user("stranger@example.org", full_name="Stella Stranger")
    o["applied_org"] = make_organisation("Applied Newcomer", status="applied", admin=stranger)
    o["eu_survey_org"] = make_organisation("Unclaimed EU Survey Member", contribution_id="c-scene")
    o["duplicate_flag"] = DuplicateFlag.objects.create(
        organisation=make_organisation("Flagged Newcomer", status="applied"),
        similar_organisation=w.outsider_org,
        why="name",
        source="application",
    )
    o["eu_survey_import"] = EuSurveyImport.objects.create(
        filename="export.csv",
        rows=[
            {
                "line": 2,
                "state": "new",
                "organisation": None,
                "candidates": [],
                "values": {
                    "contribution_id": "c-scene-new",
                    "submission_date": "2021-03-15",
                    "organisation_name": "Imported From EU Survey",
                    "acronym": "",
                    "country": "BE",
                    "type": "sme",
                    "website": "",
                    "contact_name": "Ivo Imported",
                    "contact_email": "ivo@imported.example",
                    "ecosystems": [],
                    "language": "",
                },
            }
        ],
    )
    o["stranger_org"] = stranger_org = make_organisation("Stranger Works", admin=stranger)
    o["public"] = public = make_partnership(
        stranger_org, status="active", name="Public Tourism Partnership", kind="lsp"
    )
    # A partnership whose coordinator left: it waits for staff to appoint the next one.
    o["vacancy_member"] = vacancy_member = make_organisation("Waiting Member Org")
    o["vacant"] = vacant = make_partnership(
        stranger_org, members=(vacancy_member,), status="active", name="Waiting Partnership"
    )
    o["vacancy"] = CoordinatorVacancy.objects.create(
        partnership=vacant, reason="left", previous=stranger_org
    )

    # Partnership workspace: notes, invitations, join requests.
    o["note"] = InternalNote.objects.create(partnership=w.partnership, author=w.member, body="Hi")
    o["support_note"] = InternalNote.objects.create(
        partnership=w.partnership,
        author=w.reviewer,
        body="Support",
        audience=InternalNote.Audience.SUPPORT,
    )
    o["ps_invitation"] = PartnershipInvitation.objects.create(
        partnership=w.partnership, email="stranger@example.org", invited_by=w.coordinator
    )
    o["join_request"] = JoinRequest.objects.create(
        partnership=w.partnership, organisation=stranger_org, requested_by=stranger
    )

    # Declarations: a draft of the private partnership (with a signature request, a review
    # comment and a draft PDF) and the approved, published declaration of the public one.
    o["draft_declaration"] = draft = DeclarationVersion.objects.create(
        partnership=w.partnership, number=1, challenges="Private challenges"
    )
    o["signature"] = Signature.objects.create(
        version=draft, organisation=w.member_org, requested_by=w.coordinator
    )
    o["review_comment"] = ReviewComment.objects.create(
        version=draft, section="challenges", body="Private comment", author=w.reviewer
    )
    o["draft_pdf"] = _pdf(draft, draft=True)
    o["public_declaration"] = approved = DeclarationVersion.objects.create(
        partnership=public, number=1, status="approved", decided_at=timezone.now()
    )
    o["public_pdf"] = _pdf(approved, draft=False)
    # ... with a German translation (a separate, unsigned document).
    o["public_translation"] = DeclarationTranslation.objects.create(
        version=approved, language="de", content_hash="translation-de"
    )
    # ... and its amendment, submitted for review: not public until approved.
    o["submitted_amendment"] = DeclarationVersion.objects.create(
        partnership=public,
        number=2,
        status="submitted",
        submitted_at=timezone.now(),
        submitted_by=stranger,
        previous=approved,
        challenges="Amended challenges",
    )

    # Commitments, targets, a reporting cycle and unvalidated reports.
    indicator = Indicator.objects.order_by("position").first()
    assert indicator is not None, "the KPI catalogue is loaded by a migration"
    o["indicator"] = indicator
    o["commitment"] = commitment = Commitment.objects.create(
        partnership=w.partnership, declaration_version=draft, title="Private commitment"
    )
    o["target"] = target = Target.objects.create(
        commitment=commitment,
        indicator=indicator,
        unit=indicator.unit,
        target_value=100,
        target_date=datetime.date(2030, 12, 31),
    )
    o["pledge"] = pledge = Commitment.objects.create(
        organisation=w.member_org, title="Private pledge", is_current=True, review="approved"
    )
    o["pledge_target"] = pledge_target = Target.objects.create(
        commitment=pledge,
        indicator=indicator,
        unit=indicator.unit,
        target_value=10,
        target_date=datetime.date(2030, 12, 31),
    )
    today = timezone.localdate()
    o["cycle"] = cycle = ReportingCycle.objects.create(
        year=today.year - 1,
        opens_on=today - datetime.timedelta(days=10),
        deadline=today + datetime.timedelta(days=20),
        closes_on=today + datetime.timedelta(days=30),
        status=ReportingCycle.Status.OPEN,
        opened_at=timezone.now(),
    )
    o["report"] = ProgressReport.objects.create(
        target=pledge_target,
        organisation=w.member_org,
        cycle=cycle,
        value=3,
        status=ReportStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    o["partnership_report"] = ProgressReport.objects.create(
        target=target, organisation=w.member_org, cycle=cycle, value=5, status=ReportStatus.DRAFT
    )
    o["report_import"] = ReportImport.objects.create(
        organisation=w.member_org, cycle=cycle, uploaded_by=w.member, filename="reports.csv"
    )
    o["export"] = ExportJob.objects.create(
        requester=w.admin,
        cycle=cycle,
        status=ExportJob.Status.DONE,
        content=b"organisation,status\n",
        filename="reporting-status.csv",
        finished_at=timezone.now(),
    )

    # Members: invitations and imports of the member organisation.
    o["org_invitation"] = OrganisationInvitation.objects.create(
        organisation=w.member_org, email="stranger@example.org", invited_by=w.member
    )
    o["contributor_membership"] = OrganisationMembership.objects.get(
        organisation=w.member_org, user=w.contributor
    )
    o["member_import"] = MemberImport.objects.create(
        organisation=w.member_org, uploaded_by=w.member, filename="members.csv"
    )

    # Accounts: someone else's token, e-mail confirmation and password-reset keys.
    token, _raw = create_token(stranger, "stranger's script", ApiToken.Scope.WRITE)
    o["stranger_token"] = token
    address = EmailAddress.objects.create(
        user=stranger, email="stranger.second@example.org", verified=False
    )
    o["email_confirmation_key"] = EmailConfirmationHMAC(address).key
    o["reset_uidb36"] = user_pk_to_url_str(stranger)
    o["reset_key"] = default_token_generator.make_token(stranger)
    o["group"] = Group.objects.create(name="Scene group")
    # Someone else's link to an identity provider (pact.sso).
    o["stranger_sso_link"] = SocialAccount.objects.create(
        user=stranger, provider="eulogin", uid="stranger-subject"
    )

    _communications(o, w)
    _support(o, w)
    o.update(survey_scene.build(w))
    return Scene(world=w, objects=o)


def _pdf(version: DeclarationVersion, *, draft: bool) -> DeclarationPdf:
    pdf = DeclarationPdf(
        version=version,
        content_hash=f"{version.pk}-{draft}",
        draft=draft,
        status=DeclarationPdf.Status.READY,
        rendered_at=timezone.now(),
    )
    pdf.file.save(f"scene-{version.pk}-{int(draft)}.pdf", ContentFile(PDF_BYTES), save=False)
    pdf.save()
    return pdf


def _communications(o: dict[str, Any], w) -> None:
    from pact.communications.models import (
        NewsItem,
        Newsletter,
        NewsletterSubscription,
        NewsTranslation,
        Notification,
    )
    from pact.communications.newsletter.services import confirmation_token, unsubscribe_token

    o["draft_news"] = NewsItem.objects.create(
        title="Private draft news",
        slug="private-draft-news",
        summary="Draft",
        body="Draft",
        partnership=w.partnership,
        author=w.coordinator,
    )
    NewsTranslation.objects.create(
        item=o["draft_news"], language="de", title="Entwurf", summary="Entwurf", body="Entwurf"
    )
    o["notification"] = Notification.objects.create(
        user=o["stranger"], category="invitations", kind="scene", title="For the stranger"
    )
    o["subscription"] = subscription = NewsletterSubscription.objects.create(
        email="stranger@example.org", user=o["stranger"]
    )
    o["newsletter_confirm_token"] = confirmation_token(subscription)
    o["newsletter_unsubscribe_token"] = unsubscribe_token(subscription)
    o["newsletter"] = Newsletter.objects.create(subject="Draft newsletter", created_by=w.admin)


def _support(o: dict[str, Any], w) -> None:
    """Support services: the member's expression of interest, the private partnership's stakeholder
    map, survey, draft library resource (with a file), event and bookmark of a members-only call,
    and a contact request received by the member organisation."""
    from pact.support.models import (
        AgreementSurvey,
        CallBookmark,
        ContactRequest,
        Event,
        EventTranslation,
        ExpressionOfInterest,
        FundingCall,
        FundingCallTranslation,
        Resource,
        ResourceTranslation,
        Stakeholder,
        StakeholderImport,
    )

    o["eoi"] = ExpressionOfInterest.objects.create(
        proposed_name="Private Proposed Partnership",
        shape="single_region",
        countries=["BE"],
        lead_organisation=w.member_org,
        proposer=w.member,
        challenges="Private challenges",
        intended_commitments="Private commitments",
    )
    o["stakeholder"] = Stakeholder.objects.create(
        partnership=w.partnership, name="Private stakeholder", type="vet", power=3, interest=4
    )
    o["stakeholder_import"] = StakeholderImport.objects.create(
        partnership=w.partnership,
        uploaded_by=w.coordinator,
        filename="stakeholders.csv",
        rows=[
            {
                "line": 2,
                "fields": {
                    "name": "Imported stakeholder",
                    "type": "vet",
                    "influence": "",
                    "power": 2,
                    "interest": 2,
                    "organisation": None,
                    "contact": "",
                    "notes": "",
                },
                "values": {"name": "Imported stakeholder"},
                "action": "new",
                "stakeholder": None,
            }
        ],
    )
    o["survey"] = AgreementSurvey.objects.create(
        partnership=w.partnership,
        panel="Private panel",
        held_on=datetime.date(2025, 1, 1),
        answers={"entrepreneurial": 5},
    )
    call_fields = {
        "programme": "Erasmus+",
        "institution": "EACEA",
        "summary": "A call",
        "eligibility": "Anyone",
        "link": "https://example.org/call",
    }
    o["members_call"] = members_call = FundingCall.objects.create(
        title="Members-only call", slug="members-only-call", members_only=True, **call_fields
    )
    o["public_call"] = FundingCall.objects.create(
        title="Public call", slug="public-call", **call_fields
    )
    o["bookmark"] = CallBookmark.objects.create(partnership=w.partnership, call=members_call)
    draft = Resource(
        kind="template",
        title="Private draft template",
        slug="private-draft-template",
        summary="Draft",
        partnership=w.partnership,
        is_published=False,
        created_by=w.coordinator,
    )
    draft.file.save("draft-template.pdf", ContentFile(PDF_BYTES), save=False)
    draft.save()
    o["draft_resource"] = draft
    published = Resource(
        kind="template", title="Public template", slug="public-template", summary="Public"
    )
    published.file.save("public-template.pdf", ContentFile(PDF_BYTES), save=False)
    published.save()
    o["public_resource"] = published
    start = timezone.now() + datetime.timedelta(days=10)
    o["event"] = Event.objects.create(
        kind="webinar",
        title="Private partnership webinar",
        slug="private-partnership-webinar",
        summary="A webinar",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        location="Online",
        partnership=w.partnership,
        created_by=w.coordinator,
    )
    # A French translation of each private original (its edit page has a language to open).
    EventTranslation.objects.create(
        event=o["event"], language="fr", title="Webinaire privé", summary="Un webinaire"
    )
    FundingCallTranslation.objects.create(
        call=members_call, language="fr", title="Appel", summary="Un appel", eligibility="Tous"
    )
    ResourceTranslation.objects.create(
        resource=draft, language="fr", title="Modèle privé", summary="Brouillon"
    )
    o["contact_request"] = ContactRequest.objects.create(
        from_organisation=o["stranger_org"],
        to_organisation=w.member_org,
        message="Hello",
        requested_by=o["stranger"],
    )
