"""Write requests of the matrix, part two: partnerships, declarations, commitments and reporting,
support services. Each is what succeeds for a persona who may make it (see ``writes_people.py``).
"""

from __future__ import annotations

import datetime

from tests.isolation.scene import PDF_BYTES, Scene
from tests.isolation.write_request import Write, WriteFor, formset, upload

SOON = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
LATER = (datetime.date.today() + datetime.timedelta(days=90)).isoformat()


def _partnership_profile(**extra) -> dict:
    return {
        "shape": "single_region",
        "countries": ["BE"],
        "region_codes": "",
        "parent": "",
        "summary": "A partnership.",
        "website": "",
        "looking_for": "",
        **extra,
    }


def _target_rows(s: Scene, uid: str = "") -> dict:
    row = {
        "uid": uid,
        "indicator": s.indicator.pk,
        "description": "organisations taking part",
        "unit": "",
        "baseline": "0",
        "target_value": "40",
        "target_date": "2030-12-31",
    }
    return formset("targets", [row], initial=1 if uid else 0)


def _commitment(s: Scene, title: str, uid: str = "") -> dict:
    return {
        "lock_version": s.draft_declaration.lock_version,
        "title": title,
        "description": "What we will do.",
        "responsible_organisations": [s.world.coordinator_org.pk],
        **_target_rows(s, uid),
    }


def _pledge_targets(s: Scene, target=None) -> dict:
    row = {
        "target_id": target.pk if target else "",
        "indicator": s.indicator.pk,
        "description": "people trained",
        "baseline": "0",
        "target_value": "25",
        "target_date": "2030-12-31",
    }
    return formset("targets", [row], initial=1 if target else 0)


def _stakeholder(**extra) -> dict:
    return {
        "name": "Regional chamber",
        "type": "network",
        "influence": "direct",
        "power": "4",
        "interest": "3",
        "notes": "",
        "member": "",
        **extra,
    }


def _call(**extra) -> dict:
    return {
        "title": "A new call",
        "programme": "Erasmus+",
        "institution": "EACEA",
        "ecosystem": "",
        "status": "open",
        "opens_on": SOON,
        "deadline": LATER,
        "funding": "",
        "summary": "A call",
        "eligibility": "Anyone",
        "link": "https://example.org/new-call",
        **extra,
    }


def _resource(publisher: str, **extra) -> dict:
    return {
        "publisher": publisher,
        "kind": "good_practice",
        "title": "A good practice",
        "summary": "Summary",
        "body": "Body",
        "indicator": "",
        "link": "https://example.org/practice",
        "ecosystem": "",
        "language": "en",
        "published_on": "",
        "is_published": "",
        **extra,
    }


def _event(publisher: str, **extra) -> dict:
    return {
        "publisher": publisher,
        "kind": "webinar",
        "title": "A new webinar",
        "summary": "Summary",
        "description": "Description",
        "starts_at": f"{SOON}T10:00",
        "ends_at": f"{SOON}T11:00",
        "location": "Online",
        "online_link": "",
        "capacity": "",
        "registration_open": "on",
        "ecosystem": "",
        "report": "",
        **extra,
    }


def _eoi(s: Scene, **extra) -> dict:
    return {
        "lead_organisation": s.world.member_org.pk,
        "proposed_name": "A proposed partnership",
        "shape": "single_region",
        "countries": ["BE"],
        "region_codes": "",
        "ecosystem": "",
        "other_partners": "",
        "challenges": "Challenges",
        "intended_commitments": "Commitments",
        **extra,
    }


def _review(s: Scene) -> dict:
    return {"slug": s.public.slug, "number": s.submitted_amendment.number}


REPORTS_CSV = "target_id,value,narrative\n{target},7,Seven\n"

