from django.urls import path

from members.colleagues import views as org_views
from members.directory import views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("join/", views.join, name="join"),
    path("supporter/", views.supporter, name="supporter"),
    path("regions/", views.region_options, name="region_options"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("invitations/<str:token>/", org_views.invitation, name="invitation"),
    path("<slug:slug>/", views.profile, name="profile"),
    path("<slug:slug>/manage/", org_views.manage, name="manage"),
    path("<slug:slug>/edit/", org_views.edit, name="edit"),
    path("<slug:slug>/invite/", org_views.invite, name="invite"),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        org_views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("<slug:slug>/people/<int:pk>/remove/", org_views.remove_member, name="remove_member"),
    path("<slug:slug>/people/<int:pk>/role/", org_views.change_role, name="change_role"),
    path("<slug:slug>/people/<int:pk>/hand-over/", org_views.hand_over, name="hand_over"),
    path("<slug:slug>/leave/", org_views.leave, name="leave"),
    path("<slug:slug>/import/", org_views.import_upload, name="import_upload"),
    path("<slug:slug>/import/<int:pk>/", org_views.import_preview, name="import_preview"),
]
