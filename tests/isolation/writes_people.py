"""Write requests of the matrix, part one: accounts (the portal's and allauth's), members,
communications and the REST API. Each is what succeeds for a persona who may make it.

Keys are route keys, or "route@variant" for a second request to the same route (other objects in
the URL, or the API through a session instead of a token).
"""

from __future__ import annotations

import time

import pyotp

from pact.models import ApiToken
from tests.factories import PASSWORD, TOTP_SECRET
from tests.isolation.scene import Scene
from tests.isolation.write_request import Write, WriteFor, upload

NEW_PASSWORD = "a-new-long-passphrase-2031"
EU_SURVEY_EXPORT = (
    b"contribution_id,submission_date,organisation_name,country,organisation_type,"
    b"contact_name,contact_email\n"
    b"c-write,2021-04-01,Written From EU Survey,FR,ngo,Wanda,wanda@written.example\n"
)


def _totp_code() -> str:
    """The persona's current second-factor code, not one about to expire before it is checked."""
    totp = pyotp.TOTP(TOTP_SECRET)
    left = totp.interval - time.time() % totp.interval
    if left < 2:
        time.sleep(left)
    return totp.now()


def _email(user) -> str:
    return user.email if user is not None else "nobody@example.org"


def _org_profile(s: Scene, **extra) -> dict:
    return {
        "name": "Member College",
        "acronym": "MC",
        "type": "education_provider",
        "country": "BE",
        "nuts_region": "",
        "website": "https://member-college.example.org",
        "description": "A college.",
        "contact_name": "Contact",
        "contact_email": "contact@example.org",
        **extra,
    }


MEMBER_CSV = (
    b"name,acronym,type,country,nuts_region,website,contact_name,contact_email\n"
    b"Umbrella Member One,UM1,sme,BE,,https://um1.example.org,Una,una@example.org\n"
)

