from django.urls import path

from commitments.monitoring import catalogue as staff_catalogue
from commitments.monitoring import notice_pages
from commitments.monitoring import views as monitoring_views
from commitments.pledges import views as pledges_views
from commitments.reporting import views as reporting_views
from commitments.results import views as results_views
from commitments.search import views as search_views

app_name = "commitments"

urlpatterns = [
    # public
    path("kpis/", results_views.kpis, name="kpis"),
    path("results/", results_views.results, name="results"),
    path("results/reports/", results_views.result_reports, name="result_reports"),
    path("results/export.<str:fmt>", results_views.results_export, name="results_export"),
    path("commitments/", search_views.search, name="search"),
    path("commitments/download.<str:fmt>", search_views.download, name="search_download"),
    # organisations and coordinators
    path("reporting/", reporting_views.index, name="reporting"),
    path(
        "reporting/partnerships/<slug:slug>/<int:year>/",
        reporting_views.partnership_status,
        name="partnership_status",
    ),
    path(
        "reporting/partnerships/<slug:slug>/<int:year>/sub-partnerships/",
        reporting_views.lsp_oversight,
        name="lsp_oversight",
    ),
    path(
        "reporting/delegation/<slug:org>/",
        reporting_views.delegation_settings,
        name="delegation",
    ),
    path("reporting/<int:year>/<slug:org>/", reporting_views.sheet, name="sheet"),
    path(
        "reporting/<int:year>/<slug:org>/submit/",
        reporting_views.submit_drafts,
        name="submit_drafts",
    ),
    path(
        "reporting/<int:year>/<slug:org>/export.<str:fmt>",
        reporting_views.export_sheet,
        name="export_sheet",
    ),
    path(
        "reporting/<int:year>/<slug:org>/import/",
        reporting_views.import_upload,
        name="import_upload",
    ),
    path(
        "reporting/<int:year>/<slug:org>/import/<int:pk>/",
        reporting_views.import_preview,
        name="import_preview",
    ),
    path(
        "reporting/<int:year>/<slug:org>/<int:target_id>/",
        reporting_views.report,
        name="report",
    ),
    path("pledges/", pledges_views.pledges, name="pledges"),
    path("pledges/<slug:org>/new/", pledges_views.pledge_edit, name="pledge_create"),
    path("pledges/<slug:org>/<int:pk>/edit/", pledges_views.pledge_edit, name="pledge_edit"),
    # staff
    path("staff/pledges/", pledges_views.review_queue, name="pledge_review_queue"),
    path("staff/pledges/<int:pk>/", pledges_views.pledge_review, name="pledge_review"),
    path("staff/kpis/", staff_catalogue.catalogue, name="staff_kpis"),
    path("staff/kpis/new/", staff_catalogue.indicator_edit, name="staff_kpi_create"),
    path("staff/kpis/<slug:code>/", staff_catalogue.indicator_edit, name="staff_kpi_edit"),
    path(
        "staff/kpis/<slug:code>/retire/", staff_catalogue.indicator_retire, name="staff_kpi_retire"
    ),
    path("staff/monitoring/", monitoring_views.monitoring, name="monitoring"),
    path("staff/monitoring/notices/", notice_pages.notice_list, name="notice_list"),
    path("staff/monitoring/notices/<slug:kind>/", notice_pages.notice_edit, name="notice_edit"),
    path("staff/monitoring/cycles/new/", monitoring_views.cycle_create, name="cycle_create"),
    path("staff/monitoring/reports/", monitoring_views.review_queue, name="review_queue"),
    path("staff/monitoring/reports/bulk/", monitoring_views.review_bulk, name="review_bulk"),
    path("staff/monitoring/reports/<int:pk>/", monitoring_views.review, name="review"),
    path(
        "staff/monitoring/exports/<uuid:uid>/", monitoring_views.export_status, name="export_status"
    ),
    path(
        "staff/monitoring/exports/<uuid:uid>/download/",
        monitoring_views.export_download,
        name="export_download",
    ),
    path(
        "staff/monitoring/<int:year>/", monitoring_views.monitoring_cycle, name="monitoring_cycle"
    ),
    path(
        "staff/monitoring/<int:year>/open/",
        monitoring_views.cycle_transition,
        {"action": "open"},
        name="cycle_open",
    ),
    path(
        "staff/monitoring/<int:year>/close/",
        monitoring_views.cycle_transition,
        {"action": "close"},
        name="cycle_close",
    ),
    path("staff/monitoring/<int:year>/dates/", monitoring_views.cycle_edit, name="cycle_edit"),
    path("staff/monitoring/<int:year>/extend/", monitoring_views.cycle_extend, name="cycle_extend"),
    path(
        "staff/monitoring/<int:year>/export/",
        monitoring_views.export_request,
        name="export_request",
    ),
]
