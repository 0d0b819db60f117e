from django.urls import include, path

from partnerships.directory import views as directory_views
from partnerships.workspace.views import coordination, invitations, pages, setup, stages

app_name = "partnerships"

urlpatterns = [
    path("", directory_views.directory, name="directory"),
    path("new/", setup.create, name="create"),
    path("stages/", stages.stages, name="stages"),
    path("regions/", directory_views.regions, name="regions"),
    path("map/", directory_views.map_view, name="map"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("<slug:slug>/", directory_views.detail, name="detail"),
    path("<slug:slug>/workspace/", pages.workspace, name="workspace"),
    path("<slug:slug>/edit/", setup.edit, name="edit"),
    path("<slug:slug>/notes/", pages.add_note, name="add_note"),
    path("<slug:slug>/support-notes/", pages.add_support_note, name="add_support_note"),
    path("<slug:slug>/invite/", invitations.invite, name="invite"),
    path("<slug:slug>/invite/email/", invitations.invite_email, name="invite_email"),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        invitations.revoke_invitation,
        name="revoke_invitation",
    ),
    path("<slug:slug>/join/", invitations.join, name="join"),
    path(
        "<slug:slug>/join-requests/<int:pk>/<str:decision>/",
        invitations.answer_join_request,
        name="answer_join_request",
    ),
    path(
        "<slug:slug>/members/<int:organisation_id>/remove/",
        pages.remove_member,
        name="remove_member",
    ),
    path("<slug:slug>/leave/", pages.leave, name="leave"),
    path("<slug:slug>/coordination/", pages.handover, name="handover"),
    path(
        "<slug:slug>/appoint-coordinator/",
        coordination.appoint_coordinator,
        name="appoint_coordinator",
    ),
    path("<slug:slug>/stage/", stages.change_stage, name="change_stage"),
    path("<slug:slug>/close/", stages.close, name="close"),
    path("", include("partnerships.declarations.urls")),
]
