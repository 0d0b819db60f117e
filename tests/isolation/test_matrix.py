"""The isolation matrix: every route of the portal (web, API, allauth, admin) for every persona.

The routes come from the URL resolver, so a new route cannot escape: if it is missing from
EXPECTATIONS, ``test_it_has_an_expectation_for_every_route`` fails and prints a suggested entry
(what each persona gets today) to review and paste. URL arguments are filled from KWARGS with the
private objects of ``tests/isolation/scene.py`` (a draft partnership and its workspace, an applied
organisation, a draft declaration and its PDF, unvalidated reports, someone else's token, ...).

Each request is a GET made in a rolled-back savepoint, so no answer depends on another.
Answers: 200, login (302 to sign-in), mfa (302 to MFA), reauth (302 to password confirmation),
302 (another redirect), 401, 403, 404, 405.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client

from tests.isolation.routes import (
    FORBIDDEN,
    LOGIN,
    MFA,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    PERSONAS,
    REAUTH,
    REDIRECT,
    UNAUTHORISED,
    Route,
    all_routes,
    classify,
    everyone,
    expect,
    signed_in,
)
from tests.isolation.scene import Scene, build_scene

# --- URL arguments -------------------------------------------------------------------------------
# route key -> scene -> reverse() kwargs (or a literal path for unnamed routes). "route@variant"
# keys add a second run of the same route with other objects (e.g. a public partnership).

Kwargs = Callable[[Scene], Any]


def _private(s: Scene) -> dict:
    return {"slug": s.private.slug}


def _version(s: Scene, **extra) -> dict:
    return {"slug": s.private.slug, "number": s.draft_declaration.number, **extra}


def _amendment(s: Scene) -> dict:
    return {"slug": s.public.slug, "number": s.submitted_amendment.number}


def _org(s: Scene, **extra) -> dict:
    return {"slug": s.world.member_org.slug, **extra}


def _sheet(s: Scene, **extra) -> dict:
    return {"year": s.cycle.year, "org": s.world.member_org.slug, **extra}


def _survey_org(s: Scene, **extra) -> dict:
    return {"year": s.members_survey.year, "org": s.world.member_org.slug, **extra}


KWARGS: dict[str, Kwargs] = {
    # accounts
    "api_token_revoke": lambda s: {"pk": s.stranger_token.pk},
    "account_confirm_email": lambda s: {"key": s.email_confirmation_key},
    "account_reset_password_from_key": lambda s: {"uidb36": s.reset_uidb36, "key": s.reset_key},
    # members
    "members:application": lambda s: {"pk": s.applied_org.pk},
    "members:invitation": lambda s: {"token": s.org_invitation.token},
    "members:profile": lambda s: {"slug": s.applied_org.slug},
    "members:profile@member_org": lambda s: _org(s),
    "members:manage": _org,
    "members:edit": _org,
    "members:invite": _org,
    "members:leave": _org,
    "members:import_upload": _org,
    "members:revoke_invitation": lambda s: _org(s, pk=s.org_invitation.pk),
    "members:remove_member": lambda s: _org(s, pk=s.contributor_membership.pk),
    "members:change_role": lambda s: _org(s, pk=s.contributor_membership.pk),
    "members:hand_over": lambda s: _org(s, pk=s.contributor_membership.pk),
    "members:import_preview": lambda s: _org(s, pk=s.member_import.pk),
    # partnerships
    "partnerships:invitation": lambda s: {"token": s.ps_invitation.token},
    "partnerships:detail": _private,
    "partnerships:detail@public": lambda s: {"slug": s.public.slug},
    "partnerships:workspace": _private,
    "partnerships:edit": _private,
    "partnerships:add_note": _private,
    "partnerships:add_support_note": _private,
    "partnerships:invite": _private,
    "partnerships:invite_email": _private,
    "partnerships:revoke_invitation": lambda s: {**_private(s), "pk": s.ps_invitation.pk},
    "partnerships:join": _private,
    "partnerships:answer_join_request": lambda s: {
        **_private(s),
        "pk": s.join_request.pk,
        "decision": "accept",
    },
    "partnerships:remove_member": lambda s: {
        **_private(s),
        "organisation_id": s.world.member_org.pk,
    },
    "partnerships:leave": _private,
    "partnerships:handover": _private,
    "partnerships:change_stage": _private,
    "partnerships:close": _private,
    "partnerships:declaration": _private,
    "partnerships:declaration@public": lambda s: {"slug": s.public.slug},
    "partnerships:declaration_start": _private,
    "partnerships:declaration_submit": _private,
    "partnerships:declaration_commitment_new": _private,
    "partnerships:declaration_commitment": lambda s: {**_private(s), "uid": s.commitment.uid},
    "partnerships:declaration_commitment_delete": lambda s: {
        **_private(s),
        "uid": s.commitment.uid,
    },
    "partnerships:declaration_commitment_move": lambda s: {
        **_private(s),
        "uid": s.commitment.uid,
    },
    "partnerships:declaration_edit": lambda s: {**_private(s), "section": "challenges"},
    "partnerships:declaration_signatures_request": _private,
    "partnerships:declaration_signatures_remind": _private,
    "partnerships:declaration_signature_withdraw": lambda s: {**_private(s), "pk": s.signature.pk},
    "partnerships:declaration_sign": lambda s: {**_private(s), "pk": s.signature.pk},
    "partnerships:declaration_version": _version,
    "partnerships:declaration_version@public": lambda s: {"slug": s.public.slug, "number": 1},
    "partnerships:declaration_version@submitted": lambda s: _amendment(s),
    "partnerships:declaration_diff": _version,
    "partnerships:declaration_diff@submitted": lambda s: _amendment(s),
    "partnerships:declaration_pdf": _version,
    "partnerships:declaration_pdf@public": lambda s: {"slug": s.public.slug, "number": 1},
    "partnerships:declaration_pdf_status": _version,
    "partnerships:declaration_pdf_retry": _version,
    "partnerships:declaration_review": _version,
    "partnerships:declaration_review@submitted": lambda s: _amendment(s),
    "partnerships:declaration_review_start": _version,
    "partnerships:declaration_review_comment": _version,
    "partnerships:declaration_review_decide": _version,
    # commitments and reporting
    "commitments:partnership_status": lambda s: {**_private(s), "year": s.cycle.year},
    "commitments:sheet": _sheet,
    "commitments:submit_drafts": _sheet,
    "commitments:export_sheet": lambda s: _sheet(s, fmt="csv"),
    "commitments:import_upload": _sheet,
    "commitments:import_preview": lambda s: _sheet(s, pk=s.report_import.pk),
    "commitments:report": lambda s: _sheet(s, target_id=s.pledge_target.pk),
    "commitments:pledge_create": lambda s: {"org": s.world.member_org.slug},
    "commitments:pledge_edit": lambda s: {"org": s.world.member_org.slug, "pk": s.pledge.pk},
    "commitments:review": lambda s: {"pk": s.report.pk},
    "commitments:export_status": lambda s: {"uid": s.export.uid},
    "commitments:export_download": lambda s: {"uid": s.export.uid},
    "commitments:monitoring_cycle": lambda s: {"year": s.cycle.year},
    "commitments:cycle_open": lambda s: {"year": s.cycle.year},
    "commitments:cycle_close": lambda s: {"year": s.cycle.year},
    "commitments:export_request": lambda s: {"year": s.cycle.year},
    # the members' survey
    "survey:answer": lambda s: _survey_org(s),
    "survey:export_template": lambda s: _survey_org(s, fmt="csv"),
    "survey:import_upload": lambda s: _survey_org(s),
    "survey:import_preview": lambda s: _survey_org(s, pk=s.survey_import.pk),
    "survey:staff_survey": lambda s: {"year": s.members_survey.year},
    "survey:staff_edit": lambda s: {"year": s.members_survey.year},
    "survey:staff_open": lambda s: {"year": s.members_survey.year},
    "survey:staff_extend": lambda s: {"year": s.members_survey.year},
    "survey:staff_closing_day": lambda s: {"year": s.members_survey.year},
    "survey:staff_question_create": lambda s: {"year": s.members_survey.year},
    "survey:staff_question": lambda s: {
        "year": s.members_survey.year,
        "pk": s.members_survey_question.pk,
    },
    "survey:staff_question_delete": lambda s: {
        "year": s.members_survey.year,
        "pk": s.members_survey_question.pk,
    },
    "survey:staff_response": lambda s: {
        "year": s.members_survey.year,
        "pk": s.survey_response.pk,
    },
    "survey-detail": lambda s: {"year": s.members_survey.year},
    "survey-response-detail": lambda s: {"pk": s.survey_response.pk},
    "survey-response-submit": lambda s: {"pk": s.survey_response.pk},
    # communications
    "communications:partnership_news": _private,
    "communications:news_detail": lambda s: {"slug": s.draft_news.slug},
    "communications:news_edit": lambda s: {"slug": s.draft_news.slug},
    "communications:news_publish": lambda s: {"slug": s.draft_news.slug},
    "communications:news_unpublish": lambda s: {"slug": s.draft_news.slug},
    "communications:news_delete": lambda s: {"slug": s.draft_news.slug},
    "communications:feed_partnership_news": _private,
    "communications:feed_ecosystem_news": lambda s: {"ecosystem": "tourism"},
    "communications:notification_open": lambda s: {"pk": s.notification.pk},
    "communications:notification_read": lambda s: {"pk": s.notification.pk},
    "communications:newsletter_confirm": lambda s: {"token": s.newsletter_confirm_token},
    "communications:newsletter_unsubscribe": lambda s: {"token": s.newsletter_unsubscribe_token},
    "communications:newsletter_detail": lambda s: {"pk": s.newsletter.pk},
    "communications:newsletter_edit": lambda s: {"pk": s.newsletter.pk},
    "communications:newsletter_progress": lambda s: {"pk": s.newsletter.pk},
    "communications:newsletter_test": lambda s: {"pk": s.newsletter.pk},
    "communications:newsletter_send": lambda s: {"pk": s.newsletter.pk},
    "communications:badge_svg": lambda s: {"slug": s.applied_org.slug},
    # API
    "organisation-detail": lambda s: {"slug": s.applied_org.slug},
    "organisation-detail@member_org": lambda s: {"slug": s.world.member_org.slug},
    "partnership-detail": _private,
    "partnership-detail@public": lambda s: {"slug": s.public.slug},
    "partnership-members": _private,
    "indicator-detail": lambda s: {"code": s.indicator.code},
    "commitment-detail": lambda s: {"pk": s.commitment.pk},
    "target-detail": lambda s: {"pk": s.target.pk},
    "reporting-cycle-detail": lambda s: {"year": s.cycle.year},
    "report-detail": lambda s: {"pk": s.report.pk},
    "report-submit": lambda s: {"pk": s.report.pk},
    "news-detail": lambda s: {"slug": s.draft_news.slug},
    "notification-detail": lambda s: {"pk": s.notification.pk},
    "notification-read": lambda s: {"pk": s.notification.pk},
    # support services
    "support:eoi_detail": lambda s: {"pk": s.eoi.pk},
    "support:eoi_edit": lambda s: {"pk": s.eoi.pk},
    "support:eoi_withdraw": lambda s: {"pk": s.eoi.pk},
    "support:eoi_decide": lambda s: {"pk": s.eoi.pk},
    "support:funding_detail": lambda s: {"slug": s.members_call.slug},
    "support:funding_detail@public": lambda s: {"slug": s.public_call.slug},
    "support:funding_edit": lambda s: {"slug": s.members_call.slug},
    "support:funding_bookmark": lambda s: {"slug": s.members_call.slug},
    "support:resource_detail": lambda s: {"slug": s.draft_resource.slug},
    "support:resource_detail@public": lambda s: {"slug": s.public_resource.slug},
    "support:resource_edit": lambda s: {"slug": s.draft_resource.slug},
    "support:event_detail": lambda s: {"slug": s.event.slug},
    "support:event_edit": lambda s: {"slug": s.event.slug},
    "support:event_register": lambda s: {"slug": s.event.slug},
    "support:event_unregister": lambda s: {"slug": s.event.slug},
    "support:event_registrations": lambda s: {"slug": s.event.slug},
    "support:event_cancel": lambda s: {"slug": s.event.slug},
    "support:contact_create": lambda s: {"slug": s.world.member_org.slug},
    "support:contact_withdraw": lambda s: {"pk": s.contact_request.pk},
    "support:contact_answer": lambda s: {"pk": s.contact_request.pk, "decision": "share"},
    "support:stakeholders": _private,
    "support:stakeholder_create": _private,
    "support:stakeholders_export": _private,
    "support:stakeholder_edit": lambda s: {**_private(s), "pk": s.stakeholder.pk},
    "support:stakeholder_delete": lambda s: {**_private(s), "pk": s.stakeholder.pk},
    "support:surveys": _private,
    "support:survey_create": _private,
    "support:survey_detail": lambda s: {**_private(s), "pk": s.survey.pk},
    "support:survey_edit": lambda s: {**_private(s), "pk": s.survey.pk},
    "support:partnership_funding": _private,
    "support:funding_unbookmark": lambda s: {**_private(s), "pk": s.bookmark.pk},
    "funding-call-detail": lambda s: {"slug": s.members_call.slug},
    "funding-call-detail@public": lambda s: {"slug": s.public_call.slug},
    "library-resource-detail": lambda s: {"slug": s.draft_resource.slug},
    "library-resource-detail@public": lambda s: {"slug": s.public_resource.slug},
    "event-detail": lambda s: {"slug": s.event.slug},
    "media@library_draft": lambda s: {"path": s.draft_resource.file.name},
    "media@library_public": lambda s: {"path": s.public_resource.file.name},
    # open data and files
    "open_data_download": lambda s: {"dataset": "partnerships", "fmt": "csv"},
    "media": lambda s: {"path": s.draft_pdf.file.name},
    "media@public": lambda s: {"path": s.public_pdf.file.name},
}


def _admin_kwargs(route: Route, scene: Scene) -> Any:
    """Admin routes: a real object of the model the route is about, or a literal path."""
    if route.name is None:
        if "(?P<url>" in route.pattern:
            return "/admin/no-such-page/"
        # admin/<app>/<model>/<path:object_id>/ : the old-style change URL, redirects.
        app_label, model_name = route.pattern.split("/")[1:3]
        obj = ContentType.objects.get(app_label=app_label, model=model_name).model_class()
        first = obj._default_manager.order_by("pk").first()  # type: ignore[union-attr]
        return f"/admin/{app_label}/{model_name}/{first.pk}/"
    if route.name == "admin:app_list":
        return {"app_label": "members"}
    if route.name == "admin:view_on_site":
        ct = ContentType.objects.get_for_model(type(scene.draft_news))
        return {"content_type_id": ct.pk, "object_id": scene.draft_news.pk}
    if "object_id" not in route.kwargs:
        return {}
    action = route.name.rsplit("_", 1)[-1]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if route.name == f"{prefix}{action}":
            first = model._default_manager.order_by("pk").first()
            assert first is not None, f"the scene has no {model._meta.label} for {route.key}"
            return {"object_id": first.pk}
    raise AssertionError(f"no admin model for {route.key}")


def kwargs_for(route: Route, variant_key: str, scene: Scene) -> Any:
    if variant_key in KWARGS:
        return KWARGS[variant_key](scene)
    if route.key.startswith("admin:") or route.pattern.startswith("admin/"):
        return _admin_kwargs(route, scene)
    if route.kwargs:
        raise AssertionError(f"add URL arguments for {route.key} ({route.kwargs}) to KWARGS")
    return {}


# --- expected answers ------------------------------------------------------------------------------
# Profiles for the common cases; routes with their own rules spell them out with expect().

#            anonymous  outsider   member     coordinator reviewer  admin
PUBLIC = everyone(OK)
NOBODY = everyone(NOT_FOUND)
SIGNED_IN = signed_in()
POST_ONLY = everyone(NOT_ALLOWED)
POST_ONLY_SIGNED_IN = signed_in(NOT_ALLOWED)
STAFF = expect(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK)
STAFF_ADMIN = expect(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)
STAFF_PUBLIC_URL = expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK)
STAFF_POST_ONLY = expect(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_ALLOWED, NOT_ALLOWED)
# The private partnership's workspace: its member organisations' people and staff.
WORKSPACE = expect(LOGIN, NOT_FOUND, OK, OK, OK, OK)
# ... the same on a URL that is public for a published partnership (no sign-in redirect).
WORKSPACE_PUBLIC_URL = expect(NOT_FOUND, NOT_FOUND, OK, OK, OK, OK)
COORDINATOR_ONLY = expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND)
# The member organisation's own pages: its admin (the "member" persona) and, read-only, staff.
ORGANISATION = expect(LOGIN, NOT_FOUND, OK, NOT_FOUND, OK, OK)
ORG_ADMIN_ONLY = expect(LOGIN, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND)
# The Django admin: staff administrators with MFA only (pact.admin_gate), 404 to everybody else.
ADMIN_SITE = STAFF_ADMIN
ADMIN_ONLY_ANSWER = {
    code: expect(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, code)
    for code in (REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED)
}

EXPECTATIONS: dict[str, dict[str, str]] = {
    # --- portal pages and accounts
    "home": PUBLIC,
    # Health depends on the services running (no worker in unit tests), never on the persona.
    "healthz": everyone("200|503"),
    "set_language": POST_ONLY,
    "privacy": PUBLIC,
    "charter": PUBLIC,
    "dashboard": SIGNED_IN,
    "staff_home": STAFF,
    "audit_log": STAFF_ADMIN,
    "account_settings": SIGNED_IN,
    "api_tokens": SIGNED_IN,
    "api_token_revoke": POST_ONLY_SIGNED_IN,
    # --- allauth: sign-in, e-mail, password, MFA
    "account_login": expect(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "account_logout": expect(REDIRECT, OK, OK, OK, OK, OK),
    "account_inactive": PUBLIC,
    "account_signup": expect(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "account_reauthenticate": SIGNED_IN,
    "account_email": SIGNED_IN,
    "account_email_verification_sent": PUBLIC,
    "account_change_password": SIGNED_IN,
    "account_set_password": expect(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "account_reset_password": PUBLIC,
    "account_confirm_login_code": expect(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    # allauth 65.2x: re-authenticate with a code sent by e-mail (signed-in people only)
    "account_request_reauthentication_code": expect(LOGIN, OK, OK, OK, OK, OK),
    "account_confirm_reauthentication_code": expect(
        LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT
    ),
    "account_confirm_email": PUBLIC,
    "account_reset_password_from_key_done": PUBLIC,
    "account_reset_password_from_key": expect(
        REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT
    ),
    "account_reset_password_done": PUBLIC,
    "mfa_index": SIGNED_IN,
    "mfa_authenticate": expect(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "mfa_reauthenticate": expect(LOGIN, REAUTH, REAUTH, REAUTH, OK, OK),
    "mfa_activate_totp": expect(LOGIN, REAUTH, REAUTH, REAUTH, REAUTH, REAUTH),
    "mfa_deactivate_totp": expect(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, REAUTH, REAUTH),
    "mfa_view_recovery_codes": expect(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "mfa_generate_recovery_codes": expect(LOGIN, REAUTH, REAUTH, REAUTH, REAUTH, REAUTH),
    "mfa_download_recovery_codes": expect(
        LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND
    ),
    # --- members
    "members:directory": PUBLIC,
    "members:join": SIGNED_IN,
    "members:supporter": SIGNED_IN,
    "members:region_options": PUBLIC,
    "members:applications": STAFF,
    "members:application": STAFF,
    "members:invitation": expect(OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "members:profile": expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK),
    "members:profile@member_org": PUBLIC,
    "members:manage": ORGANISATION,
    "members:edit": ORG_ADMIN_ONLY,
    "members:invite": ORG_ADMIN_ONLY,
    "members:revoke_invitation": POST_ONLY_SIGNED_IN,
    "members:remove_member": POST_ONLY_SIGNED_IN,
    "members:change_role": POST_ONLY_SIGNED_IN,
    "members:hand_over": POST_ONLY_SIGNED_IN,
    "members:leave": POST_ONLY_SIGNED_IN,
    "members:import_upload": ORG_ADMIN_ONLY,
    "members:import_preview": ORG_ADMIN_ONLY,
    # --- partnerships
    "partnerships:directory": PUBLIC,
    "partnerships:create": SIGNED_IN,
    "partnerships:stages": STAFF,
    "partnerships:regions": PUBLIC,
    "partnerships:invitation": SIGNED_IN,
    "partnerships:detail": WORKSPACE_PUBLIC_URL,
    "partnerships:detail@public": PUBLIC,
    "partnerships:workspace": WORKSPACE,
    "partnerships:edit": COORDINATOR_ONLY,
    "partnerships:add_note": POST_ONLY_SIGNED_IN,
    "partnerships:add_support_note": POST_ONLY_SIGNED_IN,
    "partnerships:invite": COORDINATOR_ONLY,
    "partnerships:invite_email": POST_ONLY_SIGNED_IN,
    "partnerships:revoke_invitation": POST_ONLY_SIGNED_IN,
    "partnerships:join": WORKSPACE,
    "partnerships:answer_join_request": POST_ONLY_SIGNED_IN,
    "partnerships:remove_member": COORDINATOR_ONLY,
    "partnerships:leave": POST_ONLY_SIGNED_IN,
    "partnerships:handover": COORDINATOR_ONLY,
    "partnerships:change_stage": STAFF_ADMIN,
    "partnerships:close": STAFF,
    "partnerships:review_queue": STAFF,
    # --- declarations
    "partnerships:declaration": WORKSPACE,
    "partnerships:declaration@public": STAFF,
    "partnerships:declaration_start": POST_ONLY_SIGNED_IN,
    "partnerships:declaration_submit": POST_ONLY_SIGNED_IN,
    "partnerships:declaration_commitment_new": COORDINATOR_ONLY,
    "partnerships:declaration_commitment": COORDINATOR_ONLY,
    "partnerships:declaration_commitment_delete": POST_ONLY_SIGNED_IN,
    "partnerships:declaration_commitment_move": POST_ONLY_SIGNED_IN,
    "partnerships:declaration_edit": COORDINATOR_ONLY,
    "partnerships:declaration_signatures_request": POST_ONLY_SIGNED_IN,
    "partnerships:declaration_signatures_remind": POST_ONLY_SIGNED_IN,
    "partnerships:declaration_signature_withdraw": POST_ONLY_SIGNED_IN,
    "partnerships:declaration_sign": ORG_ADMIN_ONLY,
    "partnerships:declaration_version": WORKSPACE_PUBLIC_URL,
    "partnerships:declaration_version@public": PUBLIC,
    "partnerships:declaration_version@submitted": STAFF_PUBLIC_URL,
    "partnerships:declaration_diff": NOBODY,  # version 1 has nothing to compare with
    "partnerships:declaration_diff@submitted": STAFF_PUBLIC_URL,
    "partnerships:declaration_pdf": expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK, OK),
    "partnerships:declaration_pdf@public": expect(
        REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT
    ),
    "partnerships:declaration_pdf_status": NOBODY,
    "partnerships:declaration_pdf_retry": POST_ONLY_SIGNED_IN,
    # A draft is not under review yet; a submitted amendment is, for staff.
    "partnerships:declaration_review": expect(
        LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND
    ),
    "partnerships:declaration_review@submitted": STAFF,
    "partnerships:declaration_review_start": STAFF_POST_ONLY,
    "partnerships:declaration_review_comment": STAFF_POST_ONLY,
    "partnerships:declaration_review_decide": STAFF_POST_ONLY,
    # --- commitments, reporting, monitoring
    "commitments:kpis": PUBLIC,
    "commitments:results": PUBLIC,
    "commitments:result_reports": PUBLIC,
    "commitments:reporting": SIGNED_IN,
    "commitments:partnership_status": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, OK, OK),
    "commitments:sheet": ORGANISATION,
    "commitments:submit_drafts": POST_ONLY_SIGNED_IN,
    "commitments:export_sheet": ORGANISATION,
    "commitments:import_upload": ORG_ADMIN_ONLY,
    "commitments:import_preview": ORG_ADMIN_ONLY,
    "commitments:report": ORGANISATION,
    "commitments:pledges": SIGNED_IN,
    "commitments:pledge_create": ORG_ADMIN_ONLY,
    "commitments:pledge_edit": ORG_ADMIN_ONLY,
    "commitments:monitoring": STAFF,
    "commitments:cycle_create": STAFF,
    "commitments:review_queue": STAFF,
    "commitments:review": STAFF,
    "commitments:export_status": STAFF_ADMIN,
    # An export is for the staff member who asked for it.
    "commitments:export_download": STAFF_ADMIN,
    "commitments:monitoring_cycle": STAFF,
    "commitments:cycle_open": STAFF_POST_ONLY,
    "commitments:cycle_close": STAFF_POST_ONLY,
    "commitments:export_request": STAFF_POST_ONLY,
    # --- the members' survey: organisations answer (admins and contributors; staff read), staff
    # prepare and check, the totals and the answers behind them are public
    "survey:result_answers": PUBLIC,
    "survey:index": SIGNED_IN,
    "survey:answer": ORGANISATION,
    "survey:export_template": ORGANISATION,
    "survey:import_upload": ORG_ADMIN_ONLY,
    "survey:import_preview": ORG_ADMIN_ONLY,
    "survey:staff_surveys": STAFF,
    "survey:staff_create": STAFF,
    "survey:staff_survey": STAFF,
    "survey:staff_edit": STAFF,
    "survey:staff_open": STAFF_POST_ONLY,
    "survey:staff_extend": STAFF,
    "survey:staff_closing_day": STAFF_POST_ONLY,
    "survey:staff_question_create": STAFF,
    "survey:staff_question": STAFF,
    "survey:staff_question_delete": STAFF_POST_ONLY,
    "survey:staff_response": STAFF,
    # --- communications
    "communications:news_list": PUBLIC,
    "communications:news_create": STAFF,
    "communications:news_mine": STAFF,
    "communications:partnership_news": NOBODY,
    "communications:news_detail": expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK, OK),
    "communications:news_edit": STAFF,
    "communications:news_publish": POST_ONLY_SIGNED_IN,
    "communications:news_unpublish": POST_ONLY_SIGNED_IN,
    "communications:news_delete": STAFF,
    "communications:feed_news": PUBLIC,
    "communications:feed_partnership_news": NOBODY,
    "communications:feed_ecosystem_news": PUBLIC,
    "communications:feed_launched_partnerships": PUBLIC,
    "communications:notifications": SIGNED_IN,
    "communications:notification_settings": SIGNED_IN,
    "communications:notifications_read_all": POST_ONLY_SIGNED_IN,
    "communications:notification_open": expect(
        LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND
    ),
    "communications:notification_read": POST_ONLY_SIGNED_IN,
    "communications:newsletter_subscribe": PUBLIC,
    "communications:newsletter_unsubscribe_own": POST_ONLY,
    "communications:newsletter_confirm": PUBLIC,
    "communications:newsletter_unsubscribe": PUBLIC,
    "communications:newsletter_manage": STAFF,
    "communications:newsletter_compose": STAFF,
    "communications:newsletter_detail": STAFF,
    "communications:newsletter_edit": STAFF,
    "communications:newsletter_progress": STAFF,
    "communications:newsletter_test": STAFF_POST_ONLY,
    "communications:newsletter_send": STAFF_POST_ONLY,
    "communications:my_data": SIGNED_IN,
    "communications:data_export": POST_ONLY_SIGNED_IN,
    "communications:account_delete": SIGNED_IN,
    "communications:badges": SIGNED_IN,
    "communications:badge_svg": NOBODY,
    # --- support services (support staff: the admin persona; a reviewer is not support staff)
    "support:eoi_list": SIGNED_IN,
    "support:eoi_create": SIGNED_IN,
    "support:eoi_queue": STAFF_ADMIN,
    # The member persona proposed it for its organisation; support services triage it.
    "support:eoi_detail": expect(LOGIN, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK),
    "support:eoi_edit": expect(LOGIN, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "support:eoi_withdraw": POST_ONLY_SIGNED_IN,
    "support:eoi_decide": expect(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_ALLOWED),
    "support:funding_list": PUBLIC,
    "support:funding_create": STAFF_ADMIN,
    # A members-only call: people of active member organisations and staff.
    "support:funding_detail": expect(NOT_FOUND, OK, OK, OK, OK, OK),
    "support:funding_detail@public": PUBLIC,
    "support:funding_edit": STAFF_ADMIN,
    "support:funding_bookmark": POST_ONLY_SIGNED_IN,
    "support:library": PUBLIC,
    # Coordinators publish for their partnership, support services for the Pact.
    "support:resource_create": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:resource_detail": expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:resource_detail@public": PUBLIC,
    "support:resource_edit": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:event_list": PUBLIC,
    "support:event_create": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:event_detail": PUBLIC,
    "support:event_edit": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:event_register": POST_ONLY_SIGNED_IN,
    "support:event_unregister": POST_ONLY_SIGNED_IN,
    "support:event_registrations": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:event_cancel": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    # Matchmaking is for members: staff without an organisation get the "join first" page.
    "support:matchmaking": SIGNED_IN,
    "support:contact_create": expect(LOGIN, OK, NOT_FOUND, OK, OK, OK),  # not one's own org
    "support:contact_requests": SIGNED_IN,
    "support:contact_withdraw": POST_ONLY_SIGNED_IN,
    "support:contact_answer": POST_ONLY_SIGNED_IN,
    "support:stakeholders": WORKSPACE,
    "support:stakeholder_create": COORDINATOR_ONLY,
    "support:stakeholders_export": WORKSPACE,
    "support:stakeholder_edit": COORDINATOR_ONLY,
    "support:stakeholder_delete": COORDINATOR_ONLY,
    "support:surveys": WORKSPACE,
    "support:survey_create": COORDINATOR_ONLY,
    "support:survey_detail": WORKSPACE,
    "support:survey_edit": COORDINATOR_ONLY,
    "support:partnership_funding": WORKSPACE,
    "support:funding_unbookmark": POST_ONLY_SIGNED_IN,
    # --- REST API (a private object's detail is 404 to outsiders, as on the web)
    "api_me": expect(UNAUTHORISED, OK, OK, OK, OK, OK),
    "news-list": PUBLIC,
    "news-detail": NOBODY,  # a draft: the API shows published news only
    "notification-list": expect(UNAUTHORISED, OK, OK, OK, OK, OK),  # each sees only their own
    "notification-detail": expect(
        UNAUTHORISED, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND
    ),
    "notification-read": expect(
        UNAUTHORISED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED
    ),
    "organisation-list": PUBLIC,
    "organisation-detail": expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK),
    "organisation-detail@member_org": PUBLIC,
    "partnership-list": PUBLIC,
    "partnership-detail": WORKSPACE_PUBLIC_URL,
    "partnership-detail@public": PUBLIC,
    "partnership-members": WORKSPACE_PUBLIC_URL,
    "api_results": PUBLIC,
    "indicator-list": PUBLIC,
    "indicator-detail": PUBLIC,
    "commitment-list": PUBLIC,
    "commitment-detail": WORKSPACE_PUBLIC_URL,
    "target-list": PUBLIC,
    "target-detail": WORKSPACE_PUBLIC_URL,
    "reporting-cycle-list": PUBLIC,
    "reporting-cycle-detail": PUBLIC,
    "report-list": PUBLIC,
    "report-detail": expect(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, OK),
    "report-submit": POST_ONLY,
    "api_survey_totals": PUBLIC,
    "survey-list": PUBLIC,
    "survey-detail": PUBLIC,
    # Your own organisations' answers (staff see all): a token or a session is needed.
    "survey-response-list": expect(UNAUTHORISED, OK, OK, OK, OK, OK),
    "survey-response-detail": expect(UNAUTHORISED, NOT_FOUND, OK, NOT_FOUND, OK, OK),
    "survey-response-submit": expect(
        UNAUTHORISED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED
    ),
    "funding-call-list": PUBLIC,
    "funding-call-detail": NOBODY,  # members-only calls are not in the public API
    "funding-call-detail@public": PUBLIC,
    "library-resource-list": PUBLIC,
    "library-resource-detail": NOBODY,  # a draft
    "library-resource-detail@public": PUBLIC,
    "event-list": PUBLIC,
    "event-detail": PUBLIC,
    "api_schema": PUBLIC,
    "api_docs": PUBLIC,
    # --- open data and files
    "open_data": PUBLIC,
    "open_data_download": PUBLIC,
    "media": WORKSPACE_PUBLIC_URL,
    "media@public": PUBLIC,
    "media@library_draft": expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "media@library_public": PUBLIC,
    # --- the Django admin (every admin:* route not listed here answers like ADMIN_SITE)
    "admin:*": ADMIN_SITE,
    "admin/*": ADMIN_ONLY_ANSWER[REDIRECT],  # old-style change URLs redirect to the new ones
    "admin/(?P<url>.*)$": ADMIN_ONLY_ANSWER[NOT_FOUND],
    "admin:login": ADMIN_ONLY_ANSWER[REDIRECT],  # an administrator is sent on to the index
    "admin:logout": ADMIN_ONLY_ANSWER[NOT_ALLOWED],  # POST only
    "admin:view_on_site": ADMIN_ONLY_ANSWER[REDIRECT],
    "admin:autocomplete": ADMIN_ONLY_ANSWER[FORBIDDEN],  # needs its query parameters
    # Workflow objects are created and deleted through the portal's services, not the admin.
    "admin:members_organisation_add": ADMIN_ONLY_ANSWER[FORBIDDEN],
    "admin:members_organisation_delete": ADMIN_ONLY_ANSWER[FORBIDDEN],
    "admin:members_organisationinvitation_add": ADMIN_ONLY_ANSWER[FORBIDDEN],
    "admin:members_memberimport_add": ADMIN_ONLY_ANSWER[FORBIDDEN],
    "admin:partnerships_partnershipinvitation_add": ADMIN_ONLY_ANSWER[FORBIDDEN],
    "admin:partnerships_joinrequest_add": ADMIN_ONLY_ANSWER[FORBIDDEN],
    "admin:partnerships_internalnote_add": ADMIN_ONLY_ANSWER[FORBIDDEN],
}


def expectation_for(key: str) -> dict[str, str] | None:
    if key in EXPECTATIONS:
        return EXPECTATIONS[key]
    if key.startswith("admin:") and "admin:*" in EXPECTATIONS:
        return EXPECTATIONS["admin:*"]
    if key.startswith("admin/") and "admin/*" in EXPECTATIONS:
        return EXPECTATIONS["admin/*"]
    return None


# --- running ----------------------------------------------------------------------------------------


def _variants(route: Route) -> list[str]:
    extra = sorted(k for k in KWARGS if k.startswith(route.key + "@"))
    return [route.key, *extra]


class Browsers:
    """One signed-in client per persona; its session is saved once, outside the savepoints."""

    def __init__(self, scene: Scene):
        self.scene = scene
        self.clients: dict[str, tuple[Client, str | None]] = {}

    def client(self, persona: str) -> Client:
        if persona not in self.clients:
            client = Client(raise_request_exception=True)
            user = self.scene.persona(persona)
            if user is not None:
                client.force_login(user)
            cookie = client.cookies.get("sessionid")
            self.clients[persona] = (client, cookie.value if cookie else None)
        client, session_key = self.clients[persona]
        # A request may have signed out or rotated the session: go back to the saved one.
        client.cookies.clear()
        if session_key:
            client.cookies["sessionid"] = session_key
        return client


def observe(
    scene: Scene, route: Route, variant_key: str, persona: str, browsers: Browsers | None = None
) -> tuple[str, str]:
    """GET the route as the persona inside a rolled-back savepoint; return (url, answer class)."""
    browsers = browsers or Browsers(scene)
    client = browsers.client(persona)
    with transaction.atomic():
        try:
            url = _url(route, variant_key, scene)
            answer = classify(client.get(url))
        finally:
            transaction.set_rollback(True)
    return url, answer


def _url(route: Route, variant_key: str, scene: Scene) -> str:
    from tests.isolation.routes import url_for

    return url_for(route, kwargs_for(route, variant_key, scene))


@pytest.fixture
def scene(world, settings, tmp_path) -> Scene:
    settings.MEDIA_ROOT = tmp_path
    return build_scene(world)


def _suggestion(scene: Scene, route: Route, variant_key: str, browsers: Browsers) -> str:
    try:
        kwargs_for(route, variant_key, scene)
    except AssertionError as exc:  # no URL arguments yet: say which are needed
        return f'    # "{variant_key}": {exc}; path {route.pattern}'
    answers = []
    for persona in PERSONAS:
        try:
            answers.append(observe(scene, route, variant_key, persona, browsers)[1])
        except Exception as exc:  # shown in the suggestion so the table author sees it
            answers.append(f"error: {type(exc).__name__}: {exc}"[:120])
    names = {
        OK: "OK",
        LOGIN: "LOGIN",
        MFA: "MFA",
        REAUTH: "REAUTH",
        REDIRECT: "REDIRECT",
        UNAUTHORISED: "UNAUTHORISED",
        NOT_FOUND: "NOT_FOUND",
        NOT_ALLOWED: "NOT_ALLOWED",
    }
    rendered = ", ".join(names.get(a, repr(a)) for a in answers)
    return f'    "{variant_key}": expect({rendered}),  # {route.pattern}'


@pytest.mark.django_db
def test_it_has_an_expectation_for_every_route(scene):
    missing = []
    browsers = Browsers(scene)
    for route in all_routes():
        for variant_key in _variants(route):
            if expectation_for(variant_key) is None:
                missing.append(_suggestion(scene, route, variant_key, browsers))
    assert not missing, (
        "Routes without an entry in EXPECTATIONS (tests/isolation/test_matrix.py). What each "
        "persona gets today is shown below: check it is right, then add the lines:\n"
        + "\n".join(missing)
    )


def test_it_has_no_expectation_for_a_route_that_is_gone():
    keys = set()
    for route in all_routes():
        keys.update(_variants(route))
    stale = [k for k in EXPECTATIONS if k not in keys and k not in ("admin:*", "admin/*")] + [
        k for k in KWARGS if k not in keys
    ]
    assert not stale, f"entries for routes that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_each_persona_as_expected(scene, persona):
    mismatches = []
    browsers = Browsers(scene)
    for route in all_routes():
        for variant_key in _variants(route):
            expected = expectation_for(variant_key)
            if expected is None:
                continue  # reported by test_it_has_an_expectation_for_every_route
            try:
                url, answer = observe(scene, route, variant_key, persona, browsers)
            except Exception as exc:  # a server error is a mismatch too; keep checking the rest
                url, answer = variant_key, f"error {type(exc).__name__}: {exc}"[:200]
            if answer not in expected[persona].split("|"):
                mismatches.append(
                    f"{variant_key} {url}: expected {expected[persona]}, got {answer}"
                )
    assert not mismatches, f"{persona}:\n" + "\n".join(mismatches)