WRITES_WORK: dict[str, WriteFor] = {
    # --- partnerships: set-up, profile, workspace
    "partnerships:create": lambda s, u: Write(
        _partnership_profile(name="A Newly Created Partnership", kind="rsp")
    ),
    "partnerships:edit": lambda s, u: Write(
        _partnership_profile(summary="Edited.", lock_version=s.private.lock_version)
    ),
    "partnerships:add_note": lambda s, u: Write({"body": "A note"}),
    "partnerships:add_support_note": lambda s, u: Write({"support-body": "A support note"}),
    "partnerships:invite": lambda s, u: Write(
        {"organisation": s.world.outsider_org.pk, "message": "Join us", "q": ""}
    ),
    "partnerships:invite_email": lambda s, u: Write(
        {"email": "invitee@example.org", "message": "Join us"}
    ),
    "partnerships:revoke_invitation": lambda s, u: Write(),
    # An invitation sent to an address: whoever holds the link accepts for one of their
    # organisations; this one names the outsider's.
    "partnerships:invitation": lambda s, u: Write(
        {"action": "accept", "organisation": s.world.outsider_org.pk}
    ),
    "partnerships:join": lambda s, u: Write(
        {"organisation": s.world.outsider_org.pk, "message": "May we join?"}
    ),
    "partnerships:join@public": lambda s, u: Write(
        {"organisation": s.world.outsider_org.pk, "message": "May we join?"},
        kwargs={"slug": s.public.slug},
    ),
    "partnerships:answer_join_request": lambda s, u: Write(),
    "partnerships:remove_member": lambda s, u: Write(),
    "partnerships:leave": lambda s, u: Write({"organisation": s.world.member_org.pk}),
    "partnerships:handover": lambda s, u: Write(
        {"organisation": s.world.member_org.pk, "confirm": "on"}
    ),
    "partnerships:appoint_coordinator": lambda s, u: Write({"organisation": s.vacancy_member.pk}),
    "partnerships:change_stage": lambda s, u: Write({"stage": "set_up", "note": "Ready"}),
    "partnerships:close": lambda s, u: Write({"note": "Closed"}),
    "partnerships:close@public": lambda s, u: Write(
        {"note": "Closed"}, kwargs={"slug": s.public.slug}
    ),
    # --- declarations: the private draft (complete, signed by its coordinator)
    "partnerships:declaration_start": lambda s, u: Write(),  # a draft is open already
    "partnerships:declaration_start@fresh": lambda s, u: Write(kwargs={"slug": s.fresh.slug}),
    "partnerships:declaration_submit": lambda s, u: Write(
        # Submitted knowingly without the signatures still awaited (the page asks first).
        {"lock_version": s.draft_declaration.lock_version, "without_signatures": "yes"}
    ),
    "partnerships:declaration_commitment_new": lambda s, u: Write(
        _commitment(s, "A new commitment")
    ),
    "partnerships:declaration_commitment": lambda s, u: Write(
        _commitment(s, "Private commitment, edited", uid=str(s.target.uid))
    ),
    "partnerships:declaration_commitment_delete": lambda s, u: Write(
        {"lock_version": s.draft_declaration.lock_version},
        kwargs={"slug": s.private.slug, "uid": s.second_commitment.uid},
    ),
    "partnerships:declaration_commitment_move": lambda s, u: Write(
        {"lock_version": s.draft_declaration.lock_version, "direction": "down"}
    ),
    "partnerships:declaration_edit": lambda s, u: Write(
        {
            "lock_version": s.draft_declaration.lock_version,
            "language": "en",
            "challenges": "Edited challenges",
        }
    ),
    "partnerships:declaration_signatures_request": lambda s, u: Write(
        {"organisations": [s.third_org.pk]}
    ),
    "partnerships:declaration_signatures_remind": lambda s, u: Write(),
    "partnerships:declaration_signature_withdraw": lambda s, u: Write(),
    "partnerships:declaration_sign": lambda s, u: Write(
        {
            "content_hash": s.draft_declaration.content_hash,
            "decision": "sign",
            "comment": "",
        }
    ),
    "partnerships:declaration_pdf_retry": lambda s, u: Write(),  # a draft: its preview
    "partnerships:declaration_pdf_retry@public": lambda s, u: Write(
        kwargs={"slug": s.public.slug, "number": s.public_declaration.number}
    ),
    "partnerships:declaration_translation_new": lambda s, u: Write({"language": "it"}),
    "partnerships:declaration_translation_new@public": lambda s, u: Write(
        {"language": "it"}, kwargs={"slug": s.public.slug, "number": 1}
    ),
    "partnerships:declaration_translation": lambda s, u: Write({"lock_version": 1}),
    "partnerships:declaration_translation@public": lambda s, u: Write(
        {"lock_version": s.public_translation.lock_version, "ambition": "Ehrgeiz"},
        kwargs={"slug": s.public.slug, "number": 1, "language": "de"},
    ),
    # The review acts on the public partnership's amendment, submitted for review.
    "partnerships:declaration_review_start": lambda s, u: Write(kwargs=_review(s)),
    "partnerships:declaration_review_comment": lambda s, u: Write(
        {"section": "challenges", "body": "Please say more."}, kwargs=_review(s)
    ),
    "partnerships:declaration_review_decide": lambda s, u: Write(
        {"decision": "request_changes", "reason": "Please say more."}, kwargs=_review(s)
    ),
    # --- commitments and reporting (the member organisation, the open cycle)
    "commitments:submit_drafts": lambda s, u: Write(),
    "commitments:import_upload": lambda s, u: Write(
        {
            "file": upload(
                "reports.csv",
                REPORTS_CSV.format(target=s.target.pk).encode(),
                "text/csv",
            )
        }
    ),
    "commitments:import_preview": lambda s, u: Write({"action": "discard"}),
    # The member organisation lets the private partnership's coordinators report for it.
    "commitments:delegation": lambda s, u: Write({"partnership": s.private.pk, "action": "grant"}),
    # The partnership target, whose report is still a draft.
    "commitments:report": lambda s, u: Write(
        {
            "value": "6",
            "narrative": "Six so far.",
            "evidence_links": "https://example.org/evidence",
            "lock_version": s.partnership_report.lock_version,
            "action": "save",
        },
        kwargs={"year": s.cycle.year, "org": s.world.member_org.slug, "target_id": s.target.pk},
    ),
    "commitments:pledge_create": lambda s, u: Write(
        {"title": "A new pledge", "description": "", "lock_version": "0", **_pledge_targets(s)}
    ),
    "commitments:pledge_edit": lambda s, u: Write(
        {
            "title": "Private pledge, edited",
            "description": "",
            "lock_version": s.pledge.lock_version,
            **_pledge_targets(s, s.pledge_target),
        }
    ),
    "commitments:pledge_review": lambda s, u: Write(
        {"decision": "approve", "note": "", "lock_version": s.pledge.lock_version}
    ),
    "commitments:cycle_create": lambda s, u: Write(
        {"year": "2031", "opens_on": SOON, "closes_on": LATER, "reminder_days": "14, 3"}
    ),
    "commitments:review": lambda s, u: Write(
        {"action": "validate", "lock_version": s.report.lock_version}
    ),
    "commitments:review_bulk": lambda s, u: Write({"report": [s.report.pk], "action": "validate"}),
    "commitments:cycle_open": lambda s, u: Write(),  # open already
    "commitments:cycle_open@scheduled": lambda s, u: Write(kwargs={"year": s.scheduled_cycle.year}),
    "commitments:cycle_close": lambda s, u: Write(),
    "commitments:staff_kpi_create": lambda s, u: Write(
        {
            "code": "apprentices-hired",
            "unit": "persons",
            "kind": "flow",
            "name_en": "Apprentices hired",
            "definition_en": "Apprentices hired during the year.",
        }
    ),
    "commitments:staff_kpi_edit": lambda s, u: Write(
        {"name_en": "People up- or reskilled", "definition_en": "Trained.", "name_fr": "Formés"},
        kwargs={"code": "people-upskilled"},
    ),
    "commitments:notice_edit": lambda s, u: Write(
        {
            "subject_language": "en",
            "subject_original": "The {year} reports are due soon",
            "body_language": "en",
            "body_original": "{days} days left: {link}",
            "action": "save",
        },
        kwargs={"kind": "before"},
    ),
    "commitments:staff_kpi_retire": lambda s, u: Write(
        {"action": "retire"}, kwargs={"code": "people-upskilled"}
    ),
    "commitments:cycle_edit": lambda s, u: Write(
        {
            "opens_on": s.cycle.opens_on.isoformat(),
            "deadline": s.cycle.deadline.isoformat(),
            "closes_on": (s.cycle.closes_on + datetime.timedelta(days=5)).isoformat(),
            "reminder_days": "7",
        }
    ),
    "commitments:cycle_extend": lambda s, u: Write(
        {"deadline": (s.cycle.deadline + datetime.timedelta(days=3)).isoformat(), "reason": "x"}
    ),
    "commitments:export_request": lambda s, u: Write({"dataset": "status", "format": "csv"}),
    # --- support services: expressions of interest (the member's), funding, library, events
    "support:eoi_create": lambda s, u: Write(_eoi(s)),
    "support:eoi_edit": lambda s, u: Write(
        _eoi(
            s,
            proposed_name="Private Proposed Partnership",
            challenges="Edited challenges",
            lock_version=s.eoi.lock_version,
        )
    ),
    "support:eoi_withdraw": lambda s, u: Write(),
    "support:eoi_decide": lambda s, u: Write(
        {"decision": "info", "comment": "Which regions exactly?"}
    ),
    "support:funding_create": lambda s, u: Write(_call()),
    "support:funding_edit": lambda s, u: Write(
        _call(
            title="Members-only call", members_only="on", lock_version=s.members_call.lock_version
        )
    ),
    "support:funding_translation_new": lambda s, u: Write(
        {"language": "it", "title": "Bando", "summary": "Un bando", "eligibility": "Tutti"}
    ),
    "support:funding_translation": lambda s, u: Write(
        {"title": "Appel 2", "summary": "Un appel", "eligibility": "Tous", "lock_version": 1}
    ),
    # The members-only call is bookmarked already; the public one is not.
    "support:funding_bookmark": lambda s, u: Write(
        {"partnership": s.private.pk, "note": "For us"}, kwargs={"slug": s.public_call.slug}
    ),
    "support:funding_unbookmark": lambda s, u: Write(),
    "support:resource_create": lambda s, u: Write(_resource(str(s.private.pk))),
    "support:resource_create@pact": lambda s, u: Write(_resource("pact")),
    "support:resource_edit": lambda s, u: Write(
        _resource(
            str(s.private.pk),
            kind="template",
            title="Private draft template",
            summary="Edited",
            lock_version=s.draft_resource.lock_version,
            upload=upload("template.pdf", PDF_BYTES, "application/pdf"),
        )
    ),
    "support:resource_translation_new": lambda s, u: Write(
        {"language": "it", "title": "Modello", "summary": "Bozza"}
    ),
    "support:resource_translation": lambda s, u: Write(
        {"title": "Modèle 2", "summary": "Brouillon", "lock_version": 1}
    ),
    "support:event_create": lambda s, u: Write(_event(str(s.private.pk))),
    "support:event_create@pact": lambda s, u: Write(_event("pact")),
    "support:event_edit": lambda s, u: Write(
        _event(
            str(s.private.pk),
            title="Private partnership webinar, edited",
            lock_version=s.event.lock_version,
        )
    ),
    "support:event_translation_new": lambda s, u: Write(
        {"language": "it", "title": "Webinar privato", "summary": "Un webinar"}
    ),
    "support:event_translation": lambda s, u: Write(
        {"title": "Webinaire 2", "summary": "Un webinaire", "lock_version": 1}
    ),
    "support:event_register": lambda s, u: Write({"organisation": ""}),
    "support:event_unregister": lambda s, u: Write(),
    "support:event_cancel": lambda s, u: Write({"reason": "The speaker is ill."}),
    # --- matchmaking: the member organisation is asked; the outsider asks
    "support:contact_create": lambda s, u: Write(
        {"from_organisation": s.world.outsider_org.pk, "message": "Shall we work together?"}
    ),
    "support:contact_withdraw": lambda s, u: Write(),  # the stranger's
    "support:contact_withdraw@own": lambda s, u: Write(kwargs={"pk": s.own_contact_request.pk}),
    "support:contact_answer": lambda s, u: Write(),
    # --- the private partnership's stakeholder map and surveys
    "support:stakeholder_create": lambda s, u: Write(_stakeholder()),
    "support:stakeholder_edit": lambda s, u: Write(
        _stakeholder(
            name="Private stakeholder", type="vet", lock_version=s.stakeholder.lock_version
        )
    ),
    "support:stakeholder_delete": lambda s, u: Write(),
    "support:stakeholder_import": lambda s, u: Write(
        {
            "file": upload(
                "stakeholders.csv",
                b"name,type,power,interest\nRegional agency,policymaker,5,3\n",
                "text/csv",
            )
        }
    ),
    "support:stakeholder_import_preview": lambda s, u: Write({"action": "confirm"}),
    "support:survey_create": lambda s, u: Write(
        {"panel": "Workshop", "held_on": "2025-03-01", "s_he_courses": "4"}
    ),
    "support:survey_edit": lambda s, u: Write(
        {
            "panel": "Private panel",
            "held_on": "2025-01-01",
            "s_he_courses": "2",
            "lock_version": s.survey.lock_version,
        }
    ),
}


