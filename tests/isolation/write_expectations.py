"""What each persona gets when it sends each write request of the matrix.

Answers as in the GET matrix (``expectations.py``), written ``done(...)`` when the database changed
(``done(REDIRECT)`` is "302+"). Every answer without ``done`` also asserts that the database did not
change (every table but sessions, outbox and audit log): for a refusal, that nothing was written.
"""

from __future__ import annotations

from tests.isolation.routes import (
    BAD_REQUEST,
    CREATED,
    LOGIN,
    NOT_FOUND,
    OK,
    REAUTH,
    REDIRECT,
    UNAUTHORISED,
    done,
    everyone,
    expect,
    signed_in,
)

#                     anonymous  outsider   member     coordinator reviewer  admin
ANYONE_SIGNED_IN = signed_in(done(REDIRECT))
NOBODY = signed_in(NOT_FOUND)
# The member persona administers the member organisation of the private partnership.
MEMBER_ORG_ADMIN = expect(LOGIN, NOT_FOUND, done(REDIRECT), NOT_FOUND, NOT_FOUND, NOT_FOUND)
COORDINATOR = expect(LOGIN, NOT_FOUND, NOT_FOUND, done(REDIRECT), NOT_FOUND, NOT_FOUND)
# Staff with MFA (reviewer and admin); the staff review role; support services (the admin persona).
STAFF = expect(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, done(REDIRECT), done(REDIRECT))
REVIEWERS = STAFF
SUPPORT_SERVICES = expect(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, done(REDIRECT))
# Library resources and events: the coordinator for their partnership, support services.
PUBLISHERS = expect(LOGIN, NOT_FOUND, NOT_FOUND, done(REDIRECT), NOT_FOUND, done(REDIRECT))
# The member's own notification, subscription, report...
THE_MEMBER = MEMBER_ORG_ADMIN
# REST API: without credentials 401; a private report is 404 to those who may not write it.
API_MEMBER = expect(UNAUTHORISED, NOT_FOUND, done(OK), NOT_FOUND, NOT_FOUND, NOT_FOUND)
API_COORDINATOR = expect(UNAUTHORISED, NOT_FOUND, NOT_FOUND, done(OK), NOT_FOUND, NOT_FOUND)
API_REVIEWERS = expect(UNAUTHORISED, NOT_FOUND, NOT_FOUND, NOT_FOUND, done(OK), done(OK))

STAFF_GOVERNANCE = expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, done(REDIRECT))