WRITES_PEOPLE: dict[str, WriteFor] = {
    # --- the portal's account pages
    "set_language": lambda s, u: Write({"language": "fr", "next": "/"}),
    "account_settings": lambda s, u: Write({"full_name": "A New Name", "language": "de"}),
    "api_tokens": lambda s, u: Write({"name": "reporting script", "scope": "read"}),
    "api_token_revoke": lambda s, u: Write(),  # someone else's token
    # Staff governance: grant the stranger a role, revoke support's, reset support's second factor.
    "staff_roles": lambda s, u: Write({"email": "stranger@example.org", "role": "reviewer"}),
    "staff_role_revoke": lambda s, u: Write(),
    "staff_second_factor_reset": lambda s, u: Write(
        {"check_note": "Video call; recognised them and their office number.", "confirmed": "on"}
    ),
    "api_token_revoke@own": lambda s, u: Write(
        kwargs={"pk": ApiToken.objects.filter(user=u).values_list("pk", flat=True).first() or 0}
    ),
    # --- sign-in through an identity provider (pact.sso)
    "sso:remove_password": lambda s, u: Write({"password": PASSWORD}),
    "sso:unlink": lambda s, u: Write(),  # the stranger's link
    "sso:confirm_link": lambda s, u: Write({"password": PASSWORD, "code": _totp_code()}),
    "socialaccount_signup": lambda s, u: Write({"email": "newcomer@example.org"}),
    "socialaccount_connections": lambda s, u: Write({"account": "0"}),
    # --- allauth
    "account_login": lambda s, u: Write({"login": "stranger@example.org", "password": PASSWORD}),
    "mail_events": lambda s, u: Write(
        {"events": [{"type": "complaint", "address": _email(u)}]}, csrf=False
    ),
    "account_logout": lambda s, u: Write(),
    "account_signup": lambda s, u: Write(
        {
            "full_name": "New Comer",
            "email": "newcomer@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        }
    ),
    "account_reauthenticate": lambda s, u: Write({"password": PASSWORD}),
    "account_request_reauthentication_code": lambda s, u: Write({"recipient": _email(u)}),
    "account_confirm_reauthentication_code": lambda s, u: Write({"code": "ABCDEF"}),
    "account_email": lambda s, u: Write({"action_add": "", "email": "second.address@example.org"}),
    "account_change_password": lambda s, u: Write(
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    ),
    "account_set_password": lambda s, u: Write(
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    ),
    "account_reset_password": lambda s, u: Write({"email": "stranger@example.org"}),
    "account_confirm_login_code": lambda s, u: Write({"code": "ABCDEF"}),
    "account_confirm_email": lambda s, u: Write(),  # the stranger's key
    "account_reset_password_from_key": lambda s, u: Write(
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    ),
    "mfa_authenticate": lambda s, u: Write({"code": _totp_code()}),
    "mfa_reauthenticate": lambda s, u: Write({"code": _totp_code()}),
    "mfa_activate_totp": lambda s, u: Write({"code": "123456"}),
    "mfa_deactivate_totp": lambda s, u: Write(),
    "mfa_generate_recovery_codes": lambda s, u: Write(),
    # --- members
    "members:join": lambda s, u: Write(
        {
            **_org_profile(s, name="Newly Joining Academy", acronym="NJA"),
            **{f"principle_{n}": "on" for n in range(1, 5)},
        }
    ),
    "members:supporter": lambda s, u: Write({"action": "join"}),
    "members:application": lambda s, u: Write({"decision": "approve", "reason": ""}),
    "members:eusurvey_imports": lambda s, u: Write(
        {"file": upload("export.csv", EU_SURVEY_EXPORT, "text/csv")}
    ),
    "members:eusurvey_import": lambda s, u: Write({"action": "confirm"}),
    "members:merge": lambda s, u: Write(
        {"duplicate": s.eu_survey_org.slug, "kept": s.world.outsider_org.slug, "confirm": "1"}
    ),
    "members:eusurvey_resend": lambda s, u: Write(),
    "members:not_duplicate": lambda s, u: Write(),
    "members:invitation": lambda s, u: Write(),  # addressed to the stranger
    "members:invitation@outsider": lambda s, u: Write(
        kwargs={"token": s.outsider_invitation.token}
    ),
    "members:edit": lambda s, u: Write(
        _org_profile(
            s, description="A college, edited.", lock_version=s.world.member_org.lock_version
        )
    ),
    "members:invite": lambda s, u: Write({"email": "colleague@example.org", "role": "contributor"}),
    "members:revoke_invitation": lambda s, u: Write(),
    "members:remove_member": lambda s, u: Write(),
    "members:change_role": lambda s, u: Write({"role": "admin"}),
    "members:hand_over": lambda s, u: Write(),
    "members:leave": lambda s, u: Write(),
    "members:withdraw": lambda s, u: Write({"confirmation": s.world.member_org.name}),
    "members:status": lambda s, u: Write({"suspend": "1", "reason": "Figures not substantiated."}),
    "members:appoint_admin": lambda s, u: Write(
        {
            "email": "new-admin@example.org",
            "check_performed": "Phoned the director; registration letter seen.",
        }
    ),
    "members:import_upload": lambda s, u: Write(
        {"file": upload("members.csv", MEMBER_CSV, "text/csv")}
    ),
    "members:import_preview": lambda s, u: Write({"action": "discard"}),
    # --- communications
    "communications:news_create": lambda s, u: Write(
        {
            "publisher": "pact",
            "title": "A new item",
            "summary": "Summary",
            "body": "Text",
            "language": "en",
            "published_on": "",
        }
    ),
    "communications:news_edit": lambda s, u: Write(
        {
            "title": "Private draft news, edited",
            "summary": "Draft",
            "body": "Draft",
            "language": "en",
            "published_on": "",
            "lock_version": s.draft_news.lock_version,
        }
    ),
    "communications:news_publish": lambda s, u: Write(),
    "communications:news_unpublish": lambda s, u: Write(),  # a draft already
    "communications:news_unpublish@published": lambda s, u: Write(
        kwargs={"slug": s.published_news.slug}
    ),
    "communications:news_delete": lambda s, u: Write(),
    "communications:news_translation_new": lambda s, u: Write(
        {"language": "it", "title": "Bozza", "summary": "Bozza", "body": "Bozza"}
    ),
    "communications:news_translation": lambda s, u: Write(
        {"title": "Entwurf 2", "summary": "Entwurf", "body": "Entwurf", "lock_version": 1}
    ),
    "communications:notification_settings": lambda s, u: Write({"general": "portal"}),
    "communications:notifications_read_all": lambda s, u: Write(),
    "communications:notification_read": lambda s, u: Write(),  # the stranger's
    "communications:notification_read@own": lambda s, u: Write(
        kwargs={"pk": s.own_notification.pk}
    ),
    "feedback": lambda s, u: Write({"message": "The map is hard to read.", "page": "/"}),
    "communications:newsletter_subscribe": lambda s, u: Write(
        {"email": "reader@example.org", "language": "en"}
    ),
    "communications:newsletter_unsubscribe_own": lambda s, u: Write(),
    "communications:newsletter_confirm": lambda s, u: Write(),
    "communications:newsletter_unsubscribe": lambda s, u: Write(),
    "communications:newsletter_compose": lambda s, u: Write(
        {"subject": "A newsletter", "introduction": "", "news_items": [s.published_news.pk]}
    ),
    "communications:newsletter_edit": lambda s, u: Write(
        {
            "subject": "Draft newsletter, edited",
            "introduction": "",
            "news_items": [s.published_news.pk],
            "lock_version": s.newsletter.lock_version,
        }
    ),
    "communications:newsletter_test": lambda s, u: Write(),
    "communications:newsletter_send": lambda s, u: Write(),
    "communications:data_export": lambda s, u: Write(),
    "communications:account_delete": lambda s, u: Write({"email": _email(u), "password": PASSWORD}),
    # --- REST API: a report of the member organisation, with the persona's token
    "report-list": lambda s, u: Write(
        {
            "organisation": s.world.member_org.slug,
            "cycle": s.cycle.year,
            "target": s.unreported_target.pk,
            "value": "4",
            "narrative": "Four so far.",
        },
        api=True,
        headers={"X-Idempotency-Key": "matrix-report-1"},
    ),
    "report-detail": lambda s, u: Write(
        {"value": "6"},
        method="PATCH",
        kwargs={"pk": s.partnership_report.pk},
        api=True,
        headers={"If-Match": _etag(s.partnership_report)},
    ),
    "report-detail@session": lambda s, u: Write(
        {"value": "6"},
        method="PATCH",
        kwargs={"pk": s.partnership_report.pk},
        api=True,
        session=True,
        headers={"If-Match": _etag(s.partnership_report)},
    ),
    "report-submit": lambda s, u: Write(
        kwargs={"pk": s.partnership_report.pk},
        api=True,
        headers={"If-Match": _etag(s.partnership_report)},
    ),
    "notification-read": lambda s, u: Write(api=True),  # the stranger's
    "notification-read@own": lambda s, u: Write(kwargs={"pk": s.own_notification.pk}, api=True),
}


def _etag(obj) -> str:
    return f'"{obj.pk}-{obj.lock_version}"'
