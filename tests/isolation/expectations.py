"""What each persona gets on a GET of each route: the table of the isolation matrix.

Answers: 200, login (302 to sign-in), mfa (302 to MFA), reauth (302 to password confirmation),
302 (another redirect), 401, 403, 404, 405; "a|b" accepts either.
"""

from __future__ import annotations

from tests.isolation.routes import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REAUTH,
    REDIRECT,
    UNAUTHORISED,
    everyone,
    expect,
    signed_in,
)

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
    "mail_events": NOBODY,  # the mail service's notifications: only it holds the shared secret
    "healthz_ready": everyone("200|503"),
    "healthz_live": PUBLIC,
    "set_language": POST_ONLY,
    "privacy": PUBLIC,
    "charter": PUBLIC,
    "accessibility": PUBLIC,
    "feedback": PUBLIC,
    "dashboard": SIGNED_IN,
    "staff_home": STAFF,
    "audit_log": STAFF_ADMIN,
    # Staff governance: 404 to all but staff administrators with a second factor (anonymous too).
    "staff_roles": expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    "staff_role_revoke": expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_ALLOWED),
    "staff_second_factor_reset": expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    "staff_health": STAFF_ADMIN,
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
    "api_survey_totals": PUBLIC,
    "survey-list": PUBLIC,
    "survey-detail": PUBLIC,
    # Your own organisations' answers (staff see all): a token or a session is needed.
    "survey-response-list": expect(UNAUTHORISED, OK, OK, OK, OK, OK),
    "survey-response-detail": expect(UNAUTHORISED, NOT_FOUND, OK, NOT_FOUND, OK, OK),
    "survey-response-submit": expect(
        UNAUTHORISED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED
    ),
    # --- sign-in through an identity provider (pact.sso; no provider is configured here)
    "sso:methods": SIGNED_IN,
    "sso:remove_password": POST_ONLY_SIGNED_IN,
    "sso:unlink": POST_ONLY_SIGNED_IN,
    # Only the browser with a link waiting for a staff member's confirmation has this page.
    "sso:confirm_link": NOBODY,
    # Staff signed in with two factors are sent on; anyone else is shown how to add one.
    "sso:second_factor": expect(LOGIN, OK, OK, OK, REDIRECT, REDIRECT),
    "sso:connections": everyone(REDIRECT),  # allauth's linked-accounts page: sso:methods instead
    "socialaccount_connections": everyone(REDIRECT),  # the same path
    "openid_connect_login": NOBODY,  # 404 while no provider is configured
    "openid_connect_callback": NOBODY,
    "socialaccount_login_cancelled": PUBLIC,
    "socialaccount_login_error": everyone(UNAUTHORISED),
    "socialaccount_signup": everyone(LOGIN),  # no provider sign-up waiting in this browser
    "accounts/social/login/cancelled/": everyone(REDIRECT),  # allauth's old paths
    "accounts/social/login/error/": everyone(REDIRECT),
    "accounts/social/signup/": everyone(REDIRECT),
    "accounts/social/connections/": everyone(REDIRECT),
    # --- members
    "members:directory": PUBLIC,
    "members:join": SIGNED_IN,
    "members:supporter": SIGNED_IN,
    "members:region_options": PUBLIC,
    "members:applications": STAFF,
    "members:application": STAFF,
    "members:merge": STAFF,
    "members:eusurvey_imports": STAFF,
    "members:eusurvey_import": STAFF,
    "members:eusurvey_claims": STAFF,
    "members:eusurvey_resend": STAFF_POST_ONLY,
    "members:not_duplicate": STAFF_POST_ONLY,
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
    # An organisation's life: its admin withdraws it; staff suspend, reinstate, appoint an admin.
    "members:withdraw": ORG_ADMIN_ONLY,
    "members:status": STAFF,
    "members:appoint_admin": STAFF,
    "members:import_upload": ORG_ADMIN_ONLY,
    "members:import_preview": ORG_ADMIN_ONLY,
    # --- partnerships
    "partnerships:directory": PUBLIC,
    "partnerships:create": SIGNED_IN,
    "partnerships:stages": STAFF,
    "partnerships:regions": PUBLIC,
    "partnerships:map": PUBLIC,
    # Signed out, the holder of the link sees what the invitation is and how to answer it.
    "partnerships:invitation": PUBLIC,
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
    "partnerships:appoint_coordinator": STAFF,
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
    # A draft's preview: the coordinator and the reviewers go to its status page (prepared by a
    # POST there, rendered by the worker).
    "partnerships:declaration_pdf": expect(
        NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT, REDIRECT, REDIRECT
    ),
    "partnerships:declaration_pdf@public": expect(
        REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT
    ),
    "partnerships:declaration_pdf_status": expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK, OK),
    "partnerships:declaration_pdf_retry": POST_ONLY_SIGNED_IN,
    # Translations: of a published version only (none of the draft), by its coordinator (here
    # the stranger) and reviewing staff.
    "partnerships:declaration_translation_new": signed_in(NOT_FOUND),
    "partnerships:declaration_translation_new@public": STAFF,
    "partnerships:declaration_translation": signed_in(NOT_FOUND),
    "partnerships:declaration_translation@public": STAFF,
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
    "commitments:results_export": PUBLIC,
    "commitments:search": PUBLIC,
    "commitments:search_download": PUBLIC,
    "commitments:reporting": SIGNED_IN,
    "commitments:partnership_status": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, OK, OK),
    # The scene's partnership has no sub-partnerships: nobody sees an oversight of none
    # (tests/commitments/test_lsp_oversight.py covers who sees one that has).
    "commitments:lsp_oversight": expect(
        LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND
    ),
    "commitments:sheet": ORGANISATION,
    "commitments:delegation": ORG_ADMIN_ONLY,
    "commitments:submit_drafts": POST_ONLY_SIGNED_IN,
    "commitments:export_sheet": ORGANISATION,
    "commitments:import_upload": ORG_ADMIN_ONLY,
    "commitments:import_preview": ORG_ADMIN_ONLY,
    "commitments:report": ORGANISATION,
    "commitments:pledges": SIGNED_IN,
    "commitments:pledge_create": ORG_ADMIN_ONLY,
    "commitments:pledge_edit": ORG_ADMIN_ONLY,
    "commitments:pledge_review_queue": STAFF,
    "commitments:pledge_review": STAFF,
    "commitments:monitoring": STAFF,
    "commitments:staff_kpis": STAFF,
    "commitments:staff_kpi_create": STAFF,
    "commitments:staff_kpi_edit": STAFF,
    "commitments:notice_list": STAFF,
    "commitments:notice_edit": STAFF,
    "commitments:staff_kpi_retire": STAFF_POST_ONLY,
    "commitments:cycle_create": STAFF,
    "commitments:review_queue": STAFF,
    "commitments:review": STAFF,
    "commitments:review_bulk": STAFF_POST_ONLY,
    "commitments:export_status": STAFF_ADMIN,
    # An export is for the staff member who asked for it.
    "commitments:export_download": STAFF_ADMIN,
    "commitments:monitoring_cycle": STAFF,
    "commitments:cycle_open": STAFF_POST_ONLY,
    "commitments:cycle_close": STAFF_POST_ONLY,
    "commitments:cycle_edit": STAFF,
    "commitments:cycle_extend": STAFF,
    "commitments:export_request": STAFF_POST_ONLY,
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
    "communications:news_translation_new": STAFF,
    "communications:news_translation": STAFF,
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
    # Translations: whoever may edit the original, on the members-only call, the private
    # partnership's draft resource and its event (404 to everybody else, the outsider first).
    "support:funding_translation_new": STAFF_ADMIN,
    "support:funding_translation": STAFF_ADMIN,
    "support:funding_bookmark": POST_ONLY_SIGNED_IN,
    "support:library": PUBLIC,
    # Coordinators publish for their partnership, support services for the Pact.
    "support:resource_create": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:resource_detail": expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:resource_detail@public": PUBLIC,
    "support:resource_edit": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:resource_translation_new": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:resource_translation": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:event_list": PUBLIC,
    "support:event_create": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    # The scene's event belongs to the private partnership: shown in its workspace only.
    "support:event_detail": WORKSPACE_PUBLIC_URL,
    "support:event_edit": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:event_translation_new": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
    "support:event_translation": expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK),
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
    "support:stakeholder_import": COORDINATOR_ONLY,
    "support:stakeholder_import_preview": COORDINATOR_ONLY,
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
    "api_declarations": WORKSPACE_PUBLIC_URL,
    "api_declarations@public": PUBLIC,
    "api_declaration": WORKSPACE_PUBLIC_URL,
    "api_declaration@public": PUBLIC,
    "api_declaration@submitted": STAFF_PUBLIC_URL,
    "api_declaration_diff": NOBODY,  # version 1 has nothing to compare with
    "api_declaration_diff@submitted": STAFF_PUBLIC_URL,
    # Declaration actions: writes only (tests/isolation/writes_declarations.py).
    "api_declaration_section": POST_ONLY,
    "api_declaration_commitments": POST_ONLY,
    "api_declaration_commitment": POST_ONLY,
    "api_declaration_signatures": POST_ONLY,
    "api_declaration_sign": POST_ONLY,
    "api_declaration_submit": POST_ONLY,
    "api_declaration_translations": POST_ONLY,
    "api_declaration_comment": POST_ONLY,
    "api_declaration_request_changes": POST_ONLY,
    "api_declaration_approve": POST_ONLY,
    "api_declaration_reject": POST_ONLY,
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
    "funding-call-list": PUBLIC,
    "funding-call-detail": NOBODY,  # members-only calls are not in the public API
    "funding-call-detail@public": PUBLIC,
    "library-resource-list": PUBLIC,
    "library-resource-detail": NOBODY,  # a draft
    "library-resource-detail@public": PUBLIC,
    "event-list": PUBLIC,
    "event-detail": WORKSPACE_PUBLIC_URL,
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
