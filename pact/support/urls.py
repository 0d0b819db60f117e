from django.urls import path

from pact.support.eoi import views as eoi_views
from pact.support.events import views as events_views
from pact.support.funding import views as funding_views
from pact.support.library import views as library_views
from pact.support.mapping import views as mapping_views
from pact.support.matchmaking import views as matchmaking_views

app_name = "support"

urlpatterns = [
    # expressions of interest
    path("expressions-of-interest/", eoi_views.eoi_list, name="eoi_list"),
    path("expressions-of-interest/new/", eoi_views.eoi_create, name="eoi_create"),
    path("expressions-of-interest/triage/", eoi_views.eoi_queue, name="eoi_queue"),
    path("expressions-of-interest/<int:pk>/", eoi_views.eoi_detail, name="eoi_detail"),
    path("expressions-of-interest/<int:pk>/edit/", eoi_views.eoi_edit, name="eoi_edit"),
    path("expressions-of-interest/<int:pk>/withdraw/", eoi_views.eoi_withdraw, name="eoi_withdraw"),
    path("expressions-of-interest/<int:pk>/decide/", eoi_views.eoi_decide, name="eoi_decide"),
    # funding opportunities
    path("funding/", funding_views.funding_list, name="funding_list"),
    path("funding/new/", funding_views.funding_create, name="funding_create"),
    path("funding/<slug:slug>/", funding_views.funding_detail, name="funding_detail"),
    path("funding/<slug:slug>/edit/", funding_views.funding_edit, name="funding_edit"),
    path(
        "funding/<slug:slug>/translations/new/",
        funding_views.funding_translation,
        name="funding_translation_new",
    ),
    path(
        "funding/<slug:slug>/translations/<str:language>/",
        funding_views.funding_translation,
        name="funding_translation",
    ),
    path("funding/<slug:slug>/bookmark/", funding_views.funding_bookmark, name="funding_bookmark"),
    # library
    path("library/", library_views.library, name="library"),
    path("library/new/", library_views.resource_create, name="resource_create"),
    path("library/<slug:slug>/", library_views.resource_detail, name="resource_detail"),
    path("library/<slug:slug>/edit/", library_views.resource_edit, name="resource_edit"),
    path(
        "library/<slug:slug>/translations/new/",
        library_views.resource_translation,
        name="resource_translation_new",
    ),
    path(
        "library/<slug:slug>/translations/<str:language>/",
        library_views.resource_translation,
        name="resource_translation",
    ),
    # events
    path("events/", events_views.event_list, name="event_list"),
    path("events/new/", events_views.event_create, name="event_create"),
    path("events/<slug:slug>/", events_views.event_detail, name="event_detail"),
    path("events/<slug:slug>/edit/", events_views.event_edit, name="event_edit"),
    path(
        "events/<slug:slug>/translations/new/",
        events_views.event_translation,
        name="event_translation_new",
    ),
    path(
        "events/<slug:slug>/translations/<str:language>/",
        events_views.event_translation,
        name="event_translation",
    ),
    path("events/<slug:slug>/register/", events_views.event_register, name="event_register"),
    path("events/<slug:slug>/unregister/", events_views.event_unregister, name="event_unregister"),
    path(
        "events/<slug:slug>/registrations/",
        events_views.event_registrations,
        name="event_registrations",
    ),
    path("events/<slug:slug>/cancel/", events_views.event_cancel, name="event_cancel"),
    # matchmaking
    path("matchmaking/", matchmaking_views.matchmaking, name="matchmaking"),
    path(
        "matchmaking/contact/<slug:slug>/", matchmaking_views.contact_create, name="contact_create"
    ),
    path("matchmaking/requests/", matchmaking_views.contact_requests, name="contact_requests"),
    path(
        "matchmaking/requests/<int:pk>/withdraw/",
        matchmaking_views.contact_withdraw,
        name="contact_withdraw",
    ),
    path(
        "matchmaking/requests/<int:pk>/<str:decision>/",
        matchmaking_views.contact_answer,
        name="contact_answer",
    ),
    # a partnership's stakeholder map, agreement surveys and funding calls
    path("partnerships/<slug:slug>/stakeholders/", mapping_views.stakeholders, name="stakeholders"),
    path(
        "partnerships/<slug:slug>/stakeholders/new/",
        mapping_views.stakeholder_create,
        name="stakeholder_create",
    ),
    path(
        "partnerships/<slug:slug>/stakeholders/export.csv",
        mapping_views.stakeholders_export,
        name="stakeholders_export",
    ),
    path(
        "partnerships/<slug:slug>/stakeholders/import/",
        mapping_views.stakeholder_import,
        name="stakeholder_import",
    ),
    path(
        "partnerships/<slug:slug>/stakeholders/import/<int:pk>/",
        mapping_views.stakeholder_import_preview,
        name="stakeholder_import_preview",
    ),
    path(
        "partnerships/<slug:slug>/stakeholders/<int:pk>/",
        mapping_views.stakeholder_edit,
        name="stakeholder_edit",
    ),
    path(
        "partnerships/<slug:slug>/stakeholders/<int:pk>/delete/",
        mapping_views.stakeholder_delete,
        name="stakeholder_delete",
    ),
    path("partnerships/<slug:slug>/agreement/", mapping_views.surveys, name="surveys"),
    path(
        "partnerships/<slug:slug>/agreement/new/", mapping_views.survey_create, name="survey_create"
    ),
    path(
        "partnerships/<slug:slug>/agreement/<int:pk>/",
        mapping_views.survey_detail,
        name="survey_detail",
    ),
    path(
        "partnerships/<slug:slug>/agreement/<int:pk>/edit/",
        mapping_views.survey_edit,
        name="survey_edit",
    ),
    path(
        "partnerships/<slug:slug>/funding/",
        funding_views.partnership_funding,
        name="partnership_funding",
    ),
    path(
        "partnerships/<slug:slug>/funding/<int:pk>/remove/",
        funding_views.funding_unbookmark,
        name="funding_unbookmark",
    ),
]