def _on_public(key: str) -> WriteFor:
    """The same write sent to the public partnership (the stranger's): a view that found the
    partnership among those the person may see, and forgot to ask whether they may change it,
    would show here, since everybody may see a public partnership."""

    def write(s: Scene, u) -> Write:
        request = WRITES_WORK[key](s, u)
        kwargs = request.kwargs if request.kwargs is not None else {"slug": s.private.slug}
        request.kwargs = {**kwargs, "slug": s.public.slug}
        return request

    return write


for _key in (
    "partnerships:edit",
    "partnerships:add_note",
    "partnerships:add_support_note",
    "partnerships:invite",
    "partnerships:invite_email",
    "partnerships:leave",
    "partnerships:handover",
    "partnerships:change_stage",
    "partnerships:declaration_start",
    "partnerships:declaration_submit",
    "partnerships:declaration_commitment_new",
    "partnerships:declaration_signatures_request",
    "partnerships:declaration_signatures_remind",
    "support:stakeholder_create",
    "support:survey_create",
):
    WRITES_WORK[f"{_key}@public"] = _on_public(_key)
WRITES_WORK["partnerships:declaration_edit@public"] = lambda s, u: Write(
    WRITES_WORK["partnerships:declaration_edit"](s, u).data,
    kwargs={"slug": s.public.slug, "section": "challenges"},
)
