from django.urls import path

from commitments.survey import staff_views, views

app_name = "survey"

urlpatterns = [
    # public: the answers behind the survey totals on the results page
    path("results/survey/", views.result_answers, name="result_answers"),
    # organisations
    path("survey/", views.index, name="index"),
    path("survey/<int:year>/<slug:org>/", views.answer, name="answer"),
    path(
        "survey/<int:year>/<slug:org>/template.<str:fmt>",
        views.export_template,
        name="export_template",
    ),
    path("survey/<int:year>/<slug:org>/import/", views.import_upload, name="import_upload"),
    path(
        "survey/<int:year>/<slug:org>/import/<int:pk>/",
        views.import_preview,
        name="import_preview",
    ),
    # staff
    path("staff/surveys/", staff_views.surveys, name="staff_surveys"),
    path("staff/surveys/new/", staff_views.create, name="staff_create"),
    path("staff/surveys/<int:year>/", staff_views.survey, name="staff_survey"),
    path("staff/surveys/<int:year>/edit/", staff_views.edit, name="staff_edit"),
    path("staff/surveys/<int:year>/open/", staff_views.open_now, name="staff_open"),
    path("staff/surveys/<int:year>/extend/", staff_views.extend, name="staff_extend"),
    path(
        "staff/surveys/<int:year>/closing-day/",
        staff_views.closing_day,
        name="staff_closing_day",
    ),
    path(
        "staff/surveys/<int:year>/questions/new/",
        staff_views.question,
        name="staff_question_create",
    ),
    path(
        "staff/surveys/<int:year>/questions/<int:pk>/",
        staff_views.question,
        name="staff_question",
    ),
    path(
        "staff/surveys/<int:year>/questions/<int:pk>/delete/",
        staff_views.question_delete,
        name="staff_question_delete",
    ),
    path(
        "staff/surveys/<int:year>/responses/<int:pk>/",
        staff_views.response,
        name="staff_response",
    ),
]
