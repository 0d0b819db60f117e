"""The URL configuration: the composition root of the web side. Every app's routes and the site's
pages meet here; nothing else imports ``pact.site``."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView

from pact.communications import urls as communications_urls
from pact.kernel import health, language
from pact.site import (
    accounts,
    admin_audit,
    admin_gate,
    api,
    feedback,
    files,
    mail_events,
    open_data,
    operations,
    views,
)
from pact.site.personal_data import views as personal_data
from pact.site.staff import views as staff_views

# The Django admin signs in through allauth (rate limits, MFA) and is for staff administrators only.
admin_gate.protect(admin.site)
admin_audit.watch(admin.site)  # its changes go to the audit log, without personal data
admin.site.site_header = "Pact Portal administration"

handler404 = "pact.site.views.page_not_found"
handler500 = "pact.site.views.server_error"

# A person's own data pages keep the names they had in the communications namespace.
communications: list[URLPattern | URLResolver] = [
    *communications_urls.urlpatterns,
    path("account/data/", personal_data.my_data, name="my_data"),
    path("account/data/export/", personal_data.export, name="data_export"),
    path("account/data/delete/", personal_data.delete_account, name="account_delete"),
]

# Every app's API routes under /api/v1/.
api_v1: list[URLPattern | URLResolver] = [
    path("me/", api.MeView.as_view(), name="api_me"),
    path("", include("members.api")),
    path("", include("partnerships.api")),
    path("", include("partnerships.declarations.api")),
    path("", include("partnerships.declarations.api_actions")),
    path("", include("commitments.api")),
    path("", include("commitments.survey.api")),
    path("", include("pact.communications.api")),
    path("", include("pact.support.api")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.live, name="healthz_live"),
    path("healthz/ready", health.healthz, name="healthz_ready"),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("privacy/", views.privacy, name="privacy"),
    path("charter/", views.charter, name="charter"),
    path("accessibility/", feedback.accessibility, name="accessibility"),
    path("feedback/", feedback.feedback, name="feedback"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/audit/", views.audit_log, name="audit_log"),
    path("staff/roles/", staff_views.staff_roles, name="staff_roles"),
    path("staff/roles/<int:pk>/revoke/", staff_views.revoke, name="staff_role_revoke"),
    path(
        "staff/roles/<int:pk>/second-factor/",
        staff_views.reset_second_factor,
        name="staff_second_factor_reset",
    ),
    path("mail/events/", mail_events.mail_events, name="mail_events"),
    path("staff/health/", operations.health_page, name="staff_health"),
    path("accounts/settings/", accounts.settings_page, name="account_settings"),
    path("accounts/tokens/", accounts.tokens, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", accounts.revoke_token, name="api_token_revoke"),
    path("accounts/", include("pact.sso.account_urls")),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("", include("commitments.urls")),
    path("", include("commitments.survey.urls")),
    path("", include((communications, communications_urls.app_name))),
    path("", include("pact.support.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", api.api_docs, name="api_docs"),
    path("open-data/", open_data.index, name="open_data"),
    path("open-data/<slug:dataset>.<str:fmt>", open_data.download, name="open_data_download"),
    path("admin/", admin.site.urls),
]

# Uploaded files are served through the access module, never straight from MEDIA_ROOT.
urlpatterns += [path(settings.MEDIA_URL.strip("/") + "/<path:path>", files.serve, name="media")]

if settings.PACT_BENCH:
    from bench.views import ping

    urlpatterns += [path("bench/ping", ping, name="bench_ping")]