WRITE_EXPECTATIONS: dict[str, dict[str, str]] = {
    # --- the portal's account pages: each signed-in person changes their own account
    "set_language": expect(
        REDIRECT, done(REDIRECT), done(REDIRECT), done(REDIRECT), done(REDIRECT), done(REDIRECT)
    ),  # anonymous: a cookie only
    "account_settings": ANYONE_SIGNED_IN,
    "api_tokens": signed_in(done(OK)),  # the new token is shown once, on the page
    "api_token_revoke": NOBODY,  # the stranger's token
    # Staff governance: staff administrators with a second factor only, 404 to everyone else.
    "staff_roles": STAFF_GOVERNANCE,
    "staff_role_revoke": STAFF_GOVERNANCE,
    "staff_second_factor_reset": STAFF_GOVERNANCE,
    "api_token_revoke@own": ANYONE_SIGNED_IN,
    # --- allauth. Signing in, out and up and the re-authentication steps change the session
    # only; pages with no login or code in progress send one on; sensitive MFA pages ask for
    # the password again first (a recent sign-in is not part of the matrix).
    "account_login": expect(done(REDIRECT), REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    # The mail service's bounce notifications: a shared secret no persona holds (even sent as an
    # API token): the route does not exist for them.
    "mail_events": everyone(NOT_FOUND),
    "account_logout": everyone(REDIRECT),
    "account_signup": expect(done(REDIRECT), REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "account_reauthenticate": signed_in(REDIRECT),
    "account_request_reauthentication_code": signed_in(REDIRECT),  # the code goes by mail
    "account_confirm_reauthentication_code": signed_in(REDIRECT),
    # Staff accounts are protected by MFA: no address can be added to them.
    "account_email": expect(LOGIN, done(REDIRECT), done(REDIRECT), done(REDIRECT), OK, OK),
    "account_change_password": ANYONE_SIGNED_IN,
    "account_set_password": signed_in(REDIRECT),  # everyone has a password already
    "account_reset_password": everyone(REDIRECT),  # a mail, through the outbox
    "account_confirm_login_code": signed_in(REDIRECT),
    # The key in the mail confirms the address, whoever holds it (and signs out anyone else).
    "account_confirm_email": everyone(done(LOGIN)),
    # The key is first swapped for a session (a GET), then the new password is posted.
    "account_reset_password_from_key": everyone(REDIRECT),
    "mfa_authenticate": signed_in(REDIRECT),
    "mfa_reauthenticate": expect(LOGIN, REAUTH, REAUTH, REAUTH, done(REDIRECT), done(REDIRECT)),
    "mfa_activate_totp": signed_in(REAUTH),
    "mfa_deactivate_totp": expect(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, REAUTH, REAUTH),
    "mfa_generate_recovery_codes": signed_in(REAUTH),
    # --- sign-in through an identity provider: nobody in the scene has a linked identity of
    # their own (tests/sso cover those with a real provider); the stranger's link stays theirs.
    "sso:remove_password": NOBODY,
    "sso:unlink": NOBODY,
    "sso:confirm_link": everyone(NOT_FOUND),  # no link waits for confirmation in this browser
    "socialaccount_signup": everyone(LOGIN),  # no provider sign-up waits in this browser
    # allauth's linked-accounts page sits behind sso:connections, a redirect to sso:methods.
    "socialaccount_connections": everyone(REDIRECT),
    # --- members
    "members:join": ANYONE_SIGNED_IN,
    "members:supporter": ANYONE_SIGNED_IN,
    "members:application": REVIEWERS,
    "members:merge": REVIEWERS,
    "members:eusurvey_imports": REVIEWERS,  # the checked file is kept for the preview
    "members:eusurvey_import": REVIEWERS,
    "members:eusurvey_resend": REVIEWERS,
    "members:not_duplicate": REVIEWERS,
    "members:invitation": NOBODY,  # sent to the stranger's address
    "members:invitation@outsider": expect(
        LOGIN, done(REDIRECT), NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND
    ),
    "members:edit": MEMBER_ORG_ADMIN,
    "members:invite": MEMBER_ORG_ADMIN,
    "members:revoke_invitation": MEMBER_ORG_ADMIN,
    "members:remove_member": MEMBER_ORG_ADMIN,
    "members:change_role": MEMBER_ORG_ADMIN,
    "members:hand_over": MEMBER_ORG_ADMIN,
    "members:leave": MEMBER_ORG_ADMIN,
    "members:withdraw": MEMBER_ORG_ADMIN,
    "members:status": STAFF,
    "members:appoint_admin": STAFF,
    "members:import_upload": MEMBER_ORG_ADMIN,
    "members:import_preview": MEMBER_ORG_ADMIN,
    # --- partnerships. Staff administer no organisation: they get "join the Pact first".
    "partnerships:create": expect(LOGIN, done(REDIRECT), done(REDIRECT), done(REDIRECT), OK, OK),
    # An invitation sent to an address is accepted by whoever holds the link, for one of their
    # organisations: the outsider for theirs; nobody for someone else's.
    "partnerships:invitation": expect(
        LOGIN, done(REDIRECT), BAD_REQUEST, BAD_REQUEST, BAD_REQUEST, BAD_REQUEST
    ),
    "partnerships:edit": COORDINATOR,
    "partnerships:add_note": expect(
        LOGIN, NOT_FOUND, done(REDIRECT), done(REDIRECT), NOT_FOUND, NOT_FOUND
    ),
    "partnerships:add_support_note": SUPPORT_SERVICES,
    "partnerships:invite": COORDINATOR,
    "partnerships:invite_email": COORDINATOR,
    "partnerships:revoke_invitation": COORDINATOR,
    # Joining a draft: invisible to the outsider; the others cannot join for the outsider's
    # organisation (nor for their own: members already, or none).
    "partnerships:join": expect(
        LOGIN, NOT_FOUND, BAD_REQUEST, BAD_REQUEST, BAD_REQUEST, BAD_REQUEST
    ),
    "partnerships:join@public": expect(
        LOGIN, done(REDIRECT), BAD_REQUEST, BAD_REQUEST, BAD_REQUEST, BAD_REQUEST
    ),
    "partnerships:answer_join_request": COORDINATOR,
    "partnerships:remove_member": COORDINATOR,
    "partnerships:leave": MEMBER_ORG_ADMIN,
    "partnerships:handover": COORDINATOR,
    "partnerships:appoint_coordinator": STAFF,
    "partnerships:change_stage": SUPPORT_SERVICES,
    "partnerships:close": REVIEWERS,
    "partnerships:close@public": REVIEWERS,
    # The same writes to the public partnership, which everybody sees and only the stranger's
    # organisation coordinates: support services keep their notes and stages.
    **dict.fromkeys(
        [
            "partnerships:edit@public",
            "partnerships:add_note@public",
            "partnerships:invite@public",
            "partnerships:invite_email@public",
            "partnerships:leave@public",
            "partnerships:handover@public",
            "partnerships:declaration_start@public",
            "partnerships:declaration_submit@public",
            "partnerships:declaration_commitment_new@public",
            "partnerships:declaration_edit@public",
            "partnerships:declaration_signatures_request@public",
            "partnerships:declaration_signatures_remind@public",
            "support:stakeholder_create@public",
            "support:survey_create@public",
        ],
        NOBODY,
    ),
    "partnerships:add_support_note@public": SUPPORT_SERVICES,
    "partnerships:change_stage@public": SUPPORT_SERVICES,
    # --- declarations
    "partnerships:declaration_start": expect(
        LOGIN, NOT_FOUND, NOT_FOUND, REDIRECT, NOT_FOUND, NOT_FOUND
    ),  # the open draft is shown
    "partnerships:declaration_start@fresh": COORDINATOR,
    "partnerships:declaration_submit": COORDINATOR,
    "partnerships:declaration_commitment_new": COORDINATOR,
    "partnerships:declaration_commitment": COORDINATOR,
    "partnerships:declaration_commitment_delete": COORDINATOR,
    "partnerships:declaration_commitment_move": COORDINATOR,
    "partnerships:declaration_edit": COORDINATOR,
    "partnerships:declaration_signatures_request": COORDINATOR,
    "partnerships:declaration_signatures_remind": COORDINATOR,
    "partnerships:declaration_signature_withdraw": COORDINATOR,
    "partnerships:declaration_sign": MEMBER_ORG_ADMIN,
    # On a draft: the watermarked preview, for the coordinator and the reviewers.
    "partnerships:declaration_pdf_retry": expect(
        LOGIN, NOT_FOUND, NOT_FOUND, done(REDIRECT), done(REDIRECT), done(REDIRECT)
    ),
    "partnerships:declaration_pdf_retry@public": REVIEWERS,
    "partnerships:declaration_translation_new": NOBODY,  # a draft is not translated
    "partnerships:declaration_translation_new@public": REVIEWERS,
    "partnerships:declaration_translation": NOBODY,
    "partnerships:declaration_translation@public": REVIEWERS,
    "partnerships:declaration_review_start": REVIEWERS,
    "partnerships:declaration_review_comment": REVIEWERS,
    "partnerships:declaration_review_decide": REVIEWERS,
    # --- commitments and reporting
    "commitments:submit_drafts": MEMBER_ORG_ADMIN,
    "commitments:import_upload": MEMBER_ORG_ADMIN,
    "commitments:import_preview": MEMBER_ORG_ADMIN,
    "commitments:delegation": MEMBER_ORG_ADMIN,
    "commitments:report": MEMBER_ORG_ADMIN,
    "commitments:pledge_create": MEMBER_ORG_ADMIN,
    "commitments:pledge_edit": MEMBER_ORG_ADMIN,
    "commitments:pledge_review": STAFF,
    "commitments:cycle_create": REVIEWERS,
    "commitments:review": REVIEWERS,
    "commitments:review_bulk": REVIEWERS,
    "commitments:staff_kpi_create": REVIEWERS,
    "commitments:staff_kpi_edit": REVIEWERS,
    "commitments:notice_edit": REVIEWERS,
    "commitments:staff_kpi_retire": REVIEWERS,
    # One cycle is open at a time, and the scene's is: staff are told so.
    "commitments:cycle_open": expect(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT, REDIRECT),
    "commitments:cycle_open@scheduled": expect(
        LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT, REDIRECT
    ),
    "commitments:cycle_close": REVIEWERS,
    "commitments:cycle_edit": REVIEWERS,
    "commitments:cycle_extend": REVIEWERS,
    "commitments:export_request": STAFF,
    # --- communications
    "communications:news_create": STAFF,
    "communications:news_edit": STAFF,
    "communications:news_publish": STAFF,
    "communications:news_unpublish": expect(
        LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT, REDIRECT
    ),  # a draft already
    "communications:news_unpublish@published": STAFF,
    "communications:news_delete": STAFF,
    "communications:news_translation_new": STAFF,
    "communications:news_translation": STAFF,
    "communications:notification_settings": ANYONE_SIGNED_IN,
    # Marks one's own notifications read: the member and coordinator have some.
    "communications:notifications_read_all": expect(
        LOGIN, REDIRECT, done(REDIRECT), done(REDIRECT), REDIRECT, REDIRECT
    ),
    "communications:notification_read": NOBODY,  # the stranger's
    "communications:notification_read@own": THE_MEMBER,
    "communications:newsletter_subscribe": everyone(done(OK)),
    "feedback": everyone(done(REDIRECT)),
    "communications:newsletter_unsubscribe_own": expect(
        NOT_FOUND, NOT_FOUND, done(REDIRECT), NOT_FOUND, NOT_FOUND, NOT_FOUND
    ),
    # The token in the mail is the permission (the unsubscribe link works without a session).
    "communications:newsletter_confirm": everyone(done(OK)),
    "communications:newsletter_unsubscribe": everyone(done(OK)),
    "communications:newsletter_compose": STAFF,
    "communications:newsletter_edit": STAFF,
    "communications:newsletter_test": STAFF,
    "communications:newsletter_send": STAFF,
    "communications:data_export": signed_in(OK),  # a download of one's own data
    # The outsider and the coordinator are the only administrators of their organisations.
    "communications:account_delete": expect(
        LOGIN, OK, done(REDIRECT), OK, done(REDIRECT), done(REDIRECT)
    ),
    # --- support services. Staff administer no organisation (the "join first" page).
    "support:eoi_create": expect(LOGIN, BAD_REQUEST, done(REDIRECT), BAD_REQUEST, OK, OK),
    "support:eoi_edit": MEMBER_ORG_ADMIN,
    "support:eoi_withdraw": MEMBER_ORG_ADMIN,
    "support:eoi_decide": SUPPORT_SERVICES,
    "support:funding_create": SUPPORT_SERVICES,
    "support:funding_edit": SUPPORT_SERVICES,
    "support:funding_translation_new": SUPPORT_SERVICES,
    "support:funding_translation": SUPPORT_SERVICES,
    "support:funding_bookmark": COORDINATOR,
    "support:funding_unbookmark": COORDINATOR,
    "support:resource_create": expect(
        LOGIN, NOT_FOUND, NOT_FOUND, done(REDIRECT), NOT_FOUND, BAD_REQUEST
    ),
    "support:resource_create@pact": expect(
        LOGIN, NOT_FOUND, NOT_FOUND, BAD_REQUEST, NOT_FOUND, done(REDIRECT)
    ),
    "support:resource_edit": PUBLISHERS,
    "support:resource_translation_new": PUBLISHERS,
    "support:resource_translation": PUBLISHERS,
    "support:event_create": expect(
        LOGIN, NOT_FOUND, NOT_FOUND, done(REDIRECT), NOT_FOUND, BAD_REQUEST
    ),
    "support:event_create@pact": expect(
        LOGIN, NOT_FOUND, NOT_FOUND, BAD_REQUEST, NOT_FOUND, done(REDIRECT)
    ),
    "support:event_edit": PUBLISHERS,
    "support:event_translation_new": PUBLISHERS,
    "support:event_translation": PUBLISHERS,
    # The scene's event is the private partnership's, shown in its workspace only: its people
    # and staff register (the member is registered already), the outsider finds nothing.
    "support:event_register": expect(
        LOGIN, NOT_FOUND, BAD_REQUEST, done(REDIRECT), done(REDIRECT), done(REDIRECT)
    ),
    "support:event_unregister": expect(
        LOGIN, NOT_FOUND, done(REDIRECT), REDIRECT, REDIRECT, REDIRECT
    ),
    "support:event_cancel": PUBLISHERS,
    # Asking the member organisation to get in touch: not itself; staff have no organisation.
    "support:contact_create": expect(LOGIN, done(REDIRECT), NOT_FOUND, BAD_REQUEST, OK, OK),
    "support:contact_withdraw": NOBODY,  # the stranger's request
    "support:contact_withdraw@own": expect(
        LOGIN, done(REDIRECT), NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND
    ),
    "support:contact_answer": MEMBER_ORG_ADMIN,
    "support:stakeholder_create": COORDINATOR,
    "support:stakeholder_edit": COORDINATOR,
    "support:stakeholder_delete": COORDINATOR,
    "support:stakeholder_import": COORDINATOR,  # the checked list is kept for the preview
    "support:stakeholder_import_preview": COORDINATOR,  # the map is updated
    "support:survey_create": COORDINATOR,
    "support:survey_edit": COORDINATOR,
    # --- REST API (the member organisation's reports; tokens, or a session with its CSRF header)
    "report-list": expect(UNAUTHORISED, NOT_FOUND, done(CREATED), NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "report-detail": API_MEMBER,
    # Declarations through the API (tests/isolation/writes_declarations.py).
    "api_declaration_section": API_COORDINATOR,
    "api_declaration_commitments": expect(
        UNAUTHORISED, NOT_FOUND, NOT_FOUND, done(CREATED), NOT_FOUND, NOT_FOUND
    ),
    "api_declaration_commitment": API_COORDINATOR,
    "api_declaration_signatures": API_COORDINATOR,
    "api_declaration_sign": API_MEMBER,
    "api_declaration_submit": API_COORDINATOR,
    # The public partnership's published version: its coordinator (the stranger) and reviewers.
    "api_declaration_translations": expect(
        UNAUTHORISED, NOT_FOUND, NOT_FOUND, NOT_FOUND, done(CREATED), done(CREATED)
    ),
    "api_declaration_comment": expect(
        UNAUTHORISED, NOT_FOUND, NOT_FOUND, NOT_FOUND, done(CREATED), done(CREATED)
    ),
    "api_declaration_request_changes": API_REVIEWERS,
    "api_declaration_approve": API_REVIEWERS,
    "api_declaration_reject": API_REVIEWERS,
    "report-detail@session": API_MEMBER,
    "report-submit": API_MEMBER,
    "notification-read": expect(
        UNAUTHORISED, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND
    ),  # the stranger's
    "notification-read@own": API_MEMBER,
    # --- the members' survey: an organisation's admins answer (web, import, API); staff run it
    "survey:answer": MEMBER_ORG_ADMIN,
    "survey:import_upload": MEMBER_ORG_ADMIN,
    "survey:import_preview": MEMBER_ORG_ADMIN,  # discarding the checked upload
    "survey-response-list": expect(  # answers for the coordinator's own organisation
        UNAUTHORISED, NOT_FOUND, NOT_FOUND, done(CREATED), NOT_FOUND, NOT_FOUND
    ),
    "survey-response-detail": API_MEMBER,
    "survey-response-submit": API_MEMBER,
    "survey:staff_create": STAFF,
    "survey:staff_edit": STAFF,
    "survey:staff_open": STAFF,
    "survey:staff_extend": STAFF,
    "survey:staff_closing_day": STAFF,
    "survey:staff_question_create": STAFF,
    "survey:staff_question": STAFF,
    "survey:staff_question_delete": STAFF,
    "survey:staff_response": STAFF,  # validating submitted answers
}

# Write routes no persona can change anything through in the scene, and why. Every other write
# route has a request that changes the database for someone, which shows its body is well-formed
# (so the others' refusals are refusals, not form errors).
UNCHANGING: dict[str, str] = {
    "mail_events": "only the mail service holds its shared secret (tests/security/test_bounces.py)",
    "account_logout": "signing out ends the session only",
    "account_reauthenticate": "confirming the password marks the session only",
    "account_request_reauthentication_code": "the code goes by mail and into the session",
    "account_confirm_reauthentication_code": "no code was requested in the session",
    "account_set_password": "every persona has a password already",
    "account_reset_password": "the reset link goes by mail (the outbox)",
    "account_confirm_login_code": "no sign-in by code is in progress",
    "account_reset_password_from_key": "the key is swapped for a session first (a GET)",
    "mfa_authenticate": "no sign-in is waiting for its second factor",
    "sso:remove_password": "needs an identity linked by a provider (tests/sso)",
    "sso:unlink": "the only link in the scene is the stranger's (tests/sso unlink one's own)",
    "sso:confirm_link": "no link waits for a staff member's confirmation (tests/sso)",
    "socialaccount_signup": "no provider sign-up is in progress (tests/sso)",
    "socialaccount_connections": "its path answers with the redirect of sso:connections",
    "mfa_activate_totp": "asks for the password again first",
    "mfa_deactivate_totp": "asks for the password again first",
    "mfa_generate_recovery_codes": "asks for the password again first",
    "commitments:cycle_open": "one cycle is open at a time, and the scene's is",
    "communications:data_export": "a download of one's own data",
}
