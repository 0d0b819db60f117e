from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from pact import account_views, admin_gate, api_views, files, health, language, views

# The Django admin signs in through allauth (rate limits, MFA) and is for staff administrators only.
admin_gate.protect(admin.site)
admin.site.site_header = "Pact Portal administration"

handler404 = "pact.views.page_not_found"
handler500 = "pact.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("privacy/", views.privacy, name="privacy"),
    path("charter/", views.charter, name="charter"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/audit/", views.audit_log, name="audit_log"),
    path("accounts/settings/", account_views.settings_page, name="account_settings"),
    path("accounts/tokens/", account_views.tokens, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", account_views.revoke_token, name="api_token_revoke"),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("", include("commitments.urls")),
    path("", include("commitments.survey.urls")),
    path("", include("pact.communications.urls")),
    path("", include("pact.support.urls")),
    path("api/v1/", include("pact.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", api_views.api_docs, name="api_docs"),
    path("open-data/", include("pact.open_data_urls")),
    path("admin/", admin.site.urls),
]

# Uploaded files are served through the access module, never straight from MEDIA_ROOT.
urlpatterns += [path(settings.MEDIA_URL.strip("/") + "/<path:path>", files.serve, name="media")]

if settings.PACT_BENCH:
    from bench.views import ping

    urlpatterns += [path("bench/ping", ping, name="bench_ping")]
