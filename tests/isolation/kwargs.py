"""URL arguments for the isolation matrix: which private object of the scene each route is asked about.

Route key -> scene -> ``reverse()`` kwargs (or a literal path for unnamed routes). "route@variant"
keys add a second run of the same route with other objects (e.g. a public partnership).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from tests.isolation.routes import Route
from tests.isolation.scene import Scene

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
    "api_token_revoke": lambda s: {"pk": s.stranger_token.pk},
    # Staff governance: about the support services member, a staff member who is no persona.
    "staff_role_revoke": lambda s: {"pk": s.world.support.pk},
    "staff_second_factor_reset": lambda s: {"pk": s.world.support.pk},
    "sso:unlink": lambda s: {"pk": s.stranger_sso_link.pk},
    "openid_connect_login": lambda s: {"provider_id": "eulogin"},
    "openid_connect_callback": lambda s: {"provider_id": "eulogin"},
    "accounts/social/login/cancelled/": lambda s: "/accounts/social/login/cancelled/",
    "accounts/social/login/error/": lambda s: "/accounts/social/login/error/",
    "accounts/social/signup/": lambda s: "/accounts/social/signup/",
    "accounts/social/connections/": lambda s: "/accounts/social/connections/",
    "account_confirm_email": lambda s: {"key": s.email_confirmation_key},
    "account_reset_password_from_key": lambda s: {"uidb36": s.reset_uidb36, "key": s.reset_key},
    # members
    "members:application": lambda s: {"pk": s.applied_org.pk},
    "members:eusurvey_import": lambda s: {"pk": s.eu_survey_import.pk},
    "members:eusurvey_resend": lambda s: {"pk": s.eu_survey_org.pk},
    "members:not_duplicate": lambda s: {"pk": s.duplicate_flag.pk},
    "members:invitation": lambda s: {"token": s.org_invitation.token},
    "members:profile": lambda s: {"slug": s.applied_org.slug},
    "members:profile@member_org": lambda s: _org(s),
    "members:manage": _org,
    "members:edit": _org,
    "members:invite": _org,
    "members:leave": _org,
    "members:withdraw": _org,
    "members:status": _org,
    "members:appoint_admin": _org,
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
    "partnerships:appoint_coordinator": lambda s: {"slug": s.vacant.slug},
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
    "partnerships:declaration_translation_new": _version,
    "partnerships:declaration_translation_new@public": lambda s: {
        "slug": s.public.slug,
        "number": 1,
    },
    "partnerships:declaration_translation": lambda s: _version(s, language="de"),
    "partnerships:declaration_translation@public": lambda s: {
        "slug": s.public.slug,
        "number": 1,
        "language": "de",
    },
    "partnerships:declaration_review": _version,
    "partnerships:declaration_review@submitted": lambda s: _amendment(s),
    "partnerships:declaration_review_start": _version,
    "partnerships:declaration_review_comment": _version,
    "partnerships:declaration_review_decide": _version,
    # commitments and reporting
    "commitments:partnership_status": lambda s: {**_private(s), "year": s.cycle.year},
    "commitments:lsp_oversight": lambda s: {**_private(s), "year": s.cycle.year},
    "commitments:results_export": lambda s: {"fmt": "csv"},
    "commitments:staff_kpi_edit": lambda s: {"code": "people-upskilled"},
    "commitments:notice_edit": lambda s: {"kind": "before"},
    "commitments:staff_kpi_retire": lambda s: {"code": "people-upskilled"},
    "commitments:sheet": _sheet,
    "commitments:delegation": lambda s: {"org": s.world.member_org.slug},
    "commitments:submit_drafts": _sheet,
    "commitments:export_sheet": lambda s: _sheet(s, fmt="csv"),
    "commitments:search_download": lambda s: {"fmt": "csv"},
    "commitments:import_upload": _sheet,
    "commitments:import_preview": lambda s: _sheet(s, pk=s.report_import.pk),
    "commitments:report": lambda s: _sheet(s, target_id=s.pledge_target.pk),
    "commitments:pledge_create": lambda s: {"org": s.world.member_org.slug},
    "commitments:pledge_edit": lambda s: {"org": s.world.member_org.slug, "pk": s.pledge.pk},
    "commitments:pledge_review": lambda s: {"pk": s.pledge.pk},
    "commitments:review": lambda s: {"pk": s.report.pk},
    "commitments:export_status": lambda s: {"uid": s.export.uid},
    "commitments:export_download": lambda s: {"uid": s.export.uid},
    "commitments:monitoring_cycle": lambda s: {"year": s.cycle.year},
    "commitments:cycle_open": lambda s: {"year": s.cycle.year},
    "commitments:cycle_edit": lambda s: {"year": s.cycle.year},
    "commitments:cycle_extend": lambda s: {"year": s.cycle.year},
    "commitments:cycle_close": lambda s: {"year": s.cycle.year},
    "commitments:export_request": lambda s: {"year": s.cycle.year},
    # communications
    "communications:partnership_news": _private,
    "communications:news_detail": lambda s: {"slug": s.draft_news.slug},
    "communications:news_edit": lambda s: {"slug": s.draft_news.slug},
    "communications:news_publish": lambda s: {"slug": s.draft_news.slug},
    "communications:news_unpublish": lambda s: {"slug": s.draft_news.slug},
    "communications:news_delete": lambda s: {"slug": s.draft_news.slug},
    "communications:news_translation_new": lambda s: {"slug": s.draft_news.slug},
    "communications:news_translation": lambda s: {"slug": s.draft_news.slug, "language": "de"},
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
    "api_declarations": _private,
    "api_declarations@public": lambda s: {"slug": s.public.slug},
    "api_declaration": _version,
    "api_declaration@public": lambda s: {"slug": s.public.slug, "number": 1},
    "api_declaration@submitted": lambda s: _amendment(s),
    "api_declaration_diff": _version,
    "api_declaration_diff@submitted": lambda s: _amendment(s),
    "api_declaration_section": lambda s: _version(s, section="challenges"),
    "api_declaration_commitments": _version,
    "api_declaration_commitment": lambda s: _version(s, uid=s.commitment.uid),
    "api_declaration_signatures": _version,
    "api_declaration_sign": lambda s: _version(s, pk=s.signature.pk),
    "api_declaration_submit": _version,
    "api_declaration_translations": lambda s: {"slug": s.public.slug, "number": 1},
    "api_declaration_comment": lambda s: _amendment(s),
    "api_declaration_request_changes": lambda s: _amendment(s),
    "api_declaration_approve": lambda s: _amendment(s),
    "api_declaration_reject": lambda s: _amendment(s),
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
    "support:funding_translation_new": lambda s: {"slug": s.members_call.slug},
    "support:funding_translation": lambda s: {"slug": s.members_call.slug, "language": "fr"},
    "support:resource_detail": lambda s: {"slug": s.draft_resource.slug},
    "support:resource_detail@public": lambda s: {"slug": s.public_resource.slug},
    "support:resource_edit": lambda s: {"slug": s.draft_resource.slug},
    "support:resource_translation_new": lambda s: {"slug": s.draft_resource.slug},
    "support:resource_translation": lambda s: {"slug": s.draft_resource.slug, "language": "fr"},
    "support:event_detail": lambda s: {"slug": s.event.slug},
    "support:event_edit": lambda s: {"slug": s.event.slug},
    "support:event_translation_new": lambda s: {"slug": s.event.slug},
    "support:event_translation": lambda s: {"slug": s.event.slug, "language": "fr"},
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
    "support:stakeholder_import": _private,
    "support:stakeholder_import_preview": lambda s: {
        **_private(s),
        "pk": s.stakeholder_import.pk,
    },
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


def variants(route: Route) -> list[str]:
    """The route's own key and its "route@variant" keys."""
    extra = sorted(k for k in KWARGS if k.startswith(route.key + "@"))
    return [route.key, *extra]
