from django.urls import path

from members.colleagues import views as colleagues_views
from members.directory import views as directory_views
from members.duplicates import views as duplicates_views
from members.eusurvey import views as eusurvey_views
from members.imports import views as imports_views
from members.joining import views as joining_views
from members.lifecycle import views as lifecycle_views
from members.merging import views as merging_views
from members.profile import views as profile_views

app_name = "members"

urlpatterns = [
    path("", directory_views.directory, name="directory"),
    path("join/", joining_views.join, name="join"),
    path("supporter/", joining_views.supporter, name="supporter"),
    path("regions/", directory_views.region_options, name="region_options"),
    path("applications/", joining_views.applications, name="applications"),
    path("applications/<int:pk>/", joining_views.application, name="application"),
    path("applications/merge/", merging_views.merge, name="merge"),
    path(
        "applications/duplicates/<int:pk>/not-duplicate/",
        duplicates_views.not_duplicate,
        name="not_duplicate",
    ),
    path("applications/eu-survey/", eusurvey_views.imports, name="eusurvey_imports"),
    path("applications/eu-survey/<int:pk>/", eusurvey_views.preview, name="eusurvey_import"),
    path("applications/eu-survey/claims/", eusurvey_views.claims, name="eusurvey_claims"),
    path(
        "applications/eu-survey/claims/<int:pk>/resend/",
        eusurvey_views.resend,
        name="eusurvey_resend",
    ),
    path("invitations/<str:token>/", colleagues_views.invitation, name="invitation"),
    path("<slug:slug>/", directory_views.profile, name="profile"),
    path("<slug:slug>/manage/", profile_views.manage, name="manage"),
    path("<slug:slug>/edit/", profile_views.edit, name="edit"),
    path("<slug:slug>/invite/", colleagues_views.invite, name="invite"),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        colleagues_views.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "<slug:slug>/people/<int:pk>/remove/", colleagues_views.remove_member, name="remove_member"
    ),
    path("<slug:slug>/people/<int:pk>/role/", colleagues_views.change_role, name="change_role"),
    path("<slug:slug>/people/<int:pk>/hand-over/", colleagues_views.hand_over, name="hand_over"),
    path("<slug:slug>/leave/", colleagues_views.leave, name="leave"),
    path("<slug:slug>/withdraw/", lifecycle_views.withdraw, name="withdraw"),
    path("<slug:slug>/status/", lifecycle_views.status, name="status"),
    path("<slug:slug>/appoint-admin/", lifecycle_views.appoint_admin, name="appoint_admin"),
    path("<slug:slug>/import/", imports_views.import_upload, name="import_upload"),
    path("<slug:slug>/import/<int:pk>/", imports_views.import_preview, name="import_preview"),
]
